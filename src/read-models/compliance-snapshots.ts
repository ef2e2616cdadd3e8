// Many schools' snapshots in two queries, for city-wide compliance: the same shapes as
// loadSchoolSnapshot (org-loader.ts) gives for one school, without 3 queries per school.
import { storedSubjects } from '../db/stored-json.js';
import type { SchoolSnapshot } from '../core/deadlines.js';
import type { RoleGrant } from '../core/org.js';
import { grantOf } from './org-loader.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';

interface RoleWithSubjects {
  staffId: number;
  role: string;
  schoolId: number;
  groupId: number | null;
  subgroupId: number | null;
  unitId: number | null;
  subjects: string;
  staffSubjects: string;
}

/**
 * Callers pass a few dozen schools at a time (see ObligationCache): SQLite answers on the
 * event loop, and Prisma's SQLite adapter refuses lists of more than 999 values.
 */
export async function loadSchoolSnapshots(db: Db, schoolIds: readonly number[]): Promise<Map<number, SchoolSnapshot>> {
  if (schoolIds.length === 0) return new Map();
  // The roles with their holders' subjects in one join: the same query through Prisma's
  // relation filters costs five times the time on a city.
  const [groups, roles] = await Promise.all([
    db.group.findMany({
      where: { schoolId: { in: [...schoolIds] }, active: true },
      select: { id: true, schoolId: true, subgroups: { where: { active: true }, select: { id: true, subject: true } } },
    }),
    db.$queryRaw<RoleWithSubjects[]>`
      SELECT r."staffId", r."role", r."schoolId", r."groupId", r."subgroupId", r."unitId", r."subjects", s."subjects" AS "staffSubjects"
      FROM "RoleAssignment" r JOIN "Staff" s ON s."id" = r."staffId"
      WHERE s."active" = ${true} AND r."schoolId" IN (${Prisma.join([...schoolIds])})`,
  ]);
  const subjectsOf = new Map(roles.map((r) => [r.staffId, r.staffSubjects]));
  const snapshots = new Map<number, { schoolId: number; groups: SchoolSnapshot['groups'][number][]; grants: Map<number, RoleGrant[]> }>();
  const entry = (schoolId: number) => snapshots.get(schoolId) ?? snapshots.set(schoolId, { schoolId, groups: [], grants: new Map() }).get(schoolId)!;
  for (const id of schoolIds) entry(id);
  for (const g of groups) entry(g.schoolId).groups.push({ id: g.id, subgroups: g.subgroups });
  for (const role of roles) {
    const grants = entry(role.schoolId).grants;
    grants.set(role.staffId, [...(grants.get(role.staffId) ?? []), grantOf(role)]);
  }
  return new Map(
    [...snapshots].map(([schoolId, s]) => [
      schoolId,
      {
        schoolId,
        groups: s.groups,
        staff: [...s.grants].map(([staffId, grants]) => ({ staffId, grants, subjects: storedSubjects(subjectsOf.get(staffId)) })),
      },
    ]),
  );
}
