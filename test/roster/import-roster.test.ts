import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRosterFile } from '../../src/roster/read-roster-file.js';
import { validateRoster } from '../../src/roster/validate-roster.js';
import { importRoster, totalChanges, type ImportResult } from '../../src/use-cases/import-roster.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(async () => {
  await t.close();
});

async function importFile(content: Buffer, format: 'csv' | 'xlsx', dryRun = false): Promise<ImportResult> {
  const read = await readRosterFile(content, format);
  if (!read.ok) return read;
  const validation = validateRoster(read.rows);
  if (!validation.ok) return validation;
  return importRoster(t.db, validation.plan, { actor: 'test', cityName: 'Hải Phòng', dryRun, nameHolders: true });
}

const csv = (lines: string[]) => Buffer.from(lines.join('\n'));
const HEADER = 'Mã trường,Tên trường,Cấp học,Đơn vị quản lý,Tổ chuyên môn,Nhóm chuyên môn,Mã cán bộ,Họ và tên,Vai trò,Môn dạy,Điện thoại';

/** Every table except the audit log, as rows without timestamps. */
/** Every row of the roster tables, as stored (updatedAt included: an unchanged row is not rewritten). */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const tables = ['OrgUnit', 'School', 'Group', 'Subgroup', 'Staff', 'RoleAssignment'];
  const rows = await Promise.all(tables.map((name) => t.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}" ORDER BY id`)));
  return Object.fromEntries(tables.map((name, i) => [name, rows[i]!]));
}

describe('importing the demo roster', () => {
  it('loads the .csv: four schools, the ward office, the Division and ~60 people with their roles', async () => {
    const result = await importFile(fs.readFileSync('data/demo/roster.csv'), 'csv');
    expect(result).toMatchObject({ ok: true, people: 60 });
    expect(await t.db.school.count()).toBe(4);
    const thpt = await t.db.school.findUniqueOrThrow({ where: { code: 'THPT-TPH' }, include: { supervisingUnit: true } });
    expect(thpt.supervisingUnit.kind).toBe('DIVISION');
    const thcs = await t.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' }, include: { supervisingUnit: true } });
    expect(thcs.supervisingUnit).toMatchObject({ name: 'UBND phường Lê Chân', kind: 'SUPERVISING', typeLabel: 'Phòng Văn hóa – Xã hội phường' });
    const head = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-003' }, include: { roles: true } });
    expect(head.roles.map((r) => r.role).sort()).toEqual(['GROUP_HEAD', 'TEACHER']);
    const specialist = await t.db.staff.findUniqueOrThrow({ where: { code: 'GDTRH-02' }, include: { roles: true } });
    expect(specialist.roles).toMatchObject([{ role: 'DIVISION_SPECIALIST', subjects: JSON.stringify(['Toán', 'Tin học']) }]);
    expect(await t.db.roleAssignment.count({ where: { role: 'SCHOOL_ADMIN' } })).toBe(4);
  });

  it('importing it twice gives the same database, and the .xlsx says the same as the .csv', async () => {
    const first = await importFile(fs.readFileSync('data/demo/roster.csv'), 'csv');
    const after1 = await snapshot();
    const second = await importFile(fs.readFileSync('data/demo/roster.csv'), 'csv');
    const third = await importFile(fs.readFileSync('data/demo/roster.xlsx'), 'xlsx');
    expect(first.ok && totalChanges(first.changes)).toBeGreaterThan(100);
    expect(second.ok && totalChanges(second.changes)).toBe(0);
    expect(third.ok && totalChanges(third.changes)).toBe(0);
    expect(await snapshot()).toEqual(after1);
    expect(await t.db.auditLog.count({ where: { action: 'roster.import' } })).toBe(1);
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const result = await importFile(fs.readFileSync('data/demo/roster.csv'), 'csv', true);
    expect(result.ok && result.changes.staff.created).toBe(60);
    expect(await t.db.staff.count()).toBe(0);
  });
});

