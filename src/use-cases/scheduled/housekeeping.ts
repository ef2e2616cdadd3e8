// Minutely clean-up of what expires by itself: web sessions past their time and sign-in
// failure counts whose window and lock are over.
import type { Db } from '../../db/prisma.js';
import { purgeExpiredSessions } from '../web-auth/sessions.js';

const THROTTLE_KEEP_MS = 60 * 60_000;

export async function housekeeping(db: Db, now: Date): Promise<void> {
  await purgeExpiredSessions(db, now);
  const old = new Date(now.getTime() - THROTTLE_KEEP_MS);
  await db.signInThrottle.deleteMany({ where: { windowStart: { lt: old }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } });
}
