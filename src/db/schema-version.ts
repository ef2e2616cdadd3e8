// A process started on a database its release has not migrated fails on its first query of a
// new table, in the middle of a teacher's submission. Refuse to start instead, and say what to
// run: `npm start` migrates first, but on several machines migrations run once per release
// (docs/deployment.md) and a unit can be started before them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPostgres, type Db } from './prisma.js';

const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma');

export class SchemaBehindError extends Error {}

/** The migrations this release ships for the database's dialect, oldest first. */
export function shippedMigrations(postgres: boolean): string[] {
  const dir = path.join(PRISMA_DIR, ...(postgres ? ['postgresql', 'migrations'] : ['migrations']));
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Throws SchemaBehindError when a migration of this release is not applied to the database. */
export async function assertSchemaCurrent(db: Db): Promise<void> {
  const postgres = isPostgres(db);
  const applied = new Set(await appliedMigrations(db));
  const missing = shippedMigrations(postgres).filter((name) => !applied.has(name));
  if (missing.length === 0) return;
  throw new SchemaBehindError(
    `the database is behind this release: ${missing.length} migration(s) not applied (${missing.join(', ')}). ` +
    'Apply them with `bash scripts/migrate.sh` (same DATABASE_URL; `npm start` does it), then start again.',
  );
}

async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return rows.map((r) => r.migration_name);
  } catch (error) {
    // No migrations table: a database never migrated. Anything else (unreachable…) is not "behind".
    if (/no such table|does not exist/i.test(String((error as Error).message))) return [];
    throw error;
  }
}
