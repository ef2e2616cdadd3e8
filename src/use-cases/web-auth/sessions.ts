// Server-side sessions in the database (shared by every web process). The cookie holds a
// random 256-bit token; the table holds only its SHA-256. A session is created only by a
// successful sign-in (a token chosen by someone else is never adopted: no fixation), and is
// replaced when the password changes.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/prisma.js';

const IDLE_MS = 12 * 3_600_000;
const ABSOLUTE_MS = 7 * 24 * 3_600_000;
/** lastSeenAt is written at most this often: one write per page would be wasteful. */
const TOUCH_EVERY_MS = 60_000;

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function openSession(db: Db, accountId: number, now: Date): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
  await db.webSession.create({ data: { id: sessionIdOf(token), accountId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, csrfToken, expiresAt };
}

export interface LiveSession {
  id: string;
  csrfToken: string;
  account: { id: number; username: string; staffId: number; mustChangePassword: boolean };
}

/** The session for a cookie token, if it is still valid and its account and person are active. */
export async function findSession(db: Db, token: string | undefined, now: Date): Promise<LiveSession | null> {
  if (!token || token.length > 100) return null;
  const row = await db.webSession.findUnique({
    where: { id: sessionIdOf(token) },
    include: { account: { include: { staff: { select: { active: true } } } } },
  });
  if (!row) return null;
  const idleSince = now.getTime() - row.lastSeenAt.getTime();
  if (row.expiresAt <= now || idleSince > IDLE_MS || !row.account.active || !row.account.staff.active) {
    await db.webSession.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (idleSince > TOUCH_EVERY_MS) await db.webSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  const { id, username, staffId, mustChangePassword } = row.account;
  return { id: row.id, csrfToken: row.csrfToken, account: { id, username, staffId, mustChangePassword } };
}

export async function closeSession(db: Db, sessionId: string): Promise<void> {
  await db.webSession.deleteMany({ where: { id: sessionId } });
}

/** Signs an account out everywhere (password changed or reset, account deactivated). */
export async function closeAllSessions(db: Db, accountId: number): Promise<void> {
  await db.webSession.deleteMany({ where: { accountId } });
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<number> {
  const idleLimit = new Date(now.getTime() - IDLE_MS);
  const { count } = await db.webSession.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: idleLimit } }] } });
  return count;
}
