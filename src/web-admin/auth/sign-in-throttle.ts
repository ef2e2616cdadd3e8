// Brute-force protection for sign-in: after 5 failures for one username, or 30 from one
// address, within 15 minutes, that key is locked for 15 minutes. Counted in the database so
// that every web process sees the same numbers.
import type { Db } from '../../db/prisma.js';

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

export async function recordFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  for (const key of keys) {
    await db.$transaction(async (tx) => {
      const row = await tx.signInThrottle.findUnique({ where: { key } });
      const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const lock = failures >= limitOf(key) ? new Date(now.getTime() + LOCK_MS) : null;
      await tx.signInThrottle.upsert({
        where: { key },
        create: { key, failures, windowStart: now, lockedUntil: lock },
        update: { failures, windowStart: fresh ? now : row.windowStart, lockedUntil: lock ?? row?.lockedUntil ?? null },
      });
    });
  }
}

/** A successful sign-in clears the username's count (not the address's: one office, many people). */
export async function recordSuccess(db: Db, username: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: `user:${username}` } });
}
