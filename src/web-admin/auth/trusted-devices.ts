// Browsers an account signed in on (or was unlocked on by its owner). The cookie holds a
// random 256-bit token; the table only its SHA-256 and whose it is. A device is trusted for
// its account alone, for 180 days after its last use; a password reset forgets them all.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, DbTx } from '../../db/prisma.js';

const TRUST_MS = 180 * 24 * 3_600_000;
/** Most devices remembered per account: the oldest are forgotten first. */
const MAX_PER_ACCOUNT = 10;

function idOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The device's throttle key when its cookie is trusted for this account; null otherwise. */
export async function trustedDeviceKey(db: Db, token: string | undefined, accountId: number | undefined, now: Date): Promise<`device:${string}` | null> {
  if (!token || accountId === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = idOf(token);
  const row = await db.trustedDevice.findUnique({ where: { id } });
  if (!row || row.accountId !== accountId || now.getTime() - row.lastUsedAt.getTime() > TRUST_MS) return null;
  return `device:${id}`;
}

/** Remembers this browser for the account (a new token, or the same one touched); returns the cookie's value. */
export async function trustDevice(db: Db, token: string | undefined, accountId: number, now: Date): Promise<string> {
  if (token && (await trustedDeviceKey(db, token, accountId, now))) {
    await db.trustedDevice.update({ where: { id: idOf(token) }, data: { lastUsedAt: now } });
    return token;
  }
  const fresh = randomBytes(32).toString('base64url');
  await db.trustedDevice.create({ data: { id: idOf(fresh), accountId, createdAt: now, lastUsedAt: now } });
  const old = await db.trustedDevice.findMany({ where: { accountId }, orderBy: { lastUsedAt: 'desc' }, skip: MAX_PER_ACCOUNT, select: { id: true } });
  if (old.length > 0) await db.trustedDevice.deleteMany({ where: { id: { in: old.map((d) => d.id) } } });
  return fresh;
}

export const DEVICE_COOKIE_MAX_AGE_MS = TRUST_MS;

/** After a password reset or a closed account: no browser is trusted any more. */
export async function forgetDevices(db: Db | DbTx, accountId: number): Promise<void> {
  await db.trustedDevice.deleteMany({ where: { accountId } });
}
