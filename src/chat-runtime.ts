// The chat side of the product: the job system (intake and delivery), the outbox relay, the
// Telegram bot and the Zalo bot (each by long polling, or a webhook when PUBLIC_URL is https).
// What runs depends on the process's roles (src/process-roles.ts): a `bot` process receives
// updates and answers them, a `worker` runs the jobs, the schedule, the sweeper and the relay's
// polling; any process may enqueue. Long polling runs in one process at a time (a Redis lease).
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
import { runRosterImportJob } from './use-cases/roster-import-job.js';
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
import { redisHandOverClaim, redisHandOverRelease } from './jobs/outbox-relay.js';
import { RedisLease } from './infra/redis-lease.js';
import { ALL_ROLES, componentsFor, type Components } from './process-roles.js';

export interface ChatRuntime {
  routers: Router[];
  jobs: JobSystem;
  relay: OutboxRelay;
  telegram?: Telegraf;
  zalo?: ZaloBot;
  /** The Zalo bot's name, known once it has started. */
  zaloBotName(): string | undefined;
  /**
   * Starts what this process's roles run (after the web server listens, for webhooks).
   * `instance` names this process stably across restarts (host:port): the polling lease's owner.
   */
  start(instance?: string): Promise<void>;
  /** Stops receiving updates (polling ends; the product answers new webhook calls 503 itself). */
  stopReceiving(): Promise<void>;
  /** Stops everything; active jobs get at most `timeoutMs` to finish. */
  stop(timeoutMs?: number): Promise<void>;
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
  /** What this process runs; default: everything. */
  components?: Components;
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
  const run = o.components ?? componentsFor(ALL_ROLES);
  const prefix = o.queuePrefix ?? 'hscm';
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
    workers: run.jobWorkers,
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
      rosterImport: (id, progress) => runRosterImportJob({ db: o.db, fileStore: o.fileStore, cityName: o.config.CITY_NAME, now }, id, progress),
      tick: async () => {
        const result = await runDueWork(o.db, now());
        if (result.queued > 0 || result.rounds.length > 0) o.logger.info(result, 'scheduled work done');
        relay.kick();
      },
    },
    ratePerSecond: { TELEGRAM: o.config.TELEGRAM_MESSAGES_PER_SECOND, ZALO: o.config.ZALO_MESSAGES_PER_SECOND },
    tickEveryMs: o.tickEveryMs,
  });
  // Every process kicks its relay after writing messages; worker processes also poll.
  relay = new OutboxRelay({
    db: o.db, logger: o.logger, enqueue: (row) => jobs.enqueueDelivery(row.id, row.channel as Channel),
    claim: redisHandOverClaim(o.redis, prefix), unclaim: redisHandOverRelease(o.redis, prefix),
  });
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
  const receive = run.receiveUpdates;
  const telegram = token ? createTelegramBot({ token, apiRoot: o.config.TELEGRAM_API_ROOT, deps, logger: o.logger }) : undefined;
  const useWebhook = Boolean(telegram && o.config.PUBLIC_URL.startsWith('https://'));
  const secret = token ? webhookSecret(token, o.config.TELEGRAM_WEBHOOK_SECRET) : '';
  const routers = receive && telegram && useWebhook ? [telegramWebhookRouter(telegram, secret, o.logger)] : [];
  const telegramPoller = receive && telegram && !useWebhook ? new TelegramPoller(telegram, o.logger, { allowedUpdates: ['message', 'callback_query'], setUp: () => registerCommands(telegram) }) : undefined;
  const zalo = zaloClient ? new ZaloBot(zaloClient, deps, o.logger) : undefined;
  const zaloMode = o.config.ZALO_RECEIVE === 'auto' ? (o.config.PUBLIC_URL.startsWith('https://') ? 'webhook' : 'polling') : o.config.ZALO_RECEIVE;
  const zaloSecret = zaloToken ? zaloWebhookSecret(zaloToken, o.config.ZALO_WEBHOOK_SECRET) : '';
  if (receive && zalo && zaloMode === 'webhook') routers.push(zaloWebhookRouter(zalo, zaloSecret, o.logger));
  const poller = receive && zalo && zaloClient && zaloMode === 'polling' ? new ZaloPoller(zaloClient, zalo, o.logger, o.zaloPollSeconds) : undefined;
  const leases: RedisLease[] = [];
  /** Telegram answers a second poller 409 and Zalo splits updates between them: one poller of each at a time. */
  function pollInOneProcess(name: string, instance: string | undefined, loop: { start(): void; stop(): Promise<void> }): void {
    const lease = new RedisLease({
      redis: o.redis, key: `${prefix}:poll-lease:${name}`, owner: instance, logger: o.logger,
      onAcquired: () => loop.start(), onLost: () => loop.stop(),
    });
    leases.push(lease);
    lease.start();
  }

  let webhookSetUp: { stop(): Promise<void> } | undefined;
  let botNameLookup: { stop(): Promise<void> } | undefined;
  let zaloName: string | undefined;
  /** Zalo's getUpdates does not work while a webhook is set: polling clears it first. */
  async function startZalo(client: ZaloClient, mode: 'webhook' | 'polling', secret: string, instance: string | undefined): Promise<void> {
    // getMe names the bot on link-code sheets; Zalo being unreachable must not stop the product.
    await client.getMe().then(
      (me) => {
        zaloName = me.display_name ?? me.account_name;
        o.logger.info({ bot: zaloName }, 'zalo: bot ready');
      },
      (err: Error) => o.logger.error({ err: err.message }, 'zalo: getMe failed (token or network?)'),
    );
    if (!receive) return;
    if (mode === 'polling') {
      await client.deleteWebhook().catch((err: Error) => o.logger.warn({ err: err.message }, 'zalo: deleteWebhook failed'));
      pollInOneProcess('zalo', instance, poller!);
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
    async start(instance) {
      if (run.jobWorkers) {
        relay.start();
        sweeper.start();
        // Idempotent: every worker installs the same one schedule, which runs once per period.
        await jobs.startSchedule();
      }
      if (zaloClient) await startZalo(zaloClient, zaloMode, zaloSecret, instance);
      if (!telegram) return;
      if (!receive) {
        // The admin pages' link-code sheets name the bot.
        botNameLookup = keepTrying(o.logger, 'telegram: getMe', async () => {
          telegram.botInfo ??= await telegram.telegram.getMe();
        });
      } else if (useWebhook) {
        const url = new URL(TELEGRAM_WEBHOOK_PATH, o.config.PUBLIC_URL).toString();
        // The Bot API being unreachable must not stop the product: Telegram keeps the webhook set before.
        // Every bot process sets the same URL and secret: harmless when several do.
        webhookSetUp = keepTrying(o.logger, 'telegram: webhook set-up', async () => {
          telegram.botInfo ??= await telegram.telegram.getMe();
          await registerCommands(telegram);
          await telegram.telegram.setWebhook(url, {
            secret_token: secret,
            allowed_updates: ['message', 'callback_query'],
            max_connections: o.config.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
          });
          o.logger.info({ url }, 'telegram: webhook set');
        });
      } else {
        pollInOneProcess('telegram', instance, telegramPoller!);
      }
    },
    async stopReceiving() {
      await poller?.stop();
      await telegramPoller?.stop();
      // Released once the loops have confirmed what they handled: another process polls on at once.
      await Promise.all(leases.map((l) => l.stop()));
      await webhookSetUp?.stop();
      await botNameLookup?.stop();
    },
    async stop(timeoutMs) {
      await this.stopReceiving();
      await relay.stop();
      await sweeper.stop();
      await jobs.close(timeoutMs);
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
