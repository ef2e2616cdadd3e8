// When a notification written now reaches the person: at once, or when the quiet hours of the
// current school year end (src/core/quiet-hours.ts). Replies that tell someone another person
// "has been told" say the truth at night: when they will be.
import { formatVnDate, schoolYearNameOf, vnDateOf, vnTimeOf } from '../core/calendar.js';
import { quietUntil } from '../core/quiet-hours.js';
import type { Db, DbTx } from '../db/prisma.js';

/** Null: notifications written now go at once; else the instant they are held until. */
export async function notificationsHeldUntil(db: Db | DbTx, now: Date): Promise<Date | null> {
  const year = await db.schoolYear.findUnique({ where: { name: schoolYearNameOf(vnDateOf(now)) }, select: { quietStart: true, quietEnd: true } });
  // A year not set up yet is created with the schema's default window, 21:00–06:30.
  return quietUntil(now, { start: year?.quietStart ?? '21:00', end: year?.quietEnd ?? '06:30' });
}

/** "Giáo viên đã được báo." — or, held back, when they will be. */
export function toldSentence(who: string, heldUntil: Date | null, now: Date, what = 'được báo'): string {
  if (!heldUntil) return `${who} đã ${what}.`;
  const day = vnDateOf(heldUntil) === vnDateOf(now) ? 'hôm nay' : `ngày ${formatVnDate(vnDateOf(heldUntil))}`;
  return `${who} sẽ ${what} lúc ${vnTimeOf(heldUntil)} ${day} (trợ lý không gửi thông báo trong giờ nghỉ ban đêm).`;
}
