// `cli check`: every file a row needs exists and still hashes to its name; files no row needs
// are listed. The database's references are read first, then the store is walked: a file is
// written (and fsynced) before the row naming it commits, so a reference read before the walk
// began can only be "missing" if the file really is gone. A file stored during the walk may
// show up as an orphan: it is young, and orphans are only ever deleted when old.
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { isNeeded, loadFileReferences, referringRows, type FileReference, type ReadOnlyDb, type ReferringRows } from '../storage/file-references.js';
import type { StoredObject, StoreInventory } from '../storage/file-store.js';
import { LocalFileStore } from '../storage/local-file-store.js';
import { TaskPool } from '../storage/task-pool.js';

export interface IntegrityCheckOptions {
  /** The database, opened read-only (openDatabaseReadOnly). */
  db: ReadOnlyDb;
  /** The store: a local directory, or any store's inventory (an S3 bucket). */
  storageDir: string | StoreInventory;
  now?: Date;
  /** Files hashed at once: reading one while hashing another keeps the disk busy. Default 4. */
  concurrency?: number;
  /** Called after each verified file (for a progress line on a terminal). */
  onProgress?(done: { files: number; bytes: number }): void;
}

export interface LooseFile {
  sha256?: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ProblemFile extends ReferringRows {
  sha256: string;
  /** For a damaged file: what its bytes hash to now, or why they cannot be read. */
  found?: string;
}

export interface IntegrityReport {
  /** The directory, or s3://bucket/prefix. */
  storageDir: string;
  checkedAt: Date;
  /** Files rows need (plan versions, intakes), each hashed once however many rows share it. */
  verified: { files: number; bytes: number; versions: number; intakes: number };
  missing: ProblemFile[];
  corrupt: ProblemFile[];
  /** Stored files no row names at all. */
  orphans: LooseFile[];
  /** Roster files kept so an admin can confirm a preview; expired ones are no longer needed. */
  rosterPreviews: { live: LooseFile[]; expired: LooseFile[] };
  /** Files under objects/ that are not where their name says (or not named by a hash). */
  strays: LooseFile[];
  /** Writes that never finished (tmp/). */
  tempFiles: LooseFile[];
}

export function hasDamage(report: IntegrityReport): boolean {
  return report.missing.length > 0 || report.corrupt.length > 0;
}

export async function checkIntegrity(options: IntegrityCheckOptions): Promise<IntegrityReport> {
  const now = options.now ?? new Date();
  const refs = await loadFileReferences(options.db);
  const store = inventoryOf(options.storageDir);
  const report: IntegrityReport = {
    storageDir: store.location, checkedAt: now,
    verified: { files: 0, bytes: 0, versions: 0, intakes: 0 },
    missing: [], corrupt: [], orphans: [], rosterPreviews: { live: [], expired: [] }, strays: [], tempFiles: [],
  };
  const seen = new Set<string>();
  const damaged = new Map<string, string>();
  const pool = new TaskPool(options.concurrency ?? 4);
  for await (const entry of store.scanObjects()) {
    if (entry.kind === 'stray') {
      report.strays.push(loose(entry));
      continue;
    }
    const ref = refs.get(entry.sha256);
    if (ref && (ref.submissions > 0 || ref.intakes > 0)) {
      seen.add(entry.sha256);
      await pool.run(async () => {
        const found = await verify(store, entry);
        if (found !== undefined) damaged.set(entry.sha256, found);
        report.verified.files += 1;
        report.verified.bytes += entry.size;
        options.onProgress?.({ files: report.verified.files, bytes: report.verified.bytes });
      });
    } else classifyUnneeded(report, entry, ref, now.getTime());
  }
  await pool.drain();
  report.tempFiles = await store.tempFiles();
  tallyReferences(report, refs);
  const missing = [...refs].filter(([sha, ref]) => (ref.submissions > 0 || ref.intakes > 0) && !seen.has(sha)).map(([sha]) => sha);
  for (const [sha, found] of damaged) if (found === 'ENOENT') missing.push(sha);
  const corrupt = [...damaged].filter(([, found]) => found !== 'ENOENT');
  const rows = await referringRows(options.db, [...missing, ...corrupt.map(([sha]) => sha)]);
  report.missing = missing.sort().map((sha) => ({ sha256: sha, ...rows.get(sha)! }));
  report.corrupt = corrupt.sort().map(([sha, found]) => ({ sha256: sha, found, ...rows.get(sha)! }));
  return report;
}

/** A directory means the local store there. */
export function inventoryOf(storage: string | StoreInventory): StoreInventory {
  return typeof storage === 'string' ? new LocalFileStore(storage) : storage;
}

/** undefined when the bytes match the name; else what they hash to, or the read error's code ('ENOENT': gone). */
async function verify(store: StoreInventory, object: StoredObject): Promise<string | undefined> {
  try {
    const stream = await store.readObject(object);
    if (!stream) return 'ENOENT';
    const hash = createHash('sha256');
    await pipeline(stream, hash);
    const actual = hash.digest('hex');
    return actual === object.sha256 ? undefined : actual;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { details?: { s3?: string } };
    return e.details?.s3 ?? e.code ?? String(error);
  }
}

function classifyUnneeded(report: IntegrityReport, object: StoredObject, ref: FileReference | undefined, now: number): void {
  const file = loose(object);
  if (!ref) report.orphans.push(file);
  else if (isNeeded(ref, now)) report.rosterPreviews.live.push(file);
  else report.rosterPreviews.expired.push(file);
}

function tallyReferences(report: IntegrityReport, refs: Map<string, FileReference>): void {
  for (const ref of refs.values()) {
    report.verified.versions += ref.submissions;
    report.verified.intakes += ref.intakes;
  }
}

function loose(entry: { sha256?: string; path: string; size: number; mtimeMs: number }): LooseFile {
  return { sha256: entry.sha256, path: entry.path, size: entry.size, mtimeMs: entry.mtimeMs };
}
