// Where a loaded staff row belongs, for canManageStaff — the same answer as
// loadStaffPlacement (scope-filters.ts) for rows already fetched with their roles.
import { placementOf, type StaffPlacement } from '../core/admin-rights.js';

export interface PlacedStaffRow {
  schoolId: number | null;
  unitId: number | null;
  roles: ReadonlyArray<{ schoolId: number | null; role: string }>;
}

export function placementOfStaff(s: PlacedStaffRow): StaffPlacement {
  return placementOf(s);
}
