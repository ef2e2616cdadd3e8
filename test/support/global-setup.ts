// Runs once before all tests: applies the real migrations (`prisma migrate deploy`) to a
// template SQLite file that each test copies, builds a second template with the demo roster
// imported (most tests start from it: copying a file beats importing the roster again), and starts a real redis-server (unless
// TEST_REDIS_URL names one) with the same launcher the product uses. With TEST_DATABASE_URL
// (an admin URL of a PostgreSQL server, see scripts/test-postgres.sh) it also migrates a
// template PostgreSQL database, and each test's database is a copy of that one
// (CREATE DATABASE … TEMPLATE, see test-db.ts).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRedis } from '../../src/infra/local-redis.js';
import { createDb } from '../../src/db/prisma.js';
import { adminQuery, databaseUrl, dropDatabase } from './postgres-admin.js';
import { importDemoRoster } from './demo-roster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    /** The migrated template with the demo roster imported (see rosterTemplate). */
    rosterTemplateDb: string;
    redisUrl: string;
    /** Set when the tests run on PostgreSQL: the server's admin URL and the templates' names. */
    postgres: { adminUrl: string; template: string; rosterTemplate: string } | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-test-'));
  const templateDb = path.join(dir, 'template.db');
  migrate(`file:${templateDb}`);
  project.provide('templateDb', templateDb);
  const rosterTemplateDb = path.join(dir, 'roster-template.db');
  fs.copyFileSync(templateDb, rosterTemplateDb);
  await seedRoster(`file:${rosterTemplateDb}`);
  project.provide('rosterTemplateDb', rosterTemplateDb);
  const postgres = await postgresTemplate();
  project.provide('postgres', postgres);
  const redis = process.env.TEST_REDIS_URL ? undefined : await startLocalRedis({ dataDir: path.join(dir, 'redis'), persistent: false });
  project.provide('redisUrl', process.env.TEST_REDIS_URL ?? redis!.url);
  return async () => {
    await redis?.stop();
    if (postgres) await dropTestDatabases(postgres);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

function migrate(url: string): void {
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' });
}

/** The demo roster, as tests imported it before each started (no school year: tests make their own). */
async function seedRoster(url: string): Promise<void> {
  const db = createDb(url);
  try {
    await importDemoRoster(db);
  } finally {
    await db.$disconnect();
  }
}

async function postgresTemplate(): Promise<{ adminUrl: string; template: string; rosterTemplate: string } | null> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return null;
  const template = `hscm_tpl_${randomUUID().slice(0, 8)}`;
  // Code-point order and UTF-8, like SQLite's BINARY collation (see README, PostgreSQL).
  await adminQuery(adminUrl, `CREATE DATABASE "${template}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'`);
  migrate(databaseUrl(adminUrl, template));
  const rosterTemplate = `${template}_roster`;
  await adminQuery(adminUrl, `CREATE DATABASE "${rosterTemplate}" TEMPLATE "${template}"`);
  await seedRoster(databaseUrl(adminUrl, rosterTemplate));
  return { adminUrl, template, rosterTemplate };
}

/** The template, and any test database a crashed test left behind. */
async function dropTestDatabases(postgres: { adminUrl: string; template: string; rosterTemplate: string }): Promise<void> {
  const prefix = postgres.template.replace('hscm_tpl_', 'hscm_t_');
  const { rows } = await adminQuery<{ datname: string }>(postgres.adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'`);
  for (const { datname } of rows) await dropDatabase(postgres.adminUrl, datname);
  await dropDatabase(postgres.adminUrl, postgres.rosterTemplate);
  await dropDatabase(postgres.adminUrl, postgres.template);
}
