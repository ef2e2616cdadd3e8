// Records a handed-in file as a new plan or the next version of one (R3–R6), routes it to
// its reviewers (R7–R9) and queues the messages, all in one transaction.
import { planStateOf } from '../core/vocabulary.js';
import { AppError } from '../core/app-error.js';
import { schoolYearNameOf, vnDateOf } from '../core/calendar.js';
import { nextStatus } from '../core/plan-state.js';
import { slotKey } from '../core/plan-slot.js';
import { reviewRoute } from '../core/review-routing.js';
import { canSubmit } from '../core/submission-rights.js';
import type { Channel, PlanKind, PlanState } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import { grantOf, loadSchoolStaff, planScopeOf } from '../read-models/org-loader.js';
import { schoolAdminIds } from '../read-models/recipients.js';
import { lockRow, retryOnConflict, WriteConflict } from '../db/concurrency.js';
import type { Db, DbTx } from '../db/prisma.js';
import type { Plan } from '../generated/prisma/client.js';
import { crashPoint } from '../infra/crash-points.js';
import { newRefCode } from './ref-code.js';
import { notificationsHeldUntil, toldSentence } from './notify-time.js';
import { queueForStaff } from './outbox.js';
import { describePlan, reviewButtons, type PlanFacts } from './plan-messages.js';

export interface PlanDetails {
  kind: PlanKind;
  groupId?: number | null;
  subgroupId?: number | null;
  subject?: string | null;
  grade?: number | null;
  title?: string | null;
  teachingDate?: string | null;
}

export interface SubmitInput {
  staffId: number;
  channel: Channel;
  /** Makes the call idempotent: a second call with the same intake returns the first result. */
  intakeId?: number;
  file: { sha256: string; size: number; originalName: string; mimeType?: string | null; channelFileRef?: string | null };
  details: PlanDetails;
  checkReport?: unknown;
  /** One line about the automatic checks, shown to the submitter and the reviewers. */
  checkSummary?: string;
  now?: Date;
  /** More writes that must commit with the plan or not at all (an intake's end, its chat's state). */
  withinTransaction?: (tx: DbTx) => Promise<void>;
}

export interface SubmitResult {
  planId: number;
  refCode: string;
  version: number;
  submissionId: number;
  reviewerIds: number[];
  /** Reviewers who have linked no chat and so cannot be told. */
  unreachableReviewerIds: number[];
}

/**
 * Files a version. Two versions of one slot at once (two files sent together, the same intake
 * handled by two workers) are filed one after the other: on PostgreSQL the slot's plan row is
 * locked, and the loser of a race to create the plan or the intake's submission runs again
 * and finds the winner's rows (a replay, or the next version).
 */
export async function submitPlan(db: Db, input: SubmitInput): Promise<SubmitResult> {
  return retryOnConflict(() => submitOnce(db, input));
}

/**
 * Files several versions (the lessons cut from one file) and `withinTransaction` in one
 * transaction: all of them or none. Given more time than one filing, as it does several.
 */
export async function submitPlans(db: Db, inputs: SubmitInput[], withinTransaction: (tx: DbTx) => Promise<void>): Promise<SubmitResult[]> {
  return retryOnConflict(() =>
    db.$transaction(
      async (tx) => {
        const results: SubmitResult[] = [];
        for (const input of inputs) {
          if (results.length > 0) crashPoint('between-split-parts');
          results.push(await submitWithin(tx, input));
        }
        await withinTransaction(tx);
        return results;
      },
      { timeout: 60_000, maxWait: 10_000 },
    ),
  );
}

async function submitOnce(db: Db, input: SubmitInput): Promise<SubmitResult> {
  return db.$transaction((tx) => submitWithin(tx, input));
}

