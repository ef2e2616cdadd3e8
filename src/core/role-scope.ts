// Where each role applies, as the roster import records it: the board and the school admin
// to a school, heads and teachers to a group or sub-group, office roles to a unit. The web
// admin adds roles with the same scopes and the same natural key, so a later roster import
// recognises them instead of adding a duplicate.
import { SCHOOL_ROLES, type Role, type UnitKind } from './vocabulary.js';

/** What a role must name besides the person. */
export type ScopeNeed = 'SCHOOL' | 'GROUP' | 'SUBGROUP' | 'GROUP_OR_SUBGROUP' | 'UNIT';

export function scopeNeedOf(role: Role): ScopeNeed {
  switch (role) {
    case 'PRINCIPAL':
    case 'VICE_PRINCIPAL':
    case 'SCHOOL_ADMIN':
      return 'SCHOOL';
    case 'GROUP_HEAD':
      return 'GROUP';
    case 'SUBGROUP_HEAD':
      return 'SUBGROUP';
    case 'TEACHER':
      return 'GROUP_OR_SUBGROUP';
    default:
      return 'UNIT';
  }
}

export function isSchoolRole(role: Role): boolean {
  return SCHOOL_ROLES.includes(role);
}

export interface RoleScope {
  schoolId: number | null;
  groupId: number | null;
  subgroupId: number | null;
  unitId: number | null;
}

/** The natural key of a role's scope (same format as the roster import writes). */
export function scopeKeyOf(scope: RoleScope): string {
  return [scope.schoolId, scope.groupId, scope.subgroupId, scope.unitId].map((v) => v ?? '').join('|');
}

/** What the person is attached to: a school (school roles) or an office unit (office roles). */
export type Placement = { kind: 'SCHOOL'; schoolId: number } | { kind: 'UNIT'; unitId: number; unitKind: UnitKind } | { kind: 'NONE' };

/** A place picked in a school for a role: a group, or a sub-group with its group. */
export type SchoolPlace = { groupId: number; subgroupId: number | null } | null;

/**
 * The scope a role takes for a person, or the Vietnamese reason it cannot be given. School
 * roles belong to the person's own school (other schools' roles are not used when they
 * submit); office roles to their own unit, with the unit kinds the roster accepts.
 */
export function scopeForRole(
  role: Role,
  placement: Placement,
  place: SchoolPlace,
  subjects: readonly string[],
): { ok: true; scope: RoleScope } | { ok: false; reason: string } {
  const need = scopeNeedOf(role);
  if (need === 'UNIT') {
    if (placement.kind !== 'UNIT') return { ok: false, reason: 'Vai trò ở cơ quan quản lý chỉ dành cho người thuộc một đơn vị (không thuộc trường).' };
    if ((role === 'DIVISION_SPECIALIST' || role === 'DIVISION_LEADER') && placement.unitKind !== 'DIVISION') {
      return { ok: false, reason: 'Chuyên viên bộ môn và lãnh đạo phòng phải thuộc Phòng Giáo dục trung học.' };
    }
    if (role === 'UNIT_ACCOUNT' && placement.unitKind === 'DEPARTMENT') {
      return { ok: false, reason: 'Tài khoản đơn vị phải thuộc Phòng Giáo dục trung học hoặc một đơn vị quản lý trường.' };
    }
    if (role === 'DIVISION_SPECIALIST' && subjects.length === 0) {
      return { ok: false, reason: 'Chuyên viên bộ môn cần ít nhất một môn phụ trách.' };
    }
    return { ok: true, scope: { schoolId: null, groupId: null, subgroupId: null, unitId: placement.unitId } };
  }
  if (placement.kind !== 'SCHOOL') return { ok: false, reason: 'Vai trò trong trường chỉ dành cho người thuộc một trường.' };
  const school = { schoolId: placement.schoolId, unitId: null };
  switch (need) {
    case 'SCHOOL':
      return { ok: true, scope: { ...school, groupId: null, subgroupId: null } };
    case 'GROUP':
      if (!place) return { ok: false, reason: 'Tổ trưởng cần chọn tổ chuyên môn.' };
      return { ok: true, scope: { ...school, groupId: place.groupId, subgroupId: null } };
    case 'SUBGROUP':
      if (!place?.subgroupId) return { ok: false, reason: 'Nhóm trưởng cần chọn nhóm chuyên môn.' };
      return { ok: true, scope: { ...school, groupId: place.groupId, subgroupId: place.subgroupId } };
    case 'GROUP_OR_SUBGROUP':
      if (!place) return { ok: false, reason: 'Giáo viên cần chọn tổ hoặc nhóm chuyên môn.' };
      return { ok: true, scope: { ...school, groupId: place.groupId, subgroupId: place.subgroupId } };
  }
}
