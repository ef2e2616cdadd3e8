// The people an admin manages, with their chat links: for the linking page's list and counts,
// and for issuing link codes to everyone of a group or school who has not linked yet.
import { canManageSchool, canManageStaff, isHotline } from '../core/admin-rights.js';
import { AppError } from '../core/app-error.js';
import type { Actor } from '../core/org.js';
import { foldVietnamese } from '../core/text.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';
import { managedStaffFilter } from './scope-filters.js';
import { placementOfStaff } from './staff-placement.js';

export const NOT_IN_SCOPE = 'Không tìm thấy, hoặc bạn không có quyền xem mục này.';

/** Where to look: a school (0: office staff, hotline only), a group, or everything managed. */
export interface LinkScope {
  schoolId?: number;
  groupId?: number;
}

export type LinkStatus = 'all' | 'linked' | 'unlinked' | 'unreachable';

export interface LinkPerson {
  id: number;
  code: string;
  fullName: string;
  phone: string | null;
  schoolId: number | null;
  groupIds: number[];
  identities: Array<{ id: number; channel: string; linkedAt: Date; lastUsedAt: Date; unreachableAt: Date | null }>;
}

/** Refuses a school or group the actor does not manage (404: its existence is not theirs to know). */
export async function checkLinkScope(db: Db, actor: Actor, scope: LinkScope): Promise<{ schoolId?: number; groupId?: number }> {
  if (scope.groupId !== undefined) {
    const group = await db.group.findUnique({ where: { id: scope.groupId }, select: { schoolId: true } });
    if (!group || !canManageSchool(actor, group.schoolId)) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
    if (scope.schoolId !== undefined && scope.schoolId !== group.schoolId) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
    return { schoolId: group.schoolId, groupId: scope.groupId };
  }
  if (scope.schoolId === 0 && !isHotline(actor)) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
  if (scope.schoolId && !canManageSchool(actor, scope.schoolId)) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
  return scope;
}

function scopeWhere(actor: Actor, scope: LinkScope): Prisma.StaffWhereInput {
  const where: Prisma.StaffWhereInput[] = [managedStaffFilter(actor), { active: true }];
  if (scope.groupId !== undefined) where.push({ roles: { some: { groupId: scope.groupId } } });
  else if (scope.schoolId === 0) where.push({ schoolId: null, roles: { none: { schoolId: { not: null } } } });
  else if (scope.schoolId !== undefined) where.push({ OR: [{ schoolId: scope.schoolId }, { roles: { some: { schoolId: scope.schoolId } } }] });
  return { AND: where };
}

/** Everyone in scope whom the actor manages, with their links, matching the search text. */
export async function loadLinkPeople(db: Db, actor: Actor, scope: LinkScope, search = '', staffId?: number): Promise<LinkPerson[]> {
  const where = scopeWhere(actor, scope);
  const rows = await db.staff.findMany({
    where: staffId === undefined ? where : { AND: [where, { id: staffId }] },
    select: {
      id: true, code: true, fullName: true, phone: true, schoolId: true, unitId: true,
      roles: { select: { schoolId: true, role: true, groupId: true } },
      identities: { select: { id: true, channel: true, linkedAt: true, lastUsedAt: true, unreachableAt: true }, orderBy: { channel: 'asc' } },
    },
  });
  const wanted = foldVietnamese(search);
  const digits = search.replace(/\D/g, '');
  return rows
    .filter((s) => canManageStaff(actor, placementOfStaff(s)))
    .filter((s) => !wanted || foldVietnamese(`${s.fullName} ${s.code}`).includes(wanted) || (digits.length >= 3 && (s.phone ?? '').includes(digits)))
    .map((s) => ({
      id: s.id, code: s.code, fullName: s.fullName, phone: s.phone, schoolId: s.schoolId,
      groupIds: [...new Set(s.roles.flatMap((r) => (r.groupId != null ? [r.groupId] : [])))],
      identities: s.identities,
    }))
    .sort((a, b) => (a.schoolId ?? 1e12) - (b.schoolId ?? 1e12) || a.fullName.localeCompare(b.fullName, 'vi'));
}

export function hasStatus(person: LinkPerson, status: LinkStatus): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'linked':
      return person.identities.length > 0;
    case 'unlinked':
      return person.identities.length === 0;
    case 'unreachable':
      return person.identities.some((i) => i.unreachableAt !== null);
  }
}

/** Who gets a code: one managed person (linked or not), or the not-yet-linked of a group or school. */
export async function linkCodeTargets(db: Db, actor: Actor, target: { staffId: number } | LinkScope): Promise<LinkPerson[]> {
  if ('staffId' in target) {
    const people = await loadLinkPeople(db, actor, {}, '', target.staffId);
    if (people.length === 0) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
    return people;
  }
  const scope = await checkLinkScope(db, actor, target);
  return (await loadLinkPeople(db, actor, scope)).filter((p) => hasStatus(p, 'unlinked'));
}
