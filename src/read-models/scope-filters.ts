// The core's visibility rules (R10) and admin rights as Prisma filters, so that lists, counts
// and single reads ask the database exactly what src/core answers for one plan. Every admin
// query of plans, schools or staff starts from one of these.
import { complianceScope, managedSchools, type StaffPlacement, placementOf } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import { sameSubject } from '../core/org.js';
import { visibilityRules, type VisibilityRule } from '../core/visibility.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';

/** Nothing matches: used when an actor may see nothing of a kind. */
const NOTHING = { id: -1 } as const;

export async function visiblePlansFilter(db: Db, actor: Actor): Promise<Prisma.PlanWhereInput> {
  const rules = visibilityRules(actor);
  if (rules.some((r) => r.type === 'ALL')) return {};
  const filters = await Promise.all(rules.map((rule) => filterOfRule(db, rule)));
  return { OR: filters };
}

async function filterOfRule(db: Db, rule: VisibilityRule): Promise<Prisma.PlanWhereInput> {
  const kinds = (list?: readonly string[]) => (list ? { kind: { in: [...list] } } : {});
  switch (rule.type) {
    case 'ALL':
      return {};
    case 'OWN':
      return { ownerId: rule.staffId };
    case 'SCHOOL':
      return { schoolId: rule.schoolId, ...kinds(rule.kinds) };
    case 'GROUP':
      return { groupId: rule.groupId, ...kinds(rule.kinds) };
    case 'SUBGROUP':
      return { subgroupId: rule.subgroupId, ...kinds(rule.kinds) };
    case 'SUPERVISED_SCHOOLS': {
      // Plan.schoolId IN (…) reads the plan indexes; a join on School sorts every plan of the unit.
      const schools = await db.school.findMany({ where: { supervisingUnitId: rule.unitId }, select: { id: true } });
      return schools.length <= 500 ? { schoolId: { in: schools.map((s) => s.id) } } : { school: { supervisingUnitId: rule.unitId } };
    }
    case 'SUBJECTS': {
      const subjects = await storedSpellings(db, rule.subjects);
      return {
        ...kinds(rule.kinds),
        OR: [{ subject: { in: subjects } }, { subject: null, group: { subgroups: { some: { subject: { in: subjects } } } } }],
      };
    }
  }
}

/**
 * The spellings under which the given subjects are stored ("Toán", "toán "): core compares
 * subjects without case or spacing, SQL `IN` compares bytes.
 */
export async function storedSpellings(db: Db, subjects: readonly string[]): Promise<string[]> {
  // groupBy is a SQL GROUP BY; findMany's `distinct` reads every row into memory (~100 ms on a city's tallies).
  const [fromSubgroups, fromPlans] = await Promise.all([
    db.subgroup.groupBy({ by: ['subject'] }),
    db.planTally.groupBy({ by: ['subject'], where: { subject: { not: '' } } }),
  ]);
  const stored = [...fromSubgroups, ...fromPlans].map((s) => s.subject);
  return [...new Set([...subjects, ...stored.filter((s) => subjects.some((wanted) => sameSubject(wanted, s)))])];
}

/** Schools whose compliance the actor follows (dashboard); null when none. */
export function complianceSchoolsFilter(actor: Actor): Prisma.SchoolWhereInput | null {
  const scope = complianceScope(actor);
  if (!scope) return null;
  if (scope.schools === 'ALL') return {};
  return { OR: [{ supervisingUnitId: { in: scope.schools.unitIds } }, { id: { in: scope.schools.schoolIds } }] };
}

/** Schools the actor manages (hierarchy, staff, links). */
export function managedSchoolsFilter(actor: Actor): Prisma.SchoolWhereInput {
  const managed = managedSchools(actor);
  return managed === 'ALL' ? {} : managed.length > 0 ? { id: { in: managed } } : NOTHING;
}

/** Staff the actor may list for management: everyone (hotline) or the people of their schools. */
export function managedStaffFilter(actor: Actor): Prisma.StaffWhereInput {
  const managed = managedSchools(actor);
  if (managed === 'ALL') return {};
  if (managed.length === 0) return NOTHING;
  return { OR: [{ schoolId: { in: managed } }, { roles: { some: { schoolId: { in: managed } } } }] };
}

/** Where a staff member belongs, for canManageStaff; null if there is no such person. */
export async function loadStaffPlacement(db: Db, staffId: number): Promise<StaffPlacement | null> {
  const staff = await db.staff.findUnique({ where: { id: staffId }, include: { roles: true } });
  if (!staff) return null;
  return placementOf(staff);
}
