// Compliance dashboard over real HTTP (issue 6, R4, R5, R10): plans handed in and decided
// through the real use cases in several schools, then each kind of viewer reads the city page,
// a school's page and both exports. The oracle is the core itself, computed here from the Plan
// rows (not the tally) and each school's snapshot: annualObligations / obligationStatus for
// what is owed, canSee for what a specialist's numbers include.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSchoolYear } from '../../src/core/calendar.js';
import { annualObligations, obligationStatus } from '../../src/core/deadlines.js';
import type { Actor, PlanScope } from '../../src/core/org.js';
import { canSee } from '../../src/core/visibility.js';
import { ANNUAL_KINDS, type PlanKind, type PlanState } from '../../src/core/vocabulary.js';
import { loadActor, loadSchoolSnapshot, planScopeOf } from '../../src/read-models/org-loader.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { markLateLessons } from '../../src/use-cases/scheduled/review-reminders.js';
import { byPersonName } from '../../src/web-admin/dashboard/compliance-report.js';
import { submitPlan, type PlanDetails, type SubmitResult } from '../../src/use-cases/submit-plan.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let base: string;
let yearId: number;
const YEAR = '2026-2027';
const DEADLINE = '2026-09-15';
const vn = (local: string) => new Date(`${local}+07:00`);

const VIEWERS = {
  hotline: 'SGD-HL1',
  divisionLeader: 'GDTRH-01',
  mathSpecialist: 'GDTRH-02', // Toán; Tin học
  literatureSpecialist: 'GDTRH-03', // Ngữ văn
  wardUnit: 'PLC-01', // supervises THCS Trần Phú and THCS Ngô Quyền
  principal: 'THCS-TP-001',
  schoolAdmin: 'THCS-TP-007',
  teacher: 'THCS-TP-004',
  groupHead: 'THCS-TP-003',
} as const;
type ViewerName = keyof typeof VIEWERS;
const clients = {} as Record<ViewerName, WebClient>;
const actors = {} as Record<ViewerName, Actor>;
const schools: Record<string, { id: number; name: string; supervisingUnitId: number; level: string }> = {};
const made: Record<string, SubmitResult> = {};

async function submit(code: string, details: PlanDetails, now = vn('2026-09-10T08:00:00')): Promise<SubmitResult> {
  const staff = await h.product.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const role = (r: string) => staff.roles.find((x) => x.role === r);
  const place = details.kind.startsWith('GROUP') ? role('GROUP_HEAD') : role('TEACHER');
  return submitPlan(h.product.db, {
    staffId: staff.id, channel: 'TELEGRAM', now,
    file: { sha256: `${code}${details.kind}${details.title ?? ''}`.padEnd(64, '0').slice(0, 64), size: 10, originalName: 'kh.docx' },
    details: { groupId: place?.groupId ?? null, subgroupId: details.kind === 'GROUP_TEACHING_PLAN' ? null : (place?.subgroupId ?? null), ...details },
  });
}

