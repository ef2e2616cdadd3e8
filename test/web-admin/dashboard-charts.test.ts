// The leaders' charts on the dashboard (issue 18) over real HTTP: plans handed in and decided
// through the real use cases on known days, then the Department, a ward's unit account and a
// Division specialist read /dashboard. The bars' figures are checked against the core's own
// obligations (computed here from each school's snapshot and Plan rows), their order worst
// first, the day-by-day progress against the days the plans came in, and each chart keeps to
// the viewer's scope (R10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualObligations, obligationStatus } from '../../src/core/deadlines.js';
import type { Actor, PlanScope } from '../../src/core/org.js';
import { canSee } from '../../src/core/visibility.js';
import type { PlanKind, PlanState } from '../../src/core/vocabulary.js';
import { loadActor, loadSchoolSnapshot } from '../../src/read-models/org-loader.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { submitPlan, type PlanDetails, type SubmitResult } from '../../src/use-cases/submit-plan.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let yearId: number;
const vn = (local: string) => new Date(`${local}+07:00`);
const TODAY = vn('2026-09-20T09:00:00');
const VIEWERS = { department: 'SGD-01', wardUnit: 'PLC-01', mathSpecialist: 'GDTRH-02' } as const;
type ViewerName = keyof typeof VIEWERS;
const clients = {} as Record<ViewerName, WebClient>;
const actors = {} as Record<ViewerName, Actor>;
const schools: Record<string, { id: number; name: string; supervisingUnitId: number; level: string }> = {};
const made: Record<string, SubmitResult> = {};

async function submit(code: string, details: PlanDetails, day: string): Promise<SubmitResult> {
  const staff = await h.product.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const place = details.kind.startsWith('GROUP') ? staff.roles.find((r) => r.role === 'GROUP_HEAD') : staff.roles.find((r) => r.role === 'TEACHER');
  return submitPlan(h.product.db, {
    staffId: staff.id, channel: 'TELEGRAM', now: vn(`${day}T08:00:00`),
    file: { sha256: `${code}${details.kind}`.padEnd(64, '0').slice(0, 64), size: 10, originalName: 'kh.docx' },
    details: { groupId: place?.groupId ?? null, subgroupId: details.kind === 'GROUP_TEACHING_PLAN' ? null : (place?.subgroupId ?? null), ...details },
  });
}

async function approve(made: SubmitResult, day: string) {
  await decidePlan(h.product.db, { deciderId: made.reviewerIds[0]!, submissionId: made.submissionId, action: 'APPROVE', now: vn(`${day}T10:00:00`) });
}

