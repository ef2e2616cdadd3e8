// The intake job: download the file the user sent, store it by its hash, and record the
// submission. Runs outside the chat handler; safe to run again after a crash (a submission
// is tied to its intake, and the file store keeps identical bytes once).
import { AppError, isAppError } from '../core/app-error.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';
import type { FileSource } from '../jobs/delivery-types.js';
import type { FileStore } from '../storage/file-store.js';
import { queueForChat } from './outbox.js';
import { submitPlan, type PlanDetails } from './submit-plan.js';

export interface IntakeDeps {
  db: Db;
  fileStore: FileStore;
  fileSources: Partial<Record<Channel, FileSource>>;
  maxBytes: number;
  now?: () => Date;
}

export type IntakeOutcome = 'DONE' | 'REFUSED' | 'SKIPPED';

export async function processIntake(deps: IntakeDeps, intakeId: number): Promise<IntakeOutcome> {
  const intake = await deps.db.intake.findUnique({ where: { id: intakeId } });
  if (!intake || intake.status !== 'PENDING') return 'SKIPPED';
  try {
    const source = deps.fileSources[intake.channel as Channel];
    if (!source) throw new Error(`no file source for ${intake.channel}`);
    const stored = await deps.fileStore.put(await source.open(intake.fileRef), { maxBytes: deps.maxBytes });
    const result = await submitPlan(deps.db, {
      staffId: intake.staffId,
      channel: intake.channel as Channel,
      intakeId: intake.id,
      file: { sha256: stored.sha256, size: stored.size, originalName: intake.originalName, mimeType: intake.mimeType, channelFileRef: intake.fileRef },
      details: JSON.parse(intake.details) as PlanDetails,
      now: deps.now?.(),
    });
    await deps.db.intake.update({ where: { id: intake.id }, data: { status: 'DONE', outcome: result.refCode, finishedAt: new Date() } });
    return 'DONE';
  } catch (error) {
    if (!isAppError(error) || error.code === 'STORAGE_FAILED') throw error; // retried by the job
    await refuse(deps.db, intake, error);
    return 'REFUSED';
  }
}

async function refuse(db: Db, intake: { id: number; channel: string; chatId: string; staffId: number; originalName: string }, error: AppError): Promise<void> {
  const message = error.code === 'INVALID_INPUT' && error.userMessage === 'Tệp quá lớn.' ? 'Tệp vượt quá 20 MB.' : error.userMessage;
  await db.$transaction(async (tx) => {
    await tx.intake.update({ where: { id: intake.id }, data: { status: 'REFUSED', outcome: error.code, finishedAt: new Date() } });
    await queueForChat(tx, {
      channel: intake.channel as Channel, chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intake.id}:refused`,
      message: { type: 'text', text: `❌ Chưa nhận tệp “${intake.originalName}”: ${message}` },
    });
  });
}

/** After the job's last attempt: tell the user the file was not recorded, so they can resend. */
export async function failIntake(db: Db, intakeId: number, reason: string): Promise<void> {
  const intake = await db.intake.findUnique({ where: { id: intakeId } });
  if (!intake || intake.status !== 'PENDING') return;
  await db.$transaction(async (tx) => {
    await tx.intake.update({ where: { id: intakeId }, data: { status: 'FAILED', outcome: reason.slice(0, 500), finishedAt: new Date() } });
    await queueForChat(tx, {
      channel: intake.channel as Channel, chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intakeId}:failed`,
      message: { type: 'text', text: `❌ Trợ lý chưa lưu được tệp “${intake.originalName}” do sự cố kỹ thuật; hồ sơ chưa được ghi nhận. Vui lòng gửi lại tệp sau ít phút.` },
    });
  });
}
