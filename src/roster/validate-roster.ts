// Checks every roster row before anything is written, and turns the rows into a plan of
// what should exist. Every problem of every row is reported at once (a file is fixed in one
// round, not one problem per upload). Pure: the same rows give the same plan or the same
// Vietnamese errors.
import { readPhone as parsePhone } from '../core/phone.js';
import { codeFromName, foldVietnamese } from '../core/text.js';
import { SCHOOL_ROLES, type Role } from '../core/vocabulary.js';
import {
  ACCEPTED_ROLE_NAMES, ROSTER_COLUMNS, groupKeyOf, levelOfName, readRoleName, roleTagOfName, splitList, unitKindOfName,
} from './roster-columns.js';
import type {
  PlannedPerson, PlannedRole, PlannedSchool, PlannedUnit, RosterPlan, RosterRow, RosterValidation, RowError, UnitRef,
} from './roster-plan.js';

const H = Object.fromEntries(Object.entries(ROSTER_COLUMNS).map(([k, v]) => [k, v.header])) as Record<
  keyof typeof ROSTER_COLUMNS,
  string
>;

export interface ValidateOptions {
  /**
   * The school the file is for (`--school`, the web's chooser): rows without a school code
   * belong to it, and its name, level and unit come from the system, not the file. Rows with
   * a school code keep it (multi-school files work as without a choice).
   */
  school?: PlannedSchool;
}

class RowProblem extends Error {}

