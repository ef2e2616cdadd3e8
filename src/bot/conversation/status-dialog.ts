// "My status": this school year's plans of the caller, and what is still owed before the
// deadline (R4) — their own, and for heads and the board, their people's.
import { ensureCurrentSchoolYear } from '../../db/org-setup.js';
import { formatVnDate } from '../../core/calendar.js';
import { annualObligations, lessonTiming, obligationStatus } from '../../core/deadlines.js';
import { PLAN_KIND_LABELS, PLAN_STATE_LABELS, type PlanKind, type PlanState, planKindOf, planStateOf } from '../../core/vocabulary.js';
import { loadSchoolSnapshot } from '../../read-models/org-loader.js';
import type { Turn } from './turn.js';
import type { Reply } from './inbound.js';

export async function myStatus(turn: Turn): Promise<Reply[]> {
  const { db } = turn.deps;
  const now = turn.deps.now();
  const year = await ensureCurrentSchoolYear(db, now);
  const staff = await db.staff.findUniqueOrThrow({ where: { id: turn.staffId } });
  const plans = await db.plan.findMany({
    where: { ownerId: turn.staffId, schoolYearId: year.id },
    include: { decisions: { where: { action: 'APPROVE' } } },
    orderBy: { createdAt: 'asc' },
  });
  const lines = [`📋 Hồ sơ của thầy/cô — năm học ${year.name}`];
  if (plans.length === 0) lines.push('Chưa nộp hồ sơ nào.');
  for (const p of plans) {
    const late = p.kind === 'LESSON_PLAN' && p.teachingDate && lessonTiming(p.teachingDate, p.decisions[0]?.decidedAt ?? null, now) === 'LATE' ? ' ⚠️ quá ngày dạy' : '';
    lines.push(`• ${p.refCode} — ${PLAN_KIND_LABELS[planKindOf(p.kind)]}${p.title ? `: ${p.title}` : p.subject ? ` (${p.subject})` : ''} — ${PLAN_STATE_LABELS[planStateOf(p.state)]}${late}`);
  }
  if (staff.schoolId) lines.push('', ...(await owed(turn, staff.schoolId, year, now)));
  return [{ type: 'text', text: lines.join('\n') }];
}

async function owed(turn: Turn, schoolId: number, year: { id: number; annualDeadline: string }, now: Date): Promise<string[]> {
  const { db } = turn.deps;
  const snapshot = await loadSchoolSnapshot(db, schoolId);
  const mine = annualObligations(snapshot, year.id).filter((o) => o.responsibleIds.includes(turn.staffId));
  if (mine.length === 0) return [];
  const plans = await db.plan.findMany({ where: { slotKey: { in: mine.map((o) => o.slotKey) } } });
  const bySlot = new Map(plans.map((p) => [p.slotKey, { state: planStateOf(p.state), currentVersion: p.currentVersion }]));
  const statuses = mine.map((o) => obligationStatus(o, bySlot.get(o.slotKey), year.annualDeadline, now));
  const missing = statuses.filter((s) => s.owed);
  const deadline = formatVnDate(year.annualDeadline);
  if (missing.length === 0) return [`✅ Đã nộp đủ các kế hoạch năm học (hạn ${deadline}).`];
  const overdue = missing.some((s) => s.overdue);
  return [
    `${overdue ? '⚠️ Đã quá hạn' : '⏰ Hạn nộp'} ${deadline} — còn thiếu:`,
    ...missing.map((s) => `• ${PLAN_KIND_LABELS[s.kind]}${s.subject ? ` (${s.subject})` : ''}${s.state === 'RETURNED' ? ' — bị trả lại, cần nộp lại' : ''}`),
  ];
}
