// Delivers outbox messages through the Telegram Bot API, and opens files users sent.
import { Readable } from 'node:stream';
import { Telegram, TelegramError } from 'telegraf';
import type { DeliveryOutcome, ChannelSender, FileSource } from '../../jobs/delivery-types.js';
import type { OutgoingMessage } from '../../use-cases/outbox.js';
import type { FileStore } from '../../storage/file-store.js';
import { inlineKeyboard } from './telegram-bot.js';

export class TelegramSender implements ChannelSender, FileSource {
  private readonly telegram: Telegram;

  constructor(token: string, apiRoot: string, private readonly fileStore: FileStore) {
    this.telegram = new Telegram(token, { apiRoot });
  }

  async send(chatId: string, message: OutgoingMessage, target?: { externalMessageId: string; type: string }): Promise<DeliveryOutcome> {
    try {
      return { status: 'SENT', externalMessageId: await this.call(chatId, message, target) };
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

  private async call(chatId: string, message: OutgoingMessage, target?: { externalMessageId: string; type: string }): Promise<string | null> {
    const markup = (buttons?: Parameters<typeof inlineKeyboard>[0]) => (buttons?.length ? inlineKeyboard(buttons) : undefined);
    switch (message.type) {
      case 'text':
        return String((await this.telegram.sendMessage(chatId, message.text, { reply_markup: markup(message.buttons) })).message_id);
      case 'document': {
        // A file that came through Telegram is re-sent by file_id; one uploaded on the web is uploaded.
        const document = message.fileRef ?? { source: await this.fileStore.open(message.stored!.sha256), filename: message.stored!.name };
        return String((await this.telegram.sendDocument(chatId, document, { caption: message.caption.slice(0, 1024), reply_markup: markup(message.buttons) })).message_id);
      }
      case 'edit': {
        if (!target) return null;
        const messageId = Number(target.externalMessageId);
        const noButtons = { reply_markup: { inline_keyboard: [] } };
        if (target.type === 'document') await this.telegram.editMessageCaption(chatId, messageId, undefined, message.text.slice(0, 1024), noButtons);
        else await this.telegram.editMessageText(chatId, messageId, undefined, message.text, noButtons);
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
