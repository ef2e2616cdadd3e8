// Replies the chat platform refused for now (a 429, a 5xx, a dropped connection): the update
// has been handled and recorded, so it will not come again; its replies go through the outbox
// instead, whose delivery job retries with backoff and honours retry_after. Without this, a
// Bot API outage would leave every message sent meanwhile unanswered.
import type { Reply, Inbound } from './inbound.js';
import type { ConversationDeps } from './turn.js';
import { queueForChat, type OutgoingMessage } from '../../use-cases/outbox.js';

export async function deferReplies(deps: Pick<ConversationDeps, 'db' | 'notifyOutbox' | 'logger'>, inbound: Inbound, replies: Reply[]): Promise<void> {
  const messages = replies.flatMap(outgoingOf);
  if (messages.length === 0) return;
  await deps.db.$transaction(async (tx) => {
    for (const [i, message] of messages.entries()) {
      const key = `reply:${inbound.channel}:${inbound.updateId}:${i}`;
      await queueForChat(tx, { channel: inbound.channel, chatId: inbound.chatId, key, message, asked: true });
    }
  });
  deps.logger.warn({ updateId: inbound.updateId, count: messages.length }, 'replies deferred to the outbox');
  deps.notifyOutbox();
}

/**
 * A toast can only answer the press itself, which will have expired: it becomes a message.
 * Keyboards (contact sharing, forced reply) and closing buttons cannot be delivered later.
 */
function outgoingOf(reply: Reply): OutgoingMessage[] {
  if (reply.type === 'text') return [{ type: 'text', text: reply.text, ...(reply.buttons?.length ? { buttons: reply.buttons } : {}) }];
  if (reply.type === 'toast' && reply.text) return [{ type: 'text', text: reply.text }];
  return [];
}
