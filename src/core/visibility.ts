// Who may read which plans (R10). `visibilityRules` turns an actor into plain rules that the
// database layer translates into query filters; `canSee` applies the same rules to one plan,
// so a list and a single read can never disagree.
import type { Actor, PlanScope } from './org.js';
import { sameSubject, subjectsOfPlan } from './org.js';
import { GROUP_KINDS, TEACHER_KINDS, type PlanKind } from './vocabulary.js';

export type VisibilityRule =
  | { type: 'ALL' }
  | { type: 'OWN'; staffId: number }
  | { type: 'SCHOOL'; schoolId: number; kinds?: readonly PlanKind[] }
  | { type: 'GROUP'; groupId: number; kinds: readonly PlanKind[] }
  | { type: 'SUBGROUP'; subgroupId: number; kinds: readonly PlanKind[] }
  | { type: 'SUPERVISED_SCHOOLS'; unitId: number }
  | { type: 'SUBJECTS'; subjects: readonly string[]; kinds: readonly PlanKind[] };

const STAFF_KINDS: readonly PlanKind[] = [...GROUP_KINDS, ...TEACHER_KINDS];

export function visibilityRules(actor: Actor): VisibilityRule[] {
  const rules: VisibilityRule[] = [{ type: 'OWN', staffId: actor.staffId }];
  for (const g of actor.grants) {
    switch (g.role) {
      case 'HOTLINE_ADMIN':
      case 'DIVISION_LEADER':
      case 'DEPARTMENT_DIRECTOR':
        rules.push({ type: 'ALL' });
        break;
      case 'UNIT_ACCOUNT':
        if (g.unitId != null) rules.push({ type: 'SUPERVISED_SCHOOLS', unitId: g.unitId });
        break;
      case 'DIVISION_SPECIALIST':
        rules.push({ type: 'SUBJECTS', subjects: g.subjects ?? [], kinds: STAFF_KINDS });
        break;
      case 'PRINCIPAL':
      case 'VICE_PRINCIPAL':
      case 'SCHOOL_ADMIN':
        if (g.schoolId != null) rules.push({ type: 'SCHOOL', schoolId: g.schoolId });
        break;
      case 'GROUP_HEAD':
        if (g.groupId != null) rules.push({ type: 'GROUP', groupId: g.groupId, kinds: STAFF_KINDS });
        break;
      case 'SUBGROUP_HEAD':
        if (g.subgroupId != null) {
          rules.push({ type: 'SUBGROUP', subgroupId: g.subgroupId, kinds: TEACHER_KINDS });
        }
        if (g.groupId != null) rules.push({ type: 'GROUP', groupId: g.groupId, kinds: GROUP_KINDS });
        break;
      case 'TEACHER':
        // Teachers carry out their school's and their group's plans, so they may read them.
        if (g.schoolId != null) rules.push({ type: 'SCHOOL', schoolId: g.schoolId, kinds: ['SCHOOL_PLAN'] });
        if (g.groupId != null) rules.push({ type: 'GROUP', groupId: g.groupId, kinds: GROUP_KINDS });
        break;
    }
  }
  return rules;
}

export function ruleMatches(rule: VisibilityRule, plan: PlanScope): boolean {
  switch (rule.type) {
    case 'ALL':
      return true;
    case 'OWN':
      return plan.ownerId === rule.staffId;
    case 'SCHOOL':
      return plan.schoolId === rule.schoolId && (!rule.kinds || rule.kinds.includes(plan.kind));
    case 'GROUP':
      return plan.groupId === rule.groupId && rule.kinds.includes(plan.kind);
    case 'SUBGROUP':
      return plan.subgroupId === rule.subgroupId && rule.kinds.includes(plan.kind);
    case 'SUPERVISED_SCHOOLS':
      return plan.supervisingUnitId === rule.unitId;
    case 'SUBJECTS':
      return (
        rule.kinds.includes(plan.kind) &&
        subjectsOfPlan(plan).some((s) => rule.subjects.some((r) => sameSubject(r, s)))
      );
  }
}

export function canSee(actor: Actor, plan: PlanScope): boolean {
  return visibilityRules(actor).some((rule) => ruleMatches(rule, plan));
}

/** Whether the actor may see anything of a school (its roster, its dashboard). */
export function canSeeSchool(
  actor: Actor,
  school: { id: number; supervisingUnitId: number },
): boolean {
  return visibilityRules(actor).some((rule) => {
    if (rule.type === 'ALL' || rule.type === 'SUBJECTS') return true;
    if (rule.type === 'SUPERVISED_SCHOOLS') return rule.unitId === school.supervisingUnitId;
    if (rule.type === 'SCHOOL') return rule.schoolId === school.id && !rule.kinds;
    return false;
  });
}
