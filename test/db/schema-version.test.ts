// A process refuses to start on a database its release has not migrated (a unit started before
// the release's migrations ran), naming what is missing and what to run, on either database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/db/prisma.js';
import { assertSchemaCurrent, SchemaBehindError, shippedMigrations } from '../../src/db/schema-version.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const behind = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('the schema check at start', () => {
  it('passes on a database with every migration of this release', async () => {
    t = createTestDb();
    expect(shippedMigrations(isPostgres(t.db))).toContain('20261128000000_init');
    await expect(assertSchemaCurrent(t.db)).resolves.toBeUndefined();
  });

  it('names the migration not applied yet', async () => {
    t = createTestDb();
    const last = shippedMigrations(isPostgres(t.db)).at(-1)!;
    await t.db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${last}`;
    const error = await behind(assertSchemaCurrent(t.db));
    expect(error).toBeInstanceOf(SchemaBehindError);
    expect((error as Error).message).toContain(`1 migration(s) not applied (${last})`);
    expect((error as Error).message).toContain('bash scripts/migrate.sh');
  });

  it('the product exits with that message on a database never migrated, before serving anything', async () => {
    t = createTestDb();
    await t.db.$executeRawUnsafe('DROP TABLE "_prisma_migrations"');
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATABASE_URL: t.url, PORT: '0', REDIS_URL: 'redis://127.0.0.1:1', TELEGRAM_BOT_TOKEN: '', ZALO_BOT_TOKEN: '', LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    const error = (await behind(run)) as { code: number; stderr: string } | null;
    expect(error?.code).toBe(1);
    expect(error!.stderr).toContain('HSCM Assistant cannot start: the database is behind this release');
    expect(error!.stderr).toContain(`${shippedMigrations(isPostgres(t.db)).length} migration(s) not applied`);
  });
});
