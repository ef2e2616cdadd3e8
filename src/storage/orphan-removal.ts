// Deleting stored files no row needs (`cli check --delete-orphans`), without ever deleting one
// that an intake or upload is about to reference. A file is moved to trash/ first (an atomic
// rename), then kept only if it is young or a row needs it now, else deleted. Every put renames
// a freshly written file into place (LocalFileStore), so:
// - a put that finished before our rename left a young file in trash/: it is put back;
// - a put after our rename makes a new object: deleting the trashed inode does not touch it.
// A run interrupted between the two steps leaves files in trash/; the next run puts them back.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SHA256_PATTERN } from './file-store.js';
import { objectPath } from './local-file-store.js';

export const TRASH_DIR = 'trash';

export interface RemovalCandidate {
  sha256: string;
  size: number;
}

export interface RemovalOptions {
  storageDir: string;
  /** Files modified at or after this moment (epoch ms) are kept. */
  keepNewerThan: number;
  /** Of these hashes, those a row needs now (read fresh from the database). */
  neededNow(shas: string[]): Promise<Set<string>> | Set<string>;
}

export interface RemovalResult {
  removed: RemovalCandidate[];
  kept: RemovalCandidate[];
}

const BATCH = 500;

export async function removeUnneeded(candidates: RemovalCandidate[], options: RemovalOptions): Promise<RemovalResult> {
  const result: RemovalResult = { removed: [], kept: [] };
  await fsp.mkdir(path.resolve(options.storageDir, TRASH_DIR), { recursive: true });
  for (let i = 0; i < candidates.length; i += BATCH) {
    await removeBatch(candidates.slice(i, i + BATCH), options, result);
  }
  return result;
}

async function removeBatch(batch: RemovalCandidate[], options: RemovalOptions, result: RemovalResult): Promise<void> {
  const trashed: Array<RemovalCandidate & { trashPath: string }> = [];
  for (const file of batch) {
    const trashPath = path.resolve(options.storageDir, TRASH_DIR, `${file.sha256}.${randomUUID()}`);
    const moved = await fsp.rename(objectPath(options.storageDir, file.sha256), trashPath).then(() => true, () => false);
    if (!moved) continue; // gone already
    const stat = await fsp.lstat(trashPath);
    if (stat.mtimeMs >= options.keepNewerThan) await keep(file, trashPath, options, result);
    else trashed.push({ ...file, trashPath });
  }
  const needed = await options.neededNow(trashed.map((f) => f.sha256));
  for (const file of trashed) {
    if (needed.has(file.sha256)) await keep(file, file.trashPath, options, result);
    else {
      await fsp.rm(file.trashPath, { force: true });
      result.removed.push({ sha256: file.sha256, size: file.size });
    }
  }
}

async function keep(file: RemovalCandidate, trashPath: string, options: RemovalOptions, result: RemovalResult): Promise<void> {
  await putBack(options.storageDir, file.sha256, trashPath);
  result.kept.push({ sha256: file.sha256, size: file.size });
}

/** Same bytes under the same name: replacing an object stored meanwhile changes nothing. */
async function putBack(storageDir: string, sha256: string, trashPath: string): Promise<void> {
  const target = objectPath(storageDir, sha256);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  await fsp.rename(trashPath, target);
}

/** Puts back whatever an interrupted run left in trash/. */
export async function restoreTrash(storageDir: string): Promise<number> {
  const dir = path.resolve(storageDir, TRASH_DIR);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  let restored = 0;
  for (const name of names) {
    const sha256 = name.split('.')[0] ?? '';
    if (!SHA256_PATTERN.test(sha256)) continue;
    await putBack(storageDir, sha256, path.join(dir, name));
    restored += 1;
  }
  return restored;
}

/** How many files an interrupted run left in trash/. */
export async function trashLeftovers(storageDir: string): Promise<number> {
  return (await fsp.readdir(path.resolve(storageDir, TRASH_DIR)).catch(() => [])).length;
}

/** Temporary files of writes that ended long ago (a write in progress keeps its file young). */
export async function removeOldTempFiles(files: Array<{ path: string; mtimeMs: number }>, keepNewerThan: number): Promise<number> {
  let removed = 0;
  for (const file of files) {
    if (file.mtimeMs >= keepNewerThan) continue;
    const stat = await fsp.lstat(file.path).catch(() => null);
    if (!stat || stat.mtimeMs >= keepNewerThan) continue;
    await fsp.rm(file.path, { force: true });
    removed += 1;
  }
  return removed;
}
