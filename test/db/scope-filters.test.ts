// The database filters must answer exactly what the core answers for one plan: for every
// person of the demo roster and every plan of a populated city, "in the filtered list" equals
// canSee(actor, plan). The core is the oracle; a wrong translation of any rule fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canSee } from '../../src/core/visibility.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { loadActor, planScopeOf } from '../../src/read-models/org-loader.js';
import { managedStaffFilter, visiblePlansFilter } from '../../src/read-models/scope-filters.js';
import { canManageStaff } from '../../src/core/admin-rights.js';
import { loadStaffPlacement } from '../../src/read-models/scope-filters.js';
import type { Db } from '../../src/db/prisma.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = createTestDb({ roster: true });
  db = t.db;
  await populatePlans(db);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

let counter = 0;
async function plan(db: Db, yearId: number, fields: { kind: string; schoolId: number; ownerId: number; groupId?: number | null; subgroupId?: number | null; subject?: string | null }) {
  counter++;
  await db.plan.create({
    data: { ...fields, refCode: `T${String(counter).padStart(5, '0')}`, slotKey: `test:${counter}`, schoolYearId: yearId, state: 'SUBMITTED' },
  });
}

/** A plan of every kind at every level of every school: lesson and teacher plans per teacher role. */
async function populatePlans(db: Db): Promise<void> {
  const year = await ensureCurrentSchoolYear(db);
  for (const school of await db.school.findMany({ include: { groups: { include: { subgroups: true } } } })) {
    const anyone = await db.staff.findFirstOrThrow({ where: { roles: { some: { schoolId: school.id } } } });
    await plan(db, year.id, { kind: 'SCHOOL_PLAN', schoolId: school.id, ownerId: anyone.id });
    for (const group of school.groups) {
      await plan(db, year.id, { kind: 'GROUP_ACTIVITIES_PLAN', schoolId: school.id, ownerId: anyone.id, groupId: group.id });
      for (const sg of group.subgroups) {
        await plan(db, year.id, { kind: 'GROUP_TEACHING_PLAN', schoolId: school.id, ownerId: anyone.id, groupId: group.id, subject: sg.subject });
      }
    }
  }
  for (const role of await db.roleAssignment.findMany({ where: { role: 'TEACHER' }, include: { staff: true, subgroup: true } })) {
    const subject = role.subgroup?.subject ?? (JSON.parse(role.staff.subjects) as string[])[0] ?? null;
    const base = { schoolId: role.schoolId!, ownerId: role.staffId, groupId: role.groupId, subgroupId: role.subgroupId };
    await plan(db, year.id, { ...base, kind: 'TEACHER_PLAN', subject });
    await plan(db, year.id, { ...base, kind: 'LESSON_PLAN', subject });
    // The same subject typed differently must still be found by a subject specialist.
    if (subject) await plan(db, year.id, { ...base, kind: 'LESSON_PLAN', subject: ` ${subject.toLocaleUpperCase('vi')}` });
  }
}

describe('visiblePlansFilter', () => {
  it('lists exactly the plans canSee allows, for every person of the demo roster', async () => {
    const plans = await db.plan.findMany();
    const scopes = await Promise.all(plans.map(async (p) => ({ id: p.id, scope: await planScopeOf(db, p) })));
    const people = await db.staff.findMany({ where: { active: true } });
    expect(people.length).toBeGreaterThan(50);
    let seenSomething = 0;
    for (const person of people) {
      const actor = (await loadActor(db, person.id))!;
      const listed = (await db.plan.findMany({ where: await visiblePlansFilter(db, actor), select: { id: true } })).map((p) => p.id).sort((a, b) => a - b);
      const allowed = scopes.filter((s) => canSee(actor, s.scope)).map((s) => s.id).sort((a, b) => a - b);
      expect({ person: person.code, ids: listed }).toEqual({ person: person.code, ids: allowed });
      if (allowed.length > 0) seenSomething++;
    }
    // The comparison means something only if people see different, non-empty sets.
    expect(seenSomething).toBeGreaterThan(40);
  });

  it('a subject specialist finds the subject however it was typed', async () => {
    const specialist = await db.staff.findUniqueOrThrow({ where: { code: 'GDTRH-03' } });
    const actor = (await loadActor(db, specialist.id))!;
    const subjects = await db.plan.findMany({ where: await visiblePlansFilter(db, actor), select: { subject: true }, distinct: ['subject'] });
    expect(subjects.map((s) => s.subject?.trim().toLocaleLowerCase('vi'))).toContain('ngữ văn');
    expect(subjects.some((s) => s.subject?.startsWith(' '))).toBe(true);
  });
});

describe('managedStaffFilter', () => {
  it('lists for management exactly the people canManageStaff allows (or, for the hotline, everyone)', async () => {
    const everyone = await db.staff.findMany();
    for (const code of ['SGD-HL1', 'THCS-TP-007', 'THCS-TP-001', 'PLC-01']) {
      const manager = await db.staff.findUniqueOrThrow({ where: { code } });
      const actor = (await loadActor(db, manager.id))!;
      const listed = new Set((await db.staff.findMany({ where: managedStaffFilter(actor), select: { id: true } })).map((s) => s.id));
      for (const person of everyone) {
        const may = canManageStaff(actor, (await loadStaffPlacement(db, person.id))!);
        // Listed ⊇ manageable: a school admin may see (not change) an office holder who also teaches there.
        if (may) expect({ manager: code, person: person.code, listed: listed.has(person.id) }).toEqual({ manager: code, person: person.code, listed: true });
      }
      if (code === 'THCS-TP-001' || code === 'PLC-01') expect(listed.size).toBe(0);
      if (code === 'THCS-TP-007') expect(listed.size).toBeGreaterThan(5);
      if (code === 'SGD-HL1') expect(listed.size).toBe(everyone.length);
    }
  });
});
