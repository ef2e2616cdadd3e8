// Who receives a message addressed to a function rather than a person.
import type { Db, DbTx } from '../db/prisma.js';

/** The school's software-admin teachers (R11), active ones, as staff ids. */
export async function schoolAdminIds(db: Db | DbTx, schoolId: number): Promise<number[]> {
  const rows = await db.roleAssignment.findMany({ where: { schoolId, role: 'SCHOOL_ADMIN', staff: { active: true } }, select: { staffId: true } });
  return [...new Set(rows.map((r) => r.staffId))];
}

/** The accounts of a supervising unit (its unit account; for the Division, its leaders too). */
export async function unitRecipientIds(db: Db | DbTx, unitId: number): Promise<number[]> {
  const rows = await db.roleAssignment.findMany({ where: { unitId, role: { in: ['UNIT_ACCOUNT', 'DIVISION_LEADER'] }, staff: { active: true } }, select: { staffId: true } });
  return [...new Set(rows.map((r) => r.staffId))];
}
