// How an intake ends when no plan is filed: refused (the person is told why), failed (given
// up after crashes or errors; the person is told to send it again, the operations page shows
// it) or cancelled (/huy). Each end is written once — conditionally on the intake still being
// open — together with the chat's state and the message, in one transaction.
import { channelOf } from '../../core/vocabulary.js';
import { OPEN_INTAKE, type IntakeStatus } from '../../core/intake-state.js';
import type { Channel } from '../../core/vocabulary.js';
import { ConversationStore } from '../../db/conversation-store.js';
import type { Db, DbTx } from '../../db/prisma.js';
import { queueForChat } from '../outbox.js';
import { failureCause, intakeTexts } from './intake-texts.js';

export interface IntakeRef {
  id: number;
  channel: string;
  chatId: string;
  staffId: number;
  originalName: string;
}

type Ending = { status: Exclude<IntakeStatus, 'RECEIVED' | 'CHECKED' | 'WAITING' | 'DONE'>; outcome: string; message?: { key: string; text: string } };

/** Ends the intake if it is still open; false when it had ended already (another copy won). */
export async function endIntake(tx: DbTx, intake: IntakeRef, ending: Ending): Promise<boolean> {
  const { count } = await tx.intake.updateMany({
    where: { id: intake.id, status: { in: [...OPEN_INTAKE] } },
    data: { status: ending.status, outcome: ending.outcome.slice(0, 500), finishedAt: new Date() },
  });
  if (count !== 1) return false;
  await new ConversationStore(tx).clearIntake(channelOf(intake.channel), intake.chatId, intake.id);
  if (ending.message) {
    await queueForChat(tx, {
      channel: channelOf(intake.channel), chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intake.id}:${ending.message.key}`, asked: true,
      message: { type: 'text', text: ending.message.text },
    });
  }
  return true;
}

/**
 * The file is refused (not a document, several lesson plans, not allowed…): the person is told
 * why — queued with the end (a job), or returned for the caller to answer in the chat.
 */
export async function refuseIntake(db: Db, intake: IntakeRef, reason: string, via: { queue: boolean }): Promise<string> {
  const text = intakeTexts.refused(intake.originalName, reason);
  const message = via.queue ? { key: 'refused', text } : undefined;
  await db.$transaction((tx) => endIntake(tx, intake, { status: 'REFUSED', outcome: reason, message }));
  return text;
}

/** Given up (last attempt failed, or too many crashes): the person is told the file was not recorded. */
export async function failIntake(db: Db, intakeId: number, reason: string): Promise<void> {
  const intake = await db.intake.findUnique({ where: { id: intakeId } });
  if (!intake) return;
  const text = intakeTexts.failed(intake.originalName, failureCause(reason));
  await db.$transaction((tx) => endIntake(tx, intake, { status: 'FAILED', outcome: reason, message: { key: 'failed', text } }));
}

/** /huy: ends the chat's open intake, if any, and clears the chat; true when there was something to cancel. */
export async function cancelChat(db: Db, channel: Channel, chatId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const store = new ConversationStore(tx);
    const state = await store.get(channel, chatId);
    if (state && 'intakeId' in state) {
      const intake = await tx.intake.findUnique({ where: { id: state.intakeId } });
      if (intake) await endIntake(tx, intake, { status: 'CANCELLED', outcome: 'cancelled by the sender' });
    }
    const cleared = await store.clear(channel, chatId);
    return cleared || state !== null;
  });
}