async function submitWithin(tx: DbTx, input: SubmitInput): Promise<SubmitResult> {
  if (input.intakeId != null) {
    const done = await tx.submission.findUnique({ where: { intakeId: input.intakeId }, include: { plan: true } });
    if (done) return replay(tx, done);
  }
  const now = input.now ?? new Date();
  // The submitter, their school and their roles (the actor) in one read.
  const staff = await tx.staff.findFirst({ where: { id: input.staffId, active: true }, include: { school: true, roles: true } });
  if (!staff?.school) throw new AppError('FORBIDDEN', 'Tài khoản này không thuộc trường nào nên không nộp được hồ sơ.');
  const actor = { staffId: staff.id, grants: staff.roles.map(grantOf) };
  const d = input.details;
  const fields = { kind: d.kind, schoolId: staff.school.id, groupId: d.groupId ?? null, subgroupId: d.subgroupId ?? null, ownerId: staff.id, subject: d.subject ?? null };
  const scope = await planScopeOf(tx, fields, staff.school);
  if (!canSubmit(actor, scope)) throw new AppError('FORBIDDEN', 'Thầy/cô không có quyền nộp loại hồ sơ này.');
  const year = await schoolYearFor(tx, d.teachingDate ?? vnDateOf(now));
  const key = slotKey({ ...fields, schoolYearId: year.id, grade: d.grade, title: d.title });
  await lockRow(tx, 'Plan', 'slotKey', key);
  const existing = await tx.plan.findUnique({ where: { slotKey: key } });
  const status = nextStatus(existing ? { state: planStateOf(existing.state), currentVersion: existing.currentVersion } : null, { type: 'SUBMIT' });
  const plan = existing
    ? await advancePlan(tx, existing, status)
    : await tx.plan.create({
        data: { ...fields, refCode: await newRefCode(tx), slotKey: key, schoolYearId: year.id, grade: d.grade ?? null, title: d.title ?? null, teachingDate: d.teachingDate ?? null, state: status.state, currentVersion: status.currentVersion },
      });
  const submission = await tx.submission.create({
    data: {
      planId: plan.id, version: status.currentVersion, fileSha256: input.file.sha256, fileSize: input.file.size,
      originalName: input.file.originalName, mimeType: input.file.mimeType ?? null, channel: input.channel,
      submittedById: staff.id, channelFileRef: input.file.channelFileRef ?? null, intakeId: input.intakeId ?? null,
      checkReport: input.checkReport === undefined ? null : JSON.stringify(input.checkReport), submittedAt: now,
    },
  });
  const route = reviewRoute(scope, await loadSchoolStaff(tx, staff.school.id));
  // A new plan's facts are known already; a plan filed before may belong to someone else (a group plan).
  const facts = existing ? await planFacts(tx, plan.id, status.currentVersion) : await newPlanFacts(tx, plan, status.currentVersion, { fullName: staff.fullName, schoolName: staff.school.name }, year.name);
  const dupes = await duplicateNotes(tx, input.file.sha256, plan.id, staff.id);
  const notes = { submitter: [input.checkSummary, dupes.submitter].filter(Boolean).join('\n'), reviewer: [input.checkSummary, dupes.reviewer].filter(Boolean).join('\n') };
  const file = input.file.channelFileRef ? { fileRef: input.file.channelFileRef } : { stored: { sha256: input.file.sha256, name: input.file.originalName } };
  const unreachable = await notifyReviewers(tx, submission.id, route.reviewerIds, facts, file, notes.reviewer);
  const heldUntil = await notificationsHeldUntil(tx, now);
  await confirmToSubmitter(tx, staff.id, submission.id, facts, route.reviewerIds, unreachable, notes.submitter, { heldUntil, now });
  if (route.reviewerIds.length === 0 || unreachable.length > 0) {
    await tellSchoolAdmins(tx, staff.school.id, submission.id, facts, route.reviewerIds.length === 0 ? [] : unreachable);
  }
  await audit(tx, { actor: `staff:${staff.id}`, action: 'plan.submit', entityType: 'Plan', entityId: plan.id, details: { version: status.currentVersion, submissionId: submission.id, sha256: input.file.sha256, reviewers: route.reviewerIds } });
  await input.withinTransaction?.(tx);
  crashPoint('before-submission-commit');
  return { planId: plan.id, refCode: plan.refCode, version: status.currentVersion, submissionId: submission.id, reviewerIds: route.reviewerIds, unreachableReviewerIds: unreachable };
}

