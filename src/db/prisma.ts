// The one place that builds a Prisma client: SQLite through the better-sqlite3 driver
// adapter (no native query engine to download).
import { ImmediateSQLite3 } from './sqlite-immediate.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { sqliteFileFromUrl } from './database-url.js';

export type Db = PrismaClient;
/** A transaction client, for use cases that must commit several writes together. */
export type DbTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function createDb(databaseUrl: string): Db {
  const adapter = new ImmediateSQLite3({ url: sqliteFileFromUrl(databaseUrl), timeout: 10_000 });
  return new PrismaClient({ adapter });
}
