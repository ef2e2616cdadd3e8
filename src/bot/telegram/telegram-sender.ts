// Delivers outbox messages through the Telegram Bot API, and opens files users sent.
import { Readable } from 'node:stream';
import { Telegram, TelegramError } from 'telegraf';
import type { DeliveryOutcome, ChannelSender, FileSource } from '../../use-cases/channel-ports.js';
import type { OutgoingMessage } from '../../use-cases/outbox.js';
import type { FileStore } from '../../storage/file-store.js';
import type { ReviewLinks } from '../../use-cases/review-links.js';
import { inlineKeyboard } from './telegram-bot.js';
import { fitForTelegram } from '../text-limits.js';

/** Telegram's longest document caption. */
const CAPTION_MAX = 1024;

export class TelegramSender implements ChannelSender, FileSource {
  private readonly telegram: Telegram;

  /** `links`: signs the "Xem nhanh" link a review request carries (the reviewer reads the file in the browser). */
  constructor(token: string, apiRoot: string, private readonly fileStore: FileStore, private readonly links?: ReviewLinks) {
    this.telegram = new Telegram(token, { apiRoot });
  }

  async send(chatId: string, message: OutgoingMessage, target?: { externalMessageId: string; type: string }, recipient?: { staffId: number | null }): Promise<DeliveryOutcome> {
    try {
      return { status: 'SENT', externalMessageId: await this.call(chatId, message, target, recipient?.staffId ?? null) };
    } catch (error) {
      return outcomeOfError(error);
    }
  }

  async open(fileRef: string): Promise<Readable> {
    const url = await this.telegram.getFileLink(fileRef);
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok || !response.body) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }

  /**
   * A plan's file sent to a person (a review request, a report) carries a signed link to read it
   * in the browser: opening a .docx on a phone needs an office app. The link is signed at sending
   * time, so a message held back by quiet hours still carries a link valid for days. Kept within
   * the caption limit: the plan's text gives way, the link does not.
   */
  caption(message: Extract<OutgoingMessage, { type: 'document' }>, staffId: number | null): string {
    if (!message.plan || staffId === null || !this.links) return message.caption.slice(0, CAPTION_MAX);
    const line = `\n\n👁 Xem nhanh trên trình duyệt (không cần tải tệp): ${this.links.url(message.plan.submissionId, staffId)}/preview`;
    const room = CAPTION_MAX - line.length;
    const text = message.caption.length > room ? `${message.caption.slice(0, room - 1)}…` : message.caption;
    return `${text}${line}`;
  }

  private async call(chatId: string, message: OutgoingMessage, target: { externalMessageId: string; type: string } | undefined, staffId: number | null): Promise<string | null> {
    const markup = (buttons?: Parameters<typeof inlineKeyboard>[0]) => (buttons?.length ? inlineKeyboard(buttons) : undefined);
    switch (message.type) {
      case 'text':
        return String((await this.telegram.sendMessage(chatId, fitForTelegram(message.text), { reply_markup: markup(message.buttons) })).message_id);
      case 'document': {
        // A file that came through Telegram is re-sent by file_id; one uploaded on the web is uploaded.
        const document = message.fileRef ?? { source: await this.fileStore.open(message.stored!.sha256), filename: message.stored!.name };
        return String((await this.telegram.sendDocument(chatId, document, { caption: this.caption(message, staffId), reply_markup: markup(message.buttons) })).message_id);
      }
      case 'edit': {
        if (!target) return null;
        const messageId = Number(target.externalMessageId);
        const noButtons = { reply_markup: { inline_keyboard: [] } };
        if (target.type === 'document') await this.telegram.editMessageCaption(chatId, messageId, undefined, message.text.slice(0, CAPTION_MAX), noButtons);
        else await this.telegram.editMessageText(chatId, messageId, undefined, fitForTelegram(message.text), noButtons);
        return target.externalMessageId;
      }
    }
  }
}

function outcomeOfError(error: unknown): DeliveryOutcome {
  if (!(error instanceof TelegramError)) return { status: 'RETRY', error: String(error) };
  const { code, description } = error;
  if (code === 403) return { status: 'UNREACHABLE', error: description };
  if (code === 429) return { status: 'RETRY', error: description, retryAfterMs: (error.parameters?.retry_after ?? 1) * 1000 };
  if (code === 400 && /message is not modified/i.test(description)) return { status: 'SENT', externalMessageId: null };
  if (code >= 500) return { status: 'RETRY', error: description };
  return { status: 'FAILED', error: description };
}