/** The plan moves to its next version only from the state this transaction read. */
async function advancePlan(tx: DbTx, existing: Plan, status: { state: string; currentVersion: number }): Promise<Plan> {
  const { count } = await tx.plan.updateMany({
    where: { id: existing.id, state: existing.state, currentVersion: existing.currentVersion },
    data: { state: status.state, currentVersion: status.currentVersion },
  });
  if (count !== 1) throw new WriteConflict(`plan ${existing.id} changed while a version was filed`);
  return { ...existing, state: status.state, currentVersion: status.currentVersion };
}

async function notifyReviewers(
  tx: DbTx,
  submissionId: number,
  reviewerIds: number[],
  facts: PlanFacts,
  file: { fileRef: string } | { stored: { sha256: string; name: string } },
  note: string,
): Promise<number[]> {
  const unreachable: number[] = [];
  const caption = `${describePlan(facts)}${note ? `\n${note}` : ''}\n\n⏳ Đang chờ thầy/cô duyệt.`;
  const buttons = reviewButtons(submissionId, facts.kind);
  for (const reviewerId of reviewerIds) {
    const queued = await queueForStaff(tx, { staffId: reviewerId, key: `review:${submissionId}:${reviewerId}`, message: { type: 'document', ...file, caption, buttons, plan: { submissionId, refCode: facts.refCode } } });
    if (!queued) {
      unreachable.push(reviewerId);
      continue;
    }
    await tx.reviewMessage.create({ data: { submissionId, reviewerId, channel: queued.channel, chatId: queued.chatId, outboxId: queued.id } });
  }
  return unreachable;
}

/** `when`: the reviewers and admins are told now, or (quiet hours) when the window ends — said as such. */
async function confirmToSubmitter(
  tx: DbTx, staffId: number, submissionId: number, facts: PlanFacts, reviewerIds: number[], unreachable: number[], note: string,
  when: { heldUntil: Date | null; now: Date },
): Promise<void> {
  const names = await namesOf(tx, reviewerIds);
  const admins = (who: string) => toldSentence(who, when.heldUntil, when.now);
  const reachable = reviewerIds.length - unreachable.length;
  const who =
    reviewerIds.length === 0
      ? `⚠️ Trường chưa có người duyệt loại hồ sơ này; ${admins('giáo viên quản trị phần mềm của trường')}`
      : `Người duyệt: ${names.join(', ')}.` +
        (when.heldUntil && reachable > 0 ? `\n${toldSentence('Người duyệt', when.heldUntil, when.now, 'nhận được hồ sơ')}` : '') +
        (unreachable.length > 0 ? `\n(${(await namesOf(tx, unreachable)).join(', ')} chưa kết nối với trợ lý nên chưa nhận được thông báo; ${admins('quản trị trường')})` : '');
  await queueForStaff(tx, {
    staffId,
    key: `submit:${submissionId}:confirm`,
    asked: true,
    message: { type: 'text', text: `✅ Đã nhận hồ sơ.\n${describePlan(facts)}${note ? `\n${note}` : ''}\n\n${who}\nTrợ lý sẽ báo ngay khi có kết quả duyệt.` },
  });
}

/** The school's software-admin teachers hear of plans nobody can review, or reviewers out of reach. */
async function tellSchoolAdmins(tx: DbTx, schoolId: number, submissionId: number, facts: PlanFacts, unreachable: number[]): Promise<void> {
  const admins = await schoolAdminIds(tx, schoolId);
  const problem =
    unreachable.length === 0
      ? 'Không có ai trong danh sách có quyền duyệt hồ sơ này. Vui lòng bổ sung tổ trưởng/nhóm trưởng hoặc Ban giám hiệu trong danh sách cán bộ.'
      : `Người duyệt chưa kết nối với trợ lý: ${(await namesOf(tx, unreachable)).join(', ')}. Vui lòng cấp mã liên kết cho họ.`;
  for (const adminId of admins) {
    await queueForStaff(tx, { staffId: adminId, key: `submit:${submissionId}:admin:${adminId}`, bulk: true, message: { type: 'text', text: `⚠️ ${problem}\n\n${describePlan(facts)}` } });
  }
}

