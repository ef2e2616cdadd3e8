// Prisma 6.19 with the JS schema engine and a driver adapter: works offline (Prisma 7 and the
// native engines download binaries, which this environment cannot). DATABASE_URL chooses the
// database: `file:…` SQLite (better-sqlite3), `postgresql://…`/`postgres://…` PostgreSQL (pg).
// Each has its own schema copy (prisma/postgresql/schema.prisma is generated from
// prisma/schema.prisma by scripts/pg-schema.ts) and its own migrations folder.
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { postgresCliAdapter } from './src/db/postgres-cli-adapter.js';
import fs from 'node:fs';
import { isPostgresUrl, sqliteFileFromUrl } from './src/db/database-url.js';

// The app reads .env (src/config/config.ts); the Prisma CLI must see the same database.
if (fs.existsSync('.env')) process.loadEnvFile('.env');

const url = process.env.DATABASE_URL ?? 'file:./var/hscm.db';
process.env.DATABASE_URL = url;
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: postgres ? 'prisma/postgresql/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgresql/migrations' : 'prisma/migrations' },
  adapter: async () => (postgres ? postgresCliAdapter(url) : new PrismaBetterSQLite3({ url: sqliteFileFromUrl(url) })),
});
