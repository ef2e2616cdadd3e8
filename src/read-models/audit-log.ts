// Reading the audit log: newest first, a page at a time by id (keyset), so that a page costs the
// same on the millionth entry as on the first; and the people behind the actor strings.
import { endOfVnDay, startOfVnDay, type IsoDate } from '../core/calendar.js';
import type { Prisma } from '../generated/prisma/client.js';
import { containsText, startsWithText } from '../db/text-match.js';
import type { Db } from '../db/prisma.js';

export interface AuditFilters {
  /** Part of the actor string (`web:hotline1`, `staff:12`, `cli`), or of the person's name. */
  actor?: string;
  /** An action, or its beginning (`plan.` for every action on plans). */
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Vietnamese calendar days, both included. */
  from?: IsoDate;
  to?: IsoDate;
}

/** Where a page starts: below an id (older entries) or above one (newer entries). */
export type AuditCursor = { before?: number; after?: number };

export interface AuditEntryRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: string;
}

export interface AuditPage {
  entries: AuditEntryRow[];
  /** Cursors for the neighbouring pages, when there are entries there. */
  newerAfter?: number;
  olderBefore?: number;
}

export const AUDIT_PAGE_SIZE = 100;

/** People whose name contains the text, as the actor strings they act under. */
async function actorsNamed(db: Db, text: string): Promise<string[]> {
  const people = await db.staff.findMany({
    where: { fullName: containsText(db, text) },
    select: { id: true, webAccount: { select: { username: true } } },
    take: 500,
  });
  return people.flatMap((p) => [`staff:${p.id}`, ...(p.webAccount ? [`web:${p.webAccount.username}`] : [])]);
}

async function whereOf(db: Db, f: AuditFilters): Promise<Prisma.AuditLogWhereInput> {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.actor) {
    const named = await actorsNamed(db, f.actor);
    and.push({ OR: [{ actor: containsText(db, f.actor) }, ...(named.length > 0 ? [{ actor: { in: named } }] : [])] });
  }
  if (f.action) and.push({ action: startsWithText(db, f.action) });
  if (f.entityType) and.push({ entityType: f.entityType });
  if (f.entityId) and.push({ entityId: f.entityId });
  if (f.from) and.push({ at: { gte: startOfVnDay(f.from) } });
  if (f.to) and.push({ at: { lt: endOfVnDay(f.to) } });
  return { AND: and };
}

export async function auditPage(db: Db, filters: AuditFilters, cursor: AuditCursor = {}, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = await whereOf(db, filters);
  const exists = async (idWhere: Prisma.IntFilter) => (await db.auditLog.findFirst({ where: { AND: [where, { id: idWhere }] }, select: { id: true } })) !== null;
  if (cursor.after !== undefined) {
    // Newer entries: read upwards from the cursor, then show them newest first like every page.
    const rows = await db.auditLog.findMany({ where: { AND: [where, { id: { gt: cursor.after } }] }, orderBy: { id: 'asc' }, take: size + 1 });
    const entries = rows.slice(0, size).reverse();
    return {
      entries,
      newerAfter: rows.length > size ? entries[0]!.id : undefined,
      olderBefore: (await exists({ lte: cursor.after })) ? (entries.at(-1)?.id ?? cursor.after + 1) : undefined,
    };
  }
  const rows = await db.auditLog.findMany({
    where: cursor.before !== undefined ? { AND: [where, { id: { lt: cursor.before } }] } : where,
    orderBy: { id: 'desc' },
    take: size + 1,
  });
  const entries = rows.slice(0, size);
  return {
    entries,
    newerAfter: cursor.before !== undefined && (await exists({ gte: cursor.before })) ? (entries[0]?.id ?? cursor.before - 1) : undefined,
    olderBefore: rows.length > size ? entries.at(-1)!.id : undefined,
  };
}

/**
 * The people behind `web:<username>` and `staff:<id>` actors, in one query for a whole page:
 * actor string → name and staff code. Other actors (`cli`, `system`) are not people.
 */
