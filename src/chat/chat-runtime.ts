// The chat side of the product: the job system (intake and delivery), the outbox relay, and the
// receiving side of each channel (telegram-channel.ts, zalo-channel.ts: long polling, or a
// webhook when PUBLIC_URL is https).
// What runs depends on the process's roles (src/config/process-roles.ts): a `bot` process receives
// updates and answers them, a `worker` runs the jobs, the schedule, the sweeper and the relay's
// polling; any process may enqueue. Long polling runs in one process at a time (a Redis lease).
import { channelOf } from '../core/vocabulary.js';
import type { Router } from 'express';
import type { Telegraf } from 'telegraf';
import type { ZaloBot } from '../bot/zalo/zalo-bot.js';
import { telegramChannel } from './telegram-channel.js';
import { zaloChannel } from './zalo-channel.js';
import type { PollInOneProcess } from './receiving.js';
import { TELEGRAM_MAX_DOWNLOAD_BYTES } from '../bot/telegram/telegram-bot.js';
import { TelegramSender } from '../bot/telegram/telegram-sender.js';
import type { Config } from '../config/config.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';
import type { ChannelSender, FileSource } from '../use-cases/channel-ports.js';
import { JobSystem } from '../jobs/job-system.js';
import { runRosterImportJob } from '../use-cases/roster-import-job.js';
import { OutboxRelay } from '../jobs/outbox-relay.js';
import { ChatPacer } from '../jobs/chat-pacer.js';
import { FloodGuard } from '../bot/conversation/flood-guard.js';
import { IntakeSweeper } from '../jobs/intake-sweeper.js';
import type { Redis } from 'ioredis';
import type { QuietHours } from '../core/quiet-hours.js';
import { ensureCurrentSchoolYear } from '../db/org-setup.js';
import { runDueWork } from '../use-cases/scheduled/run-due-work.js';
import type { FileStore } from '../storage/file-store.js';
import { deliverOutboxMessage, giveUpOutboxMessage } from '../use-cases/deliver-outbox-message.js';
import { processIntake } from '../use-cases/intake/check-intake.js';
import { failIntake } from '../use-cases/intake/end-intake.js';
import { issueUploadLink } from '../use-cases/upload-links.js';
import type { TextExtractor } from '../documents/text-extractor.js';
import type { ConversationDeps } from '../bot/conversation/turn.js';
import type { ReviewLinks } from '../use-cases/review-links.js';
import { ZaloClient } from '../bot/zalo/zalo-client.js';
import { ZaloSender } from '../bot/zalo/zalo-sender.js';
import { redisHandOverClaim, redisHandOverRelease } from '../jobs/outbox-relay.js';
import { RedisLease } from '../infra/redis-lease.js';
import { timePolicyOf } from '../config/time-policy.js';
import { ALL_ROLES, componentsFor, type Components } from '../config/process-roles.js';

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
  const policy = timePolicyOf(o.config);
  // The channel's rate and each chat's pace, shared by the delivery jobs and the replies sent
  // while a person waits (the platform counts both).
  const pacer = new ChatPacer(o.redis, {
    gapMs: o.config.CHAT_MESSAGE_GAP_MS,
    perSecond: { TELEGRAM: o.config.TELEGRAM_MESSAGES_PER_SECOND, ZALO: o.config.ZALO_MESSAGES_PER_SECOND },
    prefix,
  });
  const senders: Partial<Record<Channel, ChannelSender>> = {};
  const fileSources: Partial<Record<Channel, FileSource>> = {};
  const token = o.config.TELEGRAM_BOT_TOKEN;
  if (token) {
    const sender = new TelegramSender(token, o.config.TELEGRAM_API_ROOT, o.fileStore, o.reviewLinks);
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
          analyseFile: (file) => o.extractor.analyse(file), splitFile: (file) => o.extractor.split(file), now,
        }, id);
        relay.kick();
      },
      intakeGaveUp: async (id, error) => {
        await failIntake(o.db, id, error);
        relay.kick();
      },
      deliver: async (id) => {
        const step = await deliverOutboxMessage({ db: o.db, senders, quietHours, pace: (c, chat, urgent) => pacer.takeOrChatWait(c, chat, urgent), now: now() }, id);
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
    tickEveryMs: o.tickEveryMs,
    policy: policy.jobs,
  });
  // Every process kicks its relay after writing messages; worker processes also poll.
  relay = new OutboxRelay({
    db: o.db, logger: o.logger, enqueue: (row) => jobs.enqueueDelivery(row.id, channelOf(row.channel), 0, row.bulk),
    claim: redisHandOverClaim(o.redis, prefix), unclaim: redisHandOverRelease(o.redis, prefix),
  });
  const sweeper = new IntakeSweeper({ db: o.db, logger: o.logger, enqueue: (id) => jobs.requeueIntake(id), intervalMs: o.sweepEveryMs, graceMs: o.sweepEveryMs });
  const deps: ConversationDeps = {
    db: o.db,
    logger: o.logger,
    // A requeue: an intake handed back to its job (to split its file) has a completed job of its id.
    enqueueIntake: (id) => jobs.requeueIntake(id),
    uploadLink: (staffId, where, hours) => issueUploadLink(o.db, { staffId, channel: where.channel, chatId: where.chatId, publicUrl: o.config.PUBLIC_URL, hours, now: now() }),
    reviewLink: (submissionId, staffId) => o.reviewLinks.url(submissionId, staffId, now()),
    maxDownloadBytes: TELEGRAM_MAX_DOWNLOAD_BYTES,
    now,
    notifyOutbox: () => relay.kick(),
    floodGuard: new FloodGuard({ redis: o.redis, limits: o.config.CHAT_FLOOD_LIMIT, logger: o.logger, prefix: o.queuePrefix ?? 'hscm' }),
  };
  const receive = run.receiveUpdates;
  const telegram = token ? telegramChannel({ config: o.config, token, deps, logger: o.logger, receive, backoff: policy.backoff, sendSlot: (chat) => pacer.take('TELEGRAM', chat) }) : undefined;
  const zalo = zaloToken && zaloClient ? zaloChannel({ config: o.config, token: zaloToken, client: zaloClient, deps, logger: o.logger, receive, pollSeconds: o.zaloPollSeconds, backoff: policy.backoff, sendSlot: (chat) => pacer.take('ZALO', chat) }) : undefined;
  const channels = [zalo, telegram].filter((c): c is NonNullable<typeof c> => c !== undefined);
  const routers = channels.flatMap((c) => c.routers);
  const leases: RedisLease[] = [];
  /** Telegram answers a second poller 409 and Zalo splits updates between them: one poller of each at a time. */
  const pollInOneProcess: PollInOneProcess = (name, instance, loop) => {
    const lease = new RedisLease({
      redis: o.redis, key: `${prefix}:poll-lease:${name}`, owner: instance, logger: o.logger,
      onAcquired: () => loop.start(), onLost: () => loop.stop(),
    });
    leases.push(lease);
    lease.start();
  };

  return {
    routers,
    jobs,
    relay,
    telegram: telegram?.bot,
    zalo: zalo?.bot,
    zaloBotName: () => zalo?.botName(),
    async start(instance) {
      if (run.jobWorkers) {
        relay.start();
        sweeper.start();
        // Idempotent: every worker installs the same one schedule, which runs once per period.
        await jobs.startSchedule();
      }
      for (const channel of channels) await channel.start(instance, pollInOneProcess);
    },
    async stopReceiving() {
      for (const channel of channels) await channel.stopReceiving();
      // Released once the loops have confirmed what they handled: another process polls on at once.
      await Promise.all(leases.map((l) => l.stop()));
    },
    async stop(timeoutMs) {
      await this.stopReceiving();
      await relay.stop();
      await sweeper.stop();
      await jobs.close(timeoutMs);
    },
  };
}
