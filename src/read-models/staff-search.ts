// The staff list of the admin pages: the people the viewer manages (managedStaffFilter),
// filtered by school, group, role and state, and searched by name, code or phone. Names are
// matched without diacritics ("nguyen thi ha" finds "Nguyễn Thị Hà"): SQLite cannot fold
// Vietnamese, so a text search reads the few columns it needs and matches in memory.
import type { Actor } from '../core/org.js';
import { foldVietnamese } from '../core/text.js';
import type { Role } from '../core/vocabulary.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';
import { managedStaffFilter } from './scope-filters.js';

export interface StaffQuery {
  text?: string;
  schoolId?: number;
  groupId?: number;
  role?: Role;
  state?: 'active' | 'inactive';
  page: number;
}

export const STAFF_PAGE_SIZE = 50;

export async function searchStaff(db: Db, actor: Actor, query: StaffQuery) {
  const where: Prisma.StaffWhereInput = { AND: [managedStaffFilter(actor), ...filtersOf(query)] };
  const order: Prisma.StaffOrderByWithRelationInput[] = [{ active: 'desc' }, { fullName: 'asc' }, { id: 'asc' }];
  const skip = (query.page - 1) * STAFF_PAGE_SIZE;
  let ids: number[];
  let total: number;
  if (query.text) {
    const candidates = await db.staff.findMany({ where, orderBy: order, select: { id: true, code: true, fullName: true, phone: true } });
    const matching = candidates.filter(textMatcher(query.text));
    total = matching.length;
    ids = matching.slice(skip, skip + STAFF_PAGE_SIZE).map((s) => s.id);
  } else {
    [total, ids] = await Promise.all([
      db.staff.count({ where }),
      db.staff.findMany({ where, orderBy: order, skip, take: STAFF_PAGE_SIZE, select: { id: true } }).then((rows) => rows.map((r) => r.id)),
    ]);
  }
  const rows = await db.staff.findMany({
    where: { id: { in: ids } },
    include: {
      school: { select: { name: true } },
      unit: { select: { name: true } },
      roles: { include: { group: { select: { name: true } }, subgroup: { select: { name: true } } } },
      webAccount: { select: { username: true, active: true } },
      identities: { select: { channel: true } },
    },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total, rows: ids.map((id) => byId.get(id)!).filter(Boolean) };
}

function filtersOf(query: StaffQuery): Prisma.StaffWhereInput[] {
  const filters: Prisma.StaffWhereInput[] = [];
  if (query.schoolId) filters.push({ OR: [{ schoolId: query.schoolId }, { roles: { some: { schoolId: query.schoolId } } }] });
  if (query.groupId) filters.push({ roles: { some: { groupId: query.groupId } } });
  if (query.role) filters.push({ roles: { some: { role: query.role } } });
  if (query.state) filters.push({ active: query.state === 'active' });
  return filters;
}

/** Name and code without diacritics or case; phone by its digits (spaces and +84 ignored). */
function textMatcher(text: string) {
  const folded = foldVietnamese(text);
  const digits = text.replace(/\D/g, '').replace(/^84(?=\d{9})/, '0');
  return (s: { code: string; fullName: string; phone: string | null }) =>
    foldVietnamese(s.fullName).includes(folded) ||
    foldVietnamese(s.code).includes(folded) ||
    (digits.length >= 3 && (s.phone ?? '').includes(digits));
}
