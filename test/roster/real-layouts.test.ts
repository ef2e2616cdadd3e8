// Rosters as schools really send them (issue 20), each imported in one go for one school
// (`--school`), through the CLI's import path on a real SQLite database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/import-command.js';
import { ACCEPTED_ROLE_NAMES, columnOfHeader, roleOfName, splitList } from '../../src/roster/roster-columns.js';
import { readRosterSheet } from '../../src/roster/read-roster-file.js';
import { layRoster } from '../../src/roster/roster-layout.js';
import { formatRowErrors } from '../../src/roster/row-errors.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { CSDL_TEMPLATE, SPACELESS_CSV, TAGS_NO_ROLE, TITLE_BLOCK, csvOf, xlsOf, xlsxOf, type Cell } from '../support/roster-layouts.js';

let t: TestDb;
let dir: string;
beforeEach(async () => {
  t = createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-layouts-'));
  const demo = await runImport(t.db, 'data/demo/roster.csv', { dryRun: false, cityName: 'Hải Phòng', actor: 'test' });
  expect(demo.exitCode).toBe(0);
});
afterEach(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importAs(name: string, content: Buffer | string, schoolCode = 'THCS-TP', dryRun = false) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return runImport(t.db, file, { dryRun, cityName: 'Hải Phòng', actor: 'test', schoolCode: schoolCode || undefined });
}

async function rolesOf(fullName: string): Promise<string[]> {
  const staff = await t.db.staff.findFirstOrThrow({ where: { fullName }, include: { roles: true, school: true } });
  expect(staff.school?.code).toBe('THCS-TP');
  return staff.roles.map((r) => r.role).sort();
}

describe('layouts real schools send, each imported in one go with --school', () => {
  it('a title and motto block above the header, abbreviated roles, phones stored as numbers, extra columns', async () => {
    const run = await importAs('ds.xlsx', await xlsxOf(TITLE_BLOCK));
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    expect(run.lines[0]).toBe('Dòng tiêu đề: dòng 6 (bỏ qua 5 dòng phía trên).');
    expect(run.lines).toContain('Cột bỏ qua: A “STT”; C “Ngày sinh”; D “Giới tính”; I “Trình độ”.');
    expect(run.lines).toContain('Đã nhập xong: 5 người.');
    // The signature block under the list is skipped with a note, not refused.
    expect(run.lines).toContain('Ghi chú: Dòng 13: Bỏ qua "Người lập biểu HIỆU TRƯỞNG": dòng ký tên, ghi chú dưới danh sách (không có mã cán bộ hay số điện thoại).');
    expect(await rolesOf('Vũ Thị Hạnh')).toEqual(['PRINCIPAL']);
    expect(await rolesOf('Đặng Văn Long')).toEqual(['VICE_PRINCIPAL']);
    expect(await rolesOf('Phan Thị Ngọc')).toEqual(['GROUP_HEAD', 'TEACHER']);
    expect(await rolesOf('Bùi Văn Khoa')).toEqual(['TEACHER']); // Tổ phó: a teacher of the group (README)
    expect((await t.db.staff.findFirstOrThrow({ where: { fullName: 'Vũ Thị Hạnh' } })).phone).toBe('0912100001');
    // "TỔ TOÁN - TIN" and "Tổ Toán – Tin" are the demo's "Tổ Toán – Tin": no new group.
    const school = await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } });
    expect(await t.db.group.count({ where: { schoolId: school.id, name: { contains: 'Toán' } } })).toBe(1);
    // Once more: nothing changes.
    expect((await importAs('ds.xlsx', await xlsxOf(TITLE_BLOCK))).lines).toContain('Đã nhập xong: 5 người, không có gì thay đổi.');
  });

  it('the same sheet saved as Excel 97–2003 (.xls)', async () => {
    const run = await importAs('ds.xls', xlsOf(TITLE_BLOCK));
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    expect(run.lines).toContain('Đã nhập xong: 5 người.');
    expect(await rolesOf('Phan Thị Ngọc')).toEqual(['GROUP_HEAD', 'TEACHER']);
  });

  it('the CSDL upload template: "(*)" headers, a machine-key row, full role names, staff skipped, an old 01xx number converted', async () => {
    const run = await importAs('csdl.xlsx', await xlsxOf(CSDL_TEMPLATE));
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    const out = run.lines.join('\n');
    expect(out).toContain('Bỏ qua dòng mã cột dưới tiêu đề: dòng 2.');
    expect(out).toContain('Ghi chú: Dòng 5: Số điện thoại cũ 01662200003 được đổi thành 0362200003');
    expect(out).toContain('Ghi chú: Dòng 6: Bỏ qua "Kiều Văn Bình": nhân viên (không dạy)');
    expect(out).toContain('Đã nhập xong: 3 người.');
    expect(await rolesOf('Lý Thị Hoa')).toEqual(['GROUP_HEAD', 'TEACHER']);
    expect(await rolesOf('Mạc Văn Hùng')).toEqual(['TEACHER']);
    expect((await t.db.staff.findUniqueOrThrow({ where: { code: 'TP-C03' } })).phone).toBe('0362200003');
    expect(await t.db.staff.findUnique({ where: { code: 'TP-C04' } })).toBeNull();
  });

  it("a tool's CSV with space-less headers, capitals and other dashes in group names, numeric and +84 phones", async () => {
    const run = await importAs('vnedu.csv', SPACELESS_CSV);
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    expect(run.lines).toContain('Đã nhập xong: 3 người.');
    expect(await rolesOf('Đinh Thị Mơ')).toEqual(['SUBGROUP_HEAD', 'TEACHER']);
    expect((await t.db.staff.findFirstOrThrow({ where: { fullName: 'Lưu Văn Tài' } })).phone).toBe('0362300002');
  });

  it('no role column: everyone a teacher, roles as tags in names ("Nguyễn Văn A (TT)"), semicolon CSV', async () => {
    const run = await importAs('to-khtn.csv', csvOf(TAGS_NO_ROLE, ';'));
    expect(run.exitCode, run.lines.join('\n')).toBe(0);
    expect(await rolesOf('Cao Văn Đức')).toEqual(['GROUP_HEAD', 'TEACHER']);
    expect(await rolesOf('La Thị Hương')).toEqual(['SUBGROUP_HEAD', 'TEACHER']);
    expect(await rolesOf('Ông Văn Phúc')).toEqual(['TEACHER']);
  });

  it('a file without school columns and no school chosen says how to choose one', async () => {
    const run = await importAs('ds.xlsx', await xlsxOf(TITLE_BLOCK), '');
    expect(run.exitCode).toBe(1);
    expect(run.lines).toContain('Dòng 7–11: Thiếu "Mã trường": hãy ghi mã trường, hoặc chọn trường khi nhập (trang Nhập danh sách; dòng lệnh: --school <mã trường>).');
    const unknown = await importAs('ds.xlsx', await xlsxOf(TITLE_BLOCK), 'KHONG-CO');
    expect(unknown.lines[0]).toMatch(/^Không có trường mã "KHONG-CO" trong hệ thống/);
  });
});

