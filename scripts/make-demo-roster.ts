// Writes the demo roster (data/demo/roster.csv and roster.xlsx) from one list, so both files
// always say the same thing. Run: npx tsx scripts/make-demo-roster.ts
// Names and phone numbers are invented; the schools are realistic but fictional.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { ROSTER_COLUMNS, type RosterColumn } from '../src/roster/roster-columns.js';

type Row = Partial<Record<RosterColumn, string>>;

const WARD = 'UBND phường Lê Chân';
const WARD_TYPE = 'Phòng Văn hóa – Xã hội phường';
const names = [
  'Nguyễn Thị Thu Hà', 'Trần Văn Hùng', 'Lê Thị Mai Anh', 'Phạm Minh Tuấn', 'Hoàng Thị Lan', 'Vũ Đức Thắng',
  'Đỗ Thị Hồng Nhung', 'Bùi Văn Long', 'Đặng Thị Thanh Hương', 'Ngô Quang Huy', 'Dương Thị Ngọc Ánh', 'Lý Văn Phúc',
  'Phan Thị Bích Ngọc', 'Trịnh Công Sơn', 'Mai Thị Hải Yến', 'Đinh Văn Khánh', 'Hồ Thị Kim Oanh', 'Cao Minh Đức',
  'Lương Thị Thảo', 'Tạ Quang Vinh', 'Nguyễn Văn Bình', 'Trần Thị Diệu Linh', 'Lê Hoàng Nam', 'Phạm Thị Quỳnh',
  'Hoàng Văn Toàn', 'Vũ Thị Phương', 'Đỗ Mạnh Cường', 'Bùi Thị Hạnh', 'Đặng Văn Lâm', 'Ngô Thị Thu Trang',
  'Dương Văn Hải', 'Lý Thị Minh Châu', 'Phan Văn Tiến', 'Trịnh Thị Hoa', 'Mai Văn Quân', 'Đinh Thị Loan',
  'Hồ Văn Thành', 'Cao Thị Nga', 'Lương Văn Dũng', 'Tạ Thị Huyền', 'Nguyễn Đức Anh', 'Trần Thị Vân',
  'Lê Văn Kiên', 'Phạm Thị Hằng', 'Hoàng Minh Khôi', 'Vũ Thị Xuân', 'Đỗ Văn Trung', 'Bùi Thị Ngân',
  'Đặng Quốc Bảo', 'Ngô Thị Tuyết', 'Dương Thị Hiền', 'Lý Quốc Việt', 'Phan Thị Thu Thủy', 'Trịnh Văn Đạt',
  'Mai Thị Liên', 'Đinh Quang Minh', 'Hồ Thị Thanh Tâm', 'Cao Văn Lực', 'Lương Thị Kim Dung', 'Tạ Minh Hiếu',
];
const prefixes = ['090', '091', '093', '094', '097', '098', '035', '036', '038', '086', '088', '070', '077', '081', '083'];
let next = 0;
function person(): { fullName: string; phone: string } {
  const i = next++;
  const fullName = names[i];
  if (!fullName) throw new Error('add more demo names');
  const phone = `${prefixes[i % prefixes.length]}${String(2_345_600 + i * 137).padStart(7, '0')}`;
  return { fullName, phone };
}

interface SchoolSpec {
  code: string;
  name: string;
  level: string;
  unit?: string;
  groups: Array<{ name: string; subgroups: string[]; teachersPer: Record<string, number> }>;
}

const schools: SchoolSpec[] = [
  {
    code: 'THCS-TP', name: 'Trường THCS Trần Phú', level: 'THCS', unit: WARD,
    groups: [
      { name: 'Tổ Toán – Tin', subgroups: ['Toán', 'Tin học'], teachersPer: { 'Toán': 2, 'Tin học': 1 } },
      { name: 'Tổ Ngữ văn – Ngoại ngữ', subgroups: ['Ngữ văn', 'Tiếng Anh'], teachersPer: { 'Ngữ văn': 2, 'Tiếng Anh': 1 } },
      { name: 'Tổ Khoa học tự nhiên', subgroups: [], teachersPer: { 'Khoa học tự nhiên': 2 } },
    ],
  },
  {
    code: 'THCS-NQ', name: 'Trường THCS Ngô Quyền', level: 'THCS', unit: WARD,
    groups: [
      { name: 'Tổ Toán – Tin', subgroups: ['Toán', 'Tin học'], teachersPer: { 'Toán': 2, 'Tin học': 1 } },
      { name: 'Tổ Ngữ văn – Ngoại ngữ', subgroups: ['Ngữ văn', 'Tiếng Anh'], teachersPer: { 'Ngữ văn': 2, 'Tiếng Anh': 1 } },
    ],
  },
  {
    code: 'THPT-TPH', name: 'Trường THPT Thái Phiên', level: 'THPT',
    groups: [
      { name: 'Tổ Toán – Tin', subgroups: ['Toán', 'Tin học'], teachersPer: { 'Toán': 2, 'Tin học': 1 } },
      { name: 'Tổ Ngữ văn – Ngoại ngữ', subgroups: ['Ngữ văn', 'Tiếng Anh'], teachersPer: { 'Ngữ văn': 2, 'Tiếng Anh': 1 } },
      { name: 'Tổ Vật lí – Hóa học', subgroups: ['Vật lí', 'Hóa học'], teachersPer: { 'Vật lí': 1, 'Hóa học': 0 } },
    ],
  },
  {
    code: 'PT-NBK', name: 'Trường THCS và THPT Nguyễn Bỉnh Khiêm', level: 'Nhiều cấp',
    groups: [
      { name: 'Tổ Toán – Tin', subgroups: ['Toán', 'Tin học'], teachersPer: { 'Toán': 2, 'Tin học': 1 } },
      { name: 'Tổ Ngữ văn – Ngoại ngữ', subgroups: ['Ngữ văn', 'Tiếng Anh'], teachersPer: { 'Ngữ văn': 2, 'Tiếng Anh': 1 } },
    ],
  },
];

