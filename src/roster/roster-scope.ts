// What a school's admin may import: people of their own school only (R1: the school manages
// its staff; units, office accounts and other schools belong to the hotline team). Pure: the
// caller says which schools the importer manages and who in the database each row would
// update; the answer is row errors in the CLI's words.
import { SCHOOL_ADMIN_ASSIGNS } from '../core/admin-rights.js';
import { isSchoolRole } from '../core/role-scope.js';
import { ROLE_LABELS } from '../core/vocabulary.js';
import type { PlannedPerson, RowError } from './roster-plan.js';

/** The person already in the database that a planned person would update (by code, else phone). */
export interface MatchedStaff {
  code: string;
  fullName: string;
  /** Whether the importer may change this person (canManageStaff). */
  manageable: boolean;
  /** Roles the person holds already (a row that repeats them gives nothing new). */
  heldRoles?: readonly string[];
}

export interface ImporterScope {
  /** Codes of the schools the importer manages, or 'ALL' for the hotline team. */
  schoolCodes: 'ALL' | ReadonlySet<string>;
  /** For each planned person, in plan order, who they would update (null: a new person). */
  matches: ReadonlyArray<MatchedStaff | null>;
}

export function rowsOutsideScope(people: readonly PlannedPerson[], scope: ImporterScope): RowError[] {
  const { schoolCodes } = scope;
  if (schoolCodes === 'ALL') return [];
  const errors: RowError[] = [];
  people.forEach((person, index) => {
    const match = scope.matches[index];
    let message: string | null = null;
    if (person.schoolCode === null) {
      message = 'Cán bộ của cơ quan quản lý (không thuộc trường) chỉ Tổ hỗ trợ được nhập; thầy/cô chỉ nhập được cán bộ, giáo viên của trường mình.';
    } else if (!schoolCodes.has(person.schoolCode)) {
      message = `Trường ${person.schoolCode} không thuộc quyền quản lý của thầy/cô; chỉ nhập được cán bộ, giáo viên của trường mình.`;
    } else if (match && !match.manageable) {
      // Nothing about that person is said: who holds a phone or code outside the importer's
      // school is not theirs to learn (the staff form answers the same way).
      message = 'Mã cán bộ hoặc số điện thoại ở dòng này đã thuộc một người ngoài phạm vi quản lý của thầy/cô; không nhập được dòng này. Hãy kiểm tra lại mã và số điện thoại; nếu người này chuyển về trường, nhờ Tổ hỗ trợ chuyển.';
    }
    if (message) for (const rowNumber of person.rowNumbers) errors.push({ rowNumber, message });
  });
  errors.push(...rolesOutsideRights(people, scope.matches));
  return errors.sort((a, b) => a.rowNumber - b.rowNumber);
}

/**
 * Board and admin roles are given by the hotline team only (canAssignRole), in the roster too;
 * a row may repeat one its person holds already (an export imported back changes nothing).
 */
function rolesOutsideRights(people: readonly PlannedPerson[], matches: ImporterScope['matches']): RowError[] {
  const errors: RowError[] = [];
  for (const [index, person] of people.entries()) {
    const held = new Set(matches[index]?.heldRoles ?? []);
    const refused = [...new Set(person.roles.map((r) => r.role).filter((role) => isSchoolRole(role) && !SCHOOL_ADMIN_ASSIGNS.includes(role) && !held.has(role)))];
    if (refused.length === 0) continue;
    const labels = refused.map((role) => `"${ROLE_LABELS[role]}"`).join(', ');
    const message = `Vai trò ${labels} chỉ Tổ hỗ trợ của Sở giao được; thầy/cô giao được vai trò giáo viên, tổ trưởng, nhóm trưởng. Hãy bỏ vai trò này khỏi dòng và nhờ Tổ hỗ trợ giao.`;
    for (const rowNumber of person.rowNumbers) errors.push({ rowNumber, message });
  }
  return errors;
}
