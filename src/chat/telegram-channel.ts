// Telegram's receiving side: the telegraf bot on the shared conversation, by webhook when
// PUBLIC_URL is https (every bot process sets the same URL and secret), else by long polling
// in one process at a time. A Telegram being away never stops the product.
import type { Telegraf } from 'telegraf';
import { createTelegramBot, registerCommands, TELEGRAM_WEBHOOK_PATH, webhookSecret } from '../bot/telegram/telegram-bot.js';
import { TelegramPoller } from '../bot/telegram/telegram-polling.js';
import { telegramWebhookRouter } from '../bot/telegram/telegram-webhook.js';
import type { ConversationDeps } from '../bot/conversation/turn.js';
import type { Config } from '../config/config.js';
import type { Backoff } from '../infra/backoff.js';
import type { Logger } from '../infra/logger.js';
import { keepTrying } from './keep-trying.js';
import type { ReceivingChannel } from './receiving.js';

export interface TelegramChannel extends ReceivingChannel {
  bot: Telegraf;
}

export function telegramChannel(o: {
  config: Config; token: string; deps: ConversationDeps; logger: Logger; receive: boolean; backoff: Backoff;
  /** Waits for a send slot before a direct reply (shared with the delivery queue). */
  sendSlot?: (chatId: string) => Promise<unknown>;
}): TelegramChannel {
  const { config, logger } = o;
  const bot = createTelegramBot({ token: o.token, apiRoot: config.TELEGRAM_API_ROOT, deps: o.deps, logger, sendSlot: o.sendSlot });
  const useWebhook = config.PUBLIC_URL.startsWith('https://');
  const secret = webhookSecret(o.token, config.TELEGRAM_WEBHOOK_SECRET);
  const routers = o.receive && useWebhook ? [telegramWebhookRouter(bot, secret, logger)] : [];
  const poller = o.receive && !useWebhook ? new TelegramPoller(bot, logger, { allowedUpdates: ['message', 'callback_query'], setUp: () => registerCommands(bot), backoff: o.backoff }) : undefined;
  let background: { stop(): Promise<void> } | undefined;
  return {
    bot,
    routers,
    async start(instance, pollInOneProcess) {
      if (!o.receive) {
        // The admin pages' link-code sheets name the bot.
        background = keepTrying(logger, 'telegram: getMe', o.backoff, async () => {
          bot.botInfo ??= await bot.telegram.getMe();
        });
      } else if (useWebhook) {
        const url = new URL(TELEGRAM_WEBHOOK_PATH, config.PUBLIC_URL).toString();
        // The Bot API being unreachable must not stop the product: Telegram keeps the webhook set before.
        background = keepTrying(logger, 'telegram: webhook set-up', o.backoff, async () => {
          bot.botInfo ??= await bot.telegram.getMe();
          await registerCommands(bot);
          await bot.telegram.setWebhook(url, {
            secret_token: secret,
            allowed_updates: ['message', 'callback_query'],
            max_connections: config.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
          });
          logger.info({ url }, 'telegram: webhook set');
        });
      } else {
        pollInOneProcess('telegram', instance, poller!);
      }
    },
    async stopReceiving() {
      await poller?.stop();
      await background?.stop();
    },
  };
}
