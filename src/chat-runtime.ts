// The chat side of the product: the job system (intake and delivery), the outbox relay, the
// Telegram bot and the Zalo bot (each by long polling, or a webhook when PUBLIC_URL is https).
import type { Router } from 'express';
import type { Telegraf } from 'telegraf';
import { createTelegramBot, registerCommands, TELEGRAM_MAX_DOWNLOAD_BYTES, TELEGRAM_WEBHOOK_PATH, webhookSecret } from './bot/telegram/telegram-bot.js';
import { TelegramSender } from './bot/telegram/telegram-sender.js';
import { telegramWebhookRouter } from './bot/telegram/telegram-webhook.js';
import { TelegramPoller } from './bot/telegram/telegram-polling.js';
import type { Config } from './config/config.js';
import type { Channel } from './core/vocabulary.js';
import type { Db } from './db/prisma.js';
import type { Logger } from './infra/logger.js';
import type { ChannelSender, FileSource } from './jobs/delivery-types.js';
import { JobSystem } from './jobs/job-system.js';
import { OutboxRelay } from './jobs/outbox-relay.js';
import { ChatPacer } from './jobs/chat-pacer.js';
import { FloodGuard } from './bot/conversation/flood-guard.js';
import { IntakeSweeper } from './jobs/intake-sweeper.js';
import type { Redis } from 'ioredis';
import type { QuietHours } from './core/quiet-hours.js';
import { ensureCurrentSchoolYear } from './db/org-setup.js';
import { runDueWork } from './use-cases/scheduled/run-due-work.js';
import type { FileStore } from './storage/file-store.js';
import { deliverOutboxMessage, giveUpOutboxMessage } from './use-cases/deliver-outbox-message.js';
import { failIntake, processIntake } from './use-cases/process-intake.js';
import { issueUploadLink } from './use-cases/upload-links.js';
import { resumeAfterCheck } from './bot/conversation/submission-dialog.js';
import type { TextExtractor } from './documents/text-extractor.js';
import type { ConversationDeps } from './bot/conversation/handle-inbound.js';
import type { ReviewLinks } from './use-cases/review-links.js';
import { ZaloClient } from './bot/zalo/zalo-client.js';
import { ZaloSender } from './bot/zalo/zalo-sender.js';
import { ZaloBot, ZALO_WEBHOOK_PATH } from './bot/zalo/zalo-bot.js';
import { zaloWebhookRouter, zaloWebhookSecret } from './bot/zalo/zalo-webhook.js';
import { ZaloPoller } from './bot/zalo/zalo-polling.js';

export interface ChatRuntime {
  routers: Router[];
  jobs: JobSystem;
  relay: OutboxRelay;
  telegram?: Telegraf;
  zalo?: ZaloBot;
  /** The Zalo bot's name, known once it has started. */
  zaloBotName(): string | undefined;
  /** Starts receiving updates (after the web server listens, for webhooks). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChatRuntimeOptions {
  config: Config;
  db: Db;
  fileStore: FileStore;
  extractor: TextExtractor;
  redisUrl: string;
  logger: Logger;
  /** A Redis client for pacing messages per chat. */
  redis: Redis;
  /** Signs review-page links for channels without buttons (Zalo). */
  reviewLinks: ReviewLinks;
  /** Queue-key prefix (tests use a fresh one). */
  queuePrefix?: string;
  now?: () => Date;
  /** How often the scheduler ticks (tests shorten it). */
  tickEveryMs?: number;
  /** How often stuck intakes are re-queued (tests shorten it). */
  sweepEveryMs?: number;
  /** Seconds one Zalo long poll waits for an update (tests shorten it). */
  zaloPollSeconds?: number;
}

/** The current school year's quiet window, re-read at most once a minute (changes apply without a restart). */
function currentQuietHours(db: Db, now: () => Date): () => Promise<QuietHours> {
  let cached: { at: number; value: QuietHours } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < 60_000) return cached.value;
    const year = await ensureCurrentSchoolYear(db, now());
    cached = { at: Date.now(), value: { start: year.quietStart, end: year.quietEnd } };
    return cached.value;
  };
}

