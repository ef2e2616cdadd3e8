// Who decides each plan (R7, R8, R9), including the cases the directive leaves open:
// - nobody decides their own plan as a reviewer;
// - a group head's own teacher/lesson plans go to the vice-principal(s) in charge of
//   professional work (the principal if there is none): sub-group heads do not judge their
//   group head;
// - a teacher/lesson plan with no other head in its group or sub-group goes the same way;
// - the school plan is decided by the School Council; the principal (or a vice-principal
//   when the school has no principal) records that decision (basis SCHOOL_COUNCIL).
import type { Actor, PlanScope } from './org.js';
import { holds } from './org.js';

export type DecisionBasis = 'REVIEW' | 'SCHOOL_COUNCIL';

export interface ReviewRoute {
  reviewerIds: number[];
  basis: DecisionBasis;
  /** Why these people: for logs, the hotline and tests. */
  rule:
    | 'SUBGROUP_OR_GROUP_HEADS'
    | 'BOARD_FALLBACK'
    | 'SCHOOL_BOARD'
    | 'SCHOOL_COUNCIL_BY_PRINCIPAL'
    | 'NONE';
}

/** The staff of the plan's school, with their roles: everyone who could be a reviewer. */
export type SchoolStaff = readonly Actor[];

export function reviewRoute(plan: PlanScope, staff: SchoolStaff): ReviewRoute {
  const inSchool = staff.filter((a) => a.grants.some((g) => g.schoolId === plan.schoolId));
  switch (plan.kind) {
    case 'TEACHER_PLAN':
    case 'LESSON_PLAN':
      return teacherPlanRoute(plan, inSchool);
    case 'GROUP_TEACHING_PLAN':
    case 'GROUP_ACTIVITIES_PLAN':
      return boardRoute(plan, inSchool, 'SCHOOL_BOARD');
    case 'SCHOOL_PLAN':
      return councilRoute(plan, inSchool);
  }
}

function teacherPlanRoute(plan: PlanScope, staff: SchoolStaff): ReviewRoute {
  const ownerIsGroupHead = staff.some(
    (a) => a.staffId === plan.ownerId && holds(a, 'GROUP_HEAD', { groupId: plan.groupId }),
  );
  if (!ownerIsGroupHead) {
    const heads = ids(staff, (a) => isHeadOver(a, plan)).filter((id) => id !== plan.ownerId);
    if (heads.length > 0) return { reviewerIds: heads, basis: 'REVIEW', rule: 'SUBGROUP_OR_GROUP_HEADS' };
  }
  return boardRoute(plan, staff, 'BOARD_FALLBACK');
}

function isHeadOver(actor: Actor, plan: PlanScope): boolean {
  if (plan.groupId != null && holds(actor, 'GROUP_HEAD', { groupId: plan.groupId })) return true;
  return plan.subgroupId != null && holds(actor, 'SUBGROUP_HEAD', { subgroupId: plan.subgroupId });
}

function boardRoute(
  plan: PlanScope,
  staff: SchoolStaff,
  rule: 'SCHOOL_BOARD' | 'BOARD_FALLBACK',
): ReviewRoute {
  const onBoard = (role: 'PRINCIPAL' | 'VICE_PRINCIPAL') =>
    ids(staff, (a) => holds(a, role, { schoolId: plan.schoolId })).filter((id) => id !== plan.ownerId);
  const vicePrincipals = onBoard('VICE_PRINCIPAL');
  const principals = onBoard('PRINCIPAL');
  // R8: the whole board approves group plans. For the fallback the vice-principal in
  // charge of professional work comes first; the principal only if there is none.
  const reviewerIds =
    rule === 'SCHOOL_BOARD'
      ? unique([...principals, ...vicePrincipals])
      : vicePrincipals.length > 0
        ? vicePrincipals
        : principals;
  return reviewerIds.length > 0
    ? { reviewerIds, basis: 'REVIEW', rule }
    : { reviewerIds: [], basis: 'REVIEW', rule: 'NONE' };
}

function councilRoute(plan: PlanScope, staff: SchoolStaff): ReviewRoute {
  const principals = ids(staff, (a) => holds(a, 'PRINCIPAL', { schoolId: plan.schoolId }));
  const recorders =
    principals.length > 0
      ? principals
      : ids(staff, (a) => holds(a, 'VICE_PRINCIPAL', { schoolId: plan.schoolId }));
  return recorders.length > 0
    ? { reviewerIds: recorders, basis: 'SCHOOL_COUNCIL', rule: 'SCHOOL_COUNCIL_BY_PRINCIPAL' }
    : { reviewerIds: [], basis: 'SCHOOL_COUNCIL', rule: 'NONE' };
}

export function canDecide(actor: Actor, plan: PlanScope, staff: SchoolStaff): boolean {
  return reviewRoute(plan, staff).reviewerIds.includes(actor.staffId);
}

function ids(staff: SchoolStaff, keep: (a: Actor) => boolean): number[] {
  return unique(staff.filter(keep).map((a) => a.staffId));
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}
