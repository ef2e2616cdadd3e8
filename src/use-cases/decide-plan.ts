// A reviewer approves or returns a version (R7–R9). The first decision wins: the unique
// decision per version and a conditional state update make a second click, a stale button
// or a race between two reviewers change nothing. Every reviewer's copy is updated, the
// submitter is told, and an approved school plan is reported to its supervising unit.
import { planStateOf } from '../core/vocabulary.js';
import { AppError } from '../core/app-error.js';
import { formatVnDate, vnDateOf, vnTimeOf } from '../core/calendar.js';
import { nextStatus } from '../core/plan-state.js';
import { canDecide, reviewRoute } from '../core/review-routing.js';
import type { Channel, PlanState } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import { loadActor, loadSchoolStaff, planScopeOf } from '../read-models/org-loader.js';
import type { Db, DbTx } from '../db/prisma.js';
import { unitRecipientIds } from '../read-models/recipients.js';
import { howTo } from './channel-words.js';
import { notificationsHeldUntil } from './notify-time.js';
import { queueForChat, queueForStaff } from './outbox.js';
import { describePlan, type PlanFacts } from './plan-messages.js';
import { planFacts } from './submit-plan.js';
import { parseId } from '../core/ids.js';

export interface DecideInput {
  deciderId: number;
  submissionId: number;
  action: 'APPROVE' | 'RETURN';
  reason?: string;
  now?: Date;
}

export interface DecideResult {
  planId: number;
  refCode: string;
  state: PlanState;
  /** Null: the people told of the decision are told now; else quiet hours hold it until then. */
  heldUntil: Date | null;
}

export async function decidePlan(db: Db, input: DecideInput): Promise<DecideResult> {
  const now = input.now ?? new Date();
  try {
    const decided = await db.$transaction((tx) => decide(tx, input, now));
    return { ...decided, heldUntil: await notificationsHeldUntil(db, now) };
  } catch (error) {
    // P2002: the unique decision per version — another reviewer committed first.
    const lost = (error as { code?: string }).code === 'P2002' || (error instanceof AppError && error.code === 'ALREADY_DECIDED');
    if (lost) throw await alreadyDecided(db, input.submissionId);
    throw error;
  }
}

/** Ids are 32-bit integers: a larger one (a forged button) names nothing, on PostgreSQL too, which refuses to compare it. */

async function decide(tx: DbTx, input: DecideInput, now: Date): Promise<Omit<DecideResult, 'heldUntil'>> {
  const known = parseId(input.submissionId) !== null;
  const submission = known ? await tx.submission.findUnique({ where: { id: input.submissionId }, include: { plan: true } }) : null;
  if (!submission) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ này.');
  const plan = submission.plan;
  const scope = await planScopeOf(tx, plan);
  const staff = await loadSchoolStaff(tx, plan.schoolId);
  const actor = await loadActor(tx, input.deciderId);
  if (!actor || !canDecide(actor, scope, staff)) throw new AppError('FORBIDDEN', 'Thầy/cô không có quyền duyệt hồ sơ này.');
  const reason = input.reason?.trim();
  const status = nextStatus(
    { state: planStateOf(plan.state), currentVersion: plan.currentVersion },
    input.action === 'APPROVE' ? { type: 'APPROVE', version: submission.version } : { type: 'RETURN', version: submission.version, reason: reason ?? '' },
  );
  const updated = await tx.plan.updateMany({
    where: { id: plan.id, currentVersion: submission.version, state: 'SUBMITTED' },
    data: { state: status.state },
  });
  if (updated.count !== 1) throw new AppError('ALREADY_DECIDED', 'Hồ sơ này đã được xử lý trước đó.');
  const basis = reviewRoute(scope, staff).basis;
  await tx.decision.create({
    data: { planId: plan.id, submissionId: submission.id, action: input.action, basis, reason: reason ?? null, deciderId: actor.staffId, decidedAt: now },
  });
  await audit(tx, { actor: `staff:${actor.staffId}`, action: `plan.${input.action.toLowerCase()}`, entityType: 'Plan', entityId: plan.id, details: { submissionId: submission.id, version: submission.version, basis, reason } });
  const facts = await planFacts(tx, plan.id, submission.version);
  const decider = await tx.staff.findUniqueOrThrow({ where: { id: actor.staffId } });
  const outcome = outcomeLine(input.action, decider.fullName, now, reason, basis === 'SCHOOL_COUNCIL');
  await updateReviewerCopies(tx, submission.id, facts, outcome, actor.staffId);
  await tellSubmitter(tx, plan.ownerId, submission.id, facts, input.action, outcome);
  if (input.action === 'APPROVE' && plan.kind === 'SCHOOL_PLAN') await reportSchoolPlan(tx, plan.id, submission.id, facts, now);
  return { planId: plan.id, refCode: plan.refCode, state: status.state };
}

