// `cli backup <dir>`: a consistent copy of the database and the file store while the product
// runs. The database first, through SQLite's online backup API (a snapshot of one moment),
// then the files. Why this order is consistent: a file is written, fsynced and renamed into
// the store before the row naming it commits, and stored files are never changed nor deleted
// while a row needs them. So every file the snapshot names is already in the store when the
// copy of the files begins, and is still there when the walk reaches it. (Files first, then the
// database, would miss the file of every plan submitted in between.) Files stored after the
// snapshot are copied too when the walk meets them; nothing in the copy needs them.
// On PostgreSQL the database is not copied here: it is backed up with pg_dump, run just
// before this command (the same order: database first, then files). The files the live
// database needs when the walk begins are then counted as needed (see docs/operations.md).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { AppError } from '../core/app-error.js';
import { isPostgresUrl } from '../db/database-url.js';
import { loadFileReferences, openDatabaseReadOnly, openSqliteReadOnly, rowCounts, type ReadOnlyDb } from '../storage/file-references.js';
import type { StoredObject, StoreInventory } from '../storage/file-store.js';
import { objectPath } from '../storage/local-file-store.js';
import { hashFile } from '../storage/store-scan.js';
import { TaskPool } from '../storage/task-pool.js';
import { inventoryOf } from './integrity-check.js';

export const BACKUP_DATABASE = 'hscm.db';
export const BACKUP_FILES = 'files';
export const BACKUP_MANIFEST = 'manifest.json';

export interface BackupOptions {
  /** The product's SQLite file, or its PostgreSQL URL (DATABASE_URL): then only the files are copied. */
  databaseFile: string;
  /** The store: a local directory, or any store's inventory (an S3 bucket, copied into files/). */
  storageDir: string | StoreInventory;
  /** Where the copy goes: a new or empty directory. */
  targetDir: string;
  now?: () => Date;
  /** Files copied at once. Default 4. */
  concurrency?: number;
  onProgress?(done: { files: number; bytes: number }): void;
}

export interface BackupManifest {
  format: 'hscm-backup/1';
  startedAt: string;
  /** The moment the database snapshot was complete: the copy is the product's state then. */
  snapshotAt: string;
  finishedAt: string;
  source: { database: string; storageDir: string };
  /** The SQLite copy; null on PostgreSQL, whose database is backed up with pg_dump. */
  database: { file: string; bytes: number; sha256: string; pages: number; restarts: number } | null;
  rows: Record<string, number>;
  files: {
    dir: string;
    copied: number;
    bytes: number;
    /** Of the copied files, those the copied database needs (plan versions, intakes). */
    needed: number;
    /** Needed by the copied database but not in the store: the copy is incomplete. */
    missing: string[];
    /** Needed, copied, but their bytes do not hash to their name. */
    corrupt: string[];
  };
}

export async function backupProduct(options: BackupOptions): Promise<BackupManifest> {
  if (isPostgresUrl(options.databaseFile)) return backupFilesOnly(options);
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  await prepareTarget(options.targetDir);
  const dbCopy = path.join(options.targetDir, BACKUP_DATABASE);
  const snapshot = await snapshotDatabase(options.databaseFile, dbCopy);
  const snapshotAt = now();
  const copy = openDatabaseReadOnly(dbCopy);
  try {
    const files = await copyFiles(copy, options);
    const manifest: BackupManifest = {
      format: 'hscm-backup/1',
      startedAt: startedAt.toISOString(), snapshotAt: snapshotAt.toISOString(), finishedAt: '',
      source: { database: path.resolve(options.databaseFile), storageDir: inventoryOf(options.storageDir).location },
      database: { file: BACKUP_DATABASE, bytes: (await fsp.stat(dbCopy)).size, sha256: await hashFile(dbCopy), ...snapshot },
      rows: await rowCounts(copy),
      files,
    };
    return await finish(options, manifest, now);
  } finally {
    await copy.close();
  }
}

/** PostgreSQL: the files, checked against what the live database needs when the walk begins. */
async function backupFilesOnly(options: BackupOptions): Promise<BackupManifest> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  await prepareTarget(options.targetDir);
  const live = openDatabaseReadOnly(options.databaseFile);
  try {
    const rows = await rowCounts(live);
    const snapshotAt = now();
    const files = await copyFiles(live, options);
    const url = new URL(options.databaseFile);
    url.password = '';
    const manifest: BackupManifest = {
      format: 'hscm-backup/1',
      startedAt: startedAt.toISOString(), snapshotAt: snapshotAt.toISOString(), finishedAt: '',
      source: { database: url.toString(), storageDir: inventoryOf(options.storageDir).location },
      database: null, rows, files,
    };
    return await finish(options, manifest, now);
  } finally {
    await live.close();
  }
}

