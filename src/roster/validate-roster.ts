// Checks every roster row before anything is written, and turns the rows into a plan of
// what should exist. Pure: the same rows give the same plan or the same Vietnamese errors.
import { normalisePhone } from '../core/phone.js';
import { codeFromName, foldVietnamese } from '../core/text.js';
import { ROLE_LABELS, SCHOOL_ROLES, type Role } from '../core/vocabulary.js';
import { ROSTER_COLUMNS, levelOfName, roleOfName, splitList, unitKindOfName } from './roster-columns.js';
import type {
  PlannedPerson, PlannedRole, PlannedSchool, PlannedUnit, RosterPlan, RosterRow, RosterValidation, RowError, UnitRef,
} from './roster-plan.js';

const H = Object.fromEntries(Object.entries(ROSTER_COLUMNS).map(([k, v]) => [k, v.header])) as Record<
  keyof typeof ROSTER_COLUMNS,
  string
>;

class RowProblem extends Error {}

export function validateRoster(rows: readonly RosterRow[]): RosterValidation {
  const errors: RowError[] = [];
  const state = new PlanBuilder();
  for (const row of rows) {
    if (Object.values(row.cells).every((v) => !v?.trim())) continue; // blank line
    try {
      state.addRow(row);
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      errors.push({ rowNumber: row.rowNumber, message: e.message });
    }
  }
  if (rows.length === 0 || (errors.length === 0 && state.people.length === 0)) {
    errors.push({ rowNumber: 1, message: 'Tệp không có dòng dữ liệu nào.' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plan: state.toPlan() };
}

class PlanBuilder {
  readonly units = new Map<string, PlannedUnit>();
  readonly schools = new Map<string, PlannedSchool & { firstRow: number }>();
  readonly groups = new Map<string, { schoolCode: string; name: string; subgroups: Set<string> }>();
  readonly people: Array<PlannedPerson> = [];
  private readonly byCode = new Map<string, PlannedPerson>();
  private readonly byPhone = new Map<string, PlannedPerson>();

  addRow(row: RosterRow): void {
    const cell = (k: keyof typeof ROSTER_COLUMNS) => row.cells[k]?.trim().replace(/\s+/g, ' ') ?? '';
    const fullName = cell('fullName');
    if (!fullName) fail(`thiếu "${H.fullName}".`);
    const phone = readPhone(cell('phone'));
    const email = readEmail(cell('email'));
    const staffCode = cell('staffCode') || null;
    if (!staffCode && !phone) fail(`cần "${H.staffCode}" hoặc "${H.phone}" để nhận ra người này khi nhập lại.`);
    const roles = readRoles(cell('roles'), cell('group'));
    const onSchool = roles.some((r) => SCHOOL_ROLES.includes(r));
    if (onSchool && roles.some((r) => !SCHOOL_ROLES.includes(r))) {
      fail('một dòng không thể vừa có vai trò trong trường vừa có vai trò ở cơ quan quản lý; hãy tách thành hai người.');
    }
    const subjects = splitList(cell('subjects'));
    const person = onSchool
      ? this.schoolPerson(row, cell, roles, subjects)
      : this.officePerson(cell, roles, subjects);
    this.merge(row.rowNumber, { staffCode, fullName, phone, email, subjects, ...person });
  }

  private schoolPerson(
    row: RosterRow,
    cell: (k: keyof typeof ROSTER_COLUMNS) => string,
    roles: Role[],
    subjects: string[],
  ): Pick<PlannedPerson, 'schoolCode' | 'unit' | 'roles'> {
    const school = this.school(row.rowNumber, cell('schoolCode'), cell('schoolName'), cell('level'), cell('unit'), cell('unitType'));
    const group = cell('group') || undefined;
    const subgroup = cell('subgroup') || undefined;
    if (subgroup && !group) fail(`có "${H.subgroup}" nhưng thiếu "${H.group}".`);
    if (roles.includes('TEACHER') && !group) fail(`giáo viên cần "${H.group}".`);
    if (group) this.addGroup(school.code, group, subgroup);
    const planned: PlannedRole[] = roles.map((role) => {
      if (role === 'GROUP_HEAD' && !group) fail(`vai trò "${ROLE_LABELS.GROUP_HEAD}" cần cột "${H.group}".`);
      if (role === 'SUBGROUP_HEAD' && !subgroup) fail(`vai trò "${ROLE_LABELS.SUBGROUP_HEAD}" cần cột "${H.subgroup}".`);
      const inGroup = role === 'TEACHER' || role === 'GROUP_HEAD' || role === 'SUBGROUP_HEAD';
      return inGroup
        ? { role, schoolCode: school.code, group, subgroup: role === 'GROUP_HEAD' ? undefined : subgroup }
        : { role, schoolCode: school.code };
    });
    if (roles.includes('TEACHER') && subjects.length === 0 && !subgroup) {
      fail(`giáo viên cần "${H.subjects}" hoặc "${H.subgroup}".`);
    }
    return { schoolCode: school.code, unit: null, roles: planned };
  }

  private officePerson(
    cell: (k: keyof typeof ROSTER_COLUMNS) => string,
    roles: Role[],
    subjects: string[],
  ): Pick<PlannedPerson, 'schoolCode' | 'unit' | 'roles'> {
    if (cell('schoolCode')) fail(`vai trò ở cơ quan quản lý không đi kèm "${H.schoolCode}".`);
    const unit = this.officeUnit(roles, cell('unit'), cell('unitType'));
    const planned = roles.map((role): PlannedRole => {
      if (role === 'DIVISION_SPECIALIST') {
        if (unit.kind !== 'DIVISION') fail('chuyên viên bộ môn phải thuộc Phòng Giáo dục trung học.');
        if (subjects.length === 0) fail(`chuyên viên bộ môn cần "${H.subjects}" (các môn phụ trách).`);
        return { role, unit, subjects };
      }
      if (role === 'DIVISION_LEADER' && unit.kind !== 'DIVISION') {
        fail('lãnh đạo phòng phải thuộc Phòng Giáo dục trung học.');
      }
      if (role === 'UNIT_ACCOUNT' && unit.kind === 'DEPARTMENT') {
        fail('tài khoản đơn vị phải thuộc Phòng Giáo dục trung học hoặc một đơn vị quản lý trường.');
      }
      return { role, unit };
    });
    return { schoolCode: null, unit, roles: planned };
  }

  private officeUnit(roles: Role[], unitName: string, unitType: string): UnitRef {
    if (!unitName) {
      if (roles.some((r) => r === 'DEPARTMENT_DIRECTOR' || r === 'HOTLINE_ADMIN')) return { kind: 'DEPARTMENT' };
      if (roles.some((r) => r === 'DIVISION_SPECIALIST' || r === 'DIVISION_LEADER')) return { kind: 'DIVISION' };
      fail(`thiếu "${H.unit}".`);
    }
    return this.unitRef(unitName, unitType);
  }

  private unitRef(name: string, typeLabel: string): UnitRef {
    const kind = unitKindOfName(name);
    if (kind !== 'SUPERVISING') return { kind };
    const code = codeFromName(name);
    const known = this.units.get(code);
    if (known && typeLabel && known.typeLabel && known.typeLabel !== typeLabel) {
      fail(`đơn vị "${name}" đã được ghi loại "${known.typeLabel}" ở dòng trên, ở đây là "${typeLabel}".`);
    }
    this.units.set(code, { code, name: known?.name ?? name, typeLabel: known?.typeLabel ?? (typeLabel || null) });
    return { kind, code };
  }

  private school(rowNumber: number, code: string, name: string, levelText: string, unitName: string, unitType: string): PlannedSchool {
    if (!code) fail(`thiếu "${H.schoolCode}".`);
    const known = this.schools.get(code);
    const level = levelText ? levelOfName(levelText) : known?.level;
    if (levelText && !level) fail(`"${H.level}" phải là THCS, THPT hoặc "Nhiều cấp", không phải "${levelText}".`);
    if (!known) {
      if (!name) fail(`thiếu "${H.schoolName}" cho trường ${code}.`);
      if (!level) fail(`thiếu "${H.level}" cho trường ${code}.`);
    }
    const supervisor = unitName ? this.unitRef(unitName, unitType) : (known?.supervisor ?? defaultSupervisor(level!));
    const planned = { code, name: name || known!.name, level: level!, supervisor };
    if (known) this.checkSameSchool(known, planned);
    else this.schools.set(code, { ...planned, firstRow: rowNumber });
    return planned;
  }

  private checkSameSchool(known: PlannedSchool & { firstRow: number }, now: PlannedSchool): void {
    const differs =
      known.name !== now.name ? `tên "${known.name}"` :
      known.level !== now.level ? `cấp học ${known.level}` :
      JSON.stringify(known.supervisor) !== JSON.stringify(now.supervisor) ? 'đơn vị quản lý khác' : null;
    if (differs) fail(`trường ${known.code} đã được ghi với ${differs} ở dòng ${known.firstRow}.`);
  }

  private addGroup(schoolCode: string, name: string, subgroup: string | undefined): void {
    const key = `${schoolCode}\u0000${foldVietnamese(name)}`;
    const group = this.groups.get(key) ?? { schoolCode, name, subgroups: new Set<string>() };
    if (subgroup && ![...group.subgroups].some((s) => foldVietnamese(s) === foldVietnamese(subgroup))) {
      group.subgroups.add(subgroup);
    }
    this.groups.set(key, group);
  }

  /** One person may span several rows (two groups, say); rows must agree on who they are. */
  private merge(rowNumber: number, p: Omit<PlannedPerson, 'rowNumbers'>): void {
    const byCode = p.staffCode ? this.byCode.get(p.staffCode) : undefined;
    const byPhone = p.phone ? this.byPhone.get(p.phone) : undefined;
    if (byCode && byPhone && byCode !== byPhone) {
      fail(`số điện thoại ${p.phone} đã thuộc người khác ở dòng ${byPhone.rowNumbers[0]}.`);
    }
    const existing = byCode ?? byPhone;
    if (!existing) {
      const person = { ...p, rowNumbers: [rowNumber] };
      this.people.push(person);
      if (p.staffCode) this.byCode.set(p.staffCode, person);
      if (p.phone) this.byPhone.set(p.phone, person);
      return;
    }
    const first = existing.rowNumbers[0];
    if (foldVietnamese(existing.fullName) !== foldVietnamese(p.fullName)) {
      const how = byCode ? `mã cán bộ ${p.staffCode}` : `số điện thoại ${p.phone}`;
      fail(`${how} đã được dùng cho "${existing.fullName}" ở dòng ${first}.`);
    }
    if (existing.schoolCode !== p.schoolCode) fail(`"${p.fullName}" đã được ghi ở đơn vị khác ở dòng ${first}.`);
    existing.rowNumbers.push(rowNumber);
    existing.roles.push(...p.roles);
    existing.subjects = [...new Set([...existing.subjects, ...p.subjects])];
  }

  toPlan(): RosterPlan {
    return {
      units: [...this.units.values()],
      schools: [...this.schools.values()].map(({ firstRow: _, ...s }) => s),
      groups: [...this.groups.values()].map((g) => ({ ...g, subgroups: [...g.subgroups] })),
      people: this.people,
    };
  }
}

function defaultSupervisor(level: string): UnitRef {
  if (level === 'THCS') fail(`trường THCS cần "${H.unit}" (đơn vị quản lý trực tiếp, nơi nhận báo cáo kế hoạch).`);
  // THPT and multi-level schools report to the Division (a multi-level school reports at its highest level).
  return { kind: 'DIVISION' };
}

function readRoles(cell: string, group: string): Role[] {
  const names = splitList(cell);
  if (names.length === 0) {
    if (group) return ['TEACHER'];
    fail(`thiếu "${H.roles}".`);
  }
  const roles = names.map((name) => {
    const role = roleOfName(name);
    if (!role) fail(`vai trò "${name}" không có trong danh mục (${Object.values(ROLE_LABELS).join('; ')}).`);
    return role;
  });
  // A row that names a group is a teacher of that group (heads teach too).
  if (group && !roles.includes('TEACHER')) roles.unshift('TEACHER');
  return [...new Set(roles)];
}

function readPhone(cell: string): string | null {
  if (!cell) return null;
  const phone = normalisePhone(cell);
  if (!phone) fail(`số điện thoại "${cell}" không hợp lệ.`);
  return phone;
}

function readEmail(cell: string): string | null {
  if (!cell) return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell)) fail(`email "${cell}" không hợp lệ.`);
  return cell.toLowerCase();
}

function fail(message: string): never {
  throw new RowProblem(message.charAt(0).toUpperCase() + message.slice(1));
}
