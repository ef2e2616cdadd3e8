import { describe, expect, it } from 'vitest';
import { canSee, canSeeSchool } from '../../src/core/visibility.js';
import { A, B, DIV, U1, people, plans, type PersonName, type PlanName } from './org-fixture.js';

const allA: PlanName[] = [
  'schoolPlanA', 'groupTeachingMathA', 'groupActivitiesG1', 'subgroupActivitiesInfo', 'groupActivitiesG2',
  'teacherPlanT1', 'lessonT1', 'lessonT2', 'lessonSubgroupHead', 'teacherPlanGroupHead1', 'lessonT3', 'lessonGroupHead2',
];
const allB: PlanName[] = ['schoolPlanB', 'groupTeachingMathB', 'lessonTB'];
const groupPlansG1: PlanName[] = ['groupTeachingMathA', 'groupActivitiesG1', 'subgroupActivitiesInfo'];

// R10, written out by hand for every role: exactly these plans are visible, no others.
const expected: Record<PersonName, PlanName[]> = {
  t1: ['schoolPlanA', ...groupPlansG1, 'teacherPlanT1', 'lessonT1'],
  t2: ['schoolPlanA', ...groupPlansG1, 'lessonT2'],
  subgroupHead: ['schoolPlanA', ...groupPlansG1, 'teacherPlanT1', 'lessonT1', 'lessonSubgroupHead', 'teacherPlanGroupHead1'],
  groupHead1: ['schoolPlanA', ...groupPlansG1, 'teacherPlanT1', 'lessonT1', 'lessonT2', 'lessonSubgroupHead', 'teacherPlanGroupHead1'],
  groupHead2: ['schoolPlanA', 'groupActivitiesG2', 'lessonT3', 'lessonGroupHead2'],
  t3: ['schoolPlanA', 'groupActivitiesG2', 'lessonT3'],
  vicePrincipal: allA,
  principal: allA,
  schoolAdmin: allA,
  unitAccount: allA,
  divisionAccount: allB,
  mathSpecialist: ['groupTeachingMathA', 'groupActivitiesG1', 'teacherPlanT1', 'lessonT1', 'lessonSubgroupHead', 'teacherPlanGroupHead1', 'groupTeachingMathB', 'lessonTB'],
  divisionLeader: [...allA, ...allB],
  director: [...allA, ...allB],
  hotline: [...allA, ...allB],
  tB: allB,
  principalB: allB,
  groupHeadB: allB,
};

describe('canSee (R10): every role × every plan kind, in and out of scope', () => {
  for (const [person, visible] of Object.entries(expected) as Array<[PersonName, PlanName[]]>) {
    for (const planName of Object.keys(plans) as PlanName[]) {
      const shouldSee = visible.includes(planName);
      it(`${person} ${shouldSee ? 'sees' : 'does not see'} ${planName}`, () => {
        expect(canSee(people[person], plans[planName])).toBe(shouldSee);
      });
    }
  }

  it('a specialist matches subjects regardless of case and spacing', () => {
    const specialist = { staffId: 99, grants: [{ role: 'DIVISION_SPECIALIST' as const, unitId: DIV, subjects: ['  NGỮ   VĂN '] }] };
    expect(canSee(specialist, plans.lessonT3)).toBe(true);
    expect(canSee(specialist, plans.lessonT1)).toBe(false);
  });

  it('a specialist never sees school plans, even of their subject schools', () => {
    expect(canSee(people.mathSpecialist, plans.schoolPlanA)).toBe(false);
  });

  it('a person with no roles sees only their own plans', () => {
    const nobody = { staffId: people.t1.staffId, grants: [] };
    expect(canSee(nobody, plans.lessonT1)).toBe(true);
    expect(canSee(nobody, plans.lessonT2)).toBe(false);
  });
});

describe('canSeeSchool', () => {
  const schoolA = { id: A, supervisingUnitId: U1 };
  const schoolB = { id: B, supervisingUnitId: DIV };
  it.each([
    ['principal', true, false],
    ['schoolAdmin', true, false],
    ['unitAccount', true, false],
    ['divisionAccount', false, true],
    ['hotline', true, true],
    ['mathSpecialist', true, true],
    ['t1', false, false],
    ['groupHead1', false, false],
  ] as Array<[PersonName, boolean, boolean]>)('%s: school A %s, school B %s', (person, a, b) => {
    expect(canSeeSchool(people[person], schoolA)).toBe(a);
    expect(canSeeSchool(people[person], schoolB)).toBe(b);
  });
});
