// Many schools' snapshots in three queries, for city-wide compliance: the same shapes as
// loadSchoolSnapshot (org-loader.ts) gives for one school, without 3 queries per school.
import type { SchoolSnapshot } from '../core/deadlines.js';
import type { RoleGrant } from '../core/org.js';
import { grantOf } from './org-loader.js';
import type { Db } from './prisma.js';

export async function loadSchoolSnapshots(db: Db, schoolIds: readonly number[]): Promise<Map<number, SchoolSnapshot>> {
  if (schoolIds.length === 0) return new Map();
  const inSchools = { in: [...schoolIds] };
  const [groups, roles, staff] = await Promise.all([
    db.group.findMany({
      where: { schoolId: inSchools, active: true },
      select: { id: true, schoolId: true, subgroups: { where: { active: true }, select: { id: true, subject: true } } },
    }),
    db.roleAssignment.findMany({
      where: { schoolId: inSchools, staff: { active: true } },
      select: { staffId: true, role: true, schoolId: true, groupId: true, subgroupId: true, unitId: true, subjects: true },
    }),
    db.staff.findMany({ where: { active: true, roles: { some: { schoolId: inSchools } } }, select: { id: true, subjects: true } }),
  ]);
  const subjectsOf = new Map(staff.map((s) => [s.id, JSON.parse(s.subjects) as string[]]));
  const snapshots = new Map<number, { schoolId: number; groups: SchoolSnapshot['groups'][number][]; grants: Map<number, RoleGrant[]> }>();
  const entry = (schoolId: number) => snapshots.get(schoolId) ?? snapshots.set(schoolId, { schoolId, groups: [], grants: new Map() }).get(schoolId)!;
  for (const id of schoolIds) entry(id);
  for (const g of groups) entry(g.schoolId).groups.push({ id: g.id, subgroups: g.subgroups });
  for (const role of roles) {
    const grants = entry(role.schoolId!).grants;
    grants.set(role.staffId, [...(grants.get(role.staffId) ?? []), grantOf(role)]);
  }
  return new Map(
    [...snapshots].map(([schoolId, s]) => [
      schoolId,
      {
        schoolId,
        groups: s.groups,
        staff: [...s.grants].map(([staffId, grants]) => ({ staffId, grants, subjects: subjectsOf.get(staffId) ?? [] })),
      },
    ]),
  );
}