beforeAll(async () => {
  h = await startWebHarness({ now: () => TODAY });
  const db = h.product.db;
  yearId = (await db.schoolYear.findFirstOrThrow({ where: { name: '2026-2027' } })).id;
  for (const s of await db.school.findMany()) schools[s.code] = s;
  // THCS Trần Phú: two Toán teacher plans (one approved on 12/09) and the Toán – Tin group's
  // teaching plan (approved on 13/09); THCS Ngô Quyền: one Toán teacher plan on 14/09. The two
  // schools of the Division (THPT Thái Phiên, THCS và THPT Nguyễn Bỉnh Khiêm) hand in nothing.
  await approve(await submit('THCS-TP-004', { kind: 'TEACHER_PLAN', subject: 'Toán' }, '2026-09-10'), '2026-09-12');
  await submit('THCS-TP-005', { kind: 'TEACHER_PLAN', subject: 'Toán' }, '2026-09-11');
  await approve(await submit('THCS-TP-003', { kind: 'GROUP_TEACHING_PLAN', subject: 'Toán' }, '2026-09-12'), '2026-09-13');
  made.nq = await submit('THCS-NQ-004', { kind: 'TEACHER_PLAN', subject: 'Toán' }, '2026-09-14');
  for (const [name, code] of Object.entries(VIEWERS) as Array<[ViewerName, string]>) {
    clients[name] = new WebClient(h.baseUrl);
    await clients[name].signIn(await giveWebAccount(db, code));
    actors[name] = (await loadActor(db, (await h.staffByCode(code)).id))!;
  }
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

// ---- the oracle: obligations from each school's snapshot, plans from the Plan rows --------------

interface Rates {
  obligations: number;
  handedIn: number;
  approved: number;
}

async function expectedRates(schoolId: number, viewer: Actor): Promise<Rates> {
  const db = h.product.db;
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } });
  const groups = await db.group.findMany({ where: { schoolId }, include: { subgroups: true } });
  const plans = await db.plan.findMany({ where: { schoolYearId: yearId, schoolId } });
  const scopeOf = (o: { kind: PlanKind; groupId: number | null; subject: string | null }): PlanScope => ({
    kind: o.kind, schoolId, schoolLevel: school.level as PlanScope['schoolLevel'], supervisingUnitId: school.supervisingUnitId, groupId: o.groupId, ownerId: 0,
    subject: o.subject, groupSubjects: groups.find((g) => g.id === o.groupId)?.subgroups.map((sg) => sg.subject) ?? [],
  });
  const bySlot = new Map(plans.map((p) => [p.slotKey, { state: p.state as PlanState, currentVersion: p.currentVersion }]));
  const statuses = annualObligations(await loadSchoolSnapshot(db, schoolId), yearId)
    .filter((o) => canSee(viewer, scopeOf(o)))
    .map((o) => obligationStatus(o, bySlot.get(o.slotKey), '2026-09-15', TODAY));
  return { obligations: statuses.length, handedIn: statuses.filter((s) => s.state !== 'MISSING').length, approved: statuses.filter((s) => s.state === 'APPROVED').length };
}

const percent = (part: number, whole: number) => `${Math.floor((part * 100) / whole)}%`;

// ---- reading the charts ---------------------------------------------------------------------

/** One chart (its section, by id), or undefined when the page has none. */
function figure(page: string, id: string): string | undefined {
  return new RegExp(`<section class="chart-card" id="${id}"[\\s\\S]*?</section>`).exec(page)?.[0];
}

