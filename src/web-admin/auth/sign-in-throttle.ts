// Brute-force protection for sign-in: after 5 failures for one username, or 30 from one
// address, within 15 minutes, that key is locked for 15 minutes. Counted in the database so
// that every web process sees the same numbers. An attempt is counted before its password is
// checked (and given back if it succeeds): otherwise attempts sent all at once would each be
// checked before the first failure was recorded, and a burst could try any number of passwords.
import { lockRow, retryOnConflict } from '../../db/concurrency.js';
import { isPostgres, type Db } from '../../db/prisma.js';

const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
const LIMITS = { user: 5, ip: 30 } as const;

export type ThrottleKey = `user:${string}` | `ip:${string}`;

function limitOf(key: ThrottleKey): number {
  return key.startsWith('user:') ? LIMITS.user : LIMITS.ip;
}

/** When the first locked key unlocks, or null if none of the keys is locked. */
export async function lockedUntil(db: Db, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await db.signInThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  if (rows.length === 0) return null;
  return new Date(Math.max(...rows.map((r) => r.lockedUntil!.getTime())));
}

/**
 * Counts an attempt against every key before its password is checked. Returns when the lock
 * ends if a key is locked, or is locked now because this attempt would go over its limit: the
 * password is then not checked, and the attempt counts nowhere. Null: check the password, then
 * call recordFailure or recordSuccess.
 */
export async function claimAttempt(db: Db, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const locked = await lockedUntil(db, keys, now);
  if (locked) return locked;
  const claimed: ThrottleKey[] = [];
  for (const key of keys) {
    const until = await claimOne(db, key, now);
    if (until) {
      await giveBack(db, claimed);
      return until;
    }
    claimed.push(key);
  }
  return null;
}

async function claimOne(db: Db, key: ThrottleKey, now: Date): Promise<Date | null> {
  return retryOnConflict(() => claimOnce(db, key, now));
}

/**
 * Read, then count: attempts at once on one key take turns (the row is locked on PostgreSQL;
 * SQLite runs one writer at a time), else two could read the same count and both write +1.
 */
async function claimOnce(db: Db, key: ThrottleKey, now: Date): Promise<Date | null> {
  return db.$transaction(async (tx) => {
    // The key's row exists before it is locked (an empty window that starts now counts the
    // same as no row), so that a burst on a new key queues too instead of racing to create it.
    if (isPostgres(tx)) {
      await tx.$executeRaw`INSERT INTO "SignInThrottle" ("key", "failures", "windowStart") VALUES (${key}, 0, ${now}) ON CONFLICT ("key") DO NOTHING`;
    }
    await lockRow(tx, 'SignInThrottle', 'key', key);
    const row = await tx.signInThrottle.findUnique({ where: { key } });
    if (row?.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
    const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    if (failures > limitOf(key)) {
      const lock = new Date(now.getTime() + LOCK_MS);
      await tx.signInThrottle.update({ where: { key }, data: { lockedUntil: lock } });
      return lock;
    }
    await tx.signInThrottle.upsert({
      where: { key },
      create: { key, failures, windowStart: now },
      update: { failures, windowStart: fresh ? now : row.windowStart },
    });
    return null;
  });
}

async function giveBack(db: Db, keys: readonly ThrottleKey[]): Promise<void> {
  for (const key of keys) await db.signInThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/** A checked attempt failed (it is already counted): the key that reached its limit is locked. */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  for (const key of keys) {
    await db.signInThrottle.updateMany({
      where: { key, failures: { gte: limitOf(key) }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS) },
    });
  }
}

/**
 * A successful sign-in clears the username's count and gives the address back the attempt it
 * claimed (one office, many people: their sign-ins never lock the office out).
 */
export async function recordSuccess(db: Db, username: string, addressKey: ThrottleKey): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: `user:${username}` } });
  await giveBack(db, [addressKey]);
}
