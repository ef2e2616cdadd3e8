// Every staff member's name and code, folded for a diacritics-insensitive search, kept between
// requests. Folding a city's 20,000 names takes ~80 ms and reading them through Prisma ~100 ms;
// a city-wide teacher search would pay both on every request. The copy is refreshed when the
// number of staff or their latest change differs (one aggregate query, a few ms).
import { foldVietnamese } from '../core/text.js';
import type { Db } from '../db/prisma.js';

export interface FoldedStaff {
  id: number;
  /** Folded full name, then folded staff code. */
  text: string;
}

const cache = new WeakMap<Db, { stamp: string; people: FoldedStaff[] }>();

export async function foldedStaffNames(db: Db): Promise<FoldedStaff[]> {
  const { _count, _max } = await db.staff.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
  const stamp = `${_count._all}@${_max.updatedAt?.getTime() ?? 0}`;
  const cached = cache.get(db);
  if (cached?.stamp === stamp) return cached.people;
  const rows = await db.staff.findMany({ select: { id: true, code: true, fullName: true }, orderBy: { id: 'asc' } });
  const people = rows.map((r) => ({ id: r.id, text: `${foldVietnamese(r.fullName)}\n${foldVietnamese(r.code)}` }));
  cache.set(db, { stamp, people });
  return people;
}
