// The Zalo adapter: an update (webhook or long poll) is translated, the shared conversation
// decides, and the replies go back as plain text (Zalo shows no buttons and edits nothing).
import type { Logger } from '../../infra/logger.js';
import { deferReplies } from '../conversation/deferred-replies.js';
import { handleInbound, UpdateInProgress, type ConversationDeps } from '../conversation/handle-inbound.js';
import type { ChannelCapabilities, Reply } from '../conversation/inbound.js';
import { isZaloApiError, type ZaloClient } from './zalo-client.js';
import { splitForZalo } from '../text-limits.js';
import { inboundOfZalo } from './zalo-updates.js';

export const ZALO_CAPABILITIES: ChannelCapabilities = { buttons: false, documents: false, contactSharing: false };
export const ZALO_WEBHOOK_PATH = '/zalo/webhook';

const FAILED = 'Đã có lỗi xảy ra, trợ lý chưa xử lý được tin nhắn này. Vui lòng thử lại sau ít phút.';

export class ZaloBot {
  constructor(
    private readonly client: ZaloClient,
    private readonly deps: ConversationDeps,
    private readonly logger: Logger,
    /** Waits for a send slot to this chat, shared with the delivery queue (see telegram-bot.ts). */
    private readonly sendSlot?: (chatId: string) => Promise<unknown>,
  ) {}

  /**
   * Handles one update once. A failure is logged and the person asked to try again (the
   * conversation forgets a failed update, so sending it again works), as on Telegram.
   */
  async handleUpdate(raw: unknown): Promise<void> {
    const inbound = inboundOfZalo(raw);
    if (!inbound) return;
    let replies: Reply[];
    try {
      replies = await handleInbound(this.deps, inbound, ZALO_CAPABILITIES);
    } catch (error) {
      if (error instanceof UpdateInProgress) throw error; // another copy has it: Zalo sends it again
      this.logger.error({ err: error, updateId: inbound.updateId }, 'zalo update failed');
      await this.say(inbound.chatId, FAILED).catch(() => undefined);
      return;
    }
    // A toast only answers a button press; with no buttons it can only be an alert worth reading.
    const shown = replies.filter((r): r is Extract<Reply, { text: string }> => r.type === 'text' || (r.type === 'toast' && r.alert === true));
    for (const [i, reply] of shown.entries()) {
      try {
        await this.say(inbound.chatId, reply.text);
      } catch (error) {
        // Zalo failing for now: the update is handled and will not come again; the outbox retries.
        if (!isZaloApiError(error) || !error.retryable) throw error;
        await deferReplies(this.deps, inbound, shown.slice(i));
        return;
      }
    }
  }

  private async say(chatId: string, text: string): Promise<void> {
    for (const part of splitForZalo(text)) {
      await this.sendSlot?.(chatId);
      await this.client.sendMessage(chatId, part);
    }
  }
}
