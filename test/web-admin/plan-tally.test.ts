// PlanTally is kept by SQLite triggers on Plan (web_admin migration); the dashboard trusts it
// instead of counting plans. After every kind of write Prisma can make — create, createMany,
// update of each counted column, updateMany, upsert, delete, deleteMany, a rolled-back
// transaction — the tally must equal a GROUP BY over Plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
let years: number[];
let schoolIds: number[];
let groups: Array<{ id: number; schoolId: number }>;
let ownerId: number;
let serial = 0;

beforeAll(async () => {
  t = createTestDb({ roster: true });
  const current = await ensureCurrentSchoolYear(t.db, new Date('2026-09-01T08:00:00+07:00'));
  const other = await t.db.schoolYear.create({ data: { name: '2025-2026', startsOn: '2025-08-01', endsOn: '2026-07-31', annualDeadline: '2025-09-15' } });
  years = [current.id, other.id];
  schoolIds = (await t.db.school.findMany({ orderBy: { id: 'asc' } })).map((s) => s.id);
  groups = await t.db.group.findMany({ select: { id: true, schoolId: true }, orderBy: { id: 'asc' } });
  ownerId = (await t.db.staff.findFirstOrThrow({ where: { code: 'THCS-TP-004' } })).id;
});
afterAll(async () => {
  await t?.close();
});

interface Counted {
  schoolYearId: number;
  schoolId: number;
  groupId: number;
  subject: string;
  kind: string;
  state: string;
  late: number;
  count: number;
}

const key = (r: Counted) => `${r.schoolYearId}|${r.schoolId}|${r.groupId}|${r.subject}|${r.kind}|${r.state}|${r.late}`;

async function expectTallyMatchesPlans(): Promise<void> {
  const fromPlans = await t.db.$queryRaw<Counted[]>`
    SELECT "schoolYearId", "schoolId", COALESCE("groupId", 0) AS "groupId", COALESCE("subject", '') AS "subject", "kind", "state",
           ("lateAt" IS NOT NULL) AS "late", COUNT(*) AS "count"
    FROM "Plan" GROUP BY 1, 2, 3, 4, 5, 6, 7`;
  const tally = await t.db.planTally.findMany();
  expect(tally.every((r) => r.count >= 0), 'no negative counts').toBe(true);
  const normalise = (rows: Counted[]) => rows.map((r) => `${key(r)} = ${Number(r.count)}`).sort();
  expect(normalise(tally.filter((r) => r.count > 0))).toEqual(normalise(fromPlans.map((r) => ({ ...r, late: Number(r.late) }))));
}

function planData(overrides: Record<string, unknown> = {}) {
  serial++;
  const group = groups[serial % groups.length]!;
  return {
    refCode: `T${serial}`, slotKey: `tally-test:${serial}`, kind: serial % 2 === 0 ? 'LESSON_PLAN' : 'TEACHER_PLAN',
    schoolYearId: years[serial % 2]!, schoolId: group.schoolId, groupId: serial % 5 === 0 ? null : group.id,
    ownerId, subject: serial % 3 === 0 ? null : ['Toán', 'Ngữ văn', 'Tin học'][serial % 3]!, state: 'SUBMITTED',
    ...overrides,
  };
}

