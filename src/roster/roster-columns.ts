// The roster's columns and role names as schools write them. Headers and roles match
// without diacritics or case, so "Số điện thoại", "so dien thoai" and "SĐT" all work.
import { foldVietnamese } from '../core/text.js';
import type { Role } from '../core/vocabulary.js';

export const ROSTER_COLUMNS = {
  schoolCode: { header: 'Mã trường', aliases: ['ma truong'] },
  schoolName: { header: 'Tên trường', aliases: ['ten truong', 'truong'] },
  level: { header: 'Cấp học', aliases: ['cap hoc', 'cap'] },
  unit: { header: 'Đơn vị quản lý', aliases: ['don vi quan ly', 'don vi', 'co quan'] },
  unitType: { header: 'Loại đơn vị', aliases: ['loai don vi'] },
  group: { header: 'Tổ chuyên môn', aliases: ['to chuyen mon', 'to'] },
  subgroup: { header: 'Nhóm chuyên môn', aliases: ['nhom chuyen mon', 'nhom', 'nhom/mon'] },
  staffCode: { header: 'Mã cán bộ', aliases: ['ma can bo', 'ma giao vien', 'ma gv', 'ma cb'] },
  fullName: { header: 'Họ và tên', aliases: ['ho va ten', 'ho ten', 'ten giao vien'] },
  roles: { header: 'Vai trò', aliases: ['vai tro', 'chuc vu'] },
  subjects: { header: 'Môn dạy', aliases: ['mon day', 'mon', 'bo mon', 'mon phu trach'] },
  phone: { header: 'Điện thoại', aliases: ['dien thoai', 'so dien thoai', 'sdt', 'so dt'] },
  email: { header: 'Email', aliases: ['email', 'e-mail', 'thu dien tu'] },
} as const;

export type RosterColumn = keyof typeof ROSTER_COLUMNS;
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['fullName', 'roles'];

/** Maps a header cell to its column, or undefined for a column we do not use. */
export function columnOfHeader(header: string): RosterColumn | undefined {
  const folded = foldVietnamese(header);
  for (const [column, spec] of Object.entries(ROSTER_COLUMNS)) {
    if (foldVietnamese(spec.header) === folded || (spec.aliases as readonly string[]).includes(folded)) {
      return column as RosterColumn;
    }
  }
  return undefined;
}

const ROLE_NAMES: ReadonlyArray<[Role, readonly string[]]> = [
  ['TEACHER', ['giao vien', 'gv']],
  ['SUBGROUP_HEAD', ['nhom truong', 'nhom truong chuyen mon', 'truong nhom']],
  ['GROUP_HEAD', ['to truong', 'to truong chuyen mon']],
  ['VICE_PRINCIPAL', ['pho hieu truong', 'pht', 'pho hieu truong phu trach chuyen mon']],
  ['PRINCIPAL', ['hieu truong', 'ht']],
  ['SCHOOL_ADMIN', ['quan tri phan mem', 'giao vien quan tri phan mem', 'quan tri', 'admin']],
  ['UNIT_ACCOUNT', ['tai khoan don vi', 'don vi quan ly', 'tai khoan phong']],
  ['DIVISION_SPECIALIST', ['chuyen vien', 'chuyen vien bo mon']],
  ['DIVISION_LEADER', ['lanh dao phong', 'truong phong', 'pho truong phong']],
  ['DEPARTMENT_DIRECTOR', ['giam doc', 'pho giam doc', 'ban giam doc', 'giam doc so', 'pho giam doc so']],
  ['HOTLINE_ADMIN', ['hotline', 'ho tro', 'to ho tro']],
];

export function roleOfName(name: string): Role | undefined {
  const folded = foldVietnamese(name);
  return ROLE_NAMES.find(([, names]) => names.includes(folded))?.[0];
}

/** Splits a list cell ("Toán; Tin học", "Giáo viên, Tổ trưởng") into trimmed items. */
export function splitList(cell: string): string[] {
  return cell
    .split(/[;,\n]/)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

export function levelOfName(name: string): 'THCS' | 'THPT' | 'MULTI' | undefined {
  const folded = foldVietnamese(name);
  if (folded === 'thcs') return 'THCS';
  if (folded === 'thpt') return 'THPT';
  if (/(nhieu cap|lien cap|thcs.*thpt|th.*thcs)/.test(folded)) return 'MULTI';
  return undefined;
}

const DIVISION_NAMES = ['phong giao duc trung hoc', 'phong gdtrh', 'gdtrh', 'phong giao duc trung hoc - so gddt'];
const DEPARTMENT_NAMES = ['so giao duc va dao tao', 'so gddt', 'so gd&dt', 'sgddt'];

export function unitKindOfName(name: string): 'DIVISION' | 'DEPARTMENT' | 'SUPERVISING' {
  const folded = foldVietnamese(name);
  if (DIVISION_NAMES.includes(folded)) return 'DIVISION';
  if (DEPARTMENT_NAMES.includes(folded) || folded.startsWith('so giao duc va dao tao')) return 'DEPARTMENT';
  return 'SUPERVISING';
}