async function decide(made: SubmitResult, action: 'APPROVE' | 'RETURN') {
  expect(made.reviewerIds.length).toBeGreaterThan(0);
  return decidePlan(h.product.db, { deciderId: made.reviewerIds[0]!, submissionId: made.submissionId, action, reason: action === 'RETURN' ? 'Thiếu phân phối chương trình' : undefined, now: vn('2026-09-12T10:00:00') });
}

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  const db = h.product.db;
  // The year these plans belong to, whatever the date the tests run on; every URL names it.
  yearId = (await db.schoolYear.upsert({ where: { name: YEAR }, update: {}, create: { name: YEAR, ...defaultSchoolYear(YEAR) } })).id;
  for (const s of await db.school.findMany()) schools[s.code] = s;

  // THCS Trần Phú: a returned and an approved teacher plan, two waiting, a group plan waiting.
  made.returned = await submit('THCS-TP-004', { kind: 'TEACHER_PLAN', subject: 'Toán' });
  await decide(made.returned, 'RETURN');
  made.approved = await submit('THCS-TP-005', { kind: 'TEACHER_PLAN', subject: 'Toán' });
  await decide(made.approved, 'APPROVE');
  made.literatureWaiting = await submit('THCS-TP-009', { kind: 'TEACHER_PLAN', subject: 'Ngữ văn' });
  made.informaticsWaiting = await submit('THCS-TP-007', { kind: 'TEACHER_PLAN', subject: 'Tin học' });
  made.groupTeaching = await submit('THCS-TP-003', { kind: 'GROUP_TEACHING_PLAN', subject: 'Toán' });
  // Lesson plans: one taught on 05/10 and never approved (late), one waiting, one approved.
  made.lateLesson = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 1: Tập hợp', teachingDate: '2026-10-05' });
  made.waitingLesson = await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 9: Hình thang', teachingDate: '2027-05-20' });
  made.englishLesson = await submit('THCS-TP-012', { kind: 'LESSON_PLAN', subject: 'Tiếng Anh', grade: 6, title: 'Unit 1: My new school', teachingDate: '2026-10-07' });
  await decide(made.englishLesson, 'APPROVE');
  // THCS Ngô Quyền (same ward), THPT Thái Phiên (the Division's).
  made.nqApproved = await submit('THCS-NQ-004', { kind: 'TEACHER_PLAN', subject: 'Toán' });
  await decide(made.nqApproved, 'APPROVE');
  made.thptWaiting = await submit('THPT-TPH-004', { kind: 'TEACHER_PLAN', subject: 'Toán' });
  made.thptLateLiterature = await submit('THPT-TPH-009', { kind: 'LESSON_PLAN', subject: 'Ngữ văn', grade: 10, title: 'Bài 1: Thần thoại', teachingDate: '2026-10-01' });
  await markLateLessons(db, '2026-10-20');

  for (const [name, code] of Object.entries(VIEWERS) as Array<[ViewerName, string]>) {
    clients[name] = new WebClient(base);
    await clients[name].signIn(await giveWebAccount(db, code));
    actors[name] = (await loadActor(db, (await h.staffByCode(code)).id))!;
  }
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

// ---- the oracle: the core over Plan rows and each school's snapshot --------------------------

type Figures = number[]; // the ten columns, in page order

async function expectedFigures(schoolId: number, viewer?: Actor): Promise<Figures> {
  const db = h.product.db;
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } });
  const plans = await db.plan.findMany({ where: { schoolYearId: yearId, schoolId } });
  const visiblePlans = [];
  for (const p of plans) if (!viewer || canSee(viewer, await planScopeOf(db, p))) visiblePlans.push(p);
  const groups = await db.group.findMany({ where: { schoolId }, include: { subgroups: true } });
  const obligationScope = (o: { kind: PlanKind; groupId: number | null; subject: string | null }): PlanScope => ({
    kind: o.kind, schoolId, schoolLevel: school.level as PlanScope['schoolLevel'], supervisingUnitId: school.supervisingUnitId, groupId: o.groupId, ownerId: 0,
    subject: o.subject, groupSubjects: groups.find((g) => g.id === o.groupId)?.subgroups.map((sg) => sg.subject) ?? [],
  });
  const obligations = annualObligations(await loadSchoolSnapshot(db, schoolId), yearId).filter((o) => !viewer || canSee(viewer, obligationScope(o)));
  const bySlot = new Map(plans.map((p) => [p.slotKey, { state: p.state as PlanState, currentVersion: p.currentVersion }]));
  const statuses = obligations.map((o) => obligationStatus(o, bySlot.get(o.slotKey), DEADLINE, new Date()));
  const annual = visiblePlans.filter((p) => ANNUAL_KINDS.includes(p.kind as PlanKind));
  const lessons = visiblePlans.filter((p) => p.kind === 'LESSON_PLAN');
  const inState = (list: typeof plans, state: string) => list.filter((p) => p.state === state).length;
  return [
    statuses.length, inState(annual, 'SUBMITTED'), inState(annual, 'APPROVED'), inState(annual, 'RETURNED'),
    statuses.filter((s) => s.state === 'MISSING').length, statuses.filter((s) => s.overdue).length,
    inState(lessons, 'SUBMITTED'), inState(lessons, 'APPROVED'), inState(lessons, 'RETURNED'), lessons.filter((p) => p.lateAt !== null).length,
  ];
}

