// What a refused request must leave exactly as it was: every row of the tables that hold the
// city's organisation, people, accounts and records, read straight from the database. Tables the
// product's own background work writes (outbox, sessions, scheduler runs, conversations) are
// left out, or a passing sweep would depend on timing.
import type { Db } from '../../src/db/prisma.js';

export const DOMAIN_TABLES = [
  'OrgUnit', 'School', 'Group', 'Subgroup', 'Staff', 'RoleAssignment', 'SchoolYear', 'Plan', 'Submission',
  'Decision', 'SchoolPlanReport', 'ChatIdentity', 'LinkCode', 'WebAccount', 'UploadLink',
] as const;

export interface Snapshot {
  tables: Record<string, string>;
  /** Audit rows written by web admin users (a refused change writes none). */
  webAudit: number;
}

const json = (rows: unknown) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export async function snapshot(db: Db): Promise<Snapshot> {
  const tables: Record<string, string> = {};
  for (const table of DOMAIN_TABLES) tables[table] = json(await db.$queryRawUnsafe(`SELECT * FROM "${table}" ORDER BY "id"`));
  const [row] = await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT COUNT(*) AS n FROM "AuditLog" WHERE "actor" LIKE 'web:%'`);
  return { tables, webAudit: Number(row?.n ?? 0) };
}

/** The tables that differ between two snapshots (empty: nothing changed). */
export function changedTables(before: Snapshot, after: Snapshot, options: { audit: boolean } = { audit: true }): string[] {
  const changed = DOMAIN_TABLES.filter((t) => before.tables[t] !== after.tables[t]);
  return options.audit && before.webAudit !== after.webAudit ? [...changed, `AuditLog (web: ${before.webAudit} → ${after.webAudit})`] : changed;
}

/** Whether any domain row holds this text (as typed: JSON escapes quotes and backslashes). */
export function holds(snap: Snapshot, text: string): boolean {
  const needle = JSON.stringify(text).slice(1, -1);
  return Object.values(snap.tables).some((rows) => rows.includes(needle));
}