/** The bars of a rate chart, as drawn: rank, name, and the figures written beside the bars. */
function bars(chart: string): Array<{ name: string; figures: string[] }> {
  const svg = /<svg[\s\S]*?<\/svg>/.exec(chart)![0];
  const out: Array<{ name: string; figures: string[] }> = [];
  for (const [, group] of svg.matchAll(/<g>([\s\S]*?)<\/g>/g)) {
    const texts = [...group!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    out.push({ name: texts[0]!.replace(/^\d+\. /, ''), figures: texts.slice(1) });
  }
  return out;
}

function drawn(name: string, r: Rates): { name: string; figures: string[] } {
  return { name, figures: [`Đã nộp ${percent(r.handedIn, r.obligations)} (${r.handedIn}/${r.obligations})`, `Đã duyệt ${percent(r.approved, r.obligations)} (${r.approved}/${r.obligations})`] };
}

const sumRates = (list: Rates[]) => list.reduce((a, r) => ({ obligations: a.obligations + r.obligations, handedIn: a.handedIn + r.handedIn, approved: a.approved + r.approved }), { obligations: 0, handedIn: 0, approved: 0 });

describe('the Department: per supervising unit and per school, worst first', () => {
  it('the unit chart sums each unit’s schools; the Division’s (nothing handed in) comes before the ward', async () => {
    const page = (await clients.department.get(`/dashboard?year=${yearId}`)).text;
    const chart = figure(page, 'bd-don-vi');
    expect(chart).toBeDefined();
    expect(chart).toContain('role="img"');
    const ward = schools['THCS-TP']!.supervisingUnitId;
    const division = schools['THPT-TPH']!.supervisingUnitId;
    const unitName = async (id: number) => (await h.product.db.orgUnit.findUniqueOrThrow({ where: { id } })).name;
    const ratesOfUnit = async (unitId: number) =>
      sumRates(await Promise.all(Object.values(schools).filter((s) => s.supervisingUnitId === unitId).map((s) => expectedRates(s.id, actors.department))));
    const divisionRates = await ratesOfUnit(division);
    expect(divisionRates.handedIn).toBe(0);
    expect(bars(chart!)).toEqual([drawn(await unitName(division), divisionRates), drawn(await unitName(ward), await ratesOfUnit(ward))]);
    // The figures table under it, worst first too, links each unit to the dashboard filtered to it.
    const wardRates = await ratesOfUnit(ward);
    expect(chart).toContain(
      `<a href="/dashboard?year=${yearId}&amp;unit=${ward}#bieu-do">${await unitName(ward)}</a></td><td class="num">${percent(wardRates.handedIn, wardRates.obligations)} (${wardRates.handedIn}/${wardRates.obligations})</td>`,
    );
    expect(chart!.indexOf(`unit=${division}#`)).toBeLessThan(chart!.indexOf(`unit=${ward}#`));
  });

  it('the school chart: every school with the core’s figures, the lowest share handed in first', async () => {
    const page = (await clients.department.get(`/dashboard?year=${yearId}`)).text;
    const drawnBars = bars(figure(page, 'bd-truong')!);
    const expected = await Promise.all(Object.values(schools).map(async (s) => ({ name: s.name, rates: await expectedRates(s.id, actors.department) })));
    expect(drawnBars.map((b) => b.name).sort()).toEqual(expected.map((e) => e.name).sort());
    for (const e of expected) expect(drawnBars.find((b) => b.name === e.name)).toEqual(drawn(e.name, e.rates));
    const shares = drawnBars.map((b) => Number(/Đã nộp (\d+)%/.exec(b.figures[0]!)![1]));
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(drawnBars.slice(0, 2).map((b) => b.name).sort()).toEqual([schools['PT-NBK']!.name, schools['THPT-TPH']!.name].sort());
    expect(drawnBars.at(-1)!.name).toBe(schools['THCS-TP']!.name);
  });

  it('the progress chart: annual plans day by day from 01/08 to today, with the deadline and the figures written out', async () => {
    const page = (await clients.department.get(`/dashboard?year=${yearId}`)).text;
    const chart = figure(page, 'bd-tien-do')!;
    const obligations = sumRates(await Promise.all(Object.values(schools).map((s) => expectedRates(s.id, actors.department)))).obligations;
    // 01/08 to 20/09: 51 days, one point each, on both lines.
    const lines = [...chart.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(' '));
    expect(lines.map((l) => l.length)).toEqual([51, 51]);
    expect(chart).toContain('Hạn 15/09');
    // By the deadline four plans were in (10, 11, 12, 14/09) and two approved (12, 13/09).
    expect(chart).toContain(`Đến hết hạn nộp 15/09/2026: đã nộp 4/${obligations} (${percent(4, obligations)}), đã duyệt 2/${obligations} (${percent(2, obligations)}).`);
    expect(chart).toContain(`Đã nộp: 4 (${percent(4, obligations)})`);
    expect(chart).toContain(`Phải nộp: ${obligations}`);
    // The table of the days on which something changed.
    const days = [...chart.matchAll(/<tr><td[^>]*>(\d\d\/\d\d\/\d{4})<\/td>/g)].map((m) => m[1]);
    expect(days).toEqual(['10/09/2026', '11/09/2026', '12/09/2026', '13/09/2026', '14/09/2026']);
    expect(chart).toMatch(/<title id="bd-tien-do-t">[^<]+<\/title><desc id="bd-tien-do-d">Từ 01\/08\/2026 đến 20\/09\/2026\./);
  });

  it('printing: a print button (no inline script), and a print stylesheet that hides the menu and fits A4', async () => {
    const res = await clients.department.get(`/dashboard?year=${yearId}`);
    expect(res.text).toContain('data-print');
    expect(res.text).toContain('<script src="/assets/print.js"></script>');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.text).toMatch(/@media print\{@page\{size:A4/);
  });
});

describe('scopes (R10): a chart never shows another scope’s schools', () => {
  it('the ward’s account: its two schools, no unit chart, and progress of its schools only', async () => {
    const page = (await clients.wardUnit.get(`/dashboard?year=${yearId}`)).text;
    expect(figure(page, 'bd-don-vi')).toBeUndefined();
    const drawnBars = bars(figure(page, 'bd-truong')!);
    const tp = await expectedRates(schools['THCS-TP']!.id, actors.wardUnit);
    const nq = await expectedRates(schools['THCS-NQ']!.id, actors.wardUnit);
    expect(drawnBars).toEqual(
      tp.handedIn / tp.obligations < nq.handedIn / nq.obligations
        ? [drawn(schools['THCS-TP']!.name, tp), drawn(schools['THCS-NQ']!.name, nq)]
        : [drawn(schools['THCS-NQ']!.name, nq), drawn(schools['THCS-TP']!.name, tp)],
    );
    for (const other of ['THPT-TPH', 'PT-NBK']) expect(page).not.toContain(schools[other]!.name);
    const obligations = tp.obligations + nq.obligations;
    expect(figure(page, 'bd-tien-do')).toContain(`đã nộp 4/${obligations} (${percent(4, obligations)})`);
  });

  it('a unit filter out of the ward’s scope shows no school, in the charts as in the table', async () => {
    const page = (await clients.wardUnit.get(`/dashboard?year=${yearId}&unit=${schools['THPT-TPH']!.supervisingUnitId}`)).text;
    expect(bars(figure(page, 'bd-truong')!)).toEqual([]);
    expect(figure(page, 'bd-tien-do')).toContain('Chưa có kế hoạch năm học nào được nộp.');
    for (const other of ['THPT-TPH', 'PT-NBK']) expect(page).not.toContain(schools[other]!.name);
  });

  it('a Division specialist of Toán and Tin học: every school, counted on their subjects only', async () => {
    const page = (await clients.mathSpecialist.get(`/dashboard?year=${yearId}`)).text;
    const drawnBars = bars(figure(page, 'bd-truong')!);
    for (const s of Object.values(schools)) {
      const rates = await expectedRates(s.id, actors.mathSpecialist);
      expect(drawnBars.find((b) => b.name === s.name), s.name).toEqual(drawn(s.name, rates));
    }
    // The four plans are all Toán: the same four in; fewer plans owed than the Department's.
    const mine = sumRates(await Promise.all(Object.values(schools).map((s) => expectedRates(s.id, actors.mathSpecialist))));
    const all = sumRates(await Promise.all(Object.values(schools).map((s) => expectedRates(s.id, actors.department))));
    expect(mine.obligations).toBeLessThan(all.obligations);
    expect(figure(page, 'bd-tien-do')).toContain(`đã nộp 4/${mine.obligations}`);
  });
});

describe('a decision shows on the next page', () => {
  it('the day counts are kept between pages only while the scope’s plans stay the same', async () => {
    const before = figure((await clients.wardUnit.get(`/dashboard?year=${yearId}`)).text, 'bd-tien-do')!;
    expect(before).toContain('Đã duyệt: 2 (');
    // Approved on 19/09 (the harness's clock says 20/09): the ward's next page counts it.
    await approve(made.nq!, '2026-09-19');
    const after = figure((await clients.wardUnit.get(`/dashboard?year=${yearId}`)).text, 'bd-tien-do')!;
    expect(after).toContain('Đã duyệt: 3 (');
    expect([...after.matchAll(/<tr><td[^>]*>(\d\d\/\d\d\/\d{4})<\/td>/g)].map((m) => m[1]).at(-1)).toBe('19/09/2026');
  });
});
