// Which stored files the database points to: Submission.fileSha256 (plan versions),
// Intake.fileSha256 (files received, recorded or not) and roster previews (audit rows
// `roster.preview` naming the file an admin may confirm for 30 minutes). Read outside Prisma,
// read-only and page by page: each page is its own short read, so a check of a city never
// holds a lock that would make teachers' submissions wait. SQLite through better-sqlite3,
// PostgreSQL through pg (a read-only session); the SQL is written for both.
import { previewDetails } from '../db/stored-json.js';
import { setImmediate as nextTick } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl } from '../db/database-url.js';

/** A read-only connection: SQL with `?` placeholders and quoted identifiers, for both databases. */
export interface ReadOnlyDb {
  readonly kind: 'sqlite' | 'postgresql';
  all<Row extends object>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A SQLite file (a path or a `file:` URL), or a PostgreSQL URL (postgresql://…). */
export function openDatabaseReadOnly(fileOrUrl: string): ReadOnlyDb {
  if (isPostgresUrl(fileOrUrl)) return postgresReadOnly(fileOrUrl);
  return sqliteReadOnly(fileOrUrl.startsWith('file:') ? fileOrUrl.slice('file:'.length) : fileOrUrl);
}

/** The SQLite file itself, read-only (for its online backup). */
export function openSqliteReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
}

function sqliteReadOnly(file: string): ReadOnlyDb {
  const db = openSqliteReadOnly(file);
  return {
    kind: 'sqlite',
    all: async <Row extends object>(sql: string, params: unknown[] = []) => db.prepare<unknown[], Row>(sql).all(...params),
    close: async () => void db.close(),
  };
}

function postgresReadOnly(url: string): ReadOnlyDb {
  const client = new pg.Client({ connectionString: url });
  let ready: Promise<unknown> | undefined;
  return {
    kind: 'postgresql',
    async all<Row extends object>(sql: string, params: unknown[] = []) {
      ready ??= client.connect().then(() => client.query('SET default_transaction_read_only = on'));
      await ready;
      let n = 0;
      return (await client.query<Row>(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
    },
    close: async () => void (ready ? await client.end() : undefined),
  };
}

export interface FileReference {
  /** Plan versions stored as this file. */
  submissions: number;
  /** Intakes (received files) that stored this file. */
  intakes: number;
  /** Latest expiry (epoch ms) of a roster preview of this file; null when none. */
  previewUntil: number | null;
}

export type FileReferences = Map<string, FileReference>;

/** Rows per read: small enough that one read takes milliseconds on a city's database. */
const PAGE = 5000;

/** Whether a row still needs the file (a roster preview only until it expires). */
export function isNeeded(ref: FileReference | undefined, now: number): boolean {
  return Boolean(ref && (ref.submissions > 0 || ref.intakes > 0 || (ref.previewUntil ?? 0) > now));
}

export async function loadFileReferences(db: ReadOnlyDb): Promise<FileReferences> {
  const refs: FileReferences = new Map();
  const entry = (sha: string) => {
    let ref = refs.get(sha);
    if (!ref) refs.set(sha, (ref = { submissions: 0, intakes: 0, previewUntil: null }));
    return ref;
  };
  const submissions = 'SELECT "fileSha256" AS sha, CAST(COUNT(*) AS INTEGER) AS n FROM "Submission" WHERE "fileSha256" > ? GROUP BY "fileSha256" ORDER BY "fileSha256" LIMIT ?';
  for (let after = ''; ; ) {
    const rows = await db.all<{ sha: string; n: number }>(submissions, [after, PAGE]);
    for (const row of rows) entry(row.sha).submissions += row.n;
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.sha;
    await nextTick();
  }
  await pageById(db, 'SELECT "id", "fileSha256" AS sha FROM "Intake" WHERE "id" > ? ORDER BY "id" LIMIT ?', (row: { sha: string | null }) => {
    if (row.sha) entry(row.sha).intakes += 1;
  });
  const previews = `SELECT "id", "entityId" AS sha, "details" FROM "AuditLog" WHERE "entityType" = 'RosterUpload' AND "action" = 'roster.preview' AND "id" > ? ORDER BY "id" LIMIT ?`;
  await pageById(db, previews, (row: { sha: string | null; details: string }) => {
    if (!row.sha) return;
    const until = previewExpiry(row.details);
    const ref = entry(row.sha);
    ref.previewUntil = Math.max(ref.previewUntil ?? 0, until);
  });
  return refs;
}

async function pageById<Row extends object>(db: ReadOnlyDb, sql: string, each: (row: Row) => void): Promise<void> {
  for (let after = 0; ; ) {
    const rows = await db.all<Row & { id: number }>(sql, [after, PAGE]);
    rows.forEach(each);
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.id;
    await nextTick();
  }
}

function previewExpiry(details: string): number {
  const at = Date.parse(previewDetails(details).expiresAt ?? '');
  return Number.isNaN(at) ? 0 : at;
}

export interface ReferringRows {
  /** Plan versions: the plan's reference code and the version number. */
  versions: Array<{ refCode: string; version: number }>;
  intakes: Array<{ id: number; status: string }>;
}

/** Who points at each of these files, for the report of missing or damaged ones. */
export async function referringRows(db: ReadOnlyDb, shas: string[]): Promise<Map<string, ReferringRows>> {
  const found = new Map<string, ReferringRows>(shas.map((s) => [s, { versions: [], intakes: [] }]));
  for (let i = 0; i < shas.length; i += 500) {
    const batch = shas.slice(i, i + 500);
    const marks = batch.map(() => '?').join(',');
    const versions = await db.all<{ sha: string; refCode: string; version: number }>(
      `SELECT s."fileSha256" AS sha, p."refCode" AS "refCode", s."version" AS "version" FROM "Submission" s JOIN "Plan" p ON p."id" = s."planId" WHERE s."fileSha256" IN (${marks}) ORDER BY p."refCode", s."version"`,
      batch,
    );
    for (const v of versions) found.get(v.sha)!.versions.push({ refCode: v.refCode, version: v.version });
    const intakes = await db.all<{ sha: string; id: number; status: string }>(`SELECT "fileSha256" AS sha, "id", "status" FROM "Intake" WHERE "fileSha256" IN (${marks}) ORDER BY "id"`, batch);
    for (const r of intakes) found.get(r.sha)!.intakes.push({ id: r.id, status: r.status });
  }
  return found;
}

/** Rows per table, for a backup's manifest. */
export async function rowCounts(db: ReadOnlyDb): Promise<Record<string, number>> {
  const tables = ['Plan', 'Submission', 'Decision', 'Intake', 'Staff', 'School', 'AuditLog'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (await db.all<{ n: number }>(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM "${t}"`))[0]!.n;
  return counts;
}

/** Of these files, the ones a row needs at this moment: read again just before deleting. */
export async function neededNow(db: ReadOnlyDb, shas: string[], now: number): Promise<Set<string>> {
  const needed = new Set<string>();
  for (let i = 0; i < shas.length; i += 500) {
    const batch = shas.slice(i, i + 500);
    const marks = batch.map(() => '?').join(',');
    for (const table of ['Submission', 'Intake']) {
      const rows = await db.all<{ sha: string }>(`SELECT DISTINCT "fileSha256" AS sha FROM "${table}" WHERE "fileSha256" IN (${marks})`, batch);
      rows.forEach((r) => needed.add(r.sha));
    }
    const previews = await db.all<{ sha: string; details: string }>(
      `SELECT "entityId" AS sha, "details" FROM "AuditLog" WHERE "entityType" = 'RosterUpload' AND "action" = 'roster.preview' AND "entityId" IN (${marks})`,
      batch,
    );
    for (const p of previews) if (previewExpiry(p.details) > now) needed.add(p.sha);
  }
  return needed;
}
