// Who in the database each planned roster person would update — matched as the import writes
// them (staff code, else phone) — and whether the importer may change them.
import { canManageStaff } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import type { PlannedPerson } from '../roster/roster-plan.js';
import type { MatchedStaff } from '../roster/roster-scope.js';
import type { Db } from '../db/prisma.js';
import { placementOfStaff } from './staff-placement.js';

export async function matchRosterPeople(db: Db, people: readonly PlannedPerson[], actor: Actor): Promise<Array<MatchedStaff | null>> {
  const codes = people.flatMap((p) => (p.staffCode ? [p.staffCode] : []));
  const phones = people.flatMap((p) => (p.phone ? [p.phone] : []));
  const rows = await db.staff.findMany({
    where: { OR: [{ code: { in: codes } }, { phone: { in: phones } }] },
    include: { roles: { select: { schoolId: true, role: true } } },
  });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const byPhone = new Map(rows.flatMap((r) => (r.phone ? [[r.phone, r] as const] : [])));
  return people.map((p) => {
    const row = (p.staffCode ? byCode.get(p.staffCode) : undefined) ?? (p.phone ? byPhone.get(p.phone) : undefined);
    return row ? { code: row.code, fullName: row.fullName, manageable: canManageStaff(actor, placementOfStaff(row)), heldRoles: row.roles.map((r) => r.role) } : null;
  });
}
