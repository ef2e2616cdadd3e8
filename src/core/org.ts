// Plain-data shapes of the organisation that the rules reason about. Loaded from the
// database by src/db, built by hand in tests.
import type { PlanKind, Role, SchoolLevel } from './vocabulary.js';

/** One role held by a person, with where it applies. */
export interface RoleGrant {
  role: Role;
  schoolId?: number | null;
  groupId?: number | null;
  subgroupId?: number | null;
  unitId?: number | null;
  /** Division subject specialists only: the subjects they supervise. */
  subjects?: readonly string[];
}

/** Whoever reads or decides: a staff member or an office account, with all their roles. */
export interface Actor {
  staffId: number;
  grants: readonly RoleGrant[];
}

/** What the rules need to know about a plan: its kind and where it sits in the tree. */
export interface PlanScope {
  kind: PlanKind;
  schoolId: number;
  schoolLevel: SchoolLevel;
  /** The unit that supervises the school and receives its school-plan report (R9, R10). */
  supervisingUnitId: number;
  groupId?: number | null;
  subgroupId?: number | null;
  ownerId: number;
  /** The plan's subject; for a group-wide plan, null. */
  subject?: string | null;
  /** Subjects of the plan's group: how a subject specialist sees group-wide plans. */
  groupSubjects?: readonly string[];
}

export function holds(actor: Actor, role: Role, where: Partial<RoleGrant> = {}): boolean {
  return actor.grants.some(
    (g) =>
      g.role === role &&
      (where.schoolId === undefined || g.schoolId === where.schoolId) &&
      (where.groupId === undefined || g.groupId === where.groupId) &&
      (where.subgroupId === undefined || g.subgroupId === where.subgroupId) &&
      (where.unitId === undefined || g.unitId === where.unitId),
  );
}

/** Subjects a plan concerns: its own, or those of its group when it is group-wide. */
export function subjectsOfPlan(plan: PlanScope): readonly string[] {
  if (plan.subject) return [plan.subject];
  return plan.groupSubjects ?? [];
}

/** Vietnamese subject names compare without case or surrounding space. */
export function sameSubject(a: string, b: string): boolean {
  return normaliseSubject(a) === normaliseSubject(b);
}

export function normaliseSubject(subject: string): string {
  return subject.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}
