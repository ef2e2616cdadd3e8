// Who a staff member is, in words: for the greeting after linking and for messages.
import { ROLE_LABELS, type Role } from '../core/vocabulary.js';
import type { Db, DbTx } from '../db/prisma.js';

export interface StaffProfile {
  id: number;
  fullName: string;
  schoolName: string | null;
  unitName: string | null;
  groupNames: string[];
  roleLabels: string[];
}

export async function loadStaffProfile(db: Db | DbTx, staffId: number): Promise<StaffProfile> {
  const staff = await db.staff.findUniqueOrThrow({
    where: { id: staffId },
    include: { school: true, unit: true, roles: { include: { group: true, subgroup: true } } },
  });
  const groups = new Set<string>();
  for (const r of staff.roles) {
    if (r.group) groups.add(r.subgroup ? `${r.group.name} (${r.subgroup.name})` : r.group.name);
  }
  const roles = [...new Set(staff.roles.map((r) => ROLE_LABELS[r.role as Role] ?? r.role))];
  return {
    id: staff.id,
    fullName: staff.fullName,
    schoolName: staff.school?.name ?? null,
    unitName: staff.unit?.name ?? null,
    groupNames: [...groups],
    roleLabels: roles,
  };
}

export function describeProfile(p: StaffProfile): string {
  const lines = [`👤 ${p.fullName}`];
  if (p.schoolName) lines.push(`🏫 ${p.schoolName}`);
  if (p.unitName) lines.push(`🏢 ${p.unitName}`);
  if (p.groupNames.length > 0) lines.push(`👥 ${p.groupNames.join('; ')}`);
  if (p.roleLabels.length > 0) lines.push(`🔖 ${p.roleLabels.join(', ')}`);
  return lines.join('\n');
}