const sum = (rows: Figures[]) => rows.reduce((acc, r) => acc.map((v, i) => v + r[i]!), new Array(10).fill(0) as number[]);

// ---- reading the pages ----------------------------------------------------------------------

interface TableRow {
  href: string | null;
  label: string;
  figures: Figures;
}

/** Rows of the dashboard tables that carry the ten figures (school or group lines, and totals). */
function tableRows(page: string): TableRow[] {
  const rows: TableRow[] = [];
  for (const [, row] of page.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const figures = [...row!.matchAll(/<td class="num[^"]*"[^>]*>([\s\S]*?)<\/td>/g)].map((c) => Number(c[1]!.replace(/<[^>]+>/g, '')));
    if (figures.length !== 10) continue;
    const href = /<a href="([^"]+)"/.exec(row!)?.[1]?.replace(/&amp;/g, '&') ?? null;
    const label = (/<th class="lead">([\s\S]*?)<\/th>/.exec(row!)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
    rows.push({ href, label, figures });
  }
  return rows;
}

/** City page: figures per school id, and the total line. */
function schoolLines(page: string): { bySchool: Map<number, Figures>; total: Figures | undefined } {
  const rows = tableRows(page);
  const bySchool = new Map<number, Figures>();
  for (const r of rows) {
    const id = /^\/dashboard\/schools\/(\d+)/.exec(r.href ?? '')?.[1];
    if (id) bySchool.set(Number(id), r.figures);
  }
  return { bySchool, total: rows.find((r) => r.label.startsWith('Tổng cộng'))?.figures };
}

/** The part of a school page between two headings (the name lists). */
function section(page: string, fromId: string, toId?: string): string {
  const start = page.indexOf(`id="${fromId}"`);
  expect(start).toBeGreaterThan(-1);
  const end = toId ? page.indexOf(`id="${toId}"`) : page.length;
  return page.slice(start, end);
}

async function download(client: WebClient, path: string): Promise<{ status: number; type: string | null; disposition: string | null; book: ExcelJS.Workbook | null }> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + path, { headers: { cookie }, redirect: 'manual' });
  const type = res.headers.get('content-type');
  if (res.status !== 200) return { status: res.status, type, disposition: null, book: null };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return { status: res.status, type, disposition: res.headers.get('content-disposition'), book };
}

