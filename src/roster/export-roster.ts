// The roster as it stands, written back in the import format: importing an export changes
// nothing. Pure: people with their roles in, spreadsheet rows out. Every role becomes (part
// of) a row saying exactly that role, so a person the format cannot express fails validation
// on re-import with a row number instead of silently losing a role.
import { SCHOOL_ROLES, type Role, type SchoolLevel, type UnitKind } from '../core/vocabulary.js';
import { ROSTER_COLUMNS, type RosterColumn } from './roster-columns.js';

/** Role names as the import reads them back (roster-columns' roleOfName; a test keeps them in step). */
export const ROSTER_ROLE_NAMES: Record<Role, string> = {
  TEACHER: 'Giáo viên',
  SUBGROUP_HEAD: 'Nhóm trưởng',
  GROUP_HEAD: 'Tổ trưởng',
  VICE_PRINCIPAL: 'Phó hiệu trưởng',
  PRINCIPAL: 'Hiệu trưởng',
  SCHOOL_ADMIN: 'Quản trị phần mềm',
  UNIT_ACCOUNT: 'Tài khoản đơn vị',
  DIVISION_SPECIALIST: 'Chuyên viên',
  DIVISION_LEADER: 'Lãnh đạo phòng',
  DEPARTMENT_DIRECTOR: 'Ban Giám đốc',
  HOTLINE_ADMIN: 'Hotline',
};

export const ROSTER_LEVEL_NAMES: Record<SchoolLevel, string> = { THCS: 'THCS', THPT: 'THPT', MULTI: 'Nhiều cấp' };

/** The import knows the Department and the Division by these names, whatever they are called here. */
const ROOT_UNIT_NAMES: Record<Exclude<UnitKind, 'SUPERVISING'>, string> = {
  DEPARTMENT: 'Sở Giáo dục và Đào tạo',
  DIVISION: 'Phòng Giáo dục trung học',
};

export interface ExportUnit {
  kind: UnitKind;
  name: string;
  typeLabel: string | null;
}

export interface ExportSchool {
  code: string;
  name: string;
  level: SchoolLevel;
  supervisor: ExportUnit;
}

export interface ExportRole {
  role: Role;
  school?: ExportSchool | null;
  group?: string | null;
  /** Sub-group, named by its subject. */
  subgroup?: string | null;
  unit?: ExportUnit | null;
  subjects?: readonly string[];
}

export interface ExportPerson {
  code: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  subjects: readonly string[];
  roles: readonly ExportRole[];
}

export type RosterCells = Record<RosterColumn, string>;

export const ROSTER_HEADERS: readonly string[] = Object.values(ROSTER_COLUMNS).map((c) => c.header);
const COLUMN_ORDER = Object.keys(ROSTER_COLUMNS) as RosterColumn[];

/** Rows in import format: people ordered by school then staff code, office staff last. */
export function rosterRowsOf(people: readonly ExportPerson[]): RosterCells[] {
  const sortKey = (p: ExportPerson) => {
    const school = p.roles.find((r) => r.school)?.school?.code;
    return `${school ? `0${school}` : '1'}\u0000${p.code}`;
  };
  return [...people].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0)).flatMap(rowsOfPerson);
}

/** A row's cells in column order, for writing. */
export function cellsInOrder(row: RosterCells): string[] {
  return COLUMN_ORDER.map((c) => row[c]);
}

interface DraftRow {
  place: Partial<RosterCells>;
  roles: Role[];
  subjects: readonly string[];
}

function rowsOfPerson(person: ExportPerson): RosterCells[] {
  const rows: DraftRow[] = [];
  const rowAt = (place: Partial<RosterCells>, match: (row: DraftRow) => boolean): DraftRow => {
    const found = rows.find(match);
    if (found) return found;
    const row: DraftRow = { place, roles: [], subjects: person.subjects };
    rows.push(row);
    return row;
  };
  const inGroup = (r: ExportRole) => r.school && r.group && ['TEACHER', 'GROUP_HEAD', 'SUBGROUP_HEAD'].includes(r.role);
  // Teachers first: each (group, sub-group) they teach in is a row the heads' roles can join.
  const ordered = [...person.roles].sort((a, b) => rank(a) - rank(b));
  for (const r of ordered) {
    if (SCHOOL_ROLES.includes(r.role)) {
      if (!r.school) continue; // a school role without a school cannot be written
      const school = r.school;
      const sameSchool = (row: DraftRow) => row.place.schoolCode === school.code;
      if (inGroup(r)) {
        const group = r.group!;
        const subgroup = r.role === 'GROUP_HEAD' ? undefined : (r.subgroup ?? '');
        const row = rowAt(
          { ...schoolCells(school), group, subgroup: subgroup ?? '' },
          (row) => sameSchool(row) && row.place.group === group && (subgroup === undefined || row.place.subgroup === subgroup),
        );
        addRole(row, r.role);
      } else if (r.role !== 'TEACHER') {
        addRole(rowAt({ ...schoolCells(school), group: '', subgroup: '' }, sameSchool), r.role);
      }
    } else {
      const unit = r.unit ?? null;
      const place = unit ? unitCells(unit) : { unit: '', unitType: '' };
      const row = rowAt(place, (row) => !row.place.schoolCode && row.place.unit === place.unit);
      addRole(row, r.role);
      if (r.role === 'DIVISION_SPECIALIST') row.subjects = r.subjects ?? [];
    }
  }
  return rows.map((row) => ({
    schoolCode: '', schoolName: '', level: '', unit: '', unitType: '', group: '', subgroup: '',
    ...row.place,
    staffCode: person.code,
    fullName: person.fullName,
    roles: row.roles.map((role) => ROSTER_ROLE_NAMES[role]).join('; '),
    subjects: row.subjects.join('; '),
    phone: person.phone ?? '',
    email: person.email ?? '',
  }));
}

function rank(r: ExportRole): number {
  return r.role === 'TEACHER' ? 0 : r.role === 'SUBGROUP_HEAD' ? 1 : r.role === 'GROUP_HEAD' ? 2 : 3;
}

function addRole(row: DraftRow, role: Role): void {
  if (!row.roles.includes(role)) row.roles.push(role);
}

function schoolCells(school: ExportSchool): Partial<RosterCells> {
  return { schoolCode: school.code, schoolName: school.name, level: ROSTER_LEVEL_NAMES[school.level], ...unitCells(school.supervisor) };
}

function unitCells(unit: ExportUnit): Pick<RosterCells, 'unit' | 'unitType'> {
  if (unit.kind !== 'SUPERVISING') return { unit: ROOT_UNIT_NAMES[unit.kind], unitType: '' };
  return { unit: unit.name, unitType: unit.typeLabel ?? '' };
}
