// prisma/postgresql/schema.prisma is a generated copy of prisma/schema.prisma (Prisma needs a
// static provider): a model changed in one but not regenerated would give the two databases
// different columns.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchema } from '../../scripts/pg-schema.js';

describe('the PostgreSQL schema', () => {
  it('is prisma/schema.prisma with the PostgreSQL provider and its own client (npx tsx scripts/pg-schema.ts)', () => {
    const pg = fs.readFileSync(POSTGRES_SCHEMA, 'utf8');
    expect(pg).toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8')));
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../../src/generated/prisma-pg"');
  });

  it('has a migration of the same name for every SQLite migration', () => {
    const names = (dir: string) => fs.readdirSync(dir).filter((n) => /^\d{14}_/.test(n)).sort();
    // The PostgreSQL baseline (20261128000000_init) stands for every SQLite migration up to it.
    const baseline = '20261128200654_update_claims';
    expect(names('prisma/postgresql/migrations')).toEqual(['20261128000000_init', ...names('prisma/migrations').filter((n) => n > baseline)]);
  });
});
