// Records pages over real HTTP (issue 6, R10): plans made by the real use cases in several
// schools, then every kind of viewer browses, opens and downloads. The core (canSee on each
// plan's scope) is the oracle for what each viewer must get; the pages must agree exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../src/core/documents/document-analysis.js';
import { defaultSchoolYear, startOfVnDay, vnDateOf } from '../../src/core/calendar.js';
import { displayFileName } from '../../src/core/text.js';
import { canSee } from '../../src/core/visibility.js';
import type { Actor, PlanScope } from '../../src/core/org.js';
import type { PlanKind } from '../../src/core/vocabulary.js';
import { loadActor, planScopeOf } from '../../src/read-models/org-loader.js';
import { markLateLessons } from '../../src/use-cases/scheduled/review-reminders.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { recordCheckedFile } from '../../src/use-cases/record-checked-file.js';
import { submitPlan, type PlanDetails, type SubmitResult } from '../../src/use-cases/submit-plan.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let base: string;
const vn = (local: string) => new Date(`${local}+07:00`);

const VIEWERS = {
  hotline: 'SGD-HL1',
  departmentDirector: 'SGD-01',
  divisionLeader: 'GDTRH-01',
  mathSpecialist: 'GDTRH-02', // Toán; Tin học
  literatureSpecialist: 'GDTRH-03', // Ngữ văn
  wardUnit: 'PLC-01', // supervises THCS Trần Phú and THCS Ngô Quyền
  principal: 'THCS-TP-001',
  schoolAdmin: 'THCS-TP-007', // Tin học teacher + software admin of THCS Trần Phú
  groupHead: 'THCS-TP-003', // Tổ Toán – Tin
  subgroupHead: 'THCS-TP-006', // Nhóm Tin học
  teacher: 'THCS-TP-004', // Toán
  otherSchoolTeacher: 'THCS-NQ-004',
  movedTeacher: 'THCS-NQ-005', // handed in at Ngô Quyền, then moved to Trần Phú
} as const;
type ViewerName = keyof typeof VIEWERS;

const clients = {} as Record<ViewerName, WebClient>;
const actors = {} as Record<ViewerName, Actor>;

interface Made extends SubmitResult {
  content: Buffer;
  originalName: string;
}
const made: Record<string, Made> = {};

/** A plan handed in by `code` through the real use case, its file put in the real store. */
async function submit(code: string, details: PlanDetails, options: { name?: string; now?: Date; text?: string[]; storeFile?: boolean } = {}): Promise<Made> {
  const db = h.product.db;
  const staff = await db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const role = (r: string) => staff.roles.find((x) => x.role === r);
  const place = details.kind === 'GROUP_ACTIVITIES_PLAN' && role('SUBGROUP_HEAD') ? role('SUBGROUP_HEAD') : details.kind.startsWith('GROUP') ? role('GROUP_HEAD') : details.kind === 'SCHOOL_PLAN' ? undefined : role('TEACHER');
  const originalName = options.name ?? `${code} ${details.kind} ${details.title ?? ''}.docx`;
  const content = Buffer.from(`PK\u0003\u0004 ${code} ${details.kind} ${details.title ?? ''} ${Math.random()}`);
  const file = options.storeFile === false
    ? { sha256: 'f'.repeat(64), size: content.length }
    : await h.product.fileStore.put(content);
  const input = {
    staffId: staff.id, channel: 'TELEGRAM' as const, now: options.now ?? vn('2026-09-10T08:00:00'),
    file: { sha256: file.sha256, size: file.size, originalName },
    details: { groupId: place?.groupId ?? null, subgroupId: details.kind === 'GROUP_TEACHING_PLAN' ? null : place?.subgroupId ?? null, ...details },
  };
  const result = options.text
    ? await recordCheckedFile(db, { ...input, analysis: analyseText('DOCX', options.text) })
    : await submitPlan(db, input);
  return { ...result, content, originalName };
}

async function decide(code: string, submissionId: number, action: 'APPROVE' | 'RETURN', reason?: string) {
  const decider = await h.staffByCode(code);
  return decidePlan(h.product.db, { deciderId: decider.id, submissionId, action, reason, now: vn('2026-09-12T10:30:00') });
}

/** Moves a teacher to another school's group (their old plans stay where they were handed in). */
async function moveTeacher(code: string, schoolCode: string, groupName: string, subject: string) {
  const db = h.product.db;
  const school = await db.school.findUniqueOrThrow({ where: { code: schoolCode } });
  const group = await db.group.findFirstOrThrow({ where: { schoolId: school.id, name: groupName }, include: { subgroups: true } });
  const subgroup = group.subgroups.find((sg) => sg.subject === subject)!;
  const staff = await h.staffByCode(code);
  await db.staff.update({ where: { id: staff.id }, data: { schoolId: school.id } });
  await db.roleAssignment.updateMany({
    where: { staffId: staff.id, role: 'TEACHER' },
    data: { schoolId: school.id, groupId: group.id, subgroupId: subgroup.id, scopeKey: `${school.id}|${group.id}|${subgroup.id}|` },
  });
}

