// Which database a client talks to, as the dialect code asks it (isPostgres): recorded by
// createDb, read the same through a transaction client, on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind, isPostgres } from '../../src/db/prisma.js';
import { createTestDb, onPostgres, type TestDb } from '../support/test-db.js';

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(async () => {
  await t?.close();
});

describe('databaseKind', () => {
  const expected = onPostgres ? 'postgresql' : 'sqlite';

  it('names the database of a client made by createDb', async () => {
    expect(databaseKind(t.db)).toBe(expected);
    expect(isPostgres(t.db)).toBe(onPostgres);
    // And the server agrees.
    if (onPostgres) expect(await t.db.$queryRawUnsafe<Array<{ v: string }>>('SELECT version() AS v')).toEqual([{ v: expect.stringContaining('PostgreSQL') }]);
    else expect(await t.db.$queryRawUnsafe<Array<{ v: string }>>('SELECT sqlite_version() AS v')).toHaveLength(1);
  });

  it('is read the same through an interactive transaction', async () => {
    const seen = await t.db.$transaction(async (tx) => ({ kind: databaseKind(tx), postgres: isPostgres(tx) }));
    expect(seen).toEqual({ kind: expected, postgres: onPostgres });
  });

  it('refuses an object that is not such a client', () => {
    expect(() => databaseKind({} as never)).toThrow(/not a client made by createDb/);
  });
});