function sheetRows(book: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  expect(sheet, `sheet ${name}`).toBeDefined();
  const rows: unknown[][] = [];
  sheet!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const q = () => `?year=${yearId}`;

// ---- who may open the dashboard -------------------------------------------------------------

describe('who sees which schools', () => {
  it('a teacher, even a group head, gets 403 on every dashboard address', async () => {
    for (const name of ['teacher', 'groupHead'] as const) {
      expect((await clients[name].get(`/dashboard${q()}`)).status).toBe(403);
      expect((await clients[name].get(`/dashboard.xlsx${q()}`)).status).toBe(403);
      expect((await clients[name].get(`/dashboard/schools/${schools['THCS-TP']!.id}`)).status).toBe(403);
      expect((await clients[name].get(`/dashboard/schools/${schools['THCS-TP']!.id}.xlsx`)).status).toBe(403);
    }
  });

  it('signed out: sent to the sign-in page', async () => {
    const res = await new WebClient(base).get('/dashboard');
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login\?next=/);
  });

  it('the hotline and the Division leader see every active school', async () => {
    const all = Object.values(schools).map((s) => s.id).sort();
    for (const name of ['hotline', 'divisionLeader'] as const) {
      const page = await clients[name].get(`/dashboard${q()}`);
      expect(page.status).toBe(200);
      expect([...schoolLines(page.text).bySchool.keys()].sort()).toEqual(all);
    }
  });

  it('the ward unit account sees exactly the schools it supervises, and 404 for another', async () => {
    const page = await clients.wardUnit.get(`/dashboard${q()}`);
    expect(page.status).toBe(200);
    const supervised = Object.values(schools).filter((s) => s.supervisingUnitId === schools['THCS-TP']!.supervisingUnitId).map((s) => s.id).sort();
    expect(supervised).toHaveLength(2);
    expect([...schoolLines(page.text).bySchool.keys()].sort()).toEqual(supervised);
    expect(page.text).not.toContain(schools['THPT-TPH']!.name);
    expect((await clients.wardUnit.get(`/dashboard/schools/${schools['THPT-TPH']!.id}${q()}`)).status).toBe(404);
    expect((await clients.wardUnit.get(`/dashboard/schools/${schools['THPT-TPH']!.id}.xlsx${q()}`)).status).toBe(404);
    expect((await clients.wardUnit.get(`/dashboard/schools/${schools['THCS-NQ']!.id}${q()}`)).status).toBe(200);
  });

  it('a principal and the school admin see their school only; another school, or no school, is 404', async () => {
    for (const name of ['principal', 'schoolAdmin'] as const) {
      const page = await clients[name].get(`/dashboard${q()}`);
      expect([...schoolLines(page.text).bySchool.keys()]).toEqual([schools['THCS-TP']!.id]);
      expect((await clients[name].get(`/dashboard/schools/${schools['THCS-NQ']!.id}${q()}`)).status).toBe(404);
      expect((await clients[name].get(`/dashboard/schools/${schools['THCS-NQ']!.id}.xlsx`)).status).toBe(404);
      expect((await clients[name].get('/dashboard/schools/999999')).status).toBe(404);
      expect((await clients[name].get('/dashboard/schools/abc')).status).toBe(404);
      expect((await clients[name].get(`/dashboard/schools/${schools['THCS-TP']!.id}${q()}`)).status).toBe(200);
    }
  });
});

// ---- the numbers --------------------------------------------------------------------------