describe('PlanTally follows Plan', () => {
  it('starts equal (empty) and stays equal after creates of every shape', async () => {
    await expectTallyMatchesPlans();
    for (let i = 0; i < 30; i++) await t.db.plan.create({ data: planData() });
    await t.db.plan.createMany({ data: Array.from({ length: 20 }, () => planData({ state: 'APPROVED' })) });
    await t.db.plan.create({ data: planData({ kind: 'LESSON_PLAN', lateAt: new Date(), state: 'RETURNED' }) });
    expect(await t.db.plan.count()).toBe(51);
    await expectTallyMatchesPlans();
  });

  it('decisions and resubmissions (state changes) move plans between counts', async () => {
    const plans = await t.db.plan.findMany({ where: { state: 'SUBMITTED' }, take: 12 });
    for (const [i, p] of plans.entries()) {
      await t.db.plan.update({ where: { id: p.id }, data: { state: i % 2 === 0 ? 'APPROVED' : 'RETURNED' } });
    }
    const returned = plans.filter((_, i) => i % 2 === 1).slice(0, 3);
    for (const p of returned) await t.db.plan.update({ where: { id: p.id }, data: { state: 'SUBMITTED', currentVersion: { increment: 1 } } });
    await t.db.plan.updateMany({ where: { state: 'SUBMITTED', kind: 'TEACHER_PLAN' }, data: { state: 'APPROVED' } });
    await expectTallyMatchesPlans();
  });

  it('late marking, and clearing it, count lesson plans as late or not', async () => {
    const lessons = await t.db.plan.findMany({ where: { kind: 'LESSON_PLAN', lateAt: null }, take: 6 });
    for (const p of lessons.slice(0, 3)) await t.db.plan.update({ where: { id: p.id }, data: { lateAt: new Date() } });
    await t.db.plan.updateMany({ where: { id: { in: lessons.slice(3).map((p) => p.id) } }, data: { lateAt: new Date() } });
    await expectTallyMatchesPlans();
    // A late plan approved afterwards stays late (approved late), and moves state.
    await t.db.plan.update({ where: { id: lessons[0]!.id }, data: { state: 'APPROVED' } });
    await t.db.plan.update({ where: { id: lessons[1]!.id }, data: { lateAt: null } });
    await expectTallyMatchesPlans();
  });

  it('moving a plan (year, school, group, subject, kind) and writes that change nothing counted', async () => {
    const [a, b, c, d, e] = await t.db.plan.findMany({ take: 5, orderBy: { id: 'asc' } });
    await t.db.plan.update({ where: { id: a!.id }, data: { schoolYearId: years.find((y) => y !== a!.schoolYearId)! } });
    const elsewhere = groups.find((g) => g.schoolId !== b!.schoolId)!;
    await t.db.plan.update({ where: { id: b!.id }, data: { schoolId: elsewhere.schoolId, groupId: elsewhere.id } });
    await t.db.plan.update({ where: { id: c!.id }, data: { groupId: null, subject: null } });
    await t.db.plan.update({ where: { id: d!.id }, data: { subject: 'Toán', kind: 'GROUP_TEACHING_PLAN' } });
    // Columns the tally does not count: the update trigger does not fire, nothing moves.
    await t.db.plan.update({ where: { id: e!.id }, data: { title: 'Đổi tên', currentVersion: 7 } });
    await t.db.plan.upsert({ where: { slotKey: e!.slotKey }, update: { state: 'RETURNED' }, create: planData() });
    await t.db.plan.upsert({ where: { slotKey: 'tally-test:new-by-upsert' }, update: {}, create: planData({ slotKey: 'tally-test:new-by-upsert' }) });
    await expectTallyMatchesPlans();
  });

  it('deletes, one by one and many at once, take plans out of the counts', async () => {
    const some = await t.db.plan.findMany({ take: 4, orderBy: { id: 'desc' } });
    for (const p of some) await t.db.plan.delete({ where: { id: p.id } });
    await t.db.plan.deleteMany({ where: { kind: 'LESSON_PLAN', state: 'SUBMITTED' } });
    await expectTallyMatchesPlans();
    await t.db.plan.deleteMany({});
    await expectTallyMatchesPlans();
    expect(await t.db.planTally.aggregate({ _sum: { count: true } })).toEqual({ _sum: { count: 0 } });
  });

  it('a rolled-back transaction leaves the counts as they were', async () => {
    await t.db.plan.create({ data: planData() });
    const before = await t.db.planTally.findMany({ orderBy: [{ schoolId: 'asc' }, { kind: 'asc' }, { state: 'asc' }] });
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.plan.create({ data: planData() });
        await tx.plan.updateMany({ data: { state: 'APPROVED' } });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await t.db.planTally.findMany({ orderBy: [{ schoolId: 'asc' }, { kind: 'asc' }, { state: 'asc' }] })).toEqual(before);
    await expectTallyMatchesPlans();
  });
});
