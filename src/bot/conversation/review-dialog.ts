// Reviewers decide in the chat: Approve at once; Return asks for the reason first.
import { AppError } from '../../core/app-error.js';
import { PLAN_KIND_LABELS, type PlanKind, planKindOf } from '../../core/vocabulary.js';
import { loadActor } from '../../read-models/org-loader.js';
import { pendingPlans } from '../../read-models/pending-plans.js';
import { assertCanDecide, decidePlan } from '../../use-cases/decide-plan.js';
import { toldSentence } from '../../use-cases/notify-time.js';
import type { ChatButton } from '../../use-cases/outbox.js';
import type { ConversationState } from '../../db/conversation-store.js';
import type { Turn } from './turn.js';
import type { Reply } from './inbound.js';
import { textOnlyTexts, texts } from './texts.js';

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
    return [{ type: 'text', text: texts.returned(result.refCode, toldSentence('Giáo viên', result.heldUntil, deps.now())) }];
  } catch (error) {
    if (error instanceof AppError && error.code === 'REASON_REQUIRED') {
      return [{ type: 'text', text: `${error.userMessage}\n${texts.askReason(state.refCode)}`, forceReply: 'Lý do trả lại…' }];
    }
    await turn.store.clear(inbound.channel, inbound.chatId);
    throw error;
  }
}

/** `duyet K7F3Q2` / `tra K7F3Q2 <lý do>`: decides the plan's current version, by the same rules as a button. */
export async function onDecisionText(turn: Turn, command: { action: 'APPROVE' | 'RETURN'; refCode: string; reason?: string }): Promise<Reply[]> {
  const { db } = turn.deps;
  const plan = await db.plan.findUnique({ where: { refCode: command.refCode } });
  const submission = plan && (await db.submission.findUnique({ where: { planId_version: { planId: plan.id, version: plan.currentVersion } } }));
  if (!plan || !submission) return [{ type: 'text', text: texts.planNotFound(command.refCode) }];
  if (command.action === 'RETURN' && !command.reason) {
    // Ask for the reason, as after the Return button.
    await assertCanDecide(db, turn.staffId, submission.id);
    await turn.store.set(turn.inbound.channel, turn.inbound.chatId, turn.staffId, { type: 'RETURN_REASON', submissionId: submission.id, refCode: plan.refCode });
    return [{ type: 'text', text: texts.askReason(plan.refCode), forceReply: 'Lý do trả lại…' }];
  }
  const result = await decidePlan(db, { deciderId: turn.staffId, submissionId: submission.id, action: command.action, reason: command.reason, now: turn.deps.now() });
  await turn.store.clear(turn.inbound.channel, turn.inbound.chatId);
  turn.deps.notifyOutbox();
  const told = toldSentence('Giáo viên', result.heldUntil, turn.deps.now());
  return [{ type: 'text', text: command.action === 'APPROVE' ? texts.approved(result.refCode, told) : texts.returned(result.refCode, told) }];
}

/** What waits for this person's decision, oldest first. */
export async function pendingReviews(turn: Turn): Promise<Reply[]> {
  const { db } = turn.deps;
  const actor = await loadActor(db, turn.staffId);
  const schoolIds = [...new Set(actor?.grants.map((g) => g.schoolId).filter((id): id is number => id != null) ?? [])];
  const mine = (await pendingPlans(db, { schoolId: { in: schoolIds } })).filter((p) => p.reviewerIds.includes(turn.staffId));
  if (mine.length === 0) return [{ type: 'text', text: 'Không có hồ sơ nào đang chờ thầy/cô duyệt. 👍' }];
  const shown = mine.slice(0, LIST_LIMIT);
  const { buttons } = turn.caps;
  // Without buttons each line carries its review link, and the typed replies are explained.
  const lines = shown.map((p, i) => {
    const line = `${i + 1}. ${p.refCode} — ${PLAN_KIND_LABELS[planKindOf(p.kind)]}${p.title ? `: ${p.title}` : ''} — ${p.ownerName}`;
    return buttons ? line : `${line}\n   Xem và duyệt: ${turn.deps.reviewLink(p.submissionId, turn.staffId)}`;
  });
  const more = mine.length > shown.length ? `\n… và ${mine.length - shown.length} hồ sơ khác.` : '';
  const hint = buttons ? '' : `\n\n${textOnlyTexts.decideHint}`;
  const rows: ChatButton[][] = buttons
    ? shown.map((p) => [
        { text: `✅ Duyệt ${p.refCode}`, data: `d:${p.submissionId}:a` },
        { text: `↩️ Trả lại ${p.refCode}`, data: `d:${p.submissionId}:r` },
      ])
    : [];
  return [{ type: 'text', text: `📥 Hồ sơ chờ thầy/cô duyệt (${mine.length}), cũ nhất trước:\n${lines.join('\n')}${more}${hint}`, buttons: rows }];
}