describe('city figures equal what the core says', () => {
  it('every school line of the hotline equals the oracle; the total is their sum', async () => {
    const { bySchool, total } = schoolLines((await clients.hotline.get(`/dashboard${q()}`)).text);
    const expected: Figures[] = [];
    for (const [id, figures] of bySchool) {
      const want = await expectedFigures(id);
      expect(figures, `school ${id}`).toEqual(want);
      expected.push(want);
    }
    expect(total).toEqual(sum(expected));
  });

  it('owed counts are the demo roster’s obligations; a returned plan counts as returned and still owed; late lessons are counted', async () => {
    const tp = schools['THCS-TP']!;
    const figures = schoolLines((await clients.principal.get(`/dashboard${q()}`)).text).bySchool.get(tp.id)!;
    const obligations = annualObligations(await loadSchoolSnapshot(h.product.db, tp.id), yearId);
    expect(figures[0]).toBe(obligations.length);
    expect(obligations.length).toBeGreaterThan(15);
    // Waiting: Ngữ văn and Tin học teacher plans, Toán group plan; approved one; returned one.
    expect(figures.slice(1, 4)).toEqual([3, 1, 1]);
    // Missing: every obligation but the 5 slots that hold a plan (the returned one included).
    expect(figures[4]).toBe(obligations.length - 5);
    // The returned plan is still owed: past the deadline it is overdue with the missing ones.
    const pastDeadline = new Date() >= vn('2026-09-16T00:00:00');
    expect(figures[5]).toBe(pastDeadline ? obligations.length - 4 : 0);
    // Lessons: one waiting (and late), one waiting in May, one approved; one late.
    expect(figures.slice(6)).toEqual([2, 1, 0, 1]);
  });

  it('the ward unit’s lines are the same as the hotline’s for its schools', async () => {
    const ward = schoolLines((await clients.wardUnit.get(`/dashboard${q()}`)).text);
    const city = schoolLines((await clients.hotline.get(`/dashboard${q()}`)).text);
    for (const [id, figures] of ward.bySchool) expect(figures).toEqual(city.bySchool.get(id));
    expect(ward.total).toEqual(sum([...ward.bySchool.values()]));
  });

  it('a subject specialist’s figures cover only their subjects, as canSee decides', async () => {
    for (const name of ['mathSpecialist', 'literatureSpecialist'] as const) {
      const page = await clients[name].get(`/dashboard${q()}`);
      expect(page.text).toContain('Số liệu chỉ gồm môn');
      const { bySchool } = schoolLines(page.text);
      expect(bySchool.size).toBe(Object.keys(schools).length);
      for (const [id, figures] of bySchool) expect(figures, `${name} school ${id}`).toEqual(await expectedFigures(id, actors[name]));
    }
    const tp = schools['THCS-TP']!.id;
    const math = schoolLines((await clients.mathSpecialist.get(`/dashboard${q()}`)).text).bySchool.get(tp)!;
    // Toán group plan and the Tin học teacher plan wait; the Ngữ văn one is not theirs.
    expect(math.slice(1, 4)).toEqual([2, 1, 1]);
    expect(math.slice(6)).toEqual([2, 0, 0, 1]); // the English lesson is not theirs
    const literature = schoolLines((await clients.literatureSpecialist.get(`/dashboard${q()}`)).text).bySchool.get(tp)!;
    expect(literature.slice(1, 4)).toEqual([1, 0, 0]);
    expect(literature.slice(6)).toEqual([0, 0, 0, 0]);
    expect(math[0]! + literature[0]!).toBeLessThan((await expectedFigures(tp))[0]!);
  });

  it('filters by supervising unit and by level', async () => {
    const tp = schools['THCS-TP']!;
    const byUnit = schoolLines((await clients.hotline.get(`/dashboard${q()}&unit=${tp.supervisingUnitId}`)).text);
    expect([...byUnit.bySchool.keys()].sort()).toEqual([tp.id, schools['THCS-NQ']!.id].sort());
    const thpt = schoolLines((await clients.hotline.get(`/dashboard${q()}&level=THPT`)).text);
    expect([...thpt.bySchool.keys()]).toEqual([schools['THPT-TPH']!.id]);
    const ignored = await clients.hotline.get(`/dashboard${q()}&level=XYZ`);
    expect(ignored.text).toContain('Bỏ qua giá trị không hợp lệ: Cấp học');
    expect(schoolLines(ignored.text).bySchool.size).toBe(Object.keys(schools).length);
  });

  it('a decision and a new plan show on the next page, without waiting for the cache', async () => {
    const nq = schools['THCS-NQ']!.id;
    const before = schoolLines((await clients.hotline.get(`/dashboard${q()}`)).text).bySchool.get(nq)!;
    const plan = await submit('THCS-NQ-005', { kind: 'TEACHER_PLAN', subject: 'Toán' });
    const afterSubmit = schoolLines((await clients.hotline.get(`/dashboard${q()}`)).text).bySchool.get(nq)!;
    expect(afterSubmit[1]).toBe(before[1]! + 1);
    expect(afterSubmit[4]).toBe(before[4]! - 1);
    await decide(plan, 'APPROVE');
    const afterApproval = schoolLines((await clients.hotline.get(`/dashboard${q()}`)).text).bySchool.get(nq)!;
    expect(afterApproval.slice(1, 5)).toEqual([before[1], before[2]! + 1, before[3], before[4]! - 1]);
    expect(afterApproval).toEqual(await expectedFigures(nq));
  });
});