export function validateRoster(rows: readonly RosterRow[], options: ValidateOptions = {}): RosterValidation {
  const errors: RowError[] = [];
  const state = new PlanBuilder(options);
  const footerFrom = signatureBlockStart(rows);
  for (const [index, row] of rows.entries()) {
    if (Object.values(row.cells).every((v) => !v?.trim())) continue; // blank line
    if (index >= footerFrom) {
      const text = Object.values(row.cells).filter((v) => v?.trim()).join(' ');
      state.notes.push({ rowNumber: row.rowNumber, message: `Bỏ qua "${text}": dòng ký tên, ghi chú dưới danh sách (không có mã cán bộ hay số điện thoại).` });
      continue;
    }
    const problems = state.addRow(row);
    for (const message of problems) errors.push({ rowNumber: row.rowNumber, message });
  }
  if (errors.length === 0 && state.people.length === 0) {
    errors.push({ rowNumber: 0, message: 'Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plan: state.toPlan(), notes: state.notes };
}

/**
 * Where the signature block under the list starts ("Người lập biểu", "HIỆU TRƯỞNG", the
 * signer's name, "(Ký tên, đóng dấu)"): the rows after the last one that has a staff code or
 * a phone, when none of them has either. Such rows cannot be anyone to import; they are
 * skipped with a note rather than refused. Rows above the last identified row stay checked.
 */
function signatureBlockStart(rows: readonly RosterRow[]): number {
  const identified = (r: RosterRow) => Boolean(r.cells.staffCode?.trim() || r.cells.phone?.trim());
  let last = -1;
  rows.forEach((r, i) => {
    if (identified(r)) last = i;
  });
  if (last < 0) return rows.length;
  const tail = rows.slice(last + 1).filter((r) => Object.values(r.cells).some((v) => v?.trim()));
  // A long tail is a list without phones or codes, not a signature block: check it.
  return tail.length > 0 && tail.length <= 8 ? last + 1 : rows.length;
}

type Cell = (k: keyof typeof ROSTER_COLUMNS) => string;

class PlanBuilder {
  readonly units = new Map<string, PlannedUnit>();
  readonly schools = new Map<string, PlannedSchool & { firstRow: number }>();
  readonly groups = new Map<string, { schoolCode: string; name: string; subgroups: Set<string> }>();
  readonly people: Array<PlannedPerson> = [];
  readonly notes: RowError[] = [];
  private readonly byCode = new Map<string, PlannedPerson>();
  private readonly byPhone = new Map<string, PlannedPerson>();
  private problems: string[] = [];

  constructor(private readonly options: ValidateOptions) {}

  /** Adds the row to the plan, or returns everything wrong with it (nothing is added then). */
  addRow(row: RosterRow): string[] {
    this.problems = [];
    const cell: Cell = (k) => row.cells[k]?.trim().replace(/\s+/g, ' ') ?? '';
    let fullName = cell('fullName');
    let roleCell = cell('roles');
    const tagged = roleTagOfName(fullName);
    if (tagged) {
      fullName = tagged.name;
      roleCell = [roleCell, ...tagged.tags].filter(Boolean).join('; ');
    }
    if (!fullName) this.problem(`thiếu "${H.fullName}".`);
    const phone = this.check(() => readPhone(cell('phone'), row.rowNumber, this.notes));
    const email = this.check(() => readEmail(cell('email')));
    const staffCode = cell('staffCode') || null;
    if (!staffCode && phone === null) {
      this.problem(`cần "${H.staffCode}" hoặc "${H.phone}" để nhận ra người này khi nhập lại: hãy ghi một trong hai.`);
    }
    const roles = this.check(() => readRoles(roleCell, cell('group')));
    if (roles === 'SKIP') {
      this.notes.push({ rowNumber: row.rowNumber, message: `Bỏ qua "${fullName}": nhân viên (không dạy) không dùng trợ lý.` });
      return [];
    }
    const subjects = splitList(cell('subjects'));
    let person: Pick<PlannedPerson, 'schoolCode' | 'unit' | 'roles'> | undefined;
    if (roles) {
      const onSchool = roles.some((r) => SCHOOL_ROLES.includes(r));
      if (onSchool && roles.some((r) => !SCHOOL_ROLES.includes(r))) {
        this.problem('một dòng không thể vừa có vai trò trong trường vừa có vai trò ở cơ quan quản lý; hãy tách thành hai dòng với hai mã cán bộ.');
      } else {
        person = onSchool ? this.schoolPerson(row, cell, roles, subjects) : this.officePerson(cell, roles, subjects);
      }
    }
    if (this.problems.length === 0 && person && phone !== undefined && email !== undefined) {
      this.check(() => this.merge(row.rowNumber, { staffCode, fullName, phone, email, subjects, ...person! }));
    }
    return this.problems.map(capitalise);
  }

  private problem(message: string): void {
    this.problems.push(message);
  }

  /** Runs one check; a failure is recorded and the row's other checks go on. */
  private check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof RowProblem)) throw e;
      this.problems.push(e.message);
      return undefined;
    }
  }

  private schoolPerson(row: RosterRow, cell: Cell, roles: Role[], subjects: string[]): Pick<PlannedPerson, 'schoolCode' | 'unit' | 'roles'> | undefined {
    const school = this.check(() => this.school(row.rowNumber, cell));
    const group = cell('group') || undefined;
    const subgroup = cell('subgroup') || undefined;
    if (subgroup && !group) this.problem(`có "${H.subgroup}" nhưng thiếu "${H.group}": hãy ghi tổ của nhóm.`);
    if (roles.includes('TEACHER') && !group) this.problem(`giáo viên cần "${H.group}": hãy ghi tổ chuyên môn (ví dụ "Tổ Toán – Tin").`);
    if (roles.includes('GROUP_HEAD') && !group) this.problem(`tổ trưởng cần "${H.group}".`);
    if (roles.includes('SUBGROUP_HEAD') && !subgroup) this.problem(`nhóm trưởng cần "${H.subgroup}" (tên môn của nhóm, ví dụ "Toán").`);
    if (roles.includes('TEACHER') && subjects.length === 0 && !subgroup) {
      this.problem(`giáo viên cần "${H.subjects}" hoặc "${H.subgroup}": hãy ghi môn dạy (ví dụ "Toán").`);
    }
    if (!school || this.problems.length > 0) return undefined;
    if (group) this.addGroup(school.code, group, subgroup);
    const planned: PlannedRole[] = roles.map((role) => {
      const inGroup = role === 'TEACHER' || role === 'GROUP_HEAD' || role === 'SUBGROUP_HEAD';
      return inGroup
        ? { role, schoolCode: school.code, group, subgroup: role === 'GROUP_HEAD' ? undefined : subgroup }
        : { role, schoolCode: school.code };
    });
    return { schoolCode: school.code, unit: null, roles: planned };
  }

  private officePerson(cell: Cell, roles: Role[], subjects: string[]): Pick<PlannedPerson, 'schoolCode' | 'unit' | 'roles'> | undefined {
    if (cell('schoolCode')) this.problem(`vai trò ở cơ quan quản lý không đi kèm "${H.schoolCode}": hãy để trống cột này ở dòng này.`);
    const unit = this.check(() => this.officeUnit(roles, cell('unit'), cell('unitType')));
    if (!unit) return undefined;
    const planned = roles.map((role): PlannedRole => {
      if (role === 'DIVISION_SPECIALIST') {
        if (unit.kind !== 'DIVISION') this.problem('chuyên viên bộ môn phải thuộc Phòng Giáo dục trung học.');
        if (subjects.length === 0) this.problem(`chuyên viên bộ môn cần "${H.subjects}" (các môn phụ trách).`);
        return { role, unit, subjects };
      }
      if (role === 'DIVISION_LEADER' && unit.kind !== 'DIVISION') this.problem('lãnh đạo phòng phải thuộc Phòng Giáo dục trung học.');
      if (role === 'UNIT_ACCOUNT' && unit.kind === 'DEPARTMENT') {
        this.problem('tài khoản đơn vị phải thuộc Phòng Giáo dục trung học hoặc một đơn vị quản lý trường.');
      }
      return { role, unit };
    });
    return this.problems.length === 0 ? { schoolCode: null, unit, roles: planned } : undefined;
  }

  private officeUnit(roles: Role[], unitName: string, unitType: string): UnitRef {
    if (!unitName) {
      if (roles.some((r) => r === 'DEPARTMENT_DIRECTOR' || r === 'HOTLINE_ADMIN')) return { kind: 'DEPARTMENT' };
      if (roles.some((r) => r === 'DIVISION_SPECIALIST' || r === 'DIVISION_LEADER')) return { kind: 'DIVISION' };
      fail(`thiếu "${H.unit}": hãy ghi đơn vị công tác.`);
    }
    return this.unitRef(unitName, unitType);
  }

  private unitRef(name: string, typeLabel: string): UnitRef {
    const kind = unitKindOfName(name);
    if (kind !== 'SUPERVISING') return { kind };
    const code = codeFromName(name);
    const known = this.units.get(code);
    if (known && typeLabel && known.typeLabel && known.typeLabel !== typeLabel) {
      fail(`đơn vị "${name}" đã được ghi loại "${known.typeLabel}" ở dòng trên, ở đây là "${typeLabel}": hãy ghi một loại.`);
    }
    this.units.set(code, { code, name: known?.name ?? name, typeLabel: known?.typeLabel ?? (typeLabel || null) });
    return { kind, code };
  }

  private school(rowNumber: number, cell: Cell): PlannedSchool {
    const chosen = this.options.school;
    const code = cell('schoolCode');
    // Rows without a school code belong to the chosen school, whose name, level and unit are
    // the system's (the file's school columns are not read for them).
    if (!code && chosen) return chosen;
    if (!code) fail(`thiếu "${H.schoolCode}": hãy ghi mã trường, hoặc chọn trường khi nhập (trang Nhập danh sách; dòng lệnh: --school <mã trường>).`);
    const known = this.schools.get(code);
    const levelText = cell('level');
    const name = cell('schoolName');
    const level = levelText ? levelOfName(levelText) : known?.level;
    if (levelText && !level) fail(`"${H.level}" phải là THCS, THPT hoặc "Nhiều cấp", không phải "${levelText}".`);
    if (!known) {
      if (!name) fail(`thiếu "${H.schoolName}" cho trường ${code}.`);
      if (!level) fail(`thiếu "${H.level}" cho trường ${code} (THCS, THPT hoặc "Nhiều cấp").`);
    }
    const unitName = cell('unit');
    const supervisor = unitName ? this.unitRef(unitName, cell('unitType')) : (known?.supervisor ?? defaultSupervisor(level!));
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
    if (differs) fail(`trường ${known.code} đã được ghi với ${differs} ở dòng ${known.firstRow}: hãy ghi giống nhau.`);
  }

  private addGroup(schoolCode: string, name: string, subgroup: string | undefined): void {
    const key = `${schoolCode}\u0000${groupKeyOf(name)}`;
    const group = this.groups.get(key) ?? { schoolCode, name, subgroups: new Set<string>() };
    // "TỔ TOÁN - TIN" first, "Tổ Toán – Tin" later: keep the spelling that is not all capitals.
    if (group.name === group.name.toUpperCase() && name !== name.toUpperCase()) group.name = name;
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
      fail(`số điện thoại ${p.phone} đã thuộc người khác ở dòng ${byPhone.rowNumbers[0]}: hãy kiểm tra lại số.`);
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
      fail(`${how} đã được dùng cho "${existing.fullName}" ở dòng ${first}: mỗi người một ${byCode ? 'mã' : 'số'}.`);
    }
    if (existing.schoolCode !== p.schoolCode) fail(`"${p.fullName}" đã được ghi ở đơn vị khác ở dòng ${first}.`);
    existing.rowNumbers.push(rowNumber);
    existing.roles.push(...p.roles);
    existing.subjects = [...new Set([...existing.subjects, ...p.subjects])];
  }

  toPlan(): RosterPlan {
    return {
      units: [...this.units.values()],
      schools: [...this.schools.values()].map(({ firstRow: _, ...s }) => s).concat(this.chosenSchoolIfUsed()),
      groups: [...this.groups.values()].map((g) => ({ ...g, subgroups: [...g.subgroups] })),
      people: this.people,
    };
  }

  private chosenSchoolIfUsed(): PlannedSchool[] {
    const chosen = this.options.school;
    const used = chosen && !this.schools.has(chosen.code) && this.people.some((p) => p.schoolCode === chosen.code);
    return used ? [chosen] : [];
  }
}