const LESSON_TEXT = [
  'KẾ HOẠCH BÀI DẠY', 'TÊN BÀI DẠY: Bài 5: Phân thức', 'Môn học: Toán; lớp: 8', 'I. Mục tiêu', '1. Về kiến thức', '2. Về năng lực', '3. Về phẩm chất',
  'II. Thiết bị dạy học và học liệu', 'III. Tiến trình dạy học', 'Hoạt động 1: Mở đầu', 'Hoạt động 2: Hình thành kiến thức mới',
];

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  const db = h.product.db;
  await db.schoolYear.create({ data: { name: '2025-2026', ...defaultSchoolYear('2025-2026') } });

  // Thcs Trần Phú (ward unit Lê Chân).
  made.schoolPlan = await submit('THCS-TP-002', { kind: 'SCHOOL_PLAN' }, { name: 'KHGD nhà trường 2026.pdf' });
  await decide('THCS-TP-001', made.schoolPlan.submissionId, 'APPROVE');
  made.groupTeaching = await submit('THCS-TP-003', { kind: 'GROUP_TEACHING_PLAN' });
  await decide('THCS-TP-001', made.groupTeaching.submissionId, 'APPROVE');
  made.infoActivities = await submit('THCS-TP-006', { kind: 'GROUP_ACTIVITIES_PLAN' });
  made.teacherPlan = await submit('THCS-TP-004', { kind: 'TEACHER_PLAN', subject: 'Toán' }, { now: vn('2026-09-05T09:00:00') });
  await decide('THCS-TP-003', made.teacherPlan.submissionId, 'RETURN', 'Thiếu phân phối chương trình <b>đậm</b>');
  made.teacherPlanV2 = await submit('THCS-TP-004', { kind: 'TEACHER_PLAN', subject: 'Toán' }, { now: vn('2026-10-02T09:00:00'), name: 'KHGD Toán (sửa).docx' });
  made.hostileLesson = await submit(
    'THCS-TP-004',
    { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: '<script>alert(1)</script> Bài 5: Phân thức', teachingDate: '2027-01-11' },
    { name: 'Giáo án "Bài 5" <img src=x onerror=alert(1)>; phân thức.docx', text: LESSON_TEXT },
  );
  made.infoLesson = await submit('THCS-TP-007', { kind: 'LESSON_PLAN', subject: 'Tin học', grade: 7, title: 'Bài 3: Bảng tính', teachingDate: '2026-09-21' });
  made.literatureLesson = await submit('THCS-TP-009', { kind: 'LESSON_PLAN', subject: 'Ngữ văn', grade: 6, title: 'Bài 1: Tôi và các bạn', teachingDate: '2026-10-05' });
  await decide('THCS-TP-008', made.literatureLesson.submissionId, 'APPROVE');
  made.scienceTeacherPlan = await submit('THCS-TP-014', { kind: 'TEACHER_PLAN', subject: 'Khoa học tự nhiên' });
  made.missingFile = await submit('THCS-TP-005', { kind: 'TEACHER_PLAN', subject: 'Toán' }, { storeFile: false });
  // THCS Ngô Quyền (same ward unit).
  made.nqLesson = await submit('THCS-NQ-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 9, title: 'Bài 2: Căn bậc hai', teachingDate: '2026-09-28' });
  await decide('THCS-NQ-003', made.nqLesson.submissionId, 'RETURN', 'Thiếu phần luyện tập');
  made.nqSchoolPlan = await submit('THCS-NQ-002', { kind: 'SCHOOL_PLAN' });
  made.movedTeacherLesson = await submit('THCS-NQ-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 6, title: 'Bài 7: Phân số', teachingDate: '2027-01-20' });
  await moveTeacher('THCS-NQ-005', 'THCS-TP', 'Tổ Toán – Tin', 'Toán');
  // THPT Thái Phiên and the multi-level school (the Division).
  made.thptLiterature = await submit('THPT-TPH-009', { kind: 'LESSON_PLAN', subject: 'Ngữ văn', grade: 10, title: 'Bài 1: Thần thoại', teachingDate: '2027-02-01' });
  made.thptGroup = await submit('THPT-TPH-003', { kind: 'GROUP_TEACHING_PLAN' });
  made.nbkEnglish = await submit('PT-NBK-012', { kind: 'TEACHER_PLAN', subject: 'Tiếng Anh' });
  made.nbkLesson = await submit('PT-NBK-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 11, title: 'Bài 4: Giới hạn', teachingDate: '2026-11-02' });
  // Last school year.
  made.oldLesson = await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài cũ', teachingDate: '2026-03-10' }, { now: vn('2026-03-01T08:00:00') });
  // Enough of one teacher's lesson plans for several pages.
  for (let i = 1; i <= 50; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    made[`bulk${i}`] = await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 7, title: `Tiết ${i}: Luyện tập`, teachingDate: `2027-03-${day}` });
  }
  await markLateLessons(db, vnDateOf(new Date()));
  await loadIds();

  for (const [name, code] of Object.entries(VIEWERS) as Array<[ViewerName, string]>) {
    const username = await giveWebAccount(db, code);
    clients[name] = new WebClient(base);
    await clients[name].signIn(username);
    actors[name] = (await loadActor(db, (await h.staffByCode(code)).id))!;
  }
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

interface PlanRow {
  id: number;
  refCode: string;
  kind: string;
  schoolId: number;
  groupId: number | null;
  subgroupId: number | null;
  ownerId: number;
  subject: string | null;
  state: string;
  lateAt: Date | null;
  teachingDate: string | null;
  schoolYearId: number;
}

async function allPlans(): Promise<PlanRow[]> {
  return h.product.db.plan.findMany({ orderBy: { id: 'asc' } });
}

const scopes = new Map<number, PlanScope>();

/** The oracle: the plans the core lets this viewer read. */
async function visibleTo(name: ViewerName): Promise<PlanRow[]> {
  const out: PlanRow[] = [];
  for (const plan of await allPlans()) {
    if (!scopes.has(plan.id)) scopes.set(plan.id, await planScopeOf(h.product.db, plan));
    if (canSee(actors[name], scopes.get(plan.id)!)) out.push(plan);
  }
  return out;
}

/** Runs `work` over the items a few at a time, like a browser's parallel requests. */
async function inBatches<T>(items: T[], work: (item: T) => Promise<void>, size = 6): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

const unescape = (s: string) => s.replace(/&amp;/g, '&');

/** Every ref code the list shows for a query, following "Trang sau" to the end. */
async function listAll(name: ViewerName, query = ''): Promise<{ refs: string[]; pages: number; first: string }> {
  const refs: string[] = [];
  let path: string | null = `/records${query}`;
  let pages = 0;
  let first = '';
  while (path) {
    const res = await clients[name].get(path);
    expect(res.status).toBe(200);
    if (pages === 0) first = res.text;
    pages++;
    refs.push(...[...res.text.matchAll(/<a href="\/plans\/\d+">([A-Z2-9]{6})<\/a>/g)].map((m) => m[1]!));
    const next = /<a href="([^"]+)">Trang sau »<\/a>/.exec(res.text)?.[1];
    path = next ? unescape(next) : null;
    expect(pages).toBeLessThan(20);
  }
  return { refs, pages, first };
}

