// Who may hand in which kind of plan (R3 and directive 2.2): teachers their own teacher and
// lesson plans; a sub-group head the sub-group's activities plan (the directive has the
// sub-group head upload it); a group head both group plans; the school board the school plan.
import type { Actor, PlanScope } from './org.js';
import { holds } from './org.js';
import type { PlanKind } from './vocabulary.js';

/** Plan kinds this actor may submit somewhere, in the order a menu should show them. */
export function submittableKinds(actor: Actor): PlanKind[] {
  const kinds: PlanKind[] = [];
  if (holds(actor, 'TEACHER')) kinds.push('LESSON_PLAN', 'TEACHER_PLAN');
  if (holds(actor, 'GROUP_HEAD')) kinds.push('GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN');
  else if (holds(actor, 'SUBGROUP_HEAD')) kinds.push('GROUP_ACTIVITIES_PLAN');
  if (holds(actor, 'PRINCIPAL') || holds(actor, 'VICE_PRINCIPAL')) kinds.push('SCHOOL_PLAN');
  return kinds;
}

/** Whether `actor` may submit a plan with exactly this scope, as its owner. */
export function canSubmit(actor: Actor, plan: PlanScope): boolean {
  if (plan.ownerId !== actor.staffId) return false;
  switch (plan.kind) {
    case 'LESSON_PLAN':
    case 'TEACHER_PLAN':
      // Any sub-group of their group: a Toán–Tin teacher may teach both subjects.
      return actor.grants.some((g) => g.role === 'TEACHER' && g.schoolId === plan.schoolId && g.groupId === plan.groupId);
    case 'GROUP_TEACHING_PLAN':
      return holds(actor, 'GROUP_HEAD', { schoolId: plan.schoolId, groupId: plan.groupId });
    case 'GROUP_ACTIVITIES_PLAN':
      return (
        holds(actor, 'GROUP_HEAD', { schoolId: plan.schoolId, groupId: plan.groupId }) ||
        (plan.subgroupId != null &&
          holds(actor, 'SUBGROUP_HEAD', { groupId: plan.groupId, subgroupId: plan.subgroupId }))
      );
    case 'SCHOOL_PLAN':
      return (
        holds(actor, 'PRINCIPAL', { schoolId: plan.schoolId }) ||
        holds(actor, 'VICE_PRINCIPAL', { schoolId: plan.schoolId })
      );
  }
}
