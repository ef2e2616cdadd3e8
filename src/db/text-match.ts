// Text filters that match the same rows on SQLite and PostgreSQL. Prisma's `contains` and
// `startsWith` are LIKE: case-insensitive on SQLite (for ASCII), case-sensitive on PostgreSQL
// unless `mode: 'insensitive'` (ILIKE), which the SQLite client does not accept. Searches of
// names, actors and codes ignore case on both.
import { isPostgres, type Db, type DbTx } from './prisma.js';

type Insensitive = { mode?: 'insensitive' };

export function containsText(db: Db | DbTx, text: string): { contains: string } {
  return { contains: text, ...insensitive(db) };
}

export function startsWithText(db: Db | DbTx, text: string): { startsWith: string } {
  return { startsWith: text, ...insensitive(db) };
}

function insensitive(db: Db | DbTx): Insensitive {
  return isPostgres(db) ? { mode: 'insensitive' } : {};
}