function schoolRows(s: SchoolSpec): Row[] {
  let n = 0;
  const base = { schoolCode: s.code, schoolName: s.name, level: s.level, unit: s.unit ?? '', unitType: s.unit ? WARD_TYPE : '' };
  const row = (extra: Row): Row => ({ ...base, staffCode: `${s.code}-${String(++n).padStart(3, '0')}`, ...person(), ...extra });
  const rows: Row[] = [row({ roles: 'Hiệu trưởng' }), row({ roles: 'Phó hiệu trưởng' })];
  let adminGiven = false;
  for (const g of s.groups) {
    const subjects = g.subgroups.length > 0 ? g.subgroups : Object.keys(g.teachersPer);
    subjects.forEach((subject, i) => {
      const subgroup = g.subgroups.length > 0 ? subject : '';
      // The first subject's first teacher heads the group; each other sub-group has a head.
      const headRole = i === 0 ? 'Tổ trưởng' : g.subgroups.length > 0 ? 'Nhóm trưởng' : 'Giáo viên';
      rows.push(row({ group: g.name, subgroup, subjects: subject, roles: headRole }));
      for (let t = 0; t < (g.teachersPer[subject] ?? 0); t++) {
        const roles = !adminGiven && subject === 'Tin học' ? 'Giáo viên; Quản trị phần mềm' : 'Giáo viên';
        adminGiven ||= roles.includes('Quản trị');
        rows.push(row({ group: g.name, subgroup, subjects: subject, roles }));
      }
    });
  }
  if (!adminGiven) rows[1]!.roles = 'Phó hiệu trưởng; Quản trị phần mềm';
  return rows;
}

function officeRows(): Row[] {
  const office = (code: string, unit: string, roles: string, extra: Row = {}): Row => ({ staffCode: code, unit, roles, ...person(), ...extra });
  return [
    office('PLC-01', WARD, 'Tài khoản đơn vị', { unitType: WARD_TYPE, fullName: 'Tài khoản Phòng Văn hóa – Xã hội phường Lê Chân' }),
    office('GDTRH-01', 'Phòng Giáo dục trung học', 'Lãnh đạo phòng'),
    office('GDTRH-02', 'Phòng Giáo dục trung học', 'Chuyên viên', { subjects: 'Toán; Tin học' }),
    office('GDTRH-03', 'Phòng Giáo dục trung học', 'Chuyên viên', { subjects: 'Ngữ văn' }),
    office('SGD-01', 'Sở Giáo dục và Đào tạo', 'Phó Giám đốc Sở'),
    office('SGD-HL1', 'Sở Giáo dục và Đào tạo', 'Hotline'),
  ];
}

const rows = [...schools.flatMap(schoolRows), ...officeRows()];
const columns = Object.keys(ROSTER_COLUMNS) as RosterColumn[];
const headers = columns.map((c) => ROSTER_COLUMNS[c].header);
const outDir = path.resolve('data/demo');
fs.mkdirSync(outDir, { recursive: true });

const csvCell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = [headers, ...rows.map((r) => columns.map((c) => r[c] ?? ''))].map((line) => line.map(csvCell).join(',')).join('\n');
fs.writeFileSync(path.join(outDir, 'roster.csv'), `\uFEFF${csv}\n`);

const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('Danh sách cán bộ');
sheet.addRow(headers).font = { bold: true };
for (const r of rows) sheet.addRow(columns.map((c) => r[c] ?? ''));
sheet.columns.forEach((col) => { col.width = 22; });
// Fixed dates keep the file byte-stable between runs.
workbook.created = workbook.modified = new Date('2026-08-20T00:00:00Z');
await workbook.xlsx.writeFile(path.join(outDir, 'roster.xlsx'));
console.log(`${rows.length} rows written to ${outDir}`);
