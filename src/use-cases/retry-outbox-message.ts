// Puts a message that failed for good back in line (e.g. after the platform was down for longer
// than the delivery's retries). It becomes PENDING with a fresh set of attempts; the outbox relay
// picks it up on its next look, as it does any pending message whose time has come.
import { AppError } from '../core/app-error.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';

export async function retryOutboxMessage(db: Db, input: { outboxId: number; actor: string; now: Date }): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.outboxMessage.findUnique({ where: { id: input.outboxId } });
    if (!row) throw new AppError('NOT_FOUND', 'Không tìm thấy tin nhắn này.');
    // Conditional on the status: two operators clicking at once put it back once.
    const { count } = await tx.outboxMessage.updateMany({
      where: { id: row.id, status: 'FAILED' },
      data: { status: 'PENDING', attempts: 0, lastError: null, notBefore: input.now },
    });
    if (count === 0) throw new AppError('CONFLICT', 'Tin nhắn này không ở trạng thái lỗi nên không gửi lại được (có thể đã được gửi lại).');
    await audit(tx, {
      actor: input.actor, action: 'outbox.retry', entityType: 'OutboxMessage', entityId: row.id,
      details: { status: { from: 'FAILED', to: 'PENDING' }, attempts: { from: row.attempts, to: 0 }, lastError: row.lastError, channel: row.channel, chatId: row.chatId },
    });
  });
}
