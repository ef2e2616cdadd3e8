// The intake job: download the file the user sent, store it by its hash, read it in a worker
// (text, lesson count, checklists, hints), then let the conversation continue. Safe to run
// again after a crash: each step records its result on the intake and is skipped once done.
import { isAppError } from '../core/app-error.js';
import type { DocumentAnalysis } from '../core/documents/document-analysis.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';
import type { FileSource } from '../jobs/delivery-types.js';
import type { FileStore } from '../storage/file-store.js';
import { crashPoint } from '../infra/crash-points.js';
import { queueForChat } from './outbox.js';

export interface IntakeDeps {
  db: Db;
  fileStore: FileStore;
  fileSources: Partial<Record<Channel, FileSource>>;
  /** Reads and checks a stored file within limits (a worker pool). */
  analyseFile(file: string): Promise<DocumentAnalysis>;
  maxBytes: number;
  /** The conversation's next step once the file is read. */
  resume(intakeId: number): Promise<void>;
}

export type IntakeOutcome = 'CHECKED' | 'REFUSED' | 'SKIPPED';

export async function processIntake(deps: IntakeDeps, intakeId: number): Promise<IntakeOutcome> {
  let intake = await deps.db.intake.findUnique({ where: { id: intakeId } });
  if (intake?.status === 'CHECKED') return resumeAgain(deps, intake);
  if (!intake || intake.status !== 'RECEIVED') return 'SKIPPED';
  if (!intake.fileSha256) {
    const source = deps.fileSources[intake.channel as Channel];
    if (!source) throw new Error(`no file source for ${intake.channel}`);
    try {
      const stored = await deps.fileStore.put(await source.open(intake.fileRef), { maxBytes: deps.maxBytes });
      intake = await deps.db.intake.update({ where: { id: intakeId }, data: { fileSha256: stored.sha256, fileSize: stored.size } });
      crashPoint('after-file-stored');
    } catch (error) {
      if (isAppError(error) && error.code === 'INVALID_INPUT') return refuse(deps.db, intake, 'Tệp vượt quá 20 MB.');
      throw error; // retried by the job
    }
  }
  const analysis = await analyse(deps, intake.fileSha256!);
  // Conditional: a copy of this job that gave the intake up (failIntake) meanwhile wins.
  const { count } = await deps.db.intake.updateMany({ where: { id: intakeId, status: 'RECEIVED' }, data: { analysis: JSON.stringify(analysis), status: 'CHECKED' } });
  if (count !== 1) return 'SKIPPED';
  await deps.resume(intakeId);
  return 'CHECKED';
}

/**
 * A job run again (its worker was killed, or a step threw) on an intake already read: the
 * conversation may not have moved on (the plan not filed, the question not queued). Resuming
 * is idempotent — the submission is keyed by the intake, messages by once-only keys — and is
 * skipped once the chat has left this file (filed, cancelled, another file).
 */
async function resumeAgain(deps: IntakeDeps, intake: { id: number; channel: string; chatId: string }): Promise<IntakeOutcome> {
  const conversation = await deps.db.conversation.findUnique({ where: { channel_chatId: { channel: intake.channel, chatId: intake.chatId } } });
  if (!conversation || (JSON.parse(conversation.data) as { intakeId?: number }).intakeId !== intake.id) return 'SKIPPED';
  await deps.resume(intake.id);
  return 'CHECKED';
}

export async function analyse(deps: Pick<IntakeDeps, 'fileStore' | 'analyseFile'>, sha256: string): Promise<DocumentAnalysis> {
  return deps.analyseFile(await deps.fileStore.localPath(sha256));
}

async function refuse(db: Db, intake: { id: number; channel: string; chatId: string; staffId: number; originalName: string }, reason: string): Promise<IntakeOutcome> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.intake.updateMany({ where: { id: intake.id, status: 'RECEIVED' }, data: { status: 'REFUSED', outcome: reason, finishedAt: new Date() } });
    if (count !== 1) return; // another copy of the job finished it first
    await tx.conversation.deleteMany({ where: { channel: intake.channel, chatId: intake.chatId } });
    await queueForChat(tx, {
      channel: intake.channel as Channel, chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intake.id}:refused`, asked: true,
      message: { type: 'text', text: `❌ Chưa nhận tệp “${intake.originalName}”: ${reason}` },
    });
  });
  return 'REFUSED';
}

/** After the job's last attempt: tell the user the file was not recorded, so they can resend. */
export async function failIntake(db: Db, intakeId: number, reason: string): Promise<void> {
  const intake = await db.intake.findUnique({ where: { id: intakeId } });
  if (!intake || intake.status !== 'RECEIVED') return;
  await db.$transaction(async (tx) => {
    const { count } = await tx.intake.updateMany({ where: { id: intakeId, status: 'RECEIVED' }, data: { status: 'FAILED', outcome: reason.slice(0, 500), finishedAt: new Date() } });
    if (count !== 1) return; // checked or refused meanwhile: nothing to give up
    await tx.conversation.deleteMany({ where: { channel: intake.channel, chatId: intake.chatId } });
    await queueForChat(tx, {
      channel: intake.channel as Channel, chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intakeId}:failed`, asked: true,
      message: { type: 'text', text: `❌ Trợ lý chưa lưu được tệp “${intake.originalName}” ${failureCause(reason)}; hồ sơ chưa được ghi nhận. Vui lòng gửi lại tệp sau ít phút.` },
    });
  });
}

/** A full or read-only store is said as such (the job's last error is `STORAGE_FAILED: …`). */
function failureCause(reason: string): string {
  return reason.startsWith('STORAGE_FAILED') ? 'do bộ nhớ lưu trữ của hệ thống đang gặp sự cố' : 'do sự cố kỹ thuật';
}