export async function actorPeople(db: Db, actors: readonly string[]): Promise<Map<string, { fullName: string; code: string }>> {
  const usernames = new Set<string>();
  const ids = new Set<number>();
  for (const actor of actors) {
    if (actor.startsWith('web:')) usernames.add(actor.slice(4));
    const staff = /^staff:(\d{1,9})$/.exec(actor);
    if (staff) ids.add(Number(staff[1]));
  }
  const people = new Map<string, { fullName: string; code: string }>();
  if (usernames.size === 0 && ids.size === 0) return people;
  const rows = await db.staff.findMany({
    where: { OR: [{ id: { in: [...ids] } }, { webAccount: { username: { in: [...usernames] } } }] },
    select: { id: true, fullName: true, code: true, webAccount: { select: { username: true } } },
  });
  for (const row of rows) {
    const person = { fullName: row.fullName, code: row.code };
    if (ids.has(row.id)) people.set(`staff:${row.id}`, person);
    if (row.webAccount && usernames.has(row.webAccount.username)) people.set(`web:${row.webAccount.username}`, person);
  }
  return people;
}

/** What an audit entry is about, in people's words: `Staff #6` → "Phạm Minh Tuấn (THCS-TP-004)". */
export type EntityNames = Map<string, string>;

/** Key of entityNames' map. */
export function entityKey(entityType: string, entityId: string | null): string {
  return `${entityType}#${entityId ?? ''}`;
}

const ids = (entries: ReadonlyArray<{ entityType: string; entityId: string | null }>, type: string) => [
  ...new Set(entries.filter((e) => e.entityType === type && e.entityId && /^\d{1,9}$/.test(e.entityId)).map((e) => Number(e.entityId))),
];

/** Names of the items a page of entries is about: one query per kind of item present. */
export async function entityNames(db: Db, entries: ReadonlyArray<{ entityType: string; entityId: string | null }>): Promise<EntityNames> {
  const names: EntityNames = new Map();
  const put = (type: string, id: number, name: string) => names.set(entityKey(type, String(id)), name);
  const lookups: Array<Promise<void>> = [];
  const want = (type: string, run: (idList: number[]) => Promise<void>) => {
    const list = ids(entries, type);
    if (list.length > 0) lookups.push(run(list));
  };
  want('Staff', async (list) => {
    for (const s of await db.staff.findMany({ where: { id: { in: list } }, select: { id: true, fullName: true, code: true } })) put('Staff', s.id, `${s.fullName} (${s.code})`);
  });
  want('WebAccount', async (list) => {
    for (const a of await db.webAccount.findMany({ where: { id: { in: list } }, select: { id: true, username: true, staff: { select: { fullName: true } } } })) {
      put('WebAccount', a.id, `${a.username} — ${a.staff.fullName}`);
    }
  });
  want('Plan', async (list) => {
    for (const p of await db.plan.findMany({ where: { id: { in: list } }, select: { id: true, refCode: true, title: true, owner: { select: { fullName: true } } } })) {
      put('Plan', p.id, [p.refCode, p.title, p.owner?.fullName].filter(Boolean).join(' · '));
    }
  });
  want('Submission', async (list) => {
    for (const s of await db.submission.findMany({ where: { id: { in: list } }, select: { id: true, version: true, plan: { select: { refCode: true } } } })) {
      put('Submission', s.id, `${s.plan.refCode}, lần nộp ${s.version}`);
    }
  });
  want('School', async (list) => {
    for (const s of await db.school.findMany({ where: { id: { in: list } }, select: { id: true, name: true } })) put('School', s.id, s.name);
  });
  want('OrgUnit', async (list) => {
    for (const u of await db.orgUnit.findMany({ where: { id: { in: list } }, select: { id: true, name: true } })) put('OrgUnit', u.id, u.name);
  });
  want('Group', async (list) => {
    for (const g of await db.group.findMany({ where: { id: { in: list } }, select: { id: true, name: true, school: { select: { name: true } } } })) put('Group', g.id, `${g.name} — ${g.school.name}`);
  });
  want('Subgroup', async (list) => {
    for (const g of await db.subgroup.findMany({ where: { id: { in: list } }, select: { id: true, name: true, group: { select: { name: true } } } })) put('Subgroup', g.id, `${g.name} (${g.group.name})`);
  });
  want('SchoolYear', async (list) => {
    for (const y of await db.schoolYear.findMany({ where: { id: { in: list } }, select: { id: true, name: true } })) put('SchoolYear', y.id, `Năm học ${y.name}`);
  });
  await Promise.all(lookups);
  return names;
}
