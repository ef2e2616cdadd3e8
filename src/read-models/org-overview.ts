// Reads for the organisation pages: units, schools in the viewer's scope with their counts,
// and one school's or group's tree with its heads and people. Scope is decided by the core
// (managedSchools / canManageSchool); callers answer 404 when a read returns null.
import { canManageSchool } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import type { Db } from '../db/prisma.js';
import { managedSchoolsFilter } from './scope-filters.js';

export interface SchoolSummary {
  id: number;
  code: string;
  name: string;
  level: string;
  active: boolean;
  unitName: string;
  groups: number;
  staff: number;
}

/** Schools the actor manages, active ones first, with active groups and people counted. */
export async function managedSchoolSummaries(db: Db, actor: Actor, where: { supervisingUnitId?: number } = {}): Promise<SchoolSummary[]> {
  const schools = await db.school.findMany({
    where: { AND: [managedSchoolsFilter(actor), where] },
    include: { supervisingUnit: { select: { name: true } } },
    orderBy: [{ active: 'desc' }, { name: 'asc' }],
  });
  const ids = schools.map((s) => s.id);
  const [groups, staff] = await Promise.all([
    db.group.groupBy({ by: ['schoolId'], where: { schoolId: { in: ids }, active: true }, _count: { _all: true } }),
    db.staff.groupBy({ by: ['schoolId'], where: { schoolId: { in: ids }, active: true }, _count: { _all: true } }),
  ]);
  const groupCount = new Map(groups.map((g) => [g.schoolId, g._count._all]));
  const staffCount = new Map(staff.map((s) => [s.schoolId, s._count._all]));
  return schools.map((s) => ({
    id: s.id, code: s.code, name: s.name, level: s.level, active: s.active, unitName: s.supervisingUnit.name,
    groups: groupCount.get(s.id) ?? 0, staff: staffCount.get(s.id) ?? 0,
  }));
}

export interface UnitSummary {
  id: number;
  code: string;
  name: string;
  kind: string;
  typeLabel: string | null;
  active: boolean;
  schools: number;
  accounts: number;
}

/** Supervising units (and the Division, which supervises THPT schools), with counts. */
export async function unitSummaries(db: Db): Promise<UnitSummary[]> {
  const units = await db.orgUnit.findMany({
    where: { kind: { in: ['SUPERVISING', 'DIVISION'] } },
    orderBy: [{ kind: 'asc' }, { active: 'desc' }, { name: 'asc' }],
  });
  const [schools, accounts] = await Promise.all([
    db.school.groupBy({ by: ['supervisingUnitId'], where: { active: true }, _count: { _all: true } }),
    db.staff.groupBy({ by: ['unitId'], where: { active: true, unitId: { not: null } }, _count: { _all: true } }),
  ]);
  const schoolCount = new Map(schools.map((s) => [s.supervisingUnitId, s._count._all]));
  const accountCount = new Map(accounts.map((a) => [a.unitId, a._count._all]));
  return units.map((u) => ({
    id: u.id, code: u.code, name: u.name, kind: u.kind, typeLabel: u.typeLabel, active: u.active,
    schools: schoolCount.get(u.id) ?? 0, accounts: accountCount.get(u.id) ?? 0,
  }));
}

/** Where a school may report: the Division and active supervising units. */
export function supervisorChoices(db: Db) {
  return db.orgUnit.findMany({
    where: { active: true, kind: { in: ['SUPERVISING', 'DIVISION'] } },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    select: { id: true, name: true, typeLabel: true, kind: true },
  });
}

export async function unitDetail(db: Db, unitId: number) {
  const unit = await db.orgUnit.findFirst({ where: { id: unitId, kind: 'SUPERVISING' } });
  if (!unit) return null;
  const [schools, accounts] = await Promise.all([
    db.school.findMany({ where: { supervisingUnitId: unit.id }, orderBy: [{ active: 'desc' }, { name: 'asc' }] }),
    db.staff.findMany({ where: { unitId: unit.id }, orderBy: [{ active: 'desc' }, { fullName: 'asc' }], select: { id: true, code: true, fullName: true, active: true } }),
  ]);
  return { unit, schools, accounts };
}

/** A person named in a group or sub-group, with their role there. */
export interface Member {
  staffId: number;
  fullName: string;
  code: string;
  active: boolean;
  role: string;
  groupId: number | null;
  subgroupId: number | null;
}

/** One school in the actor's scope with its groups, sub-groups and heads; null otherwise. */
export async function schoolDetail(db: Db, actor: Actor, schoolId: number) {
  if (!canManageSchool(actor, schoolId)) return null;
  const school = await db.school.findUnique({ where: { id: schoolId }, include: { supervisingUnit: true } });
  if (!school) return null;
  const [groups, heads, staff, plans] = await Promise.all([
    db.group.findMany({
      where: { schoolId },
      include: { subgroups: { orderBy: [{ active: 'desc' }, { subject: 'asc' }] } },
      orderBy: [{ active: 'desc' }, { name: 'asc' }],
    }),
    members(db, { schoolId, role: { in: ['GROUP_HEAD', 'SUBGROUP_HEAD'] } }),
    db.staff.count({ where: { schoolId, active: true } }),
    db.plan.count({ where: { schoolId } }),
  ]);
  // People, not role rows: someone teaching in two sub-groups of a group counts once.
  const teaching = await db.roleAssignment.findMany({
    where: { schoolId, role: 'TEACHER', staff: { active: true } }, distinct: ['groupId', 'staffId'], select: { groupId: true },
  });
  const teachers = new Map<number | null, number>();
  for (const t of teaching) teachers.set(t.groupId, (teachers.get(t.groupId) ?? 0) + 1);
  return {
    school,
    staff,
    plans,
    groups: groups.map((g) => ({
      ...g,
      teachers: teachers.get(g.id) ?? 0,
      heads: heads.filter((m) => m.groupId === g.id && m.role === 'GROUP_HEAD'),
      subgroupHeads: heads.filter((m) => m.groupId === g.id && m.role === 'SUBGROUP_HEAD'),
    })),
  };
}

/** One group in the actor's scope with its sub-groups, people and plan count; null otherwise. */
export async function groupDetail(db: Db, actor: Actor, groupId: number) {
  const group = await db.group.findUnique({
    where: { id: groupId },
    include: { school: true, subgroups: { orderBy: [{ active: 'desc' }, { subject: 'asc' }] } },
  });
  if (!group || !canManageSchool(actor, group.schoolId)) return null;
  const [people, plans, siblings, schools] = await Promise.all([
    members(db, { groupId }),
    db.plan.count({ where: { groupId } }),
    db.group.findMany({ where: { schoolId: group.schoolId, active: true, id: { not: group.id } }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.school.findMany({ where: { AND: [managedSchoolsFilter(actor), { active: true, id: { not: group.schoolId } }] }, orderBy: { name: 'asc' }, select: { id: true, name: true, code: true } }),
  ]);
  return { group, people, plans, siblings, schools };
}

async function members(db: Db, where: { schoolId?: number; groupId?: number; role?: { in: string[] } }): Promise<Member[]> {
  const rows = await db.roleAssignment.findMany({
    where,
    include: { staff: { select: { id: true, fullName: true, code: true, active: true } } },
    orderBy: { staff: { fullName: 'asc' } },
  });
  return rows.map((r) => ({
    staffId: r.staff.id, fullName: r.staff.fullName, code: r.staff.code, active: r.staff.active,
    role: r.role, groupId: r.groupId, subgroupId: r.subgroupId,
  }));
}