const sorted = (list: string[]) => [...list].sort();

describe('who sees what (R10): the list, the plan page and the download agree with the core', () => {
  it('the plans and viewers of the fixture cover every rule', async () => {
    const counts = Object.fromEntries(await Promise.all((Object.keys(VIEWERS) as ViewerName[]).map(async (n) => [n, (await visibleTo(n)).length])));
    const total = (await allPlans()).length;
    expect(counts.hotline).toBe(total);
    expect(counts.divisionLeader).toBe(total);
    // Every scoped viewer sees something and misses something: the comparison below is not trivial.
    for (const n of ['mathSpecialist', 'literatureSpecialist', 'wardUnit', 'principal', 'schoolAdmin', 'groupHead', 'subgroupHead', 'teacher', 'otherSchoolTeacher', 'movedTeacher'] as const) {
      expect(counts[n], n).toBeGreaterThan(0);
      expect(counts[n], n).toBeLessThan(total);
    }
    // The moved teacher still reads the plan they handed in at their old school.
    const moved = await visibleTo('movedTeacher');
    expect(moved.map((p) => p.refCode)).toContain(made.movedTeacherLesson!.refCode);
    expect(moved.find((p) => p.refCode === made.movedTeacherLesson!.refCode)!.schoolId).toBe(ids.nq);
  });

  for (const name of Object.keys(VIEWERS) as ViewerName[]) {
    it(`${name} (${VIEWERS[name]}): /records lists exactly the visible plans, each once; every plan id answers 200 or 404 as the core decides`, async () => {
      const visible = await visibleTo(name);
      const { refs } = await listAll(name, '?year=all');
      expect(new Set(refs).size).toBe(refs.length);
      expect(sorted(refs)).toEqual(sorted(visible.map((p) => p.refCode)));

      const visibleIds = new Set(visible.map((p) => p.id));
      const plans = await allPlans();
      await inBatches([...plans, { id: plans[plans.length - 1]!.id + 1000, refCode: 'NONE' }], async (plan) => {
        const page = await clients[name].get(`/plans/${plan.id}`);
        const file = await clients[name].get(`/plans/${plan.id}/versions/1/file`);
        if (visibleIds.has(plan.id)) {
          expect(page.status, `${plan.refCode}`).toBe(200);
          expect(page.text).toContain(plan.refCode);
          expect(file.status, `${plan.refCode} file`).toBe(plan.id === made.missingFile!.planId ? 410 : 200);
        } else {
          expect(page.status, `${plan.refCode}`).toBe(404);
          expect(page.text).toContain('Không tìm thấy, hoặc bạn không có quyền xem mục này.');
          expect(page.text).not.toContain(plan.refCode);
          expect(file.status, `${plan.refCode} file`).toBe(404);
        }
      });
    });
  }

  it('malformed ids and unknown versions answer 404', async () => {
    const c = clients.hotline;
    for (const path of ['/plans/abc', '/plans/-1', '/plans/0', '/plans/1e0', '/plans/01', '/plans/99999999999', `/plans/${made.schoolPlan!.planId}/versions/9/file`, `/plans/${made.schoolPlan!.planId}/versions/x/file`]) {
      expect((await c.get(path)).status, path).toBe(404);
    }
  });

  it('signed-out visitors are sent to sign in', async () => {
    const anonymous = new WebClient(base);
    for (const path of ['/records', `/plans/${made.schoolPlan!.planId}`, `/plans/${made.schoolPlan!.planId}/versions/1/file`]) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/login\?next=/);
    }
  });
});

