// `npm run cli -- preview-reminders [--at "dd/mm/yyyy HH:MM"]`: who would be reminded of what
// at that moment, without sending anything.
import { formatVnDate, parseVnDate, vnDateOf, vnDateTime, vnTimeOf } from '../core/calendar.js';
import type { Db } from '../db/prisma.js';
import { textFor } from '../use-cases/channel-words.js';
import { planDueWork } from '../use-cases/scheduled/run-due-work.js';

const ROUND_LABELS = {
  ANNUAL_REMINDER: 'Nhắc hạn nộp kế hoạch năm học',
  OVERDUE: 'Thông báo quá hạn',
  LESSON_EVE: 'Nhắc kế hoạch bài dạy dạy ngày mai',
  DIGEST: 'Danh sách chờ duyệt hằng ngày',
} as const;

/** Reads "dd/mm/yyyy HH:MM" (Vietnam time); no value: now. */
export function momentOf(text: string | undefined, now = new Date()): Date | null {
  if (!text) return now;
  const m = /^\s*(\S+)\s+(\d{1,2}):(\d{2})\s*$/.exec(text);
  const date = m ? parseVnDate(m[1]!, vnDateOf(now)) : null;
  if (!date || Number(m![2]) > 23 || Number(m![3]) > 59) return null;
  return vnDateTime(date, `${m![2]!.padStart(2, '0')}:${m![3]}`);
}

export async function previewReminders(db: Db, at: Date): Promise<string[]> {
  const plan = await planDueWork(db, at, { includeDone: true });
  const lines = [`Thời điểm: ${vnTimeOf(at)} ngày ${formatVnDate(vnDateOf(at))} (giờ Việt Nam). Không gửi tin nào.`];
  lines.push(plan.rounds.length > 0 ? `Các đợt đến hạn: ${plan.rounds.map((r) => ROUND_LABELS[r.type] + (r.type === 'ANNUAL_REMINDER' ? ` (trước ${r.offset} ngày)` : '')).join('; ')}` : 'Không có đợt nhắc nào đến hạn vào lúc này.');
  if (plan.nudged.length + plan.escalated.length > 0) lines.push(`Nhắc người duyệt: ${plan.nudged.length} hồ sơ; báo Ban giám hiệu: ${plan.escalated.length} hồ sơ.`);
  const people = new Map((await db.staff.findMany({ where: { id: { in: plan.messages.map((m) => m.staffId) } }, include: { identities: true } })).map((s) => [s.id, s]));
  let unreachable = 0;
  for (const m of plan.messages) {
    const person = people.get(m.staffId);
    const linked = (person?.identities.length ?? 0) > 0;
    if (!linked) unreachable++;
    lines.push(`→ ${person?.fullName ?? `#${m.staffId}`}${linked ? '' : ' (chưa kết nối chat — không gửi được)'}: ${textFor(m.text, 'TELEGRAM').split('\n').slice(1, 4).join(' | ').slice(0, 160)}`);
  }
  lines.push(`Tổng cộng ${plan.messages.length} tin, ${unreachable} người chưa kết nối chat.`);
  return lines;
}