describe('every problem at once, grouped', () => {
  it('one mistake down a long file is one line; each row keeps all its problems; all or nothing', async () => {
    const rows: Cell[][] = [['Họ và tên', 'Chức vụ', 'Môn dạy', 'Điện thoại']];
    for (let i = 0; i < 117; i++) rows.push([`Giáo viên ${i}`, 'GV', 'Toán', `09123${String(i).padStart(5, '0')}`]);
    rows.push(['', 'Thủ quỹ', 'Toán', '12345']);
    const before = await t.db.staff.count();
    const run = await importAs('dai.xlsx', await xlsxOf(rows));
    expect(run.exitCode).toBe(1);
    expect(run.lines).toContain('Dòng 2–118: Giáo viên cần "Tổ chuyên môn": hãy ghi tổ chuyên môn (ví dụ "Tổ Toán – Tin").');
    const last = run.lines.filter((l) => l.startsWith('Dòng 119:'));
    expect(last).toEqual([
      'Dòng 119: Thiếu "Họ và tên".',
      'Dòng 119: Số điện thoại "12345" không hợp lệ: cần 10 chữ số, ví dụ 0912345678.',
      expect.stringMatching(/^Dòng 119: Vai trò "Thủ quỹ" không có trong danh mục/),
    ]);
    expect(await t.db.staff.count()).toBe(before);
  });

  it('the unknown-role error offers only names the import accepts', () => {
    for (const name of ACCEPTED_ROLE_NAMES) {
      for (const item of [name.replace(/\s*\(.*\)$/, ''), ...(/\((.*)\)/.exec(name)?.[1] ? splitList(/\((.*)\)/.exec(name)![1]!) : [])]) {
        expect(roleOfName(item), item).toBeDefined();
      }
    }
  });

  it('rows ranges are merged and shortened', () => {
    const errors = [2, 3, 4, 7, 9, 10].map((rowNumber) => ({ rowNumber, message: 'Thiếu "Họ và tên".' }));
    expect(formatRowErrors(errors)).toEqual(['Dòng 2–4, 7, 9–10: Thiếu "Họ và tên".']);
  });
});

describe('header and columns', () => {
  it.each([
    ['Họ và tên (*)', 'fullName'], ['HọVàTên', 'fullName'], ['HO_VA_TEN', 'fullName'], ['  họ   TÊN ', 'fullName'],
    ['Chức vụ', 'roles'], ['Tổ bộ môn', 'group'], ['Môn giảng dạy', 'subjects'], ['SĐT', 'phone'], ['Số ĐT*', 'phone'],
    ['Mã GV', 'staffCode'], ['E-mail', 'email'], ['Ngày sinh', undefined], ['STT', undefined],
  ])('"%s" is read as %s', (header, field) => {
    expect(columnOfHeader(header)).toBe(field);
  });

  it('two columns that could be one field are asked about, never chosen silently; a choice settles it', async () => {
    const sheet = await readRosterSheet(csvOf([['Họ tên', 'SĐT', 'Điện thoại', 'Tổ'], ['An', '0912000001', '0225123456', 'Tổ Toán']]), 'csv');
    expect(sheet.ok).toBe(true);
    const rows = sheet.ok ? sheet.rows : [];
    const asked = layRoster(rows);
    expect(asked.ok).toBe(false);
    expect(!asked.ok && asked.errors[0]!.message).toMatch(/^Cột B “SĐT” và cột C “Điện thoại” đều có thể là “Điện thoại”: hệ thống không tự chọn/);
    const chosen = layRoster(rows, { 2: null });
    expect(chosen.ok && chosen.rows[0]!.cells.phone).toBe('0912000001');
  });

  it('no header in the first rows: says what it looks for', async () => {
    const sheet = await readRosterSheet(csvOf([['Báo cáo'], ['a', 'b']]), 'csv');
    const laid = layRoster(sheet.ok ? sheet.rows : []);
    expect(!laid.ok && laid.errors[0]!.message).toMatch(/^Không tìm thấy dòng tiêu đề/);
  });
});