describe('a school, group by group, with names', () => {
  it('group lines add up to the school’s line on the city page, and each equals the oracle summed', async () => {
    const tp = schools['THCS-TP']!.id;
    const page = await clients.principal.get(`/dashboard/schools/${tp}${q()}`);
    expect(page.status).toBe(200);
    const rows = tableRows(page.text);
    const total = rows.find((r) => r.label === 'Toàn trường')!;
    const groups = rows.filter((r) => r !== total);
    const groupCount = await h.product.db.group.count({ where: { schoolId: tp, active: true } });
    expect(groups).toHaveLength(groupCount + 1); // + the school-level line
    expect(sum(groups.map((g) => g.figures))).toEqual(total.figures);
    expect(total.figures).toEqual(schoolLines((await clients.principal.get(`/dashboard${q()}`)).text).bySchool.get(tp));
    expect(total.figures).toEqual(await expectedFigures(tp));
    const mathGroup = groups.find((g) => g.label === 'Tổ Toán – Tin')!;
    expect(mathGroup.figures.slice(1, 4)).toEqual([2, 1, 1]);
    expect(mathGroup.figures[9]).toBe(1);
  });

  it('lists who still owes which annual plan, with a link where a plan exists', async () => {
    const tp = schools['THCS-TP']!.id;
    const page = (await clients.principal.get(`/dashboard/schools/${tp}${q()}`)).text;
    const owed = owedList(page);
    const statuses = annualObligations(await loadSchoolSnapshot(h.product.db, tp), yearId).length;
    expect(owed).toContain(`Kế hoạch năm học còn nợ (${statuses - 4})`);
    // Returned: named, marked, linked to the plan.
    const returnedRow = owed.split('<tr>').find((r) => r.includes('Phạm Minh Tuấn'))!;
    expect(returnedRow).toContain('Kế hoạch giáo dục của giáo viên');
    expect(returnedRow).toContain('Bị trả lại, chưa nộp lại');
    expect(returnedRow).toContain(`href="/plans/${made.returned!.planId}"`);
    // Missing: named, no link. Handed in (waiting or approved): not listed.
    const missingRow = owed.split('<tr>').find((r) => r.includes('Ngô Quang Huy'))!;
    expect(missingRow).toContain('Chưa nộp');
    expect(missingRow).not.toContain('/plans/');
    expect(owed).not.toContain('Hoàng Thị Lan'); // approved
    expect(owed).not.toContain('Đặng Thị Thanh Hương'); // waiting
    // The school plan is owed by the board.
    expect(owed.split('<tr>').find((r) => r.includes('Kế hoạch giáo dục của nhà trường'))).toMatch(/Nguyễn Thị Thu Hà|Trần Văn Hùng/);
    // Sorted by name; each person with staff code and a phone to tap.
    const firstNames = owed.split('<tr>').slice(2).map((r) => /<b>([^<]+)<\/b>/.exec(r)?.[1] ?? '');
    const named = firstNames.filter((n) => !n.startsWith('Chưa có người'));
    expect(named).toEqual([...named].sort((a, b) => byPersonName(a, b)));
    expect(returnedRow).toMatch(/<b>Phạm Minh Tuấn<\/b> <span class="hint">THCS-TP-004<\/span> · <a href="tel:0\d{9}">0\d{3} \d{3} \d{3}<\/a>/);
  });

  it('the owed list by kind of plan, and the export keeps that filter', async () => {
    const tp = schools['THCS-TP']!.id;
    const page = (await clients.principal.get(`/dashboard/schools/${tp}${q()}&kind=TEACHER_PLAN`)).text;
    const rows = owedList(page).split('<tr>').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('Kế hoạch giáo dục của giáo viên');
    expect(page).toContain('<option value="TEACHER_PLAN" selected>');
    expect(page).toContain(`href="/dashboard/schools/${tp}.xlsx?year=${yearId}&amp;kind=TEACHER_PLAN"`);
    const file = await download(clients.principal, `/dashboard/schools/${tp}.xlsx${q()}&kind=TEACHER_PLAN`);
    const [header, ...owed] = sheetRows(file.book!, 'KH năm học còn nợ');
    expect(header).toEqual(['Người phải nộp', 'Mã cán bộ', 'Điện thoại', 'Hồ sơ', 'Môn', 'Tổ chuyên môn', 'Tình trạng']);
    expect(owed).toHaveLength(rows.length);
    expect(new Set(owed.map((r) => r[3]))).toEqual(new Set(['Kế hoạch giáo dục của giáo viên']));
    expect(sheetRows(file.book!, 'Thông tin')).toContainEqual(['Kế hoạch năm học còn nợ: chỉ loại', 'Kế hoạch giáo dục của giáo viên']);
  });

  it('lists lesson plans waiting, and late ones apart, with their plan links', async () => {
    const page = (await clients.principal.get(`/dashboard/schools/${schools['THCS-TP']!.id}${q()}`)).text;
    const waiting = section(page, 'cho-duyet', 'tre-han');
    const lateList = section(page, 'tre-han');
    const late = lateList.split('<tr>').find((r) => r.includes('Bài 1: Tập hợp'))!;
    expect(late).toContain('Phạm Minh Tuấn');
    expect(late).toContain('05/10/2026');
    expect(late).toContain('Trễ hạn');
    expect(late).toContain(`href="/plans/${made.lateLesson!.planId}"`);
    expect(waiting).not.toContain('Bài 1: Tập hợp');
    expect(waiting).toContain(`href="/plans/${made.waitingLesson!.planId}"`);
    expect(waiting).toContain('Kế hoạch bài dạy chờ duyệt, chưa đến ngày dạy (1)');
    expect(lateList).toContain('Kế hoạch bài dạy trễ hạn (1)');
    expect(page).not.toContain('Unit 1: My new school'); // approved in time
  });

  it('a group line narrows the names to that group', async () => {
    const tp = schools['THCS-TP']!.id;
    const group = await h.product.db.group.findFirstOrThrow({ where: { schoolId: tp, name: 'Tổ Ngữ văn – Ngoại ngữ' } });
    const page = (await clients.principal.get(`/dashboard/schools/${tp}${q()}&group=${group.id}`)).text;
    const owed = section(page, 'con-no', 'cho-duyet');
    expect(owed).toContain('Đang xem: Tổ Ngữ văn – Ngoại ngữ');
    expect(owed).toContain(`<input type="hidden" name="group" value="${group.id}">`); // the kind filter keeps the group
    expect(owed).toContain('Ngô Quang Huy');
    expect(owed).not.toContain('Phạm Minh Tuấn');
    expect(section(page, 'cho-duyet')).not.toContain('Bài 1: Tập hợp');
  });

  it('a specialist sees their subjects’ groups and names only', async () => {
    const page = (await clients.literatureSpecialist.get(`/dashboard/schools/${schools['THCS-TP']!.id}${q()}`)).text;
    const rows = tableRows(page);
    expect(rows.map((r) => r.label)).toEqual(['Tổ Ngữ văn – Ngoại ngữ', 'Toàn trường']);
    const owed = owedList(page);
    expect(owed).toContain('Ngô Quang Huy'); // Ngữ văn teacher
    expect(owed).not.toContain('Phạm Minh Tuấn'); // Toán
    expect(owed).not.toContain('Kế hoạch giáo dục của nhà trường');
    expect(owed).not.toContain('Lý Văn Phúc'); // Tiếng Anh
  });
});

