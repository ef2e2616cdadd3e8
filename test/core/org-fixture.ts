// A small hand-built organisation: school A (THCS, supervised by ward office U1) with
// group G1 (sub-groups Toán, Tin học) and group G2 (Ngữ văn, no sub-groups); school B (THPT,
// supervised by the Division). Every role of the directive appears at least once.
import type { Actor, PlanScope, RoleGrant } from '../../src/core/org.js';

export const U1 = 901; // ward office supervising school A
export const DIV = 900; // Secondary Education Division, supervises school B
export const A = 1;
export const B = 2;
export const G1 = 11;
export const G2 = 12;
export const GB = 21;
export const SG_MATH = 111;
export const SG_INFO = 112;

const teacher = (groupId: number, subgroupId: number | null, schoolId = A): RoleGrant => ({
  role: 'TEACHER', schoolId, groupId, subgroupId,
});

function actor(staffId: number, ...grants: RoleGrant[]): Actor {
  return { staffId, grants };
}

export const people = {
  t1: actor(1, teacher(G1, SG_MATH)),
  t2: actor(2, teacher(G1, SG_INFO)),
  subgroupHead: actor(3, teacher(G1, SG_MATH), { role: 'SUBGROUP_HEAD', schoolId: A, groupId: G1, subgroupId: SG_MATH }),
  groupHead1: actor(4, teacher(G1, SG_MATH), { role: 'GROUP_HEAD', schoolId: A, groupId: G1 }),
  groupHead2: actor(5, teacher(G2, null), { role: 'GROUP_HEAD', schoolId: A, groupId: G2 }),
  t3: actor(6, teacher(G2, null)),
  vicePrincipal: actor(7, { role: 'VICE_PRINCIPAL', schoolId: A }),
  principal: actor(8, { role: 'PRINCIPAL', schoolId: A }),
  schoolAdmin: actor(9, teacher(G2, null), { role: 'SCHOOL_ADMIN', schoolId: A }),
  unitAccount: actor(20, { role: 'UNIT_ACCOUNT', unitId: U1 }),
  divisionAccount: actor(21, { role: 'UNIT_ACCOUNT', unitId: DIV }),
  mathSpecialist: actor(22, { role: 'DIVISION_SPECIALIST', unitId: DIV, subjects: ['toán'] }),
  divisionLeader: actor(23, { role: 'DIVISION_LEADER', unitId: DIV }),
  director: actor(24, { role: 'DEPARTMENT_DIRECTOR', unitId: 899 }),
  hotline: actor(25, { role: 'HOTLINE_ADMIN', unitId: 899 }),
  tB: actor(30, teacher(GB, null, B)),
  principalB: actor(31, { role: 'PRINCIPAL', schoolId: B }),
  groupHeadB: actor(32, teacher(GB, null, B), { role: 'GROUP_HEAD', schoolId: B, groupId: GB }),
} as const;
export type PersonName = keyof typeof people;

export const staffOfA: Actor[] = Object.values(people).filter((p) => p.grants.some((g) => g.schoolId === A));
export const staffOfB: Actor[] = Object.values(people).filter((p) => p.grants.some((g) => g.schoolId === B));

const inA = { schoolId: A, schoolLevel: 'THCS', supervisingUnitId: U1 } as const;
const inB = { schoolId: B, schoolLevel: 'THPT', supervisingUnitId: DIV } as const;

export const plans = {
  schoolPlanA: { ...inA, kind: 'SCHOOL_PLAN', ownerId: people.principal.staffId },
  groupTeachingMathA: { ...inA, kind: 'GROUP_TEACHING_PLAN', groupId: G1, subgroupId: SG_MATH, subject: 'Toán', ownerId: people.groupHead1.staffId },
  groupActivitiesG1: { ...inA, kind: 'GROUP_ACTIVITIES_PLAN', groupId: G1, ownerId: people.groupHead1.staffId, groupSubjects: ['Toán', 'Tin học'] },
  subgroupActivitiesInfo: { ...inA, kind: 'GROUP_ACTIVITIES_PLAN', groupId: G1, subgroupId: SG_INFO, subject: 'Tin học', ownerId: people.t2.staffId },
  groupActivitiesG2: { ...inA, kind: 'GROUP_ACTIVITIES_PLAN', groupId: G2, ownerId: people.groupHead2.staffId, groupSubjects: ['Ngữ văn'] },
  teacherPlanT1: { ...inA, kind: 'TEACHER_PLAN', groupId: G1, subgroupId: SG_MATH, subject: 'Toán', ownerId: people.t1.staffId },
  lessonT1: { ...inA, kind: 'LESSON_PLAN', groupId: G1, subgroupId: SG_MATH, subject: 'Toán', ownerId: people.t1.staffId },
  lessonT2: { ...inA, kind: 'LESSON_PLAN', groupId: G1, subgroupId: SG_INFO, subject: 'Tin học', ownerId: people.t2.staffId },
  lessonSubgroupHead: { ...inA, kind: 'LESSON_PLAN', groupId: G1, subgroupId: SG_MATH, subject: 'Toán', ownerId: people.subgroupHead.staffId },
  teacherPlanGroupHead1: { ...inA, kind: 'TEACHER_PLAN', groupId: G1, subgroupId: SG_MATH, subject: 'Toán', ownerId: people.groupHead1.staffId },
  lessonT3: { ...inA, kind: 'LESSON_PLAN', groupId: G2, subject: 'Ngữ văn', ownerId: people.t3.staffId },
  lessonGroupHead2: { ...inA, kind: 'LESSON_PLAN', groupId: G2, subject: 'Ngữ văn', ownerId: people.groupHead2.staffId },
  schoolPlanB: { ...inB, kind: 'SCHOOL_PLAN', ownerId: people.principalB.staffId },
  groupTeachingMathB: { ...inB, kind: 'GROUP_TEACHING_PLAN', groupId: GB, subject: 'Toán', ownerId: people.groupHeadB.staffId },
  lessonTB: { ...inB, kind: 'LESSON_PLAN', groupId: GB, subject: 'Toán', ownerId: people.tB.staffId },
} satisfies Record<string, PlanScope>;
export type PlanName = keyof typeof plans;
