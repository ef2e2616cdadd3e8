// The roster's columns and role names as schools write them. Headers match after folding
// case, accents, spaces, punctuation, "(*)" marks and underscores, so "Số điện thoại",
// "SỐ ĐIỆN THOẠI (*)", "SĐT", "So_dien_thoai" and "SốĐiệnThoại" are one column.
import { foldVietnamese } from '../core/text.js';
import type { Role } from '../core/vocabulary.js';

/**
 * Each column's display name and the other headers real files use for it (CSDL ngành,
 * vnEdu/SMAS exports, schools' own sheets). Aliases are written as people write them and
 * folded by `headerKey` at load.
 */
export const ROSTER_COLUMNS = {
  schoolCode: { header: 'Mã trường', aliases: ['Mã trường học', 'Mã đơn vị trường'] },
  schoolName: { header: 'Tên trường', aliases: ['Trường', 'Tên trường học', 'Tên đơn vị trường'] },
  level: { header: 'Cấp học', aliases: ['Cấp', 'Cấp trường'] },
  unit: { header: 'Đơn vị quản lý', aliases: ['Đơn vị', 'Cơ quan', 'Cơ quan quản lý', 'Đơn vị chủ quản', 'Đơn vị công tác'] },
  unitType: { header: 'Loại đơn vị', aliases: ['Loại đơn vị quản lý'] },
  group: { header: 'Tổ chuyên môn', aliases: ['Tổ', 'Tổ bộ môn', 'Tổ CM', 'Tên tổ', 'Tổ chuyên môn/Bộ phận', 'Tổ/Bộ phận'] },
  subgroup: { header: 'Nhóm chuyên môn', aliases: ['Nhóm', 'Nhóm/Môn', 'Nhóm CM', 'Nhóm bộ môn'] },
  staffCode: { header: 'Mã cán bộ', aliases: ['Mã giáo viên', 'Mã GV', 'Mã CB', 'Mã CBGV', 'Mã CBGVNV', 'Mã nhân sự', 'Mã định danh', 'Mã số cán bộ'] },
  fullName: { header: 'Họ và tên', aliases: ['Họ tên', 'Tên giáo viên', 'Họ tên giáo viên', 'Họ và tên giáo viên', 'Họ tên cán bộ', 'Họ và tên cán bộ', 'Tên cán bộ', 'Họ tên CBGV', 'Họ và tên CBGVNV'] },
  roles: { header: 'Vai trò', aliases: ['Chức vụ', 'Chức vụ hiện tại', 'Chức vụ chính quyền', 'Chức danh'] },
  subjects: { header: 'Môn dạy', aliases: ['Môn', 'Bộ môn', 'Môn phụ trách', 'Môn giảng dạy', 'Môn dạy chính', 'Môn học giảng dạy', 'Môn phân công'] },
  phone: { header: 'Điện thoại', aliases: ['Số điện thoại', 'SĐT', 'Số ĐT', 'ĐT', 'ĐTDĐ', 'Di động', 'Số di động', 'Điện thoại di động'] },
  email: { header: 'Email', aliases: ['E-mail', 'Thư điện tử', 'Địa chỉ email'] },
} as const;

export type RosterColumn = keyof typeof ROSTER_COLUMNS;

/** Files that split the name (CSDL exports: "Họ đệm" | "Tên"); read, never written. */
export const NAME_PART_COLUMNS = {
  familyName: { header: 'Họ đệm', aliases: ['Họ và đệm', 'Họ lót', 'Họ và tên đệm'] },
  givenName: { header: 'Tên', aliases: ['Tên gọi'] },
} as const;

/** Every field a file's column can be read as. */
export const IMPORT_FIELDS = { ...ROSTER_COLUMNS, ...NAME_PART_COLUMNS };
export type ImportField = keyof typeof IMPORT_FIELDS;
/** Without a name there is nobody to import; everything else has a default or a row check. */
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['fullName'];

/** "Họ và tên (*)", "HO_VA_TEN", "HọVàTên" and "họ và tên" all give "hovaten". */
export function headerKey(header: string): string {
  return foldVietnamese(header.replace(/\(\s*\*\s*\)/g, ''))
    .replace(/[^a-z0-9]/g, '');
}

const COLUMN_BY_KEY = new Map<string, ImportField>();
for (const [column, spec] of Object.entries(IMPORT_FIELDS) as Array<[ImportField, { header: string; aliases: readonly string[] }]>) {
  for (const name of [spec.header, ...spec.aliases]) COLUMN_BY_KEY.set(headerKey(name), column);
}

/** Maps a header cell to its column, or undefined for a column we do not use. */
export function columnOfHeader(header: string): ImportField | undefined {
  const key = headerKey(header);
  return key ? COLUMN_BY_KEY.get(key) : undefined;
}

/**
 * How schools and the CSDL write roles, folded. Decisions (README "Roles as schools write
 * them"): a deputy group head (Tổ phó, TP, TPCM) imports as a teacher of the group, since the
 * directive gives reviewing to the group head alone; "BGH" is refused as ambiguous (principal
 * or vice-principal?); non-teaching staff ("Nhân viên …") are skipped.
 */
