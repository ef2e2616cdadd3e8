// The city dashboard loads every school's snapshot in three queries; it must give exactly what
// loadSchoolSnapshot gives one school at a time, so that "owed" has one definition.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchoolSnapshot } from '../../src/core/deadlines.js';
import { loadSchoolsObligations } from '../../src/db/compliance-obligations.js';
import { loadSchoolSnapshots } from '../../src/db/compliance-snapshots.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { loadSchoolSnapshot } from '../../src/db/org-loader.js';
import { readRosterFile } from '../../src/roster/read-roster-file.js';
import { validateRoster } from '../../src/roster/validate-roster.js';
import { importRoster } from '../../src/use-cases/import-roster.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;

beforeAll(async () => {
  t = createTestDb();
  const read = await readRosterFile(fs.readFileSync('data/demo/roster.csv'), 'csv');
  const valid = read.ok ? validateRoster(read.rows) : read;
  if (!valid.ok) throw new Error('demo roster');
  await importRoster(t.db, valid.plan, { actor: 'test', cityName: 'Hải Phòng' });
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