export function createChatRuntime(o: ChatRuntimeOptions): ChatRuntime {
  const now = o.now ?? (() => new Date());
  const quietHours = currentQuietHours(o.db, now);
  const pacer = new ChatPacer(o.redis, o.config.CHAT_MESSAGE_GAP_MS, o.queuePrefix ?? 'hscm');
  const senders: Partial<Record<Channel, ChannelSender>> = {};
  const fileSources: Partial<Record<Channel, FileSource>> = {};
  const token = o.config.TELEGRAM_BOT_TOKEN;
  if (token) {
    const sender = new TelegramSender(token, o.config.TELEGRAM_API_ROOT, o.fileStore);
    senders.TELEGRAM = sender;
    fileSources.TELEGRAM = sender;
  }
  const zaloToken = o.config.ZALO_BOT_TOKEN;
  const zaloClient = zaloToken ? new ZaloClient({ token: zaloToken, apiRoot: o.config.ZALO_API_ROOT }) : undefined;
  if (zaloClient) senders.ZALO = new ZaloSender(zaloClient, o.reviewLinks);
  let relay: OutboxRelay;
  const jobs = new JobSystem({
    redisUrl: o.redisUrl,
    logger: o.logger,
    workers: true,
    prefix: o.queuePrefix,
    handlers: {
      intake: async (id) => {
        await processIntake({
          db: o.db, fileStore: o.fileStore, fileSources, maxBytes: TELEGRAM_MAX_DOWNLOAD_BYTES,
          analyseFile: (file) => o.extractor.analyse(file),
          resume: (intakeId) => resumeAfterCheck(o.db, intakeId, now()),
        }, id);
        relay.kick();
      },
      intakeGaveUp: async (id, error) => {
        await failIntake(o.db, id, error);
        relay.kick();
      },
      deliver: async (id) => {
        const step = await deliverOutboxMessage({ db: o.db, senders, quietHours, pace: (c, chat) => pacer.tryTake(c, chat), now: now() }, id);
        return step.done ? undefined : { retryAfterMs: step.retryAfterMs, error: step.error };
      },
      deliveryGaveUp: (id, error) => giveUpOutboxMessage(o.db, id, error),
      tick: async () => {
        const result = await runDueWork(o.db, now());
        if (result.queued > 0 || result.rounds.length > 0) o.logger.info(result, 'scheduled work done');
        relay.kick();
      },
    },
    ratePerSecond: { TELEGRAM: o.config.TELEGRAM_MESSAGES_PER_SECOND, ZALO: o.config.ZALO_MESSAGES_PER_SECOND },
    tickEveryMs: o.tickEveryMs,
  });
  relay = new OutboxRelay({ db: o.db, logger: o.logger, enqueue: (row) => jobs.enqueueDelivery(row.id, row.channel as Channel) });
  const sweeper = new IntakeSweeper({ db: o.db, logger: o.logger, enqueue: (id) => jobs.enqueueIntake(id), intervalMs: o.sweepEveryMs, graceMs: o.sweepEveryMs });
  const deps: ConversationDeps = {
    db: o.db,
    logger: o.logger,
    enqueueIntake: (id) => jobs.enqueueIntake(id),
    uploadLink: (staffId, where, hours) => issueUploadLink(o.db, { staffId, channel: where.channel, chatId: where.chatId, publicUrl: o.config.PUBLIC_URL, hours, now: now() }),
    reviewLink: (submissionId, staffId) => o.reviewLinks.url(submissionId, staffId, now()),
    maxDownloadBytes: TELEGRAM_MAX_DOWNLOAD_BYTES,
    now,
    notifyOutbox: () => relay.kick(),
    floodGuard: new FloodGuard({ redis: o.redis, limits: o.config.CHAT_FLOOD_LIMIT, logger: o.logger, prefix: o.queuePrefix ?? 'hscm' }),
  };
  const telegram = token ? createTelegramBot({ token, apiRoot: o.config.TELEGRAM_API_ROOT, deps, logger: o.logger }) : undefined;
  const useWebhook = Boolean(telegram && o.config.PUBLIC_URL.startsWith('https://'));
  const secret = token ? webhookSecret(token, o.config.TELEGRAM_WEBHOOK_SECRET) : '';
  const routers = telegram && useWebhook ? [telegramWebhookRouter(telegram, secret, o.logger)] : [];
  const telegramPoller = telegram && !useWebhook ? new TelegramPoller(telegram, o.logger, { allowedUpdates: ['message', 'callback_query'], setUp: () => registerCommands(telegram) }) : undefined;
  const zalo = zaloClient ? new ZaloBot(zaloClient, deps, o.logger) : undefined;
  const zaloMode = o.config.ZALO_RECEIVE === 'auto' ? (o.config.PUBLIC_URL.startsWith('https://') ? 'webhook' : 'polling') : o.config.ZALO_RECEIVE;
  const zaloSecret = zaloToken ? zaloWebhookSecret(zaloToken, o.config.ZALO_WEBHOOK_SECRET) : '';
  if (zalo && zaloMode === 'webhook') routers.push(zaloWebhookRouter(zalo, zaloSecret, o.logger));
  const poller = zalo && zaloClient && zaloMode === 'polling' ? new ZaloPoller(zaloClient, zalo, o.logger, o.zaloPollSeconds) : undefined;

  let webhookSetUp: { stop(): Promise<void> } | undefined;
  let zaloName: string | undefined;
  /** Zalo's getUpdates does not work while a webhook is set: polling clears it first. */
  async function startZalo(client: ZaloClient, mode: 'webhook' | 'polling', secret: string): Promise<void> {
    // getMe names the bot on link-code sheets; Zalo being unreachable must not stop the product.
    await client.getMe().then(
      (me) => {
        zaloName = me.display_name ?? me.account_name;
        o.logger.info({ bot: zaloName }, 'zalo: bot ready');
      },
      (err: Error) => o.logger.error({ err: err.message }, 'zalo: getMe failed (token or network?)'),
    );
    if (mode === 'polling') {
      await client.deleteWebhook().catch((err: Error) => o.logger.warn({ err: err.message }, 'zalo: deleteWebhook failed'));
      poller!.start();
      o.logger.info('zalo: long polling');
      return;
    }
    const url = new URL(ZALO_WEBHOOK_PATH, o.config.PUBLIC_URL).toString();
    for (let attempt = 1; ; attempt++) {
      try {
        await client.setWebhook(url, secret);
        o.logger.info({ url }, 'zalo: webhook set');
        return;
      } catch (err) {
        if (attempt >= 3) return void o.logger.error({ err: (err as Error).message, url }, 'zalo: setWebhook failed; updates will not arrive until it is set');
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
  }

  return {
    routers,
    jobs,
    relay,
    telegram,
    zalo,
    zaloBotName: () => zaloName,
    async start() {
      relay.start();
      sweeper.start();
      await jobs.startSchedule();
      if (zaloClient) await startZalo(zaloClient, zaloMode, zaloSecret);
      if (!telegram) return;
      if (useWebhook) {
        const url = new URL(TELEGRAM_WEBHOOK_PATH, o.config.PUBLIC_URL).toString();
        // The Bot API being unreachable must not stop the product: Telegram keeps the webhook set before.
        webhookSetUp = keepTrying(o.logger, 'telegram: webhook set-up', async () => {
          await registerCommands(telegram);
          await telegram.telegram.setWebhook(url, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
          o.logger.info({ url }, 'telegram: webhook set');
        });
      } else {
        telegramPoller!.start();
      }
    },
    async stop() {
      await poller?.stop();
      await telegramPoller?.stop();
      await webhookSetUp?.stop();
      await relay.stop();
      await sweeper.stop();
      await jobs.close();
    },
  };
}

/** Runs `task` in the background until it succeeds, with backoff (1 s doubling to 30 s). */
function keepTrying(logger: Logger, label: string, task: () => Promise<void>): { stop(): Promise<void> } {
  let stopped = false;
  let wake = () => undefined as void;
  const done = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        return await task();
      } catch (err) {
        const waitMs = Math.min(30_000, 1000 * 2 ** attempt);
        logger.warn({ err: (err as Error).message, waitMs }, `${label} failed; retrying`);
        await new Promise<void>((r) => {
          const timer = setTimeout(r, waitMs);
          wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}
