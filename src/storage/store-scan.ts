// Reads a local file store's directory as it is on disk, for `cli check` and `cli backup`:
// every object (with its size and age), files that do not belong there, and temporary files
// left by interrupted writes. Nothing here writes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SHA256_PATTERN, type ScannedEntry, type StrayFile } from './file-store.js';
import { OBJECTS_DIR, objectPath, TMP_DIR } from './local-file-store.js';

export type { ScannedEntry, StoredObject, StrayFile } from './file-store.js';

/**
 * Every file under objects/: an object when it sits where its name says, else a stray.
 * A directory that vanishes while walking (nothing deletes them today) is skipped.
 */
export async function* scanObjects(root: string): AsyncGenerator<ScannedEntry> {
  yield* walk(path.resolve(root, OBJECTS_DIR), root);
}

async function* walk(dir: string, root: string): AsyncGenerator<ScannedEntry> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(ignoreMissing);
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(full, root);
      continue;
    }
    const stat = await fsp.lstat(full).catch(() => null);
    if (!stat) continue; // replaced or removed meanwhile
    const placed = SHA256_PATTERN.test(entry.name) && stat.isFile() && objectPath(root, entry.name) === full;
    if (placed) yield { kind: 'object', sha256: entry.name, path: full, size: stat.size, mtimeMs: stat.mtimeMs };
    else yield { kind: 'stray', path: full, size: stat.size, mtimeMs: stat.mtimeMs };
  }
}

/** Files in tmp/: whole or partial writes that were never renamed into place. */
export async function listTempFiles(root: string): Promise<StrayFile[]> {
  const dir = path.resolve(root, TMP_DIR);
  const names = await fsp.readdir(dir).catch(ignoreMissing);
  const files: StrayFile[] = [];
  for (const name of names.sort()) {
    const stat = await fsp.lstat(path.join(dir, name)).catch(() => null);
    if (stat?.isFile()) files.push({ path: path.join(dir, name), size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files;
}

/** The SHA-256 of a file's bytes, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

function ignoreMissing(error: NodeJS.ErrnoException): never[] {
  if (error.code === 'ENOENT') return [];
  throw error;
}
