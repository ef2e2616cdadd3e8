// The domain's vocabulary, with the Vietnamese label a user sees for each term.

export const ROLES = [
  'TEACHER',
  'SUBGROUP_HEAD',
  'GROUP_HEAD',
  'VICE_PRINCIPAL',
  'PRINCIPAL',
  'SCHOOL_ADMIN',
  'UNIT_ACCOUNT',
  'DIVISION_SPECIALIST',
  'DIVISION_LEADER',
  'DEPARTMENT_DIRECTOR',
  'HOTLINE_ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  TEACHER: 'Giáo viên',
  SUBGROUP_HEAD: 'Nhóm trưởng chuyên môn',
  GROUP_HEAD: 'Tổ trưởng chuyên môn',
  VICE_PRINCIPAL: 'Phó hiệu trưởng phụ trách chuyên môn',
  PRINCIPAL: 'Hiệu trưởng',
  SCHOOL_ADMIN: 'Giáo viên quản trị phần mềm',
  UNIT_ACCOUNT: 'Tài khoản đơn vị quản lý',
  DIVISION_SPECIALIST: 'Chuyên viên bộ môn',
  DIVISION_LEADER: 'Lãnh đạo Phòng Giáo dục trung học',
  DEPARTMENT_DIRECTOR: 'Ban Giám đốc Sở',
  HOTLINE_ADMIN: 'Tổ hỗ trợ (Hotline)',
};

/** Roles held inside a school; the others belong to an office (OrgUnit). */
export const SCHOOL_ROLES: readonly Role[] = [
  'TEACHER', 'SUBGROUP_HEAD', 'GROUP_HEAD', 'VICE_PRINCIPAL', 'PRINCIPAL', 'SCHOOL_ADMIN',
];

export const PLAN_KINDS = [
  'SCHOOL_PLAN',
  'GROUP_TEACHING_PLAN',
  'GROUP_ACTIVITIES_PLAN',
  'TEACHER_PLAN',
  'LESSON_PLAN',
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  SCHOOL_PLAN: 'Kế hoạch giáo dục của nhà trường',
  GROUP_TEACHING_PLAN: 'Kế hoạch dạy học của tổ chuyên môn',
  GROUP_ACTIVITIES_PLAN: 'Kế hoạch tổ chức các hoạt động giáo dục',
  TEACHER_PLAN: 'Kế hoạch giáo dục của giáo viên',
  LESSON_PLAN: 'Kế hoạch bài dạy',
};

/** Kinds due by the annual deadline (R4); lesson plans are due before teaching (R5). */
export const ANNUAL_KINDS: readonly PlanKind[] = [
  'SCHOOL_PLAN', 'GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN', 'TEACHER_PLAN',
];
export const GROUP_KINDS: readonly PlanKind[] = ['GROUP_TEACHING_PLAN', 'GROUP_ACTIVITIES_PLAN'];
export const TEACHER_KINDS: readonly PlanKind[] = ['TEACHER_PLAN', 'LESSON_PLAN'];

export const SCHOOL_LEVELS = ['THCS', 'THPT', 'MULTI'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];
export const SCHOOL_LEVEL_LABELS: Record<SchoolLevel, string> = {
  THCS: 'THCS',
  THPT: 'THPT',
  MULTI: 'Phổ thông nhiều cấp học',
};

export const UNIT_KINDS = ['DEPARTMENT', 'DIVISION', 'SUPERVISING'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const PLAN_STATES = ['SUBMITTED', 'APPROVED', 'RETURNED'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
export const PLAN_STATE_LABELS: Record<PlanState, string> = {
  SUBMITTED: 'Chờ duyệt',
  APPROVED: 'Đã duyệt',
  RETURNED: 'Bị trả lại',
};

export const CHANNELS = ['TELEGRAM', 'ZALO', 'WEB', 'CLI'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Readers for vocabulary values stored as text (SQLite has no enum type that both databases
 * share): a value outside the vocabulary is a damaged row, said with the value, not a silent
 * wrong type.
 */
function readerOf<T extends string>(values: readonly T[], what: string): (value: string) => T {
  return (value) => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new Error(`not a ${what}: ${JSON.stringify(value)}`);
  };
}
export const roleOf = readerOf(ROLES, 'role');
export const planKindOf = readerOf(PLAN_KINDS, 'plan kind');
export const schoolLevelOf = readerOf(SCHOOL_LEVELS, 'school level');
export const unitKindOf = readerOf(UNIT_KINDS, 'unit kind');
export const planStateOf = readerOf(PLAN_STATES, 'plan state');
export const channelOf = readerOf(CHANNELS, 'channel');
