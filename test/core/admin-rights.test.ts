// Who may change the organisation in the web admin, and whose compliance they follow.
import { describe, expect, it } from 'vitest';
import { canAssignRole, canManageSchool, canManageStaff, canOperateCity, complianceScope, managedSchools, placementOf } from '../../src/core/admin-rights.js';
import type { Actor } from '../../src/core/org.js';

const hotline: Actor = { staffId: 1, grants: [{ role: 'HOTLINE_ADMIN', unitId: 1 }] };
const adminA: Actor = { staffId: 2, grants: [{ role: 'TEACHER', schoolId: 10, groupId: 100 }, { role: 'SCHOOL_ADMIN', schoolId: 10 }] };
const principalA: Actor = { staffId: 3, grants: [{ role: 'PRINCIPAL', schoolId: 10 }] };
const ward: Actor = { staffId: 4, grants: [{ role: 'UNIT_ACCOUNT', unitId: 7 }] };
const specialist: Actor = { staffId: 5, grants: [{ role: 'DIVISION_SPECIALIST', unitId: 2, subjects: ['Toán'] }] };
const teacher: Actor = { staffId: 6, grants: [{ role: 'TEACHER', schoolId: 10, groupId: 100 }] };
const leader: Actor = { staffId: 7, grants: [{ role: 'DIVISION_LEADER', unitId: 2 }] };

const inA = { schoolId: 10, roleSchoolIds: [10], holdsOfficeRole: false, holdsBoardRole: false };
const inB = { schoolId: 11, roleSchoolIds: [11], holdsOfficeRole: false, holdsBoardRole: false };
const teachesInBoth = { schoolId: 10, roleSchoolIds: [10, 11], holdsOfficeRole: false, holdsBoardRole: false };
const office = { schoolId: null, roleSchoolIds: [], holdsOfficeRole: true, holdsBoardRole: false };
const boardOfA = { schoolId: 10, roleSchoolIds: [10], holdsOfficeRole: false, holdsBoardRole: true };

describe('managing the organisation', () => {
  it('the hotline manages every school and person; a school admin only their own school', () => {
    expect(managedSchools(hotline)).toBe('ALL');
    expect(managedSchools(adminA)).toEqual([10]);
    expect([canManageSchool(adminA, 10), canManageSchool(adminA, 11)]).toEqual([true, false]);
    for (const actor of [principalA, ward, specialist, teacher, leader]) expect(managedSchools(actor)).toEqual([]);
  });

  it('a school admin manages people of their school only, never office accounts or people shared with another school', () => {
    expect([inA, inB, teachesInBoth, office].map((p) => canManageStaff(adminA, p))).toEqual([true, false, false, false]);
    expect([inA, inB, teachesInBoth, office].map((p) => canManageStaff(hotline, p))).toEqual([true, true, true, true]);
    expect(canManageStaff(principalA, inA)).toBe(false);
  });

  it('school roles are given within a managed school; office roles by the hotline only', () => {
    expect(canAssignRole(adminA, 'GROUP_HEAD', 10)).toBe(true);
    expect(canAssignRole(adminA, 'GROUP_HEAD', 11)).toBe(false);
    expect(canAssignRole(adminA, 'UNIT_ACCOUNT', null)).toBe(false);
    expect(canAssignRole(adminA, 'HOTLINE_ADMIN', 10)).toBe(false);
    expect(canAssignRole(hotline, 'DIVISION_SPECIALIST', null)).toBe(true);
    expect(canAssignRole(hotline, 'TEACHER', null)).toBe(false);
  });

  it('board roles, admin rights and the board members themselves are the hotline’s: a school admin manages teachers and heads', () => {
    for (const role of ['PRINCIPAL', 'VICE_PRINCIPAL', 'SCHOOL_ADMIN'] as const) {
      expect(canAssignRole(adminA, role, 10), role).toBe(false);
      expect(canAssignRole(hotline, role, 10), role).toBe(true);
    }
    for (const role of ['TEACHER', 'SUBGROUP_HEAD', 'GROUP_HEAD'] as const) expect(canAssignRole(adminA, role, 10), role).toBe(true);
    expect(canManageStaff(adminA, boardOfA)).toBe(false);
    expect(canManageStaff(hotline, boardOfA)).toBe(true);
    expect(placementOf({ schoolId: 10, unitId: null, roles: [{ role: 'TEACHER', schoolId: 10 }, { role: 'VICE_PRINCIPAL', schoolId: 10 }] })).toMatchObject({ holdsBoardRole: true, holdsOfficeRole: false });
    expect(placementOf({ schoolId: 10, unitId: null, roles: [{ role: 'GROUP_HEAD', schoolId: 10 }, { role: 'SCHOOL_ADMIN', schoolId: 10 }] }).holdsBoardRole).toBe(false);
  });

  it('school years, the audit log and the queues are the hotline team\'s', () => {
    expect([hotline, adminA, principalA, leader, ward].map(canOperateCity)).toEqual([true, false, false, false, false]);
  });
});

describe('compliance scope', () => {
  it('follows the reading scope of whole schools (R10)', () => {
    expect(complianceScope(hotline)).toEqual({ schools: 'ALL' });
    expect(complianceScope(leader)).toEqual({ schools: 'ALL' });
    expect(complianceScope(ward)).toEqual({ schools: { unitIds: [7], schoolIds: [] } });
    expect(complianceScope(principalA)).toEqual({ schools: { unitIds: [], schoolIds: [10] } });
    expect(complianceScope(adminA)).toEqual({ schools: { unitIds: [], schoolIds: [10] } });
    expect(complianceScope(specialist)).toEqual({ schools: 'ALL', subjects: ['Toán'] });
    expect(complianceScope(teacher)).toBeNull();
  });
});