describe('exports', () => {
  it('the city workbook holds the page’s lines and figures, headed in Vietnamese, bold and frozen', async () => {
    const page = schoolLines((await clients.wardUnit.get(`/dashboard${q()}`)).text);
    const file = await download(clients.wardUnit, `/dashboard.xlsx${q()}`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    expect(file.disposition).toContain(`tong-hop-ho-so-${YEAR}.xlsx`);
    const sheet = file.book!.getWorksheet('Theo trường')!;
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    const [header, ...rows] = sheetRows(file.book!, 'Theo trường');
    expect(header).toEqual(expect.arrayContaining(['Tên trường', 'Đơn vị quản lý', 'KH năm học – Phải nộp', 'KH năm học – Quá hạn', 'KH bài dạy – Trễ hạn']));
    const totalRow = rows.pop()!;
    expect(rows).toHaveLength(page.bySchool.size);
    for (const row of rows) {
      const school = Object.values(schools).find((s) => s.name === row[1])!;
      expect(row.slice(4)).toEqual(page.bySchool.get(school.id));
    }
    expect(totalRow[1]).toBe('Tổng cộng (2 trường)');
    expect(totalRow.slice(4)).toEqual(page.total);
  });

  it('the school workbook: groups with the same figures, who owes what, lessons waiting or late', async () => {
    const tp = schools['THCS-TP']!;
    const pageRows = tableRows((await clients.principal.get(`/dashboard/schools/${tp.id}${q()}`)).text);
    const file = await download(clients.principal, `/dashboard/schools/${tp.id}.xlsx${q()}`);
    expect(file.status).toBe(200);
    expect(file.disposition).toContain(`ho-so-THCS-TP-${YEAR}.xlsx`);
    const [, ...groups] = sheetRows(file.book!, 'Theo tổ');
    expect(groups.map((r) => [r[0], r.slice(1)])).toEqual(pageRows.map((r) => [r.label, r.figures]));
    const [owedHeader, ...owed] = sheetRows(file.book!, 'KH năm học còn nợ');
    expect(owedHeader).toEqual(['Người phải nộp', 'Mã cán bộ', 'Điện thoại', 'Hồ sơ', 'Môn', 'Tổ chuyên môn', 'Tình trạng']);
    expect(owed).toHaveLength(pageRows.at(-1)!.figures[0]! - 4);
    expect(owed).toContainEqual(['Phạm Minh Tuấn', 'THCS-TP-004', expect.stringMatching(/^0\d{9}$/), 'Kế hoạch giáo dục của giáo viên', 'Toán', 'Tổ Toán – Tin', expect.stringContaining('Bị trả lại')]);
    const [, ...lessons] = sheetRows(file.book!, 'KH bài dạy chờ duyệt, trễ');
    expect(lessons).toContainEqual(['Phạm Minh Tuấn', 'Bài 1: Tập hợp', 'Toán, lớp 8', 'Tổ Toán – Tin', '05/10/2026', 'Chờ duyệt — trễ hạn', expect.any(String)]);
    const info = sheetRows(file.book!, 'Thông tin');
    expect(info).toContainEqual(['Năm học', YEAR]);
  });

  it('every export is written in the audit log', async () => {
    const username = VIEWERS.principal.toLowerCase();
    const entries = await h.product.db.auditLog.findMany({ where: { actor: `web:${username}`, action: 'dashboard.export' } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.entityType === 'School' && e.entityId === String(schools['THCS-TP']!.id))).toBe(true);
  });
});

/** The owed list's table (without the kind filter above it, whose options name every kind). */
function owedList(page: string): string {
  const owed = section(page, 'con-no', 'cho-duyet');
  const table = owed.indexOf('<table');
  return table < 0 ? owed.replace(/<form[\s\S]*?<\/form>/, '') : owed.slice(0, owed.indexOf('<form')) + owed.slice(table);
}
