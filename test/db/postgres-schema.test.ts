// prisma/postgresql/schema.prisma is a generated copy of prisma/schema.prisma (Prisma needs a
// static provider): a model changed in one but not regenerated would give the two databases
// different columns.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, inject, it } from 'vitest';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from '../../scripts/pg-schema.js';
import { shippedMigrations } from '../../src/db/schema-version.js';
import { createTestDb, onPostgres } from '../support/test-db.js';

describe('the PostgreSQL schema', () => {
  it('is prisma/schema.prisma with the PostgreSQL provider and its own client (npx tsx scripts/pg-schema.ts)', () => {
    const pg = fs.readFileSync(POSTGRES_SCHEMA, 'utf8');
    expect(pg).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8')));
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../../src/generated/prisma-pg"');
  });

  it('has a migration of the same name for every SQLite migration', () => {
    // The PostgreSQL baseline (20261128000000_init) stands for every SQLite migration up to it.
    const baseline = '20261128200654_update_claims';
    expect(shippedMigrations(true)).toEqual(['20261128000000_init', ...shippedMigrations(false).filter((n) => n > baseline)]);
  });
});

describe.skipIf(!onPostgres)('the PostgreSQL baseline migration (PostgreSQL runs only)', () => {
  it('gives the same tables, columns, nullability, indexes and triggers as the SQLite migrations', async () => {
    const sqlite = new Database(inject('templateDb'), { readonly: true });
    const t = createTestDb();
    try {
      const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>;
      const sqliteColumns = tables.flatMap(({ name }) =>
        (sqlite.pragma(`table_info("${name}")`) as Array<{ name: string; notnull: number; pk: number }>).map((c) => `${name}.${c.name} ${c.notnull || c.pk ? 'NOT NULL' : 'NULL'}`),
      );
      const pgColumns = await t.db.$queryRaw<Array<{ table_name: string; column_name: string; is_nullable: string }>>`
        SELECT table_name::text, column_name::text, is_nullable::text AS is_nullable FROM information_schema.columns WHERE table_schema = 'public'`;
      expect(pgColumns.map((c) => `${c.table_name}.${c.column_name} ${c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`).sort()).toEqual(sqliteColumns.sort());

      const sqliteIndexes = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>;
      const pgIndexes = await t.db.$queryRaw<Array<{ indexname: string }>>`SELECT indexname::text AS indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'`;
      expect(pgIndexes.map((i) => i.indexname).sort()).toEqual(sqliteIndexes.map((i) => i.name).sort());

      const sqliteTriggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ name: string }>;
      const pgTriggers = await t.db.$queryRaw<Array<{ tgname: string }>>`SELECT tgname::text AS tgname FROM pg_trigger WHERE NOT tgisinternal`;
      expect(pgTriggers.map((r) => r.tgname).sort()).toEqual(sqliteTriggers.map((r) => r.name).sort());
    } finally {
      sqlite.close();
      await t.close();
    }
  });

  it('keeps the audit trail append-only', async () => {
    const t = createTestDb();
    try {
      const row = await t.db.auditLog.create({ data: { actor: 'test', action: 'test', entityType: 'Test', details: '{}' } });
      await expect(t.db.auditLog.update({ where: { id: row.id }, data: { action: 'changed' } })).rejects.toThrow(/append-only/);
      await expect(t.db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    } finally {
      await t.close();
    }
  });
});