const ids = {} as { tp: number; nq: number; tpMathGroup: number; tpLiteratureGroup: number; tpInfoSubgroup: number; oldYear: number; currentYear: number };

async function loadIds() {
  const db = h.product.db;
  const school = async (code: string) => (await db.school.findUniqueOrThrow({ where: { code } })).id;
  ids.tp = await school('THCS-TP');
  ids.nq = await school('THCS-NQ');
  ids.tpMathGroup = (await db.group.findFirstOrThrow({ where: { schoolId: ids.tp, name: 'Tổ Toán – Tin' } })).id;
  ids.tpLiteratureGroup = (await db.group.findFirstOrThrow({ where: { schoolId: ids.tp, name: 'Tổ Ngữ văn – Ngoại ngữ' } })).id;
  ids.tpInfoSubgroup = (await db.subgroup.findFirstOrThrow({ where: { groupId: ids.tpMathGroup, subject: 'Tin học' } })).id;
  ids.oldYear = (await db.schoolYear.findUniqueOrThrow({ where: { name: '2025-2026' } })).id;
  ids.currentYear = (await db.schoolYear.findUniqueOrThrow({ where: { name: '2026-2027' } })).id;
}

/** The list for a query must be exactly the viewer's visible plans that pass `keep`. */
async function expectList(name: ViewerName, query: string, keep: (p: PlanRow) => boolean | Promise<boolean>) {
  const expected: string[] = [];
  for (const p of await visibleTo(name)) if (await keep(p)) expected.push(p.refCode);
  const { refs, first, pages } = await listAll(name, query);
  expect(sorted(refs), query).toEqual(sorted(expected));
  return { refs, first, pages, expected };
}

const inCurrentYear = (p: PlanRow) => p.schoolYearId === ids.currentYear;

function selectBody(pageHtml: string, select: string): string {
  return new RegExp(`<select id="f-${select}"[^>]*>([\\s\\S]*?)</select>`).exec(pageHtml)?.[1] ?? '';
}

function optionsOf(pageHtml: string, select: string): string[] {
  const body = selectBody(pageHtml, select);
  return [...body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].filter((m) => m[1] !== '').map((m) => m[2]!);
}

