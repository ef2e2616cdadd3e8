// The people an admin manages, with their roles, shaped for the roster export. Only what is
// active is exported: a role in a deactivated school, group or sub-group is history, not roster.
import { roleOf, schoolLevelOf, unitKindOf } from '../core/vocabulary.js';
import { canManageStaff } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import type { Role, SchoolLevel, UnitKind } from '../core/vocabulary.js';
import type { ExportPerson, ExportSchool, ExportUnit } from '../roster/export-roster.js';
import type { Db } from '../db/prisma.js';
import { managedStaffFilter } from './scope-filters.js';
import { placementOfStaff } from './staff-placement.js';

export async function loadRosterForExport(db: Db, actor: Actor): Promise<ExportPerson[]> {
  const unitShape = { select: { kind: true, name: true, typeLabel: true, active: true } } as const;
  const schoolShape = { include: { supervisingUnit: unitShape } } as const;
  const staff = await db.staff.findMany({
    where: { AND: [managedStaffFilter(actor), { active: true }] },
    include: {
      roles: { include: { school: schoolShape, group: true, subgroup: true }, orderBy: { id: 'asc' } },
    },
    orderBy: { code: 'asc' },
  });
  const unitIds = [...new Set(staff.flatMap((s) => s.roles.flatMap((r) => (r.unitId != null ? [r.unitId] : []))))];
  const units = new Map((await db.orgUnit.findMany({ where: { id: { in: unitIds } } })).map((u) => [u.id, u]));
  return staff
    .filter((s) => canManageStaff(actor, placementOfStaff(s)))
    .map((s) => ({
      code: s.code,
      fullName: s.fullName,
      phone: s.phone,
      email: s.email,
      subjects: parseList(s.subjects),
      roles: s.roles.flatMap((r) => {
        if (r.school && !r.school.active) return [];
        if ((r.group && !r.group.active) || (r.subgroup && !r.subgroup.active)) return [];
        const unit = r.unitId != null ? units.get(r.unitId) : undefined;
        if (unit && !unit.active) return [];
        return [{
          role: roleOf(r.role),
          school: r.school ? schoolOf(r.school) : null,
          group: r.group?.name ?? null,
          subgroup: r.subgroup?.subject ?? null,
          unit: unit ? unitOf(unit) : null,
          subjects: parseList(r.subjects),
        }];
      }),
    }))
    // Someone with no role left cannot be written as a row (the import needs one); they stay as they are.
    .filter((p) => p.roles.length > 0);
}

function schoolOf(s: { code: string; name: string; level: string; supervisingUnit: { kind: string; name: string; typeLabel: string | null } }): ExportSchool {
  return { code: s.code, name: s.name, level: schoolLevelOf(s.level), supervisor: unitOf(s.supervisingUnit) };
}

function unitOf(u: { kind: string; name: string; typeLabel: string | null }): ExportUnit {
  return { kind: unitKindOf(u.kind), name: u.name, typeLabel: u.typeLabel };
}

function parseList(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