const ROLE_NAMES: ReadonlyArray<[Role, readonly string[]]> = [
  ['TEACHER', ['giao vien', 'gv', 'giao vien bo mon', 'gvbm', 'giao vien chu nhiem', 'gvcn', 'to pho', 'to pho chuyen mon', 'tp', 'tpcm', 'to pho cm', 'pho to truong', 'nhom pho']],
  ['SUBGROUP_HEAD', ['nhom truong', 'nhom truong chuyen mon', 'truong nhom', 'ntcm', 'nt', 'nhom truong cm', 'truong nhom chuyen mon']],
  ['GROUP_HEAD', ['to truong', 'to truong chuyen mon', 'tt', 'ttcm', 'to truong cm']],
  ['VICE_PRINCIPAL', ['pho hieu truong', 'pht', 'pho hieu truong phu trach chuyen mon', 'p. hieu truong']],
  ['PRINCIPAL', ['hieu truong', 'ht']],
  ['SCHOOL_ADMIN', ['quan tri phan mem', 'giao vien quan tri phan mem', 'quan tri', 'admin', 'qtpm']],
  ['UNIT_ACCOUNT', ['tai khoan don vi', 'tai khoan phong']],
  ['DIVISION_SPECIALIST', ['chuyen vien', 'chuyen vien bo mon']],
  ['DIVISION_LEADER', ['lanh dao phong', 'truong phong', 'pho truong phong']],
  ['DEPARTMENT_DIRECTOR', ['giam doc', 'pho giam doc', 'giam doc so', 'pho giam doc so', 'ban giam doc']],
  ['HOTLINE_ADMIN', ['hotline', 'to ho tro']],
];

/** The role names an error may offer: each is accepted by `roleOfName` (a test holds them to it). */
export const ACCEPTED_ROLE_NAMES: readonly string[] = [
  'Giáo viên (GV)', 'Nhóm trưởng (NTCM)', 'Tổ trưởng (TT, TTCM)', 'Tổ phó (TP, TPCM)', 'Phó hiệu trưởng (PHT)',
  'Hiệu trưởng (HT)', 'Quản trị phần mềm', 'Tài khoản đơn vị', 'Chuyên viên', 'Lãnh đạo phòng', 'Giám đốc', 'Phó Giám đốc', 'Hotline',
];

export type RoleReading = { role: Role } | { skip: 'STAFF' } | { ambiguous: 'BOARD' } | undefined;

function roleKey(name: string): string {
  return foldVietnamese(name).replace(/\./g, '. ').replace(/\s+/g, ' ').trim();
}

/** What a role cell item means: a role, a non-teaching staff member, "BGH", or unknown. */
export function readRoleName(name: string): RoleReading {
  const folded = roleKey(name);
  const role = ROLE_NAMES.find(([, names]) => names.includes(folded))?.[0];
  if (role) return { role };
  if (folded === 'bgh' || folded === 'ban giam hieu') return { ambiguous: 'BOARD' };
  if (/^nhan vien\b/.test(folded) || folded === 'nv') return { skip: 'STAFF' };
  if (/^giao vien\b/.test(folded)) return { role: 'TEACHER' }; // "Giáo viên dạy Toán", "Giáo viên hợp đồng"
  return undefined;
}

export function roleOfName(name: string): Role | undefined {
  const reading = readRoleName(name);
  return reading && 'role' in reading ? reading.role : undefined;
}

/**
 * A role written in the name: "Nguyễn Văn A (TT)" or "Trần Thị B (TT, QTPM)". Only a
 * bracket whose every item is a role counts, so "Nguyễn Thị Lan (B)" keeps its bracket.
 */
export function roleTagOfName(name: string): { name: string; tags: string[] } | undefined {
  const match = /^(.*\S)\s*\(([^()]+)\)\s*$/.exec(name);
  if (!match) return undefined;
  const tags = splitList(match[2]!);
  if (tags.length === 0 || !tags.every((t) => readRoleName(t))) return undefined;
  return { name: match[1]!.trim(), tags };
}

/** Splits a list cell ("Toán; Tin học", "Giáo viên, Tổ trưởng") into trimmed items. */
export function splitList(cell: string): string[] {
  return cell
    .split(/[;,\n+]/)
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

/** "TỔ TOÁN - TIN", "Tổ Toán – Tin" and "Toán-Tin" name one group. */
export function groupKeyOf(name: string): string {
  return foldVietnamese(name)
    .replace(/\s*[-–—]\s*/g, '-')
    .replace(/^to\s+/, '')
    .trim();
}

const DIVISION_NAMES = ['phong giao duc trung hoc', 'phong gdtrh', 'gdtrh', 'phong giao duc trung hoc - so gddt'];
const DEPARTMENT_NAMES = ['so giao duc va dao tao', 'so gddt', 'so gd&dt', 'sgddt'];

export function unitKindOfName(name: string): 'DIVISION' | 'DEPARTMENT' | 'SUPERVISING' {
  const folded = foldVietnamese(name);
  if (DIVISION_NAMES.includes(folded)) return 'DIVISION';
  if (DEPARTMENT_NAMES.includes(folded) || folded.startsWith('so giao duc va dao tao')) return 'DEPARTMENT';
  return 'SUPERVISING';
}