describe('filters', () => {

  it('the current school year by default; another year or all years on request', async () => {
    const { expected } = await expectList('hotline', '', inCurrentYear);
    expect(expected).not.toContain(made.oldLesson!.refCode);
    await expectList('hotline', `?year=${ids.oldYear}`, (p) => p.schoolYearId === ids.oldYear);
    const all = await listAll('hotline', '?year=all');
    expect(all.refs).toContain(made.oldLesson!.refCode);
  });

  it('school, group and sub-group narrow the list', async () => {
    const nq = await expectList('hotline', `?school=${ids.nq}`, (p) => inCurrentYear(p) && p.schoolId === ids.nq);
    expect(nq.expected.length).toBeGreaterThan(1);
    await expectList('hotline', `?school=${ids.tp}&group=${ids.tpLiteratureGroup}`, (p) => inCurrentYear(p) && p.groupId === ids.tpLiteratureGroup);
    await expectList('principal', `?group=${ids.tpMathGroup}&subgroup=${ids.tpInfoSubgroup}`, (p) => inCurrentYear(p) && p.subgroupId === ids.tpInfoSubgroup);
    const teacher = await expectList('teacher', `?subgroup=${ids.tpInfoSubgroup}`, (p) => inCurrentYear(p) && p.subgroupId === ids.tpInfoSubgroup);
    expect(teacher.expected).toEqual([made.infoActivities!.refCode]);
  });

  it('teacher by name without diacritics, by staff code, or with diacritics and case', async () => {
    const tuan = (await h.staffByCode('THCS-TP-004')).id;
    for (const q of ['pham minh tuan', 'thcs-tp-004', 'PHẠM MINH Tuấn']) {
      const { expected } = await expectList('hotline', `?teacher=${encodeURIComponent(q)}`, (p) => inCurrentYear(p) && p.ownerId === tuan);
      expect(expected.length).toBe(2);
    }
    await expectList('hotline', `?teacher=${encodeURIComponent('không có ai tên này')}`, () => false);
  });

  it('a renamed teacher is found under the new name at once (the folded names are refreshed)', async () => {
    const son = await h.staffByCode('THCS-TP-014');
    await expectList('hotline', `?teacher=${encodeURIComponent('trinh cong son')}`, (p) => inCurrentYear(p) && p.ownerId === son.id);
    await h.product.db.staff.update({ where: { id: son.id }, data: { fullName: 'Trịnh Công Thành' } });
    const { expected } = await expectList('hotline', `?teacher=${encodeURIComponent('trinh cong thanh')}`, (p) => inCurrentYear(p) && p.ownerId === son.id);
    expect(expected).toEqual([made.scienceTeacherPlan!.refCode]);
    await expectList('hotline', `?teacher=${encodeURIComponent('trinh cong son')}`, () => false);
    await expectList('principal', `?teacher=${encodeURIComponent('trinh cong thanh')}`, (p) => inCurrentYear(p) && p.ownerId === son.id);
  });

  it('kind, subject, state, late only, and their combination', async () => {
    await expectList('hotline', '?kind=LESSON_PLAN', (p) => inCurrentYear(p) && p.kind === 'LESSON_PLAN');
    const mathGroups = new Set((await h.product.db.subgroup.findMany({ where: { subject: 'Toán' } })).map((s) => s.groupId));
    const math = await expectList('hotline', `?subject=${encodeURIComponent('toán')}`, (p) => inCurrentYear(p) && (p.subject === 'Toán' || (p.subject === null && p.groupId !== null && mathGroups.has(p.groupId))));
    expect(math.expected).toContain(made.groupTeaching!.refCode); // a group-wide plan of Tổ Toán – Tin
    const returned = await expectList('hotline', '?state=RETURNED', (p) => inCurrentYear(p) && p.state === 'RETURNED');
    expect(returned.expected).toEqual([made.nqLesson!.refCode]);
    const late = await expectList('hotline', '?late=1', (p) => inCurrentYear(p) && p.lateAt !== null);
    expect(sorted(late.expected)).toEqual(sorted([made.infoLesson!.refCode, made.nqLesson!.refCode, made.nbkLesson!.refCode]));
    await expectList('groupHead', '?kind=TEACHER_PLAN&state=SUBMITTED', (p) => inCurrentYear(p) && p.kind === 'TEACHER_PLAN' && p.state === 'SUBMITTED');
    await expectList('mathSpecialist', `?school=${ids.tp}&kind=LESSON_PLAN`, (p) => inCurrentYear(p) && p.schoolId === ids.tp && p.kind === 'LESSON_PLAN');
  });

  it('dates: teaching date for lesson plans, the day a version was handed in for the others', async () => {
    const db = h.product.db;
    const handedIn = async (p: PlanRow, from: string, to?: string) =>
      (await db.submission.count({ where: { planId: p.id, submittedAt: { gte: startOfVnDay(from), ...(to ? { lt: startOfVnDay(to) } : {}) } } })) > 0;
    const september = await expectList('hotline', '?from=2026-09-01&to=2026-09-30', async (p) =>
      inCurrentYear(p) && (p.kind === 'LESSON_PLAN' ? p.teachingDate! >= '2026-09-01' && p.teachingDate! <= '2026-09-30' : await handedIn(p, '2026-09-01', '2026-10-01')));
    expect(september.expected).toContain(made.infoLesson!.refCode);
    expect(september.expected).toContain(made.teacherPlan!.refCode); // version 1 on 05/09
    const october = await expectList('hotline', '?from=2026-10-01&kind=TEACHER_PLAN', async (p) => inCurrentYear(p) && p.kind === 'TEACHER_PLAN' && (await handedIn(p, '2026-10-01')));
    expect(october.expected).toEqual([made.teacherPlan!.refCode]); // version 2 on 02/10
  });

  it('an empty list says whether the filters hide plans, with a way out', async () => {
    const res = await clients.groupHead.get('/records?kind=SCHOOL_PLAN&state=RETURNED');
    expect(res.text).toContain('Không có hồ sơ nào khớp bộ lọc đang chọn. <a href="/records">Bỏ mọi bộ lọc</a>');
    expect(res.text).not.toContain('Chưa có hồ sơ nào trong năm học này');
  });

  it('values that make no sense are ignored and named, not fatal', async () => {
    const { first } = await expectList('hotline', '?kind=NOPE&from=2026-13-45&school=abc&late=yes&before=-4', inCurrentYear);
    expect(first).toContain('Đã bỏ qua bộ lọc không hợp lệ: Trường, Loại hồ sơ, Chỉ hồ sơ trễ hạn, Từ ngày, Trang.');
    const reversed = await expectList('hotline', '?from=2026-10-01&to=2026-09-01', inCurrentYear);
    expect(reversed.first).toContain('Khoảng ngày (từ ngày sau đến ngày)');
  });

  it('a school, group or subject outside the viewer\'s scope is dropped without naming it', async () => {
    const { first } = await expectList('otherSchoolTeacher', `?school=${ids.tp}&group=${ids.tpMathGroup}&subgroup=${ids.tpInfoSubgroup}`, inCurrentYear);
    expect(first).toContain('Đã bỏ qua bộ lọc không hợp lệ: Trường, Tổ chuyên môn, Nhóm chuyên môn.');
    expect(first).not.toContain('Trần Phú');
    expect(optionsOf(first, 'school')).toEqual(['Trường THCS Ngô Quyền']);
    expect(selectBody(first, 'group')).not.toContain(`value="${ids.tpMathGroup}"`);
    expect(selectBody(first, 'subgroup')).not.toContain(`value="${ids.tpInfoSubgroup}"`);
    const teacher = await expectList('teacher', `?group=${ids.tpLiteratureGroup}`, inCurrentYear);
    expect(teacher.first).toContain('Đã bỏ qua bộ lọc không hợp lệ: Tổ chuyên môn.');
  });

  it('the school, group and sub-group choices list only what the viewer can see', async () => {
    const schools = async (name: ViewerName) => optionsOf((await clients[name].get('/records')).text, 'school');
    expect(await schools('hotline')).toEqual(['Trường THCS Ngô Quyền', 'Trường THCS Trần Phú', 'Trường THCS và THPT Nguyễn Bỉnh Khiêm', 'Trường THPT Thái Phiên']);
    expect(await schools('mathSpecialist')).toHaveLength(4);
    expect(await schools('wardUnit')).toEqual(['Trường THCS Ngô Quyền', 'Trường THCS Trần Phú']);
    expect(await schools('principal')).toEqual(['Trường THCS Trần Phú']);
    expect(await schools('otherSchoolTeacher')).toEqual(['Trường THCS Ngô Quyền']);

    const groupsOf = async (name: ViewerName, query = '') => optionsOf((await clients[name].get(`/records${query}`)).text, 'group');
    expect(await groupsOf('principal')).toEqual(['Tổ Khoa học tự nhiên', 'Tổ Ngữ văn – Ngoại ngữ', 'Tổ Toán – Tin']);
    expect(await groupsOf('groupHead')).toEqual(['Tổ Toán – Tin']);
    expect(await groupsOf('teacher')).toEqual(['Tổ Toán – Tin']);
    expect(await groupsOf('hotline')).toEqual([]); // choose a school first
    expect(await groupsOf('hotline', `?school=${ids.tp}`)).toEqual(['Tổ Khoa học tự nhiên', 'Tổ Ngữ văn – Ngoại ngữ', 'Tổ Toán – Tin']);

    const kindsOf = async (name: ViewerName) => optionsOf((await clients[name].get('/records')).text, 'kind');
    expect(await kindsOf('hotline')).toHaveLength(5);
    expect(await kindsOf('mathSpecialist')).toEqual(['Kế hoạch dạy học của tổ chuyên môn', 'Kế hoạch tổ chức các hoạt động giáo dục', 'Kế hoạch giáo dục của giáo viên', 'Kế hoạch bài dạy']);
    const specialist = await expectList('mathSpecialist', '?kind=SCHOOL_PLAN', inCurrentYear);
    expect(specialist.first).toContain('Đã bỏ qua bộ lọc không hợp lệ: Loại hồ sơ.');

    const subgroupsOf = async (name: ViewerName) => optionsOf((await clients[name].get('/records')).text, 'subgroup');
    expect(await subgroupsOf('groupHead')).toEqual(['Nhóm Tin học', 'Nhóm Toán']);
    expect(await subgroupsOf('teacher')).toEqual(['Nhóm Tin học', 'Nhóm Toán']); // the Tin học sub-group's activities plan is theirs to read
  });
});

