// What a school's admin may import: their own school's people, nobody else.
import { describe, expect, it } from 'vitest';
import type { PlannedPerson } from '../../src/roster/roster-plan.js';
import { rowsOutsideScope } from '../../src/roster/roster-scope.js';

function person(rowNumbers: number[], schoolCode: string | null, staffCode = `X${rowNumbers[0]}`): PlannedPerson {
  return {
    staffCode, fullName: `Người ${rowNumbers[0]}`, phone: null, email: null, subjects: [], schoolCode,
    unit: schoolCode ? null : { kind: 'DIVISION' }, roles: [], rowNumbers,
  };
}

describe('rowsOutsideScope', () => {
  const people = [person([2, 7], 'THCS-TP'), person([3], 'THCS-NQ'), person([4], null), person([5], 'THCS-TP')];
  const matches = [null, null, null, { code: 'THCS-NQ-004', fullName: 'Lương Thị Thảo', manageable: false }];

  it('the hotline team may import every row', () => {
    expect(rowsOutsideScope(people, { schoolCodes: 'ALL', matches })).toEqual([]);
  });

  it("a school admin: another school's rows, office rows and people of elsewhere are errors, by row", () => {
    const errors = rowsOutsideScope(people, { schoolCodes: new Set(['THCS-TP']), matches });
    expect(errors.map((e) => e.rowNumber)).toEqual([3, 4, 5]);
    expect(errors[0]!.message).toMatch(/^Trường THCS-NQ không thuộc quyền quản lý/);
    expect(errors[1]!.message).toMatch(/cơ quan quản lý/);
    // Nothing about a person outside the importer's scope is told (issue 17: no name, no code).
    expect(errors[2]!.message).toMatch(/ngoài phạm vi quản lý/);
    expect(errors[2]!.message).not.toMatch(/Lương Thị Thảo|THCS-NQ-004/);
  });

  it('every row of a person spanning several rows is named', () => {
    const errors = rowsOutsideScope(people, { schoolCodes: new Set(['THCS-NQ']), matches: [null, null, null, null] });
    expect(errors.map((e) => e.rowNumber)).toEqual([2, 4, 5, 7]);
  });

  it('a person of their own school whom they manage is fine; an admin of no school may import nothing', () => {
    const own = [person([2], 'THCS-TP')];
    expect(rowsOutsideScope(own, { schoolCodes: new Set(['THCS-TP']), matches: [{ code: 'X', fullName: 'A', manageable: true }] })).toEqual([]);
    expect(rowsOutsideScope(own, { schoolCodes: new Set(), matches: [null] })).toHaveLength(1);
  });

  it('board and admin roles in a school admin’s own school are refused by row (the hotline gives them); teaching and heads’ roles pass', () => {
    const head = { ...person([2], 'THCS-TP'), roles: [{ role: 'TEACHER' as const, schoolCode: 'THCS-TP', group: 'Tổ Toán' }, { role: 'GROUP_HEAD' as const, schoolCode: 'THCS-TP', group: 'Tổ Toán' }] };
    const principal = { ...person([3], 'THCS-TP'), roles: [{ role: 'PRINCIPAL' as const, schoolCode: 'THCS-TP' }] };
    const admin = { ...person([4], 'THCS-TP'), roles: [{ role: 'SCHOOL_ADMIN' as const, schoolCode: 'THCS-TP' }, { role: 'VICE_PRINCIPAL' as const, schoolCode: 'THCS-TP' }] };
    const errors = rowsOutsideScope([head, principal, admin], { schoolCodes: new Set(['THCS-TP']), matches: [null, null, null] });
    expect(errors.map((e) => e.rowNumber)).toEqual([3, 4]);
    expect(errors[0]!.message).toContain('Vai trò "Hiệu trưởng" chỉ Tổ hỗ trợ của Sở giao được');
    expect(errors[1]!.message).toMatch(/"Giáo viên quản trị phần mềm", "Phó hiệu trưởng[^"]*"/);
    expect(rowsOutsideScope([head, principal, admin], { schoolCodes: 'ALL', matches: [null, null, null] })).toEqual([]);
    // The admin's own row, as their export writes it, repeats the role they hold: nothing new.
    const self = { ...person([5], 'THCS-TP'), roles: [{ role: 'SCHOOL_ADMIN' as const, schoolCode: 'THCS-TP' }] };
    expect(rowsOutsideScope([self], { schoolCodes: new Set(['THCS-TP']), matches: [{ code: 'X5', fullName: 'A', manageable: true, heldRoles: ['TEACHER', 'SCHOOL_ADMIN'] }] })).toEqual([]);
  });
});
