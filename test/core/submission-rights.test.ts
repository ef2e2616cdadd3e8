import { describe, expect, it } from 'vitest';
import { canSubmit, submittableKinds } from '../../src/core/submission-rights.js';
import { A, B, G1, G2, SG_INFO, SG_MATH, people, plans, type PersonName, type PlanName } from './org-fixture.js';
import type { PlanKind } from '../../src/core/vocabulary.js';

describe('submittableKinds', () => {
  const expected: Record<PersonName, PlanKind[]> = {
    t1: ['LESSON_PLAN', 'TEACHER_PLAN'],
    t2: ['LESSON_PLAN', 'TEACHER_PLAN'],
    subgroupHead: ['LESSON_PLAN', 'TEACHER_PLAN', 'GROUP_ACTIVITIES_PLAN'],
    groupHead1: ['LESSON_PLAN', 'TEACHER_PLAN', 'GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN'],
    groupHead2: ['LESSON_PLAN', 'TEACHER_PLAN', 'GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN'],
    t3: ['LESSON_PLAN', 'TEACHER_PLAN'],
    vicePrincipal: ['SCHOOL_PLAN'],
    principal: ['SCHOOL_PLAN'],
    schoolAdmin: ['LESSON_PLAN', 'TEACHER_PLAN'],
    unitAccount: [],
    divisionAccount: [],
    mathSpecialist: [],
    divisionLeader: [],
    director: [],
    hotline: [],
    tB: ['LESSON_PLAN', 'TEACHER_PLAN'],
    principalB: ['SCHOOL_PLAN'],
    groupHeadB: ['LESSON_PLAN', 'TEACHER_PLAN', 'GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN'],
  };
  it.each(Object.entries(expected))('%s may submit %j', (person, kinds) => {
    expect(submittableKinds(people[person as PersonName])).toEqual(kinds);
  });
});

describe('canSubmit', () => {
  const ownerMay: Record<PlanName, boolean> = {
    schoolPlanA: true,
    groupTeachingMathA: true,
    groupActivitiesG1: true,
    subgroupActivitiesInfo: false, // t2 is no sub-group head
    groupActivitiesG2: true,
    teacherPlanT1: true,
    lessonT1: true,
    lessonT2: true,
    lessonSubgroupHead: true,
    teacherPlanGroupHead1: true,
    lessonT3: true,
    lessonGroupHead2: true,
    schoolPlanB: true,
    groupTeachingMathB: true,
    lessonTB: true,
  };
  it.each(Object.entries(ownerMay))('the owner of %s may submit it: %s', (planName, may) => {
    const plan = plans[planName as PlanName];
    const owner = Object.values(people).find((p) => p.staffId === plan.ownerId)!;
    expect(canSubmit(owner, plan)).toBe(may);
  });

  it('nobody submits a plan in someone else’s name', () => {
    expect(canSubmit(people.groupHead1, plans.lessonT1)).toBe(false);
    expect(canSubmit(people.hotline, plans.lessonT1)).toBe(false);
  });

  it('a teacher cannot file a plan in a group they do not belong to', () => {
    const elsewhere = { ...plans.lessonT1, groupId: G2, subgroupId: null };
    expect(canSubmit(people.t1, elsewhere)).toBe(false);
    const otherSchool = { ...plans.lessonT1, schoolId: B };
    expect(canSubmit(people.t1, otherSchool)).toBe(false);
  });

  it('a sub-group head files the activities plan of their own sub-group only', () => {
    const own = { kind: 'GROUP_ACTIVITIES_PLAN', schoolId: A, schoolLevel: 'THCS', supervisingUnitId: 1, groupId: G1, subgroupId: SG_MATH, ownerId: people.subgroupHead.staffId } as const;
    expect(canSubmit(people.subgroupHead, own)).toBe(true);
    expect(canSubmit(people.subgroupHead, { ...own, subgroupId: SG_INFO })).toBe(false);
    expect(canSubmit(people.subgroupHead, { ...own, kind: 'GROUP_TEACHING_PLAN' })).toBe(false);
  });

  it('the vice-principal may file the school plan; the school admin may not', () => {
    expect(canSubmit(people.vicePrincipal, { ...plans.schoolPlanA, ownerId: people.vicePrincipal.staffId })).toBe(true);
    expect(canSubmit(people.schoolAdmin, { ...plans.schoolPlanA, ownerId: people.schoolAdmin.staffId })).toBe(false);
  });
});
