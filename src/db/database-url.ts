import path from 'node:path';
import fs from 'node:fs';

/** `postgresql://…` or `postgres://…` selects PostgreSQL; `file:…` SQLite. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Turns `file:./var/hscm.db` (relative to the working directory, as in `.env.example`)
 * into an absolute path and makes sure its folder exists, so a fresh checkout starts.
 */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must start with "file:" for SQLite, got "${url}"`);
  }
  const file = path.resolve(url.slice('file:'.length));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
