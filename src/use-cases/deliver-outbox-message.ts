// Sends one outbox message and records the outcome. Safe to run twice: a message that is no
// longer pending is left alone.
import { channelOf } from '../core/vocabulary.js';
import { quietUntil, type QuietHours } from '../core/quiet-hours.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';
import { schoolAdminIds } from '../read-models/recipients.js';
import { crashPoint } from '../infra/crash-points.js';
import type { ChannelSender, DeliveryOutcome } from './channel-ports.js';
import { howTo } from './channel-words.js';
import { queueForStaff, storedMessage, type OutgoingMessage } from './outbox.js';

export type DeliveryStep = { done: true } | { done: false; retryAfterMs?: number; error: string };

export interface DeliveryDeps {
  db: Db;
  senders: Partial<Record<Channel, ChannelSender>>;
  /** The quiet window in force (from the current school year's settings). */
  quietHours(): Promise<QuietHours>;
  /**
   * Takes the send slots (channel and chat; may wait briefly for the channel's): 0, or the
   * milliseconds to wait for the chat. `urgent`: not bulk, served first.
   */
  pace?(channel: string, chatId: string, urgent: boolean): Promise<number>;
  now?: Date;
}

export async function deliverOutboxMessage(deps: DeliveryDeps, outboxId: number): Promise<DeliveryStep> {
  const { db, senders } = deps;
  const now = deps.now ?? new Date();
  const row = await db.outboxMessage.findUnique({ where: { id: outboxId } });
  if (!row || row.status !== 'PENDING') return { done: true };
  if (row.notBefore > now) return { done: false, retryAfterMs: row.notBefore.getTime() - now.getTime(), error: 'not yet' };
  const quietEnd = row.respectQuietHours ? quietUntil(now, await deps.quietHours()) : null;
  if (quietEnd) {
    await db.outboxMessage.update({ where: { id: row.id }, data: { notBefore: quietEnd } });
    return { done: false, retryAfterMs: quietEnd.getTime() - now.getTime(), error: 'quiet hours' };
  }
  const sender = senders[channelOf(row.channel)];
  if (!sender) return finish(db, row.id, { status: 'FAILED', error: `channel ${row.channel} is off` }, false);
  let message: OutgoingMessage;
  try {
    message = storedMessage(row.payload, row.id);
  } catch (error) {
    return finish(db, row.id, { status: 'FAILED', error: (error as Error).message }, false);
  }
  let target: { externalMessageId: string; type: string } | undefined;
  if (message.type === 'edit') {
    const original = await db.outboxMessage.findUnique({ where: { id: message.outboxId } });
    if (!original || original.status === 'FAILED' || original.status === 'UNREACHABLE') return finish(db, row.id, { status: 'FAILED', error: 'original message was never delivered' }, false);
    if (original.status !== 'SENT' || !original.externalMessageId) return { done: false, error: 'original message not sent yet' };
    target = { externalMessageId: original.externalMessageId, type: storedMessage(original.payload, original.id).type };
  }
  // The attempt is counted before the slot is taken, so that nothing stands between the slot and
  // the send (the platform must see the message when the slot says) and a send cut off by a crash
  // is still counted: a message goes out at most once per counted attempt. A busy chat gives it back.
  await db.outboxMessage.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
  const wait = deps.pace ? await deps.pace(row.channel, row.chatId, !row.bulk) : 0;
  if (wait > 0) {
    await db.outboxMessage.update({ where: { id: row.id }, data: { attempts: { decrement: 1 } } });
    return { done: false, retryAfterMs: wait, error: 'chat pacing' };
  }
  const outcome = await sender.send(row.chatId, message, target, { staffId: row.staffId });
  if (outcome.status === 'SENT') crashPoint('after-message-accepted');
  return finish(db, row.id, outcome, false);
}

async function finish(db: Db, id: number, outcome: DeliveryOutcome, counted = true): Promise<DeliveryStep> {
  if (outcome.status === 'RETRY') {
    await db.outboxMessage.update({ where: { id }, data: { lastError: outcome.error, ...(counted ? { attempts: { increment: 1 } } : {}) } });
    return { done: false, retryAfterMs: outcome.retryAfterMs, error: outcome.error };
  }
  // The person is marked unreachable before the message is settled: whoever sees it settled
  // (the outbox page, another process) also sees why; run again after a crash, it is a no-op.
  if (outcome.status === 'UNREACHABLE') {
    const pending = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
    if (pending.staffId) await markUnreachable(db, pending.staffId, pending.channel, pending.chatId);
  }
  await db.outboxMessage.update({
    where: { id },
    data: {
      ...(counted ? { attempts: { increment: 1 } } : {}),
      status: outcome.status,
      sentAt: outcome.status === 'SENT' ? new Date() : null,
      externalMessageId: outcome.status === 'SENT' ? outcome.externalMessageId : null,
      lastError: outcome.status === 'SENT' ? null : outcome.error,
    },
  });
  return { done: true };
}

/** The first time a person turns out unreachable, their school's software admins are told. */
async function markUnreachable(db: Db, staffId: number, channel: string, chatId: string): Promise<void> {
  const { count } = await db.chatIdentity.updateMany({ where: { staffId, channel, chatId, unreachableAt: null }, data: { unreachableAt: new Date() } });
  if (count === 0) return;
  const staff = await db.staff.findUnique({ where: { id: staffId } });
  if (!staff?.schoolId) return;
  const admins = (await schoolAdminIds(db, staff.schoolId)).filter((id) => id !== staffId);
  const app = channel === 'ZALO' ? 'Zalo' : 'Telegram';
  const why = howTo.unreachableWhy(channel as Channel);
  await db.$transaction(async (tx) => {
    for (const adminId of admins) {
      await queueForStaff(tx, {
        staffId: adminId,
        key: `unreachable:${staffId}:${channel}:${Date.now()}:${adminId}`,
        bulk: true,
        message: { type: 'text', text: `⚠️ Trợ lý không gửi được tin nhắn ${app} cho ${staff.fullName} (${why}). Thầy/cô vui lòng nhắc người này mở lại trợ lý để nhận thông báo duyệt hồ sơ.` },
      });
    }
  });
}

/** After the last attempt: the message is given up and the failure kept for the admin. */
export async function giveUpOutboxMessage(db: Db, outboxId: number, error: string): Promise<void> {
  await db.outboxMessage.updateMany({ where: { id: outboxId, status: 'PENDING' }, data: { status: 'FAILED', lastError: error } });
}
