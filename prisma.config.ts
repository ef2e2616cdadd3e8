// Prisma 6.19 with the JS schema engine and the better-sqlite3 driver adapter: works offline
// (Prisma 7 and the native engines download binaries, which this environment cannot).
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import fs from 'node:fs';
import { sqliteFileFromUrl } from './src/db/database-url.js';

// The app reads .env (src/config/config.ts); the Prisma CLI must see the same database.
if (fs.existsSync('.env')) process.loadEnvFile('.env');

const url = process.env.DATABASE_URL ?? 'file:./var/hscm.db';
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteFileFromUrl(url) }),
});