function defaultSupervisor(level: string): UnitRef {
  if (level === 'THCS') fail(`trường THCS cần "${H.unit}" (đơn vị quản lý trực tiếp, nơi nhận báo cáo kế hoạch).`);
  // THPT and multi-level schools report to the Division (a multi-level school reports at its highest level).
  return { kind: 'DIVISION' };
}

/** The row's roles; no role written (or no role column) means a teacher. 'SKIP': non-teaching staff. */
function readRoles(cell: string, group: string): Role[] | 'SKIP' {
  const names = splitList(cell);
  if (names.length === 0) return ['TEACHER'];
  const roles: Role[] = [];
  let staff = false;
  for (const name of names) {
    const reading = readRoleName(name);
    if (!reading) fail(`vai trò "${name}" không có trong danh mục; hãy ghi một trong: ${ACCEPTED_ROLE_NAMES.join('; ')}.`);
    if ('ambiguous' in reading) fail('"BGH" (Ban giám hiệu) chưa nói rõ vai trò: hãy ghi "HT" (Hiệu trưởng) hoặc "PHT" (Phó hiệu trưởng).');
    if ('skip' in reading) staff = true;
    else roles.push(reading.role);
  }
  if (roles.length === 0 && staff) return 'SKIP';
  // A row that names a group is a teacher of that group (heads teach too).
  if (group && !roles.includes('TEACHER')) roles.unshift('TEACHER');
  return [...new Set(roles)];
}

function readPhone(cell: string, rowNumber: number, notes: RowError[]): string | null {
  if (!cell) return null;
  const read = parsePhone(cell);
  if (!read) fail(`số điện thoại "${cell}" không hợp lệ: cần 10 chữ số, ví dụ 0912345678.`);
  if (read.converted) notes.push({ rowNumber, message: `Số điện thoại cũ ${cell} được đổi thành ${read.phone} (đầu số 11 chữ số đã chuyển năm 2018).` });
  return read.phone;
}

function readEmail(cell: string): string | null {
  if (!cell) return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell)) fail(`email "${cell}" không hợp lệ.`);
  return cell.toLowerCase();
}

function fail(message: string): never {
  throw new RowProblem(message);
}

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
