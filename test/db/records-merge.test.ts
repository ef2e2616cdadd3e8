// A ward's or district's records list read school by school and merged (what PostgreSQL uses,
// see MERGE_MAX_SCHOOLS) must give exactly the pages and the count of the one-query reading, on
// either database: same plans, same order, same page breaks, same bounded count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { loadActor } from '../../src/read-models/org-loader.js';
import type { Db } from '../../src/db/prisma.js';
import { recordsScope } from '../../src/read-models/records-options.js';
import {
  boundedCount, COUNT_BOUND, mergesSchools, PAGE_SIZE, pageStrategy, recordsPage, recordsWhere, schoolMergedList, type RecordsFilter,
} from '../../src/read-models/records-query.js';
import { visiblePlansFilter } from '../../src/read-models/scope-filters.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
let db: Db;
let yearId: number;
const WARD_UNIT = 'PLC-01'; // supervises THCS Trần Phú and THCS Ngô Quyền

beforeAll(async () => {
  t = createTestDb({ roster: true });
  db = t.db;
  yearId = (await ensureCurrentSchoolYear(db)).id;
  // Plans of the two schools interleaved by id (the hard case for a merge), enough for three
  // pages of lesson plans and a count past the bound; other kinds and states mixed in.
  const teachers = await db.roleAssignment.findMany({ where: { role: 'TEACHER', school: { code: { in: ['THCS-TP', 'THCS-NQ'] } } }, orderBy: { id: 'asc' } });
  const other = await db.roleAssignment.findFirstOrThrow({ where: { role: 'TEACHER', school: { code: { notIn: ['THCS-TP', 'THCS-NQ'] } } } });
  const rows: Prisma.PlanCreateManyInput[] = [];
  for (let i = 0; i < COUNT_BOUND + 400; i++) {
    const r = i % 7 === 0 ? other : teachers[i % teachers.length]!;
    rows.push({
      refCode: `M${String(i).padStart(5, '0')}`, slotKey: `merge:${i}`, schoolYearId: yearId, schoolId: r.schoolId!, ownerId: r.staffId,
      groupId: r.groupId, subgroupId: r.subgroupId, kind: i % 5 === 0 ? 'TEACHER_PLAN' : 'LESSON_PLAN', state: i % 3 === 0 ? 'APPROVED' : 'SUBMITTED',
      subject: 'Toán', teachingDate: '2026-10-01',
    });
  }
  await db.plan.createMany({ data: rows });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function wardList(extra: Partial<RecordsFilter>) {
  const actor = (await loadActor(db, (await db.staff.findUniqueOrThrow({ where: { code: WARD_UNIT } })).id))!;
  const scope = await recordsScope(db, actor);
  const filter: RecordsFilter = { withinSchools: scope.schoolIds, schoolYearId: yearId, ...extra };
  return { filter, visible: await visiblePlansFilter(db, actor), cityWide: scope.cityWide };
}

/** Every page of both readings, and both counts. */
async function bothReadings(extra: Partial<RecordsFilter>) {
  const { filter, visible, cityWide } = await wardList(extra);
  const strategy = pageStrategy(cityWide, filter);
  const where = recordsWhere(visible, filter, strategy);
  const single: number[][] = [];
  const merged: number[][] = [];
  let mergedCount = -1;
  for (let before: number | undefined, first = true; first || before !== undefined; first = false) {
    const page = await recordsPage(db, where, strategy, before);
    single.push(page.rows.map((r) => r.id));
    before = page.nextBefore;
  }
  for (let before: number | undefined, first = true; first || before !== undefined; first = false) {
    const list = await schoolMergedList(db, visible, filter, before);
    merged.push(list.page.rows.map((r) => r.id));
    if (first) mergedCount = list.count;
    before = list.page.nextBefore;
  }
  return { single, merged, singleCount: await boundedCount(db, where, strategy), mergedCount, schools: filter.withinSchools! };
}

describe('a ward\'s records list read school by school', () => {
  it('is chosen on PostgreSQL for a few schools only, never for one school, a teacher search or SQLite', async () => {
    const { filter } = await wardList({});
    expect(filter.withinSchools).toHaveLength(2);
    expect(mergesSchools(true, filter)).toBe(true);
    expect(mergesSchools(false, filter)).toBe(false);
    expect(mergesSchools(true, { ...filter, schoolId: filter.withinSchools![0] })).toBe(false);
    expect(mergesSchools(true, { ...filter, ownerIds: [1] })).toBe(false);
    expect(mergesSchools(true, { ...filter, withinSchools: Array.from({ length: 61 }, (_, i) => i + 1) })).toBe(false);
  });

  it('gives the same pages and the same count past the bound as one query', async () => {
    const r = await bothReadings({});
    expect(r.single.length).toBeGreaterThan(3);
    expect(r.single[0]).toHaveLength(PAGE_SIZE);
    expect(r.merged).toEqual(r.single);
    expect(r.singleCount).toBe(COUNT_BOUND + 1);
    expect(r.mergedCount).toBe(r.singleCount);
    // Both schools are on the first page: the merge interleaves, it does not list one school first.
    const firstPageSchools = await db.plan.findMany({ where: { id: { in: r.merged[0] } }, select: { schoolId: true }, distinct: ['schoolId'] });
    expect(firstPageSchools).toHaveLength(2);
  });

  it('with filters: the same pages and an exact count under the bound', async () => {
    for (const extra of [{ kind: 'TEACHER_PLAN' as const }, { kind: 'LESSON_PLAN' as const, state: 'APPROVED' as const }, { state: 'RETURNED' as const }]) {
      const r = await bothReadings(extra);
      expect(r.merged, JSON.stringify(extra)).toEqual(r.single);
      expect(r.mergedCount, JSON.stringify(extra)).toBe(r.singleCount);
    }
    const teacherPlans = await bothReadings({ kind: 'TEACHER_PLAN' });
    expect(teacherPlans.singleCount).toBeGreaterThan(PAGE_SIZE);
    expect(teacherPlans.singleCount).toBeLessThan(COUNT_BOUND);
    expect((await bothReadings({ state: 'RETURNED' })).single).toEqual([[]]);
  });
});
