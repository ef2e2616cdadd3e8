// What keeps plans moving: lesson plans taught tomorrow and not approved (R5), lesson plans
// marked late once their day has begun, reviewers' daily digest, a nudge when an item has
// waited too long, and escalation to the board when it has waited twice that.
import { addDays, formatVnDate, startOfVnDay, type IsoDate } from '../../core/calendar.js';
import { PLAN_KIND_LABELS, type PlanKind, planKindOf } from '../../core/vocabulary.js';
import { audit } from '../../db/audit.js';
import { pendingPlans, type PendingPlan } from '../../read-models/pending-plans.js';
import type { Db } from '../../db/prisma.js';
import { howTo, perChannel } from '../channel-words.js';
import { listLines, type PlannedMessage } from './planned-message.js';

const describe = (p: { kind: string; refCode: string; title: string | null; ownerName?: string }) =>
  `${p.refCode} — ${PLAN_KIND_LABELS[planKindOf(p.kind)]}${p.title ? `: ${p.title}` : ''}${p.ownerName ? ` — ${p.ownerName}` : ''}`;

/** R5: lesson plans taught tomorrow that are not approved yet. */
export async function planLessonEve(db: Db, today: IsoDate, roundKey: string): Promise<PlannedMessage[]> {
  const tomorrow = addDays(today, 1);
  const messages: PlannedMessage[] = [];
  const returned = await db.plan.findMany({ where: { kind: 'LESSON_PLAN', teachingDate: tomorrow, state: 'RETURNED' } });
  for (const p of returned) {
    messages.push({ staffId: p.ownerId, key: `${roundKey}:returned:${p.id}:${p.currentVersion}`, text: `⏰ Kế hoạch bài dạy ${describe(p)} dạy ngày mai (${formatVnDate(tomorrow)}) đang bị trả lại, chưa được duyệt. Thầy/cô sửa và nộp lại sớm để kịp duyệt trước giờ lên lớp.` });
  }
  for (const p of await pendingPlans(db, { kind: 'LESSON_PLAN', teachingDate: tomorrow })) {
    for (const reviewerId of p.reviewerIds) {
      messages.push({ staffId: reviewerId, key: `${roundKey}:pending:${p.submissionId}:${reviewerId}`, text: perChannel((channel) => `⏰ Nhắc duyệt: ${describe(p)} sẽ dạy ngày mai (${formatVnDate(tomorrow)}) và đang chờ thầy/cô duyệt. ${howTo.seePending(channel)}`) });
    }
  }
  return messages;
}

/** R5: a lesson plan whose teaching day has begun unapproved is marked late (the board sees it). */
export async function markLateLessons(db: Db, today: IsoDate): Promise<number> {
  // "IN" rather than "not APPROVED": it lets SQLite read the (state, lateAt, teachingDate) index.
  const late = await db.plan.findMany({ where: { kind: 'LESSON_PLAN', teachingDate: { lte: today }, state: { in: ['SUBMITTED', 'RETURNED'] }, lateAt: null }, select: { id: true, teachingDate: true } });
  for (const p of late) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.plan.updateMany({ where: { id: p.id, lateAt: null }, data: { lateAt: startOfVnDay(p.teachingDate!) } });
      if (count === 1) await audit(tx, { actor: 'system', action: 'plan.late', entityType: 'Plan', entityId: p.id, details: { teachingDate: p.teachingDate } });
    });
  }
  return late.length;
}

