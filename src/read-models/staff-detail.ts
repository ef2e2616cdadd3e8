// One person as the staff pages show them: record, roles with their places, web account and
// chat links, and what the viewer may do with them. Null when the viewer does not see them.
import { canManageStaff } from '../core/admin-rights.js';
import type { Actor } from '../core/org.js';
import type { Db } from '../db/prisma.js';
import { startsWithText } from '../db/text-match.js';
import { loadStaffPlacement, managedStaffFilter } from './scope-filters.js';

export async function staffDetail(db: Db, actor: Actor, staffId: number, now = new Date()) {
  const staff = await db.staff.findFirst({
    where: { AND: [{ id: staffId }, managedStaffFilter(actor)] },
    include: {
      school: true,
      unit: true,
      roles: { include: { school: { select: { name: true } }, group: { select: { name: true } }, subgroup: { select: { name: true } } }, orderBy: { id: 'asc' } },
      webAccount: { select: { id: true, username: true, active: true, mustChangePassword: true, lastSignInAt: true } },
      identities: { orderBy: { channel: 'asc' } },
    },
  });
  if (!staff) return null;
  const unitIds = [...new Set(staff.roles.flatMap((r) => (r.unitId != null ? [r.unitId] : [])))];
  const [placement, units, groups, plans, decisions, subjects] = await Promise.all([
    loadStaffPlacement(db, staff.id),
    db.orgUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } }),
    staff.schoolId == null ? [] : db.group.findMany({
      where: { schoolId: staff.schoolId, active: true },
      include: { subgroups: { where: { active: true }, orderBy: { subject: 'asc' } } },
      orderBy: { name: 'asc' },
    }),
    db.plan.count({ where: { ownerId: staff.id } }),
    db.decision.count({ where: { deciderId: staff.id } }),
    db.subgroup.findMany({ where: { active: true }, distinct: ['subject'], select: { subject: true }, orderBy: { subject: 'asc' } }),
  ]);
  const lock = staff.webAccount ? await db.signInThrottle.findUnique({ where: { key: `user:${staff.webAccount.username}` } }) : null;
  return {
    staff,
    manageable: placement !== null && canManageStaff(actor, placement),
    /** Until when sign-in with this username is locked after wrong passwords (null: it is not). */
    signInLockedUntil: lock?.lockedUntil && lock.lockedUntil > now ? lock.lockedUntil : null,
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    groups,
    plans,
    decisions,
    knownSubjects: subjects.map((s) => s.subject),
  };
}

export type StaffDetail = NonNullable<Awaited<ReturnType<typeof staffDetail>>>;

/** The next free code of the school's pattern (`THCS-TP-016`), as a suggestion for a new person. */
export async function suggestStaffCode(db: Db, schoolId: number): Promise<string | null> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { code: true } });
  if (!school) return null;
  const prefix = `${school.code}-`;
  const codes = await db.staff.findMany({ where: { code: startsWithText(db, prefix) }, select: { code: true } });
  const numbers = codes.map((c) => /^(\d{1,6})$/.exec(c.code.slice(prefix.length))?.[1]).filter(Boolean).map(Number);
  const next = (numbers.length > 0 ? Math.max(...numbers) : 0) + 1;
  return `${prefix}${String(next).padStart(3, '0')}`;
}
