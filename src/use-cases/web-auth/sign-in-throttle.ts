// Brute-force protection for sign-in: after 5 failures for one username, or 30 from one
// address, within 15 minutes, that key is locked for 15 minutes. Counted in the database so
// that every web process sees the same numbers. A browser its owner signed in on before (a
// trusted device, trusted-devices.ts) is counted on its own key instead, 5 failures as well:
// a stranger's failures lock the username and the address for strangers only, never the
// owner at their own computer or a school's colleagues behind the same address. A lock is
// lifted early by its owner (a one-time code in their chat) or by who manages the account. An attempt is counted before its password is
// checked (and given back if it succeeds): otherwise attempts sent all at once would each be
// checked before the first failure was recorded, and a burst could try any number of passwords.
import { lockRow, retryOnConflict } from '../../db/concurrency.js';
import { isPostgres, type Db, type DbTx } from '../../db/prisma.js';

const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;
/** `send:` counts requests for unlock codes from one address (sign-in-unlock.ts). */
const LIMITS = { user: 5, device: 5, ip: 30, send: 10 } as const;

export type ThrottleKey = `user:${string}` | `ip:${string}` | `device:${string}` | `send:${string}`;

function limitOf(key: ThrottleKey): number {
  return LIMITS[key.slice(0, key.indexOf(':')) as keyof typeof LIMITS];
}

/** A refused attempt: when the lock ends, and the keys this attempt locked (to be audited). */
export interface Locked {
  until: Date;
  newlyLocked: ThrottleKey[];
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
export async function claimAttempt(db: Db, keys: ThrottleKey[], now: Date): Promise<Locked | null> {
  const locked = await lockedUntil(db, keys, now);
  if (locked) return { until: locked, newlyLocked: [] };
  const claimed: ThrottleKey[] = [];
  for (const key of keys) {
    const result = await claimOne(db, key, now);
    if (result) {
      await giveBack(db, claimed);
      return { until: result.until, newlyLocked: result.newly ? [key] : [] };
    }
    claimed.push(key);
  }
  return null;
}

async function claimOne(db: Db, key: ThrottleKey, now: Date): Promise<{ until: Date; newly: boolean } | null> {
  return retryOnConflict(() => claimOnce(db, key, now));
}

/**
 * Read, then count: attempts at once on one key take turns (the row is locked on PostgreSQL;
 * SQLite runs one writer at a time), else two could read the same count and both write +1.
 */
async function claimOnce(db: Db, key: ThrottleKey, now: Date): Promise<{ until: Date; newly: boolean } | null> {
  return db.$transaction(async (tx) => {
    // The key's row exists before it is locked (an empty window that starts now counts the
    // same as no row), so that a burst on a new key queues too instead of racing to create it.
    if (isPostgres(tx)) {
      await tx.$executeRaw`INSERT INTO "SignInThrottle" ("key", "failures", "windowStart") VALUES (${key}, 0, ${now}) ON CONFLICT ("key") DO NOTHING`;
    }
    await lockRow(tx, 'SignInThrottle', 'key', key);
    const row = await tx.signInThrottle.findUnique({ where: { key } });
    if (row?.lockedUntil && row.lockedUntil > now) return { until: row.lockedUntil, newly: false };
    const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
    const failures = fresh ? 1 : row.failures + 1;
    if (failures > limitOf(key)) {
      const lock = new Date(now.getTime() + LOCK_MS);
      await tx.signInThrottle.update({ where: { key }, data: { lockedUntil: lock } });
      return { until: lock, newly: true };
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

/** A checked attempt failed (it is already counted): the keys that reached their limit are locked and returned. */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<ThrottleKey[]> {
  const locked: ThrottleKey[] = [];
  for (const key of keys) {
    const { count } = await db.signInThrottle.updateMany({
      where: { key, failures: { gte: limitOf(key) }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MS) },
    });
    if (count > 0) locked.push(key);
  }
  return locked;
}

/**
 * A successful sign-in clears the username's and the device's counts and gives the address
 * back the attempt it claimed (one office, many people: their sign-ins never lock the office out).
 */
export async function recordSuccess(db: Db, username: string, claimed: readonly ThrottleKey[]): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: { in: [`user:${username}`, ...claimed.filter((k) => k.startsWith('device:'))] } } });
  await giveBack(db, claimed.filter((k) => k.startsWith('ip:')));
}

/** When the username's lock ends, or null if it is not locked. */
export async function userLockedUntil(db: Db, username: string, now: Date): Promise<Date | null> {
  return lockedUntil(db, [`user:${username}`], now);
}

/** Lifts the username's lock and forgets its failures; true if it was locked. */
export async function unlockUser(db: Db | DbTx, username: string, now: Date): Promise<boolean> {
  const row = await db.signInThrottle.findUnique({ where: { key: `user:${username}` } });
  await db.signInThrottle.deleteMany({ where: { key: `user:${username}` } });
  return !!row?.lockedUntil && row.lockedUntil > now;
}