/** The reviewers' daily list, oldest first; the board also sees late lesson plans. */
export async function planDigest(db: Db, today: IsoDate, roundKey: string): Promise<PlannedMessage[]> {
  const byReviewer = new Map<number, PendingPlan[]>();
  for (const p of await pendingPlans(db)) for (const id of p.reviewerIds) byReviewer.set(id, [...(byReviewer.get(id) ?? []), p]);
  const messages: PlannedMessage[] = [];
  for (const [staffId, items] of byReviewer) {
    messages.push({ staffId, key: `${roundKey}:${staffId}`, text: `📥 Hồ sơ đang chờ thầy/cô duyệt (${items.length}), cũ nhất trước:\n${listLines(items.map((p) => `• ${describe(p)}`)).join('\n')}` });
  }
  const late = await db.plan.findMany({ where: { kind: 'LESSON_PLAN', lateAt: { not: null }, state: { not: 'APPROVED' }, teachingDate: { gte: addDays(today, -7) } }, include: { owner: true } });
  const bySchool = new Map<number, typeof late>();
  for (const p of late) bySchool.set(p.schoolId, [...(bySchool.get(p.schoolId) ?? []), p]);
  for (const [schoolId, plans] of bySchool) {
    const board = await db.roleAssignment.findMany({ where: { schoolId, role: { in: ['PRINCIPAL', 'VICE_PRINCIPAL'] }, staff: { active: true } } });
    for (const member of board) {
      messages.push({ staffId: member.staffId, key: `${roundKey}:late:${member.staffId}`, text: `⚠️ Kế hoạch bài dạy đã đến ngày dạy mà chưa được duyệt (7 ngày qua): ${plans.length}\n${listLines(plans.map((p) => `• ${describe({ ...p, ownerName: p.owner.fullName })} — ngày dạy ${formatVnDate(p.teachingDate!)}`)).join('\n')}` });
    }
  }
  return messages;
}

/**
 * An item waiting longer than `nudgeAfterHours` nudges its reviewers once; twice that long and
 * still waiting on heads, it is escalated once to the vice-principals (the principal if none).
 */
export async function planNudges(db: Db, nudgeAfterHours: number, now: Date): Promise<{ messages: PlannedMessage[]; nudged: number[]; escalated: number[] }> {
  const threshold = nudgeAfterHours * 3_600_000;
  const messages: PlannedMessage[] = [];
  const nudged: number[] = [];
  const escalated: number[] = [];
  const nudgeBefore = new Date(now.getTime() - threshold);
  const escalateBefore = new Date(now.getTime() - 2 * threshold);
  // Only versions still to nudge or escalate: a city has tens of thousands already nudged.
  const waiting = await pendingPlans(db, {
    submissions: { some: { submittedAt: { lt: nudgeBefore }, OR: [{ nudgedAt: null }, { escalatedAt: null, submittedAt: { lt: escalateBefore } }] } },
  });
  const flags = new Map<number, { nudgedAt: Date | null; escalatedAt: Date | null }>();
  for (let i = 0; i < waiting.length; i += 500) {
    const ids = waiting.slice(i, i + 500).map((p) => p.submissionId);
    for (const s of await db.submission.findMany({ where: { id: { in: ids } }, select: { id: true, nudgedAt: true, escalatedAt: true } })) flags.set(s.id, s);
  }
  for (const p of waiting) {
    const waited = now.getTime() - p.submittedAt.getTime();
    const hours = Math.floor(waited / 3_600_000);
    if (waited >= threshold && !flags.get(p.submissionId)?.nudgedAt) {
      nudged.push(p.submissionId);
      for (const id of p.reviewerIds) messages.push({ staffId: id, key: `nudge:${p.submissionId}:${id}`, text: perChannel((channel) => `⏳ ${describe(p)} đã chờ thầy/cô duyệt ${hours} giờ. ${howTo.seePending(channel, 'xem và duyệt')}`) });
    }
    if (waited >= 2 * threshold && p.headRoute && !flags.get(p.submissionId)?.escalatedAt) {
      escalated.push(p.submissionId);
      const board = await db.roleAssignment.findMany({ where: { schoolId: p.schoolId, role: 'VICE_PRINCIPAL', staff: { active: true } } });
      const targets = board.length > 0 ? board : await db.roleAssignment.findMany({ where: { schoolId: p.schoolId, role: 'PRINCIPAL', staff: { active: true } } });
      const reviewers = await db.staff.findMany({ where: { id: { in: p.reviewerIds } }, select: { fullName: true } });
      for (const t of targets) {
        messages.push({ staffId: t.staffId, key: `escalate:${p.submissionId}:${t.staffId}`, text: `⚠️ ${describe(p)} đã chờ duyệt ${hours} giờ. Người duyệt: ${reviewers.map((r) => r.fullName).join(', ')}. Đề nghị Ban giám hiệu nhắc nhở hoặc xem xét.` });
      }
    }
  }
  return { messages, nudged, escalated };
}
