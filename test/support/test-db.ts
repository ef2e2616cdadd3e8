import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/prisma.js';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './postgres-admin.js';

/** Whether this run's databases are PostgreSQL (TEST_DATABASE_URL, see scripts/test-postgres.sh). */
export const onPostgres = inject('postgres') !== null;

export interface TestDatabase {
  /** DATABASE_URL of this database: `file:/…` (SQLite) or `postgresql://…`. */
  url: string;
  /** The SQLite file; undefined on PostgreSQL. */
  file?: string;
  /** A scratch directory that goes with the database (for files, logs…). */
  dir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated, empty database: a copy of the template built in global setup. `in`: an
 * existing directory for the SQLite file (`hscm.db` there, left in place on drop), else a new
 * scratch directory (removed on drop). `unmigrated` (PostgreSQL only): a database without
 * tables, e.g. to restore a pg_dump into. `roster`: a copy of the template with the demo
 * roster imported (global-setup.ts; no school year yet).
 */
export function createTestDatabase(options: { in?: string; unmigrated?: boolean; roster?: boolean } = {}): TestDatabase {
  const dir = options.in ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-db-'));
  const removeDir = () => (options.in ? undefined : fs.rmSync(dir, { recursive: true, force: true }));
  const postgres = inject('postgres');
  if (!postgres) {
    const file = path.join(dir, options.in ? 'hscm.db' : 'test.db');
    fs.copyFileSync(inject(options.roster ? 'rosterTemplateDb' : 'templateDb'), file);
    return { url: `file:${file}`, file, dir, drop: async () => removeDir() };
  }
  const name = `${postgres.template.replace('hscm_tpl_', 'hscm_t_')}_${randomUUID().slice(0, 8)}`;
  createDatabaseFromTemplate(postgres.adminUrl, name, options.unmigrated ? 'template0' : options.roster ? postgres.rosterTemplate : postgres.template);
  return {
    url: databaseUrl(postgres.adminUrl, name),
    dir,
    async drop() {
      await dropDatabase(postgres.adminUrl, name);
      removeDir();
    },
  };
}

export interface TestDb {
  db: Db;
  url: string;
  /** The SQLite file; undefined on PostgreSQL. */
  file?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test, with a client; `roster`: with the demo roster. */
export function createTestDb(options: { roster?: boolean } = {}): TestDb {
  const database = createTestDatabase(options);
  const db = createDb(database.url);
  return {
    db,
    url: database.url,
    file: database.file,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
