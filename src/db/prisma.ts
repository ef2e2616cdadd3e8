// The one place that builds a Prisma client, chosen by DATABASE_URL: SQLite through the
// better-sqlite3 driver adapter, PostgreSQL through the pg driver adapter (no native query
// engine to download for either).
import { ImmediateSQLite3 } from './sqlite-immediate.js';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { PrismaClient as PostgresClient } from '../generated/prisma-pg/client.js';
import { isPostgresUrl, sqliteFileFromUrl } from './database-url.js';

export type Db = PrismaClient;
/** A transaction client, for use cases that must commit several writes together. */
export type DbTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export type DatabaseKind = 'sqlite' | 'postgresql';

/**
 * The kind of database a client talks to, recorded on it by createDb (Prisma's own record,
 * `_activeProvider`, is private). A transaction client reads it through to its client.
 */
const DATABASE_KIND = Symbol('hscm.databaseKind');

export function createDb(databaseUrl: string): Db {
  const kind: DatabaseKind = isPostgresUrl(databaseUrl) ? 'postgresql' : 'sqlite';
  const db =
    kind === 'postgresql'
      ? // Both clients are generated from the same models (prisma/postgresql/schema.prisma is a
        // copy of prisma/schema.prisma), so they have the same API: the code has one Db type.
        (new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db)
      : new PrismaClient({ adapter: new ImmediateSQLite3({ url: sqliteFileFromUrl(databaseUrl), timeout: 10_000 }) });
  Object.defineProperty(db, DATABASE_KIND, { value: kind });
  return db;
}

/** Which database this client (or a transaction of it) talks to. */
export function databaseKind(db: Db | DbTx): DatabaseKind {
  const kind = (db as unknown as Record<symbol, DatabaseKind | undefined>)[DATABASE_KIND];
  if (!kind) throw new Error('databaseKind: not a client made by createDb');
  return kind;
}

/** Whether this client (or a transaction of it) talks to PostgreSQL. */
export function isPostgres(db: Db | DbTx): boolean {
  return databaseKind(db) === 'postgresql';
}
