// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the source of truth):
// Prisma needs a static datasource provider, so PostgreSQL gets its own copy of the same models.
//   npx tsx scripts/pg-schema.ts          (write)
//   npx tsx scripts/pg-schema.ts --check  (exit 1 when the copy is out of date)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SQLITE_SCHEMA = path.join(root, 'prisma/schema.prisma');
export const POSTGRES_SCHEMA = path.join(root, 'prisma/postgresql/schema.prisma');

const HEADER = '// GENERATED from prisma/schema.prisma by scripts/pg-schema.ts: edit that file, then run\n// `npx tsx scripts/pg-schema.ts`. Same models, PostgreSQL datasource, own client.\n\n';

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresSchema(sqlite: string): string {
  const replace = (text: string, from: RegExp, to: string) => {
    if (!from.test(text)) throw new Error(`prisma/schema.prisma: expected ${from}`);
    return text.replace(from, to);
  };
  let out = replace(sqlite, /provider = "sqlite"/, 'provider = "postgresql"');
  out = replace(out, /output(\s*)= "\.\.\/src\/generated\/prisma"/, 'output$1= "../../src/generated/prisma-pg"');
  return HEADER + out;
}

function main(): number {
  const wanted = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current === wanted) return 0;
    console.error('prisma/postgresql/schema.prisma is out of date: run npx tsx scripts/pg-schema.ts');
    return 1;
  }
  if (current !== wanted) fs.writeFileSync(POSTGRES_SCHEMA, wanted);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
