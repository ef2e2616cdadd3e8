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

export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    // Both clients are generated from the same models (prisma/postgresql/schema.prisma is a
    // copy of prisma/schema.prisma), so they have the same API: the code has one Db type.
    const adapter = new PrismaPg({ connectionString: databaseUrl });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new ImmediateSQLite3({ url: sqliteFileFromUrl(databaseUrl), timeout: 10_000 });
  return new PrismaClient({ adapter });
}

/** Whether this client (or a transaction of it) talks to PostgreSQL. */
export function isPostgres(db: Db | DbTx): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql';
}
