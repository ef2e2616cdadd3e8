// What a person may manage in the web admin. Reading records is decided by visibility.ts
// (R10); this module decides changes to the organisation, accounts and settings. The city's
// hotline team manages everything; a school's software-admin teacher manages their own
// school; nobody else changes the organisation.
import type { Actor } from './org.js';
import { canSeeSchool, visibilityRules } from './visibility.js';
import { roleOf, SCHOOL_ROLES, type Role } from './vocabulary.js';

export function isHotline(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'HOTLINE_ADMIN');
}

/** Schools whose hierarchy, staff and links the actor manages: 'ALL' or a list of ids. */
export function managedSchools(actor: Actor): 'ALL' | number[] {
  if (isHotline(actor)) return 'ALL';
  return [...new Set(actor.grants.filter((g) => g.role === 'SCHOOL_ADMIN' && g.schoolId != null).map((g) => g.schoolId!))];
}

export function canManageSchool(actor: Actor, schoolId: number): boolean {
  const managed = managedSchools(actor);
  return managed === 'ALL' || managed.includes(schoolId);
}

/** Whether the actor manages anything at all (sees the management pages). */
export function managesAnything(actor: Actor): boolean {
  const managed = managedSchools(actor);
  return managed === 'ALL' || managed.length > 0;
}

/** Supervising units, schools' creation and office accounts: the hotline team only. */
export function canManageCity(actor: Actor): boolean {
  return isHotline(actor);
}

/**
 * The school's board: the roles that approve the school's plans. A school admin (a teacher)
 * neither gives these roles nor handles their holders' records, accounts, phones or link
 * codes — that would let them take over the account that approves the school's work; the
 * hotline team does. Giving admin rights (SCHOOL_ADMIN) is the hotline's too.
 */
export const BOARD_ROLES: readonly Role[] = ['PRINCIPAL', 'VICE_PRINCIPAL'];
/** What a school admin may give within their school: teaching and the heads of groups. */
export const SCHOOL_ADMIN_ASSIGNS: readonly Role[] = ['TEACHER', 'SUBGROUP_HEAD', 'GROUP_HEAD'];

/** Where a staff member belongs, for deciding who may change them. */
export interface StaffPlacement {
  /** The school of their record, if any. */
  schoolId: number | null;
  /** Schools where they hold roles. */
  roleSchoolIds: readonly number[];
  /** Whether they hold an office role (unit account, Division, Department, hotline). */
  holdsOfficeRole: boolean;
  /** Whether they hold a board role (principal, vice-principal) anywhere. */
  holdsBoardRole: boolean;
}

/** The placement of a staff row loaded with its roles. */
export function placementOf(staff: { schoolId: number | null; unitId: number | null; roles: ReadonlyArray<{ schoolId: number | null; role: string }> }): StaffPlacement {
  return {
    schoolId: staff.schoolId,
    roleSchoolIds: staff.roles.flatMap((r) => (r.schoolId != null ? [r.schoolId] : [])),
    holdsOfficeRole: staff.unitId != null || staff.roles.some((r) => !SCHOOL_ROLES.includes(roleOf(r.role))),
    holdsBoardRole: staff.roles.some((r) => BOARD_ROLES.includes(roleOf(r.role))),
  };
}

/** A school admin manages teachers and heads who belong only to their school; the hotline manages all. */
export function canManageStaff(actor: Actor, staff: StaffPlacement): boolean {
  if (isHotline(actor)) return true;
  if (staff.holdsOfficeRole || staff.holdsBoardRole) return false;
  const schools = new Set([...(staff.schoolId != null ? [staff.schoolId] : []), ...staff.roleSchoolIds]);
  return schools.size > 0 && [...schools].every((id) => canManageSchool(actor, id));
}

/**
 * Which role may be given (or taken) where: teaching and heads' roles within a managed school;
 * board and admin roles in a school, and office roles, by the hotline only.
 */
export function canAssignRole(actor: Actor, role: Role, schoolId: number | null): boolean {
  if (!SCHOOL_ROLES.includes(role)) return isHotline(actor);
  if (schoolId == null) return false;
  return isHotline(actor) || (SCHOOL_ADMIN_ASSIGNS.includes(role) && canManageSchool(actor, schoolId));
}

/** School-year settings, the audit log and the job queues concern the whole city. */
export function canOperateCity(actor: Actor): boolean {
  return isHotline(actor);
}

/**
 * Whose compliance the actor may follow: every school, the schools of supervising units,
 * or listed schools — optionally only for some subjects (Division specialists). Null: none.
 */
export type ComplianceScope =
  | { schools: 'ALL'; subjects?: undefined }
  | { schools: 'ALL'; subjects: readonly string[] }
  | { schools: { unitIds: number[]; schoolIds: number[] }; subjects?: undefined };

export function complianceScope(actor: Actor): ComplianceScope | null {
  const rules = visibilityRules(actor);
  if (rules.some((r) => r.type === 'ALL')) return { schools: 'ALL' };
  const unitIds = rules.flatMap((r) => (r.type === 'SUPERVISED_SCHOOLS' ? [r.unitId] : []));
  const schoolIds = rules.flatMap((r) => (r.type === 'SCHOOL' && !r.kinds ? [r.schoolId] : []));
  if (unitIds.length > 0 || schoolIds.length > 0) return { schools: { unitIds, schoolIds } };
  const subjects = rules.flatMap((r) => (r.type === 'SUBJECTS' ? r.subjects : []));
  if (subjects.length > 0) return { schools: 'ALL', subjects };
  return null;
}

/** Whether a school lies in a compliance scope (same answer as canSeeSchool for whole schools). */
export function scopeIncludesSchool(actor: Actor, school: { id: number; supervisingUnitId: number }): boolean {
  return complianceScope(actor) !== null && canSeeSchool(actor, school);
}