function outcomeLine(action: DecideInput['action'], who: string, now: Date, reason: string | undefined, council: boolean): string {
  const at = `${vnTimeOf(now)} ${formatVnDate(vnDateOf(now))}`;
  if (action === 'RETURN') return `↩️ Đã trả lại bởi ${who} lúc ${at}.\nLý do: ${reason}`;
  return council ? `✅ Hội đồng trường đã thông qua (ghi nhận bởi ${who} lúc ${at}).` : `✅ Đã duyệt bởi ${who} lúc ${at}.`;
}

async function updateReviewerCopies(tx: DbTx, submissionId: number, facts: PlanFacts, outcome: string, deciderId: number): Promise<void> {
  const copies = await tx.reviewMessage.findMany({ where: { submissionId } });
  for (const copy of copies) {
    // Zalo cannot edit a message, so the "edit" arrives as a new one: the decider was already answered.
    if (copy.channel === 'ZALO' && copy.reviewerId === deciderId) continue;
    await queueForChat(tx, {
      channel: copy.channel as 'TELEGRAM' | 'ZALO',
      chatId: copy.chatId,
      staffId: copy.reviewerId,
      key: `decided:${submissionId}:${copy.id}`,
      message: { type: 'edit', outboxId: copy.outboxId, text: `${describePlan(facts)}\n\n${outcome}` },
    });
  }
}

async function tellSubmitter(tx: DbTx, ownerId: number, submissionId: number, facts: PlanFacts, action: DecideInput['action'], outcome: string): Promise<void> {
  const next = (channel: Channel) => (action === 'RETURN' ? `\n\n${howTo.resubmit(channel, facts.refCode, facts.version + 1)}` : '');
  await queueForStaff(tx, { staffId: ownerId, key: `decided:${submissionId}:owner`, message: (channel) => ({ type: 'text', text: `${describePlan(facts)}\n\n${outcome}${next(channel)}` }) });
}

/** R9: the approved school plan goes to the unit that supervises the school. */
async function reportSchoolPlan(tx: DbTx, planId: number, submissionId: number, facts: PlanFacts, now: Date): Promise<void> {
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, include: { school: { include: { supervisingUnit: true } } } });
  const unit = plan.school.supervisingUnit;
  await tx.schoolPlanReport.create({ data: { planId, submissionId, unitId: unit.id, reportedAt: now } });
  const accounts = await unitRecipientIds(tx, unit.id);
  const submission = await tx.submission.findUniqueOrThrow({ where: { id: submissionId } });
  const caption = `📨 Báo cáo kế hoạch giáo dục nhà trường\n${plan.school.name} gửi ${unit.name}.\n\n${describePlan(facts)}\n\n✅ Đã được Hội đồng trường thông qua.`;
  for (const accountId of accounts) {
    const file = submission.channelFileRef ? { fileRef: submission.channelFileRef } : { stored: { sha256: submission.fileSha256, name: submission.originalName } };
    await queueForStaff(tx, { staffId: accountId, key: `report:${submissionId}:${accountId}`, message: { type: 'document', ...file, caption, plan: { submissionId, refCode: facts.refCode } } });
  }
  await audit(tx, { actor: 'system', action: 'plan.report', entityType: 'Plan', entityId: planId, details: { unitId: unit.id, submissionId } });
}

/** Says who decided first, so a reviewer who lost the race knows what happened. */
async function alreadyDecided(db: Db, submissionId: number): Promise<AppError> {
  const decision = await db.decision.findUnique({ where: { submissionId }, include: { submission: { include: { plan: true } } } });
  if (!decision) return new AppError('ALREADY_DECIDED', 'Hồ sơ này đã được xử lý trước đó.');
  const who = await db.staff.findUnique({ where: { id: decision.deciderId } });
  const what = decision.action === 'APPROVE' ? 'duyệt' : 'trả lại';
  return new AppError('ALREADY_DECIDED', `Hồ sơ ${decision.submission.plan.refCode} đã được ${who?.fullName ?? 'người khác'} ${what} trước đó.`);
}

/**
 * Checks, without changing anything, that this person may decide this version now: used
 * before asking a reviewer to type the reason for a return.
 */
export async function assertCanDecide(db: Db, deciderId: number, submissionId: number): Promise<{ refCode: string }> {
  const submission = await db.submission.findUnique({ where: { id: submissionId }, include: { plan: true } });
  if (!submission) throw new AppError('NOT_FOUND', 'Không tìm thấy hồ sơ này.');
  const { plan } = submission;
  const actor = await loadActor(db, deciderId);
  if (!actor || !canDecide(actor, await planScopeOf(db, plan), await loadSchoolStaff(db, plan.schoolId))) {
    throw new AppError('FORBIDDEN', 'Thầy/cô không có quyền duyệt hồ sơ này.');
  }
  nextStatus({ state: planStateOf(plan.state), currentVersion: plan.currentVersion }, { type: 'APPROVE', version: submission.version });
  return { refCode: plan.refCode };
}