async function finish(options: BackupOptions, manifest: BackupManifest, now: () => Date): Promise<BackupManifest> {
  await flushToDisk(options.targetDir);
  manifest.finishedAt = now().toISOString();
  await writeManifest(options.targetDir, manifest);
  return manifest;
}

/** A new directory, or an empty one: a backup never mixes with or overwrites another. */
async function prepareTarget(dir: string): Promise<void> {
  const existing = await fsp.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new AppError('INVALID_INPUT', `Không dùng được thư mục ${dir} (${error.code}).`);
  });
  if (existing.length > 0) throw new AppError('CONFLICT', `Thư mục ${dir} không trống. Hãy sao lưu vào một thư mục mới hoặc thư mục trống.`);
  await fsp.mkdir(dir, { recursive: true });
}

/** Pages per step of the online backup at first: each step holds a read lock for milliseconds. */
const FIRST_STEP_PAGES = 4096;

/**
 * SQLite's online backup, in steps. Between steps the product may write; SQLite then starts the
 * copy again (the result is always one consistent moment). Each restart doubles the step, so
 * on a busy database the copy ends in few steps instead of starting over forever.
 */
async function snapshotDatabase(source: string, target: string): Promise<{ pages: number; restarts: number }> {
  if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `Không tìm thấy cơ sở dữ liệu ${source}.`);
  const db = openSqliteReadOnly(source);
  const partial = `${target}.part`;
  let step = FIRST_STEP_PAGES;
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    const done = await db.backup(partial, {
      progress({ remainingPages }) {
        if (remainingPages > lastRemaining) {
          restarts += 1;
          step = Math.min(step * 2, 0x7fffffff);
        }
        lastRemaining = remainingPages;
        return step;
      },
    });
    await fsp.rename(partial, target);
    return { pages: done.totalPages, restarts };
  } finally {
    db.close();
  }
}

type CopiedFiles = BackupManifest['files'];

async function copyFiles(copy: ReadOnlyDb, options: BackupOptions): Promise<CopiedFiles> {
  const refs = await loadFileReferences(copy);
  const needed = (sha: string) => {
    const ref = refs.get(sha);
    return Boolean(ref && (ref.submissions > 0 || ref.intakes > 0));
  };
  const files: CopiedFiles = { dir: BACKUP_FILES, copied: 0, bytes: 0, needed: 0, missing: [], corrupt: [] };
  const copied = new Set<string>();
  const pool = new TaskPool(options.concurrency ?? 4);
  const target = path.join(options.targetDir, BACKUP_FILES);
  const store = inventoryOf(options.storageDir);
  let failure: unknown;
  for await (const entry of store.scanObjects()) {
    if (entry.kind !== 'object' || failure) continue;
    await pool.run(async () => {
      try {
        const actual = await copyObject(store, entry, objectPath(target, entry.sha256));
        if (actual === null) return; // removed since the walk saw it: not needed, or it would still be there
        files.copied += 1;
        files.bytes += entry.size;
        if (!needed(entry.sha256)) return;
        copied.add(entry.sha256);
        files.needed += 1;
        if (actual !== entry.sha256) files.corrupt.push(entry.sha256);
        options.onProgress?.({ files: files.copied, bytes: files.bytes });
      } catch (error) {
        failure ??= error;
      }
    });
  }
  await pool.drain();
  if (failure) throw failure;
  files.missing = [...refs.keys()].filter((sha) => needed(sha) && !copied.has(sha)).sort();
  files.corrupt.sort();
  return files;
}

/** Copies one object, hashing what it reads; null when the source no longer exists. */
async function copyObject(store: StoreInventory, object: StoredObject, to: string): Promise<string | null> {
  const source = await store.readObject(object);
  if (!source) return null;
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(source, tee, fs.createWriteStream(to, { flags: 'wx' }));
  await fsp.utimes(to, new Date(), new Date(object.mtimeMs));
  return hash.digest('hex');
}

/**
 * One `sync -f` (syncfs) for the whole copy instead of an fsync per file, which on a city's
 * store would cost more than the copy itself.
 */
async function flushToDisk(dir: string): Promise<void> {
  await promisify(execFile)('sync', ['-f', dir]).catch(() => promisify(execFile)('sync', []));
}

async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const file = path.join(dir, BACKUP_MANIFEST);
  await fsp.writeFile(`${file}.part`, `${JSON.stringify(manifest, null, 2)}\n`);
  const handle = await fsp.open(`${file}.part`, 'r');
  await handle.sync().finally(() => handle.close());
  await fsp.rename(`${file}.part`, file);
}
