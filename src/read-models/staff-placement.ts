// Where a loaded staff row belongs, for canManageStaff — the same answer as
// loadStaffPlacement (scope-filters.ts) for rows already fetched with their roles.
import type { StaffPlacement } from '../core/admin-rights.js';
import { type Role, SCHOOL_ROLES, roleOf } from '../core/vocabulary.js';

export interface PlacedStaffRow {
  schoolId: number | null;
  unitId: number | null;
  roles: ReadonlyArray<{ schoolId: number | null; role: string }>;
}

export function placementOfStaff(s: PlacedStaffRow): StaffPlacement {
  return {
    schoolId: s.schoolId,
    roleSchoolIds: s.roles.flatMap((r) => (r.schoolId != null ? [r.schoolId] : [])),
    holdsOfficeRole: s.unitId != null || s.roles.some((r) => !SCHOOL_ROLES.includes(roleOf(r.role))),
  };
}