describe('a roster with a bad row', () => {
  it('writes nothing and names the row and the reason in Vietnamese', async () => {
    const result = await importFile(
      csv([
        HEADER,
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,A1,Nguyễn Văn An,Tổ trưởng,Toán,0912000001',
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,A2,Trần Thị Bình,Giáo viên,Toán,12345',
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,A3,,Giáo viên,Toán,0912000003',
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,A4,Lê Văn Cường,Thủ quỹ,Toán,0912000004',
      ]),
      'csv',
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { rowNumber: 3, message: 'Số điện thoại "12345" không hợp lệ: cần 10 chữ số, ví dụ 0912345678.' },
        { rowNumber: 4, message: 'Thiếu "Họ và tên".' },
        { rowNumber: 5, message: expect.stringMatching(/^Vai trò "Thủ quỹ" không có trong danh mục; hãy ghi một trong: Giáo viên \(GV\); Nhóm trưởng \(NTCM\);/) },
      ],
    });
    expect(await t.db.staff.count()).toBe(0);
    expect(await t.db.school.count()).toBe(0);
  });

  it.each([
    ['a THCS without its supervising unit', 'THCS-B,Trường THCS B,THCS,,Tổ Toán,Toán,B1,Ngô Văn Dũng,Giáo viên,Toán,0912000005', /cần "Đơn vị quản lý"/],
    ['a group head without a group', 'THCS-B,Trường THCS B,THCS,UBND xã An Lão,,,B1,Ngô Văn Dũng,Tổ trưởng,Toán,0912000005', /^Tổ trưởng cần "Tổ chuyên môn"/],
    ['an unknown level', 'THCS-B,Trường THCS B,Tiểu học,UBND xã An Lão,Tổ Toán,Toán,B1,Ngô Văn Dũng,Giáo viên,Toán,0912000005', /"Cấp học" phải là THCS, THPT/],
    ['a school role and an office role in one row', 'THCS-B,Trường THCS B,THCS,UBND xã An Lão,,,B1,Ngô Văn Dũng,Hiệu trưởng; Chuyên viên,,0912000005', /vừa có vai trò trong trường/],
    ['a specialist without subjects', ',,,Phòng Giáo dục trung học,,,D1,Ngô Văn Dũng,Chuyên viên,,0912000005', /cần "Môn dạy"/],
  ])('refuses %s', async (_, line, message) => {
    const result = await importFile(csv([HEADER, line]), 'csv');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({ rowNumber: 2, message: expect.stringMatching(message) });
  });

  it('refuses one phone number for two different people, naming the first row', async () => {
    const result = await importFile(
      csv([
        HEADER,
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,,Nguyễn Văn An,Giáo viên,Toán,0912000001',
        'THCS-A,Trường THCS A,THCS,UBND xã An Lão,Tổ Toán,Toán,,Trần Văn Bảo,Giáo viên,Toán,+84 912 000 001',
      ]),
      'csv',
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ rowNumber: 3, message: 'Số điện thoại 0912000001 đã được dùng cho "Nguyễn Văn An" ở dòng 2: mỗi người một số.' }],
    });
  });

  it('a file without a header the import knows says what it looks for and what to do', async () => {
    const result = await importFile(csv(['Tên,SĐT', 'Nguyễn Văn An,0912000001']), 'csv');
    expect(result).toEqual({ ok: false, errors: [{ rowNumber: 0, message: expect.stringMatching(/^Không tìm thấy dòng tiêu đề trong 2 dòng đầu của tệp: cần một dòng có cột “Họ và tên”.*tải mẫu trống/) }] });
  });
});

describe('re-importing a changed roster', () => {
  it('matches people by phone when they have no staff code, and updates only what changed', async () => {
    const line = (name: string, roles: string, phone: string) =>
      `THPT-X,Trường THPT X,THPT,,Tổ Toán,Toán,,${name},${roles},Toán,${phone}`;
    await importFile(csv([HEADER, line('Nguyễn Văn An', 'Giáo viên', '0912000001'), line('Lê Thị Hoa', 'Tổ trưởng', '0912000002')]), 'csv');
    const result = await importFile(
      csv([HEADER, line('Nguyễn Văn An', 'Tổ trưởng', '84912000001'), line('Lê Thị Hoa', 'Giáo viên', '912000002')]),
      'csv',
    );
    expect(result.ok && result.changes.staff).toEqual({ created: 0, updated: 0, removed: 0 });
    expect(result.ok && result.changes.roles).toEqual({ created: 1, updated: 0, removed: 1 });
    const an = await t.db.staff.findUniqueOrThrow({ where: { phone: '0912000001' }, include: { roles: true } });
    expect(an.roles.map((r) => r.role).sort()).toEqual(['GROUP_HEAD', 'TEACHER']);
    expect(await t.db.staff.count()).toBe(2);
  });

  it('refuses a phone that belongs to someone else in the database', async () => {
    await importFile(csv([HEADER, 'THPT-X,Trường THPT X,THPT,,Tổ Toán,Toán,X1,Nguyễn Văn An,Giáo viên,Toán,0912000001']), 'csv');
    const result = await importFile(csv([HEADER, 'THPT-X,Trường THPT X,THPT,,Tổ Toán,Toán,X2,Trần Văn Bảo,Giáo viên,Toán,0912000001']), 'csv');
    expect(result).toEqual({
      ok: false,
      errors: [{ rowNumber: 2, message: 'Số điện thoại 0912000001 đang thuộc "Nguyễn Văn An" (mã X1) trong hệ thống.' }],
    });
  });

  it('reads a semicolon-separated CSV with a BOM, as Excel saves it with Vietnamese settings', async () => {
    const text = `\uFEFF${HEADER.replaceAll(',', ';')}\nTHPT-X;Trường THPT X;THPT;;Tổ Toán;Toán;X1;Nguyễn Văn An;Giáo viên, Tổ trưởng;Toán;0912 000 001\n`;
    const result = await importFile(Buffer.from(text), 'csv');
    expect(result).toMatchObject({ ok: true, people: 1 });
  });

  it('keeps a phone typed as a number in Excel (leading zero lost)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(HEADER.split(','));
    ws.addRow(['THPT-X', 'Trường THPT X', 'THPT', '', 'Tổ Toán', 'Toán', 'X1', 'Nguyễn Văn An', 'Giáo viên', 'Toán', 912000001]);
    const result = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(result).toMatchObject({ ok: true });
    expect(await t.db.staff.findUnique({ where: { phone: '0912000001' } })).not.toBeNull();
  });

  it('a corrupt .xlsx is refused with a message, not a crash', async () => {
    const result = await importFile(Buffer.from('PK\u0003\u0004 not really a zip'), 'xlsx');
    expect(result).toEqual({ ok: false, errors: [{ rowNumber: 0, message: expect.stringContaining('Không đọc được tệp Excel') }] });
  });
});