describe('pagination', () => {
  it('50 a page, newest first; "Trang sau" keeps the filters and every plan appears once', async () => {
    const first = await clients.principal.get('/records?kind=LESSON_PLAN');
    const firstRefs = [...first.text.matchAll(/<a href="\/plans\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(firstRefs).toHaveLength(50);
    expect(firstRefs).toEqual([...firstRefs].sort((a, b) => b - a));
    const next = unescape(/<a href="([^"]+)">Trang sau »<\/a>/.exec(first.text)![1]!);
    expect(next).toMatch(/^\/records\?kind=LESSON_PLAN&before=\d+$/);
    const second = await clients.principal.get(next);
    expect(second.text).toContain('<a href="/records?kind=LESSON_PLAN">« Về đầu</a>');
    expect(second.text).not.toContain('Trang sau');
    const { refs, pages } = await expectList('principal', '?kind=LESSON_PLAN', (p) => inCurrentYear(p) && p.kind === 'LESSON_PLAN');
    expect(pages).toBe(2);
    expect(first.text).toContain(`${refs.length} hồ sơ khớp bộ lọc`);
  });
});

/** A download with the raw bytes (the web client reads text). */
async function download(name: ViewerName, path: string) {
  const cookie = [...clients[name].cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + path, { headers: { cookie }, redirect: 'manual' });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('downloads', () => {
  it('the stored bytes, under a safe name, typed by extension, never sniffed, and audited', async () => {
    const plan = made.hostileLesson!;
    const { res, bytes } = await download('teacher', `/plans/${plan.planId}/versions/1/file`);
    expect(res.status).toBe(200);
    expect(bytes.equals(plan.content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(decodeURIComponent(encoded)).toBe(displayFileName(plan.originalName));
    expect(decodeURIComponent(encoded)).toBe('Giáo án "Bài 5" <img src=x onerror=alert(1)>; phân thức.docx');
    expect(/filename="([^"]*)"/.exec(disposition)![1]).toBe('Giao an _Bai 5_ <img src=x onerror=alert(1)>_ phan thuc.docx');

    const entry = await h.product.db.auditLog.findFirst({ where: { action: 'plan.download', entityType: 'Submission', entityId: String(plan.submissionId), actor: 'web:thcs-tp-004' } });
    expect(entry).not.toBeNull();
    expect(JSON.parse(entry!.details)).toMatchObject({ planId: plan.planId, version: 1 });

    const pdf = await download('wardUnit', `/plans/${made.schoolPlan!.planId}/versions/1/file`);
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.equals(made.schoolPlan!.content)).toBe(true);
  });

  it('a HEAD request answers the headers and records no download', async () => {
    const plan = made.nbkEnglish!;
    const downloads = () => h.product.db.auditLog.count({ where: { action: 'plan.download', entityId: String(plan.submissionId) } });
    const before = await downloads();
    const cookie = [...clients.hotline.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${base}/plans/${plan.planId}/versions/1/file`, { method: 'HEAD', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(plan.content.length));
    expect(await downloads()).toBe(before);
    await download('hotline', `/plans/${plan.planId}/versions/1/file`);
    expect(await downloads()).toBe(before + 1);
    const other = await download('teacher', `/plans/${plan.planId}/versions/1/file`);
    expect(other.res.status).toBe(404);
  });

  it('every version can be downloaded', async () => {
    const v1 = await download('groupHead', `/plans/${made.teacherPlan!.planId}/versions/1/file`);
    const v2 = await download('groupHead', `/plans/${made.teacherPlan!.planId}/versions/2/file`);
    expect(v1.bytes.equals(made.teacherPlan!.content)).toBe(true);
    expect(v2.bytes.equals(made.teacherPlanV2!.content)).toBe(true);
    expect(v2.res.headers.get('content-disposition')).toContain("filename*=UTF-8''KHGD%20To%C3%A1n%20%28s%E1%BB%ADa%29.docx");
  });

  it('a file missing from the store: a clear page, no download recorded', async () => {
    const plan = made.missingFile!;
    const res = await clients.hotline.get(`/plans/${plan.planId}/versions/1/file`);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('không còn trong kho lưu trữ nên không tải về được');
    expect(res.text).toContain(plan.refCode);
    expect(await h.product.db.auditLog.count({ where: { action: 'plan.download', entityId: String(plan.submissionId) } })).toBe(0);
  });
});

describe('the plan page', () => {
  it('facts, the checker\'s findings in Vietnamese, and user text escaped', async () => {
    const res = await clients.teacher.get(`/plans/${made.hostileLesson!.planId}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bài 5: Phân thức');
    expect(res.text).toContain('Giáo án &quot;Bài 5&quot; &lt;img src=x onerror=alert(1)&gt;; phân thức.docx');
    for (const text of ['Kế hoạch bài dạy', 'Phạm Minh Tuấn (THCS-TP-004)', 'Trường THCS Trần Phú', 'Tổ Toán – Tin', 'Nhóm Toán', '11/01/2027', 'Chờ duyệt',
      'Đọc được nội dung (Word (.docx)).', 'Tệp chứa một bài dạy', '✓ I. Mục tiêu', '✗ Hoạt động Luyện tập', 'Chưa có quyết định nào.']) {
      expect(res.text, text).toContain(text);
    }
    const list = await clients.teacher.get('/records?kind=LESSON_PLAN');
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bài 5: Phân thức');
    expect(list.text).not.toContain('<script>alert(1)');
  });

  it('a waiting plan names who must decide it now, with their roles; a decided one does not', async () => {
    const waiting = await clients.teacher.get(`/plans/${made.hostileLesson!.planId}`);
    expect(waiting.text).toContain('Đang chờ ai duyệt');
    expect(waiting.text).toMatch(/Người cần duyệt hoặc trả lại hồ sơ này bây giờ:[\s\S]*<li><b>Lê Thị Mai Anh<\/b> \(THCS-TP-003\) — [^<]*Tổ trưởng/);
    const board = await clients.groupHead.get(`/plans/${made.infoActivities!.planId}`);
    expect(board.text).toContain('Ban giám hiệu');
    expect(board.text).toMatch(/<li><b>Nguyễn Thị Thu Hà<\/b> \(THCS-TP-001\) — Hiệu trưởng/);
    const decided = await clients.wardUnit.get(`/plans/${made.literatureLesson!.planId}`);
    expect(decided.status).toBe(200);
    expect(decided.text).not.toContain('Đang chờ ai duyệt');
  });

  it('every version and every decision, with who, when and why', async () => {
    const res = await clients.groupHead.get(`/plans/${made.teacherPlan!.planId}`);
    for (const text of ['Lần nộp 2', 'Lần nộp 1', 'KHGD Toán (sửa).docx', 'Trả lại', 'Lê Thị Mai Anh', 'Phê duyệt theo phân cấp', '10:30 12/09/2026', '09:00 05/09/2026', 'Telegram',
      'Thiếu phân phối chương trình &lt;b&gt;đậm&lt;/b&gt;', 'Không có kết quả kiểm tra tự động.', 'Lê Thị Mai Anh, 10:30 12/09/2026<br>Lý do: Thiếu phân phối']) {
      expect(res.text, text).toContain(text);
    }
    expect(res.text).toContain(`href="/plans/${made.teacherPlan!.planId}/versions/1/file"`);
    expect(res.text).toContain(`href="/plans/${made.teacherPlan!.planId}/versions/2/file"`);
  });

  it('the school plan: approved by the School Council and reported to the supervising unit (R9)', async () => {
    const res = await clients.wardUnit.get(`/plans/${made.schoolPlan!.planId}`);
    for (const text of ['Kế hoạch giáo dục của nhà trường', 'Duyệt', 'Hội đồng trường', 'Nguyễn Thị Thu Hà', 'Báo cáo đơn vị quản lý', 'UBND phường Lê Chân', 'Đã duyệt']) {
      expect(res.text, text).toContain(text);
    }
    const unreported = await clients.wardUnit.get(`/plans/${made.nqSchoolPlan!.planId}`);
    expect(unreported.text).toContain('Chưa gửi báo cáo');
  });

  it('a late lesson plan says so, in the list and on its page', async () => {
    const page = await clients.schoolAdmin.get(`/plans/${made.infoLesson!.planId}`);
    expect(page.text).toContain('Trễ hạn');
    expect(page.text).toContain('Đến ngày dạy (21/09/2026) vẫn chưa được duyệt.');
    const list = await clients.schoolAdmin.get('/records?late=1');
    expect(list.text).toContain(made.infoLesson!.refCode);
    expect(list.text).toContain('<span class="badge bad">Trễ hạn</span>');
  });
});
