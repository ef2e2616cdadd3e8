// Zalo's receiving side: the Zalo bot on the shared conversation, by webhook (PUBLIC_URL https
// or ZALO_RECEIVE=webhook) or by long polling in one process at a time. getUpdates does not
// work while a webhook is set, so polling clears it first. Zalo being away never stops the product,
// and its set-up calls are retried until they succeed.
import { ZaloBot, ZALO_WEBHOOK_PATH } from '../bot/zalo/zalo-bot.js';
import type { ZaloClient } from '../bot/zalo/zalo-client.js';
import { ZaloPoller } from '../bot/zalo/zalo-polling.js';
import { zaloWebhookRouter, zaloWebhookSecret } from '../bot/zalo/zalo-webhook.js';
import type { ConversationDeps } from '../bot/conversation/turn.js';
import type { Config } from '../config/config.js';
import type { Backoff } from '../infra/backoff.js';
import type { Logger } from '../infra/logger.js';
import { keepTrying } from './keep-trying.js';
import type { ReceivingChannel } from './receiving.js';

export interface ZaloChannel extends ReceivingChannel {
  bot: ZaloBot;
  /** The bot's name, known once it has started. */
  botName(): string | undefined;
}

export function zaloChannel(o: {
  config: Config; token: string; client: ZaloClient; deps: ConversationDeps; logger: Logger; receive: boolean; pollSeconds?: number; backoff: Backoff;
  /** Waits for a send slot before a direct reply (shared with the delivery queue). */
  sendSlot?: (chatId: string) => Promise<unknown>;
}): ZaloChannel {
  const { config, client, logger } = o;
  const bot = new ZaloBot(client, o.deps, logger, o.sendSlot);
  const mode = config.ZALO_RECEIVE === 'auto' ? (config.PUBLIC_URL.startsWith('https://') ? 'webhook' : 'polling') : config.ZALO_RECEIVE;
  const secret = zaloWebhookSecret(o.token, config.ZALO_WEBHOOK_SECRET);
  const routers = o.receive && mode === 'webhook' ? [zaloWebhookRouter(bot, secret, logger)] : [];
  const poller = o.receive && mode === 'polling' ? new ZaloPoller(client, bot, logger, { pollSeconds: o.pollSeconds, backoff: o.backoff }) : undefined;
  let name: string | undefined;
  // Set-up calls Zalo being away must not stop, nor leave undone until a restart: retried in
  // the background with the configured back-off, as Telegram's are.
  const background: Array<{ stop(): Promise<void> }> = [];
  /** Tried once before going on (the product starts as before when Zalo answers), then in the background. */
  const setUp = async (label: string, task: () => Promise<void>) => {
    await task().catch((err: Error) => {
      logger.error({ err: err.message }, `${label} failed (token or network?); retrying in the background`);
      background.push(keepTrying(logger, label, o.backoff, task));
    });
  };
  return {
    bot,
    routers,
    botName: () => name,
    async start(instance, pollInOneProcess) {
      // getMe names the bot on link-code sheets.
      await setUp('zalo: getMe', async () => {
        const me = await client.getMe();
        name = me.display_name ?? me.account_name;
        logger.info({ bot: name }, 'zalo: bot ready');
      });
      if (!o.receive) return;
      if (mode === 'polling') {
        // getUpdates answers nothing while a webhook is set: polling starts once it is cleared.
        await setUp('zalo: deleteWebhook', async () => {
          await client.deleteWebhook();
          pollInOneProcess('zalo', instance, poller!);
          logger.info('zalo: long polling');
        });
        return;
      }
      const url = new URL(ZALO_WEBHOOK_PATH, config.PUBLIC_URL).toString();
      await setUp('zalo: webhook set-up', async () => {
        await client.setWebhook(url, secret);
        logger.info({ url }, 'zalo: webhook set');
      });
    },
    async stopReceiving() {
      await Promise.all(background.map((task) => task.stop()));
      await poller?.stop();
    },
  };
}
