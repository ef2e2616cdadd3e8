// Reviewers decide in the chat: Approve at once; Return asks for the reason first.
import { AppError } from '../../core/app-error.js';
import { canDecide } from '../../core/review-routing.js';
import { PLAN_KIND_LABELS, type PlanKind } from '../../core/vocabulary.js';
import { loadActor, loadSchoolStaff, planScopeOf } from '../../db/org-loader.js';
import { assertCanDecide, decidePlan } from '../../use-cases/decide-plan.js';
import type { ChatButton } from '../../use-cases/outbox.js';
import type { ConversationState } from './conversation-store.js';
import type { Turn } from './handle-inbound.js';
import type { Reply } from './inbound.js';
import { texts } from './texts.js';

const LIST_LIMIT = 15;

export async function onReviewButton(turn: Turn, data: string): Promise<Reply[]> {
  const match = /^d:(\d{1,10}):([ar])$/.exec(data);
  if (!match) return [{ type: 'toast', text: texts.staleButton }];
  const submissionId = Number(match[1]);
  if (match[2] === 'a') {
    const result = await decidePlan(turn.deps.db, { deciderId: turn.staffId, submissionId, action: 'APPROVE', now: turn.deps.now() });
    turn.deps.notifyOutbox();
    return [{ type: 'toast', text: `Đã duyệt hồ sơ ${result.refCode}.` }];
  }
  const { refCode } = await assertCanDecide(turn.deps.db, turn.staffId, submissionId);
  await turn.store.set(turn.inbound.channel, turn.inbound.chatId, turn.staffId, { type: 'RETURN_REASON', submissionId, refCode });
  return [
    { type: 'toast', text: 'Vui lòng nhập lý do trả lại.' },
    { type: 'text', text: texts.askReason(refCode), forceReply: 'Lý do trả lại…' },
  ];
}

export async function onReturnReason(turn: Turn, state: Extract<ConversationState, { type: 'RETURN_REASON' }>, reason: string): Promise<Reply[]> {
  const { inbound, deps } = turn;
  try {
    const result = await decidePlan(deps.db, { deciderId: turn.staffId, submissionId: state.submissionId, action: 'RETURN', reason, now: deps.now() });
    await turn.store.clear(inbound.channel, inbound.chatId);
    deps.notifyOutbox();
    return [{ type: 'text', text: `↩️ Đã trả lại hồ sơ ${result.refCode} kèm lý do. Giáo viên đã được báo.` }];
  } catch (error) {
    if (error instanceof AppError && error.code === 'REASON_REQUIRED') {
      return [{ type: 'text', text: `${error.userMessage}\n${texts.askReason(state.refCode)}`, forceReply: 'Lý do trả lại…' }];
    }
    await turn.store.clear(inbound.channel, inbound.chatId);
    throw error;
  }
}

/** What waits for this person's decision, oldest first. */
export async function pendingReviews(turn: Turn): Promise<Reply[]> {
  const { db } = turn.deps;
  const actor = await loadActor(db, turn.staffId);
  const schoolIds = [...new Set(actor?.grants.map((g) => g.schoolId).filter((id): id is number => id != null) ?? [])];
  const waiting = await db.plan.findMany({
    where: { state: 'SUBMITTED', schoolId: { in: schoolIds } },
    include: { owner: true, submissions: { orderBy: { version: 'desc' }, take: 1 } },
    orderBy: { updatedAt: 'asc' },
  });
  const staffBySchool = new Map<number, Awaited<ReturnType<typeof loadSchoolStaff>>>();
  const mine = [];
  for (const plan of waiting) {
    if (!staffBySchool.has(plan.schoolId)) staffBySchool.set(plan.schoolId, await loadSchoolStaff(db, plan.schoolId));
    if (actor && canDecide(actor, await planScopeOf(db, plan), staffBySchool.get(plan.schoolId)!)) mine.push(plan);
  }
  if (mine.length === 0) return [{ type: 'text', text: 'Không có hồ sơ nào đang chờ thầy/cô duyệt. 👍' }];
  mine.sort((a, b) => a.submissions[0]!.submittedAt.getTime() - b.submissions[0]!.submittedAt.getTime());
  const shown = mine.slice(0, LIST_LIMIT);
  const lines = shown.map((p, i) => `${i + 1}. ${p.refCode} — ${PLAN_KIND_LABELS[p.kind as PlanKind]}${p.title ? `: ${p.title}` : ''} — ${p.owner.fullName}`);
  const more = mine.length > shown.length ? `\n… và ${mine.length - shown.length} hồ sơ khác.` : '';
  const buttons: ChatButton[][] = turn.caps.buttons
    ? shown.map((p) => [
        { text: `✅ Duyệt ${p.refCode}`, data: `d:${p.submissions[0]!.id}:a` },
        { text: `↩️ Trả lại ${p.refCode}`, data: `d:${p.submissions[0]!.id}:r` },
      ])
    : [];
  return [{ type: 'text', text: `📥 Hồ sơ chờ thầy/cô duyệt (${mine.length}), cũ nhất trước:\n${lines.join('\n')}${more}`, buttons }];
}
