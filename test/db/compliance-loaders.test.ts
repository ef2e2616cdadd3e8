// The city dashboard loads every school's snapshot in three queries; it must give exactly what
// loadSchoolSnapshot gives one school at a time, so that "owed" has one definition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolSnapshot } from '../../src/core/deadlines.js';
import { loadSchoolsObligations } from '../../src/read-models/compliance-obligations.js';
import { loadSchoolTallies, subjectScope } from '../../src/read-models/compliance-tally.js';
import { loadActor } from '../../src/read-models/org-loader.js';
import { loadSchoolSnapshots } from '../../src/read-models/compliance-snapshots.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { loadSchoolSnapshot } from '../../src/read-models/org-loader.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;

beforeAll(async () => {
  t = createTestDb({ roster: true });
  await ensureCurrentSchoolYear(t.db, new Date('2026-09-01T08:00:00+07:00'));
  // What the loaders must leave out or place right: a deactivated teacher, sub-group and group,
  // and a teacher who also teaches in a second school.
  await t.db.staff.update({ where: { code: 'THCS-TP-010' }, data: { active: false } });
  const tp = await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } });
  const english = await t.db.subgroup.findFirstOrThrow({ where: { subject: 'Tiếng Anh', group: { schoolId: tp.id } } });
  await t.db.subgroup.update({ where: { id: english.id }, data: { active: false } });
  await t.db.group.update({ where: { schoolId_name: { schoolId: tp.id, name: 'Tổ Khoa học tự nhiên' } }, data: { active: false } });
  const nq = await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-NQ' }, include: { groups: { include: { subgroups: true } } } });
  const mathNq = nq.groups.flatMap((g) => g.subgroups.map((sg) => ({ g, sg }))).find((x) => x.sg.subject === 'Toán')!;
  const lan = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-005' } });
  await t.db.roleAssignment.create({ data: { staffId: lan.id, role: 'TEACHER', schoolId: nq.id, groupId: mathNq.g.id, subgroupId: mathNq.sg.id, scopeKey: `test|${nq.id}` } });
});
afterAll(async () => {
  await t?.close();
});

/** Order-free form of a snapshot. */
function normalised(s: SchoolSnapshot) {
  return {
    schoolId: s.schoolId,
    groups: [...s.groups].map((g) => ({ id: g.id, subgroups: [...g.subgroups].sort((a, b) => a.id - b.id) })).sort((a, b) => a.id - b.id),
    staff: [...s.staff]
      .map((m) => ({ ...m, grants: [...m.grants].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }))
      .sort((a, b) => a.staffId - b.staffId),
  };
}

describe('loadSchoolSnapshots', () => {
  it('gives each school the snapshot loadSchoolSnapshot gives', async () => {
    const ids = (await t.db.school.findMany()).map((s) => s.id);
    const bulk = await loadSchoolSnapshots(t.db, ids);
    expect([...bulk.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(normalised(bulk.get(id)!)).toEqual(normalised(await loadSchoolSnapshot(t.db, id)));
    // The checks above are about something: the edits are visible in the snapshots.
    const tp = bulk.get((await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } })).id)!;
    const huy = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-010' } });
    expect(tp.staff.some((m) => m.staffId === huy.id)).toBe(false);
    const lan = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-005' } });
    const nq = bulk.get((await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-NQ' } })).id)!;
    expect(nq.staff.find((m) => m.staffId === lan.id)?.grants).toHaveLength(1);
  });

  it('a school with nobody and nothing yet gets an empty snapshot; no schools, an empty map', async () => {
    const unit = await t.db.orgUnit.findFirstOrThrow({ where: { kind: 'SUPERVISING' } });
    const empty = await t.db.school.create({ data: { code: 'EMPTY', name: 'Trường mới', level: 'THCS', supervisingUnitId: unit.id } });
    expect((await loadSchoolSnapshots(t.db, [empty.id])).get(empty.id)).toEqual({ schoolId: empty.id, groups: [], staff: [] });
    expect((await loadSchoolsObligations(t.db, 1, [empty.id])).get(empty.id)).toMatchObject({ plans: [], obligations: [{ kind: 'SCHOOL_PLAN', responsibleIds: [] }] });
    expect((await loadSchoolSnapshots(t.db, [])).size).toBe(0);
  });
});

describe('loadSchoolTallies', () => {
  it('a specialist gets their subject’s plans and their groups’ group-wide plans; long school lists give the same', async () => {
    const db = t.db;
    const year = await db.schoolYear.findFirstOrThrow();
    const tp = await db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' }, include: { groups: true } });
    const owner = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-004' } });
    const group = (name: string) => tp.groups.find((g) => g.name === name)!.id;
    let n = 0;
    const plan = (kind: string, groupId: number, subject: string | null, state: string) =>
      db.plan.create({ data: { refCode: `L${++n}`, slotKey: `loaders:${n}`, kind, schoolYearId: year.id, schoolId: tp.id, groupId, ownerId: owner.id, subject, state } });
    await plan('TEACHER_PLAN', group('Tổ Toán – Tin'), 'toán', 'APPROVED'); // another spelling
    await plan('GROUP_ACTIVITIES_PLAN', group('Tổ Toán – Tin'), null, 'SUBMITTED');
    await plan('GROUP_ACTIVITIES_PLAN', group('Tổ Ngữ văn – Ngoại ngữ'), null, 'SUBMITTED');
    await plan('LESSON_PLAN', group('Tổ Ngữ văn – Ngoại ngữ'), 'Ngữ văn', 'SUBMITTED');

    const specialist = (await loadActor(db, (await db.staff.findUniqueOrThrow({ where: { code: 'GDTRH-02' } })).id))!;
    const scope = await subjectScope(db, specialist, false);
    const sorted = (rows: Awaited<ReturnType<typeof loadSchoolTallies>>) => rows.map((r) => `${r.schoolId}|${r.kind}|${r.state}|${r.count}`).sort();
    const short = sorted(await loadSchoolTallies(db, year.id, [tp.id], scope));
    expect(short).toEqual([`${tp.id}|GROUP_ACTIVITIES_PLAN|SUBMITTED|1`, `${tp.id}|TEACHER_PLAN|APPROVED|1`].sort());
    const long = [tp.id, ...Array.from({ length: 600 }, (_, i) => 1_000_000 + i)];
    expect(sorted(await loadSchoolTallies(db, year.id, long, scope))).toEqual(short);
    const everything = sorted(await loadSchoolTallies(db, year.id, [tp.id], null));
    expect(everything).toHaveLength(3);
    expect(sorted(await loadSchoolTallies(db, year.id, long, null))).toEqual(everything);
    expect(sorted(await loadSchoolTallies(db, year.id, [999_999], null))).toEqual([]);
  });
});
