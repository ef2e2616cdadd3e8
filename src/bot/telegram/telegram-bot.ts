// The Telegram adapter: telegraf receives updates (long polling, or a webhook behind
// Express), the shared conversation decides, and this file turns replies into Bot API calls.
import { createHash } from 'node:crypto';
import { Telegraf, TelegramError, type Context } from 'telegraf';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ForceReply, ReplyKeyboardRemove } from 'telegraf/types';
import type { Logger } from '../../infra/logger.js';
import type { ChatButton } from '../../use-cases/outbox.js';
import { deferReplies } from '../conversation/deferred-replies.js';
import { handleInbound, UpdateInProgress, type ConversationDeps } from '../conversation/handle-inbound.js';
import type { ChannelCapabilities, Reply } from '../conversation/inbound.js';
import { inboundOf, MENU_COMMANDS } from './telegram-updates.js';
import { fitForTelegram } from '../text-limits.js';

export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { buttons: true, documents: true, contactSharing: true };
/** The Bot API lets a bot download files of at most 20 MB. */
export const TELEGRAM_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramBotOptions {
  token: string;
  apiRoot: string;
  deps: ConversationDeps;
  logger: Logger;
  /**
   * Waits for a send slot to this chat (the channel's rate and the chat's pace, shared with
   * the delivery queue: Telegram counts the replies too). None: no waiting.
   */
  sendSlot?(chatId: string): Promise<unknown>;
}

export function createTelegramBot(options: TelegramBotOptions): Telegraf {
  // webhookReply off: a reply inside the webhook response would hide errors of that call.
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false }, handlerTimeout: 30_000 });
  bot.use(async (ctx) => {
    const inbound = inboundOf(ctx.update);
    if (!inbound) return;
    const replies = await handleInbound(options.deps, inbound, TELEGRAM_CAPABILITIES);
    const unsent = await sendReplies(ctx, inbound.chatId, replies, options.sendSlot);
    if (unsent.length > 0) await deferReplies(options.deps, inbound, unsent);
  });
  bot.catch(async (error, ctx) => {
    // Not a failure: another copy is handling it; the webhook asks Telegram to send it again.
    if (error instanceof UpdateInProgress) throw error;
    options.logger.error({ err: error, updateId: ctx.update.update_id }, 'telegram update failed');
    if (ctx.callbackQuery) await ctx.answerCbQuery('Đã có lỗi, vui lòng thử lại.').catch(() => undefined);
    else if (ctx.chat) {
      const chat = ctx.chat;
      await Promise.resolve(options.sendSlot?.(String(chat.id)))
        .then(() => ctx.reply('Đã có lỗi xảy ra, trợ lý chưa xử lý được tin nhắn này. Vui lòng thử lại sau ít phút.'))
        .catch(() => undefined);
    }
  });
  return bot;
}

/** Sends the replies in order to the person's own chat; returns those not sent because the Bot API failed for now. */
async function sendReplies(ctx: Context, chatId: string, replies: Reply[], sendSlot?: TelegramBotOptions['sendSlot']): Promise<Reply[]> {
  let answered = false;
  for (const [i, reply] of replies.entries()) {
    try {
      // A toast answers the press (no message, not counted against the limits).
      if (reply.type !== 'toast') await sendSlot?.(chatId);
      answered = (await sendReply(ctx, chatId, reply, answered)) || answered;
    } catch (error) {
      if (!isTransient(error)) throw error;
      return replies.slice(i);
    }
  }
  // Every button press must be answered, or the client keeps spinning.
  if (ctx.callbackQuery && !answered) await ctx.answerCbQuery().catch((error: unknown) => {
    if (!isTransient(error)) throw error;
  });
  return [];
}

/** Sends one reply; true when it answered the button press. */
async function sendReply(ctx: Context, chatId: string, reply: Reply, answered: boolean): Promise<boolean> {
  if (reply.type === 'toast') {
    if (ctx.callbackQuery && !answered) await ctx.answerCbQuery(reply.text.slice(0, 200), { show_alert: reply.alert });
    return true;
  }
  if (reply.type === 'closeButtons') {
    // Only in the person's own chat: a message elsewhere is not theirs to change.
    if (ctx.callbackQuery?.message && String(ctx.callbackQuery.message.chat.id) === chatId) await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
  } else {
    // Not ctx.reply: that answers in the pressed message's chat, which may be another one.
    await ctx.telegram.sendMessage(chatId, fitForTelegram(reply.text), { reply_markup: markupOf(reply) });
  }
  return false;
}

/** Worth trying again later: rate limited, a failure on Telegram's side, or no answer at all. */
function isTransient(error: unknown): boolean {
  return !(error instanceof TelegramError) || error.code === 429 || error.code >= 500;
}

function markupOf(reply: Extract<Reply, { type: 'text' }>): InlineKeyboardMarkup | ReplyKeyboardMarkup | ForceReply | ReplyKeyboardRemove | undefined {
  if (reply.buttons && reply.buttons.length > 0) return inlineKeyboard(reply.buttons);
  if (reply.askContact) {
    return { keyboard: [[{ text: '📱 Chia sẻ số điện thoại', request_contact: true }]], resize_keyboard: true, one_time_keyboard: true };
  }
  if (reply.forceReply) return { force_reply: true, input_field_placeholder: reply.forceReply.slice(0, 64) };
  if (reply.removeKeyboard) return { remove_keyboard: true };
  return undefined;
}

export function inlineKeyboard(buttons: ChatButton[][]): InlineKeyboardMarkup {
  return { inline_keyboard: buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))) };
}

/** Registers the Vietnamese command menu. */
export async function registerCommands(bot: Telegraf): Promise<void> {
  await bot.telegram.setMyCommands(MENU_COMMANDS);
}

/** The secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token; derived from the token unless configured. */
export function webhookSecret(token: string, configured?: string): string {
  return configured ?? createHash('sha256').update(`hscm-webhook:${token}`).digest('base64url');
}
