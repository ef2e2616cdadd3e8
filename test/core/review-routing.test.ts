import { describe, expect, it } from 'vitest';
import { canDecide, reviewRoute } from '../../src/core/review-routing.js';
import type { Actor, PlanScope } from '../../src/core/org.js';
import { A, G1, SG_INFO, people, plans, staffOfA, staffOfB, type PersonName, type PlanName } from './org-fixture.js';

// R7–R9 and the decisions written in the module header, plan by plan.
const expected: Record<PlanName, { reviewers: PersonName[]; rule: string }> = {
  schoolPlanA: { reviewers: ['principal'], rule: 'SCHOOL_COUNCIL_BY_PRINCIPAL' },
  groupTeachingMathA: { reviewers: ['principal', 'vicePrincipal'], rule: 'SCHOOL_BOARD' },
  groupActivitiesG1: { reviewers: ['principal', 'vicePrincipal'], rule: 'SCHOOL_BOARD' },
  subgroupActivitiesInfo: { reviewers: ['principal', 'vicePrincipal'], rule: 'SCHOOL_BOARD' },
  groupActivitiesG2: { reviewers: ['principal', 'vicePrincipal'], rule: 'SCHOOL_BOARD' },
  teacherPlanT1: { reviewers: ['subgroupHead', 'groupHead1'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
  lessonT1: { reviewers: ['subgroupHead', 'groupHead1'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
  lessonT2: { reviewers: ['groupHead1'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
  lessonSubgroupHead: { reviewers: ['groupHead1'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
  teacherPlanGroupHead1: { reviewers: ['vicePrincipal'], rule: 'BOARD_FALLBACK' },
  lessonT3: { reviewers: ['groupHead2'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
  lessonGroupHead2: { reviewers: ['vicePrincipal'], rule: 'BOARD_FALLBACK' },
  schoolPlanB: { reviewers: ['principalB'], rule: 'SCHOOL_COUNCIL_BY_PRINCIPAL' },
  groupTeachingMathB: { reviewers: ['principalB'], rule: 'SCHOOL_BOARD' },
  lessonTB: { reviewers: ['groupHeadB'], rule: 'SUBGROUP_OR_GROUP_HEADS' },
};

const staffFor = (plan: PlanScope) => (plan.schoolId === A ? staffOfA : staffOfB);
const idsOf = (names: PersonName[]) => names.map((n) => people[n].staffId).sort();

describe('reviewRoute (R7, R8, R9)', () => {
  for (const [planName, want] of Object.entries(expected) as Array<[PlanName, (typeof expected)[PlanName]]>) {
    it(`${planName} goes to ${want.reviewers.join(', ')} (${want.rule})`, () => {
      const route = reviewRoute(plans[planName], staffFor(plans[planName]));
      expect([...route.reviewerIds].sort()).toEqual(idsOf(want.reviewers));
      expect(route.rule).toBe(want.rule);
      expect(route.basis).toBe(plans[planName].kind === 'SCHOOL_PLAN' ? 'SCHOOL_COUNCIL' : 'REVIEW');
    });
  }
});

describe('canDecide: every role × every plan kind, in and out of scope', () => {
  for (const person of Object.keys(people) as PersonName[]) {
    for (const planName of Object.keys(plans) as PlanName[]) {
      const may = expected[planName].reviewers.includes(person);
      it(`${person} ${may ? 'may' : 'may not'} decide ${planName}`, () => {
        expect(canDecide(people[person], plans[planName], staffFor(plans[planName]))).toBe(may);
      });
    }
  }
});

describe('routing edge cases', () => {
  it('nobody reviews their own plan: a sub-group head who is also group head goes to the board', () => {
    const both: Actor = {
      staffId: 50,
      grants: [
        { role: 'TEACHER', schoolId: A, groupId: G1, subgroupId: SG_INFO },
        { role: 'SUBGROUP_HEAD', schoolId: A, groupId: G1, subgroupId: SG_INFO },
      ],
    };
    const plan = { ...plans.lessonT2, ownerId: 50 };
    const route = reviewRoute(plan, [...staffOfA, both]);
    expect(route.reviewerIds).toEqual([people.groupHead1.staffId]);
  });

  it('a school without a vice-principal sends the group head’s plan to the principal', () => {
    const staff = staffOfA.filter((a) => a !== people.vicePrincipal);
    expect(reviewRoute(plans.teacherPlanGroupHead1, staff).reviewerIds).toEqual([people.principal.staffId]);
  });

  it('a school without a principal lets the vice-principal record the council decision', () => {
    const staff = staffOfA.filter((a) => a !== people.principal);
    const route = reviewRoute(plans.schoolPlanA, staff);
    expect(route.reviewerIds).toEqual([people.vicePrincipal.staffId]);
    expect(route.basis).toBe('SCHOOL_COUNCIL');
  });

  it('a school without a board has no reviewer for group plans, and says so', () => {
    const staff = staffOfA.filter((a) => a !== people.principal && a !== people.vicePrincipal);
    expect(reviewRoute(plans.groupActivitiesG1, staff)).toEqual({ reviewerIds: [], basis: 'REVIEW', rule: 'NONE' });
  });

  it('a head of another school never reviews, even with a matching group id elsewhere', () => {
    expect(canDecide(people.groupHeadB, plans.lessonT1, [...staffOfA, people.groupHeadB])).toBe(false);
  });
});
