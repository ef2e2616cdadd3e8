// Loads the plain shapes that src/core reasons about (actors, plan scopes, school staff).
import { planKindOf, roleOf, schoolLevelOf } from '../core/vocabulary.js';
import { storedSubjects } from '../db/stored-json.js';
import type { Actor, PlanScope, RoleGrant } from '../core/org.js';
import type { SchoolSnapshot } from '../core/deadlines.js';
import type { PlanKind, Role, SchoolLevel } from '../core/vocabulary.js';
import type { Db, DbTx } from '../db/prisma.js';

type Reader = Db | DbTx;

interface RoleRow {
  role: string;
  schoolId: number | null;
  groupId: number | null;
  subgroupId: number | null;
  unitId: number | null;
  subjects: string;
}

export function grantOf(row: RoleRow): RoleGrant {
  return {
    role: roleOf(row.role),
    schoolId: row.schoolId,
    groupId: row.groupId,
    subgroupId: row.subgroupId,
    unitId: row.unitId,
    subjects: storedSubjects(row.subjects),
  };
}

/** The actor for an active staff member, or null if they are unknown or deactivated. */
export async function loadActor(db: Reader, staffId: number): Promise<Actor | null> {
  const staff = await db.staff.findFirst({ where: { id: staffId, active: true }, include: { roles: true } });
  return staff ? { staffId: staff.id, grants: staff.roles.map(grantOf) } : null;
}

/** Every active staff member holding a role in the school: the possible reviewers. */
export async function loadSchoolStaff(db: Reader, schoolId: number): Promise<Actor[]> {
  // The school's roles by index, then whether each holder is active: a filter on the relation
  // (`staff: { active: true }`) makes SQLite list every active person of the city first.
  const rows = await db.roleAssignment.findMany({ where: { schoolId }, include: { staff: { select: { active: true } } } });
  const byStaff = new Map<number, RoleGrant[]>();
  for (const row of rows) if (row.staff.active) byStaff.set(row.staffId, [...(byStaff.get(row.staffId) ?? []), grantOf(row)]);
  return [...byStaff].map(([staffId, grants]) => ({ staffId, grants }));
}

export async function loadSchoolSnapshot(db: Reader, schoolId: number): Promise<SchoolSnapshot> {
  const [groups, staff, actors] = await Promise.all([
    db.group.findMany({ where: { schoolId, active: true }, include: { subgroups: { where: { active: true } } } }),
    db.staff.findMany({ where: { roles: { some: { schoolId } }, active: true }, select: { id: true, subjects: true } }),
    loadSchoolStaff(db, schoolId),
  ]);
  const subjectsOf = new Map(staff.map((s) => [s.id, storedSubjects(s.subjects)]));
  return {
    schoolId,
    groups: groups.map((g) => ({ id: g.id, subgroups: g.subgroups.map((sg) => ({ id: sg.id, subject: sg.subject })) })),
    staff: actors.map((a) => ({ ...a, subjects: subjectsOf.get(a.staffId) ?? [] })),
  };
}

interface PlanRow {
  kind: string;
  schoolId: number;
  groupId: number | null;
  subgroupId: number | null;
  ownerId: number;
  subject: string | null;
}

/**
 * A plan's scope for the core rules: adds the school's level and unit, and the group's subjects.
 * `school`: the plan's school when the caller has read it already.
 */
export async function planScopeOf(db: Reader, plan: PlanRow, school?: { id: number; level: string; supervisingUnitId: number }): Promise<PlanScope> {
  if (school === undefined || school.id !== plan.schoolId) school = await db.school.findUniqueOrThrow({ where: { id: plan.schoolId } });
  const groupSubjects = plan.groupId
    ? (await db.subgroup.findMany({ where: { groupId: plan.groupId }, select: { subject: true } })).map((s) => s.subject)
    : [];
  return {
    kind: planKindOf(plan.kind),
    schoolId: plan.schoolId,
    schoolLevel: schoolLevelOf(school.level),
    supervisingUnitId: school.supervisingUnitId,
    groupId: plan.groupId,
    subgroupId: plan.subgroupId,
    ownerId: plan.ownerId,
    subject: plan.subject,
    groupSubjects,
  };
}