/**
 * The same bytes handed in before: by the same person for another plan (told to them), or by
 * someone else (told to the reviewers).
 */
async function duplicateNotes(tx: DbTx, sha256: string, planId: number, staffId: number): Promise<{ submitter?: string; reviewer?: string }> {
  const earlier = await tx.submission.findMany({
    where: { fileSha256: sha256, planId: { not: planId } },
    include: { plan: { include: { owner: true } } },
    orderBy: { id: 'asc' },
    take: 20,
  });
  const mine = earlier.filter((s) => s.plan.ownerId === staffId);
  const others = earlier.filter((s) => s.plan.ownerId !== staffId);
  const label = (s: (typeof earlier)[number]) => `${s.plan.refCode}${s.plan.title ? ` (${s.plan.title})` : ''}`;
  return {
    submitter: mine.length > 0 ? `⚠️ Tệp này giống hệt tệp thầy/cô đã nộp cho hồ sơ ${mine.map(label).join(', ')}. Thầy/cô kiểm tra lại có gửi nhầm tệp không.` : undefined,
    reviewer: others.length > 0 ? `⚠️ Tệp trùng hoàn toàn với tệp của ${[...new Set(others.map((s) => s.plan.owner.fullName))].join(', ')} (hồ sơ ${others.map((s) => s.plan.refCode).join(', ')}).` : undefined,
  };
}

async function namesOf(tx: DbTx, ids: number[]): Promise<string[]> {
  const rows = await tx.staff.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true } });
  return ids.map((id) => rows.find((r) => r.id === id)?.fullName ?? `#${id}`);
}

export async function planFacts(tx: DbTx, planId: number, version: number): Promise<PlanFacts> {
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, include: { owner: true, school: true, group: true, schoolYear: true } });
  return {
    refCode: plan.refCode, kind: plan.kind, version, ownerName: plan.owner.fullName, schoolName: plan.school.name,
    groupName: plan.group?.name, subject: plan.subject, grade: plan.grade, title: plan.title,
    teachingDate: plan.teachingDate, schoolYear: plan.schoolYear.name,
  };
}

async function newPlanFacts(
  tx: DbTx,
  plan: { refCode: string; kind: string; groupId: number | null; subject: string | null; grade: number | null; title: string | null; teachingDate: string | null },
  version: number,
  owner: { fullName: string; schoolName: string },
  schoolYear: string,
): Promise<PlanFacts> {
  const group = plan.groupId ? await tx.group.findUnique({ where: { id: plan.groupId }, select: { name: true } }) : null;
  return {
    refCode: plan.refCode, kind: plan.kind, version, ownerName: owner.fullName, schoolName: owner.schoolName,
    groupName: group?.name, subject: plan.subject, grade: plan.grade, title: plan.title,
    teachingDate: plan.teachingDate, schoolYear,
  };
}

async function schoolYearFor(tx: DbTx, date: string) {
  const name = schoolYearNameOf(date);
  const year = await tx.schoolYear.findUnique({ where: { name } });
  if (!year) throw new AppError('INVALID_INPUT', `Năm học ${name} chưa được mở trên hệ thống; vui lòng liên hệ tổ hỗ trợ.`);
  return year;
}

async function replay(tx: DbTx, done: { id: number; version: number; planId: number; plan: { refCode: string; id: number } }): Promise<SubmitResult> {
  const reviews = await tx.reviewMessage.findMany({ where: { submissionId: done.id } });
  return { planId: done.planId, refCode: done.plan.refCode, version: done.version, submissionId: done.id, reviewerIds: reviews.map((r) => r.reviewerId), unreachableReviewerIds: [] };
}
