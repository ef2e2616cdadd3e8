// Delivers outbox messages on Zalo, which has text only: a file becomes its description and a
// signed link to its page (review buttons become that link plus the typed replies), an edit
// becomes a new message, and long texts are sent in parts.
import type { ChannelSender, DeliveryOutcome } from '../../use-cases/channel-ports.js';
import type { OutgoingMessage } from '../../use-cases/outbox.js';
import type { ReviewLinks } from '../../use-cases/review-links.js';
import { textOnlyTexts } from '../conversation/texts.js';
import { ZaloApiError, type ZaloClient } from './zalo-client.js';
import { splitForZalo } from '../text-limits.js';

export class ZaloSender implements ChannelSender {
  constructor(
    private readonly client: ZaloClient,
    private readonly links: ReviewLinks,
  ) {}

  async send(chatId: string, message: OutgoingMessage, _target?: unknown, recipient?: { staffId: number | null }): Promise<DeliveryOutcome> {
    const text = this.render(message, recipient?.staffId ?? null);
    try {
      let first: string | null = null;
      // Parts go out in order; a failure part-way retries the whole message (at-least-once).
      for (const part of splitForZalo(text)) {
        const sent = await this.client.sendMessage(chatId, part);
        first ??= sent.message_id;
      }
      return { status: 'SENT', externalMessageId: first };
    } catch (error) {
      return outcomeOfError(error);
    }
  }

  /** The message as Zalo text. */
  render(message: OutgoingMessage, staffId: number | null): string {
    switch (message.type) {
      case 'text':
        return message.text;
      case 'edit':
        return message.text;
      case 'document': {
        if (!message.plan || staffId === null) return message.caption;
        const link = this.links.url(message.plan.submissionId, staffId);
        const decide = message.buttons?.length ? `\n${textOnlyTexts.decideHint.replaceAll('<mã>', message.plan.refCode)}` : '';
        const label = message.buttons?.length ? 'Xem tệp và duyệt' : 'Xem tệp';
        return `${message.caption}\n\n👉 ${label}: ${link}${decide}`;
      }
    }
  }
}

function outcomeOfError(error: unknown): DeliveryOutcome {
  if (!(error instanceof ZaloApiError) || error.kind !== 'api') return { status: 'RETRY', error: String((error as Error)?.message ?? error) };
  const { code, description } = error;
  if (code === 403) return { status: 'UNREACHABLE', error: description };
  // Zalo's wait when it gives one (a `retry_after` or a Retry-After header), else 2 s.
  if (code === 429) return { status: 'RETRY', error: description, retryAfterMs: (error.retryAfterSeconds ?? 2) * 1000 };
  if (code >= 500 || code === 408) return { status: 'RETRY', error: description };
  return { status: 'FAILED', error: description };
}
