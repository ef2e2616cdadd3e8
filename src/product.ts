// Wires the product together from configuration: database, Redis (ours or the configured
// one), file store, web server, and whichever chat channels have a token. `main.ts` calls
// it; tests call it too, with a port of 0. PROCESS_ROLES decides what this process runs
// (src/config/process-roles.ts); every process serves /health and /ready.
import type { Server } from 'node:http';
import type { Express } from 'express';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config/config.js';
import { ensureCurrentSchoolYear, ensureRootUnits } from './db/org-setup.js';
import { createDb, isPostgres, type Db } from './db/prisma.js';
import { assertSchemaCurrent } from './db/schema-version.js';
import { startLocalRedis } from './infra/local-redis.js';
import type { Logger } from './infra/logger.js';
import { createFileStore } from './storage/create-file-store.js';
import type { FileStore } from './storage/file-store.js';
import type { S3FileStore } from './storage/s3-file-store.js';
import { TextExtractor } from './documents/text-extractor.js';
import { createApp } from './web-admin/create-app.js';
import { createChatRuntime, type ChatRuntime } from './chat/chat-runtime.js';
import { uploadPageRouter } from './web-admin/upload-page.js';
import { reviewPageRouter } from './web-admin/review-page.js';
import { ReviewLinks } from './use-cases/review-links.js';
import { PlanFileReader } from './use-cases/plan-file-reader.js';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { componentsFor, describeRoles } from './config/process-roles.js';
import { drainable } from './infra/http-drain.js';

export interface RunningProduct {
  db: Db;
  redisUrl: string;
  fileStore: FileStore;
  /** The port the web server listens on. */
  port: number;
  chat: ChatRuntime;
  /** Signs and opens the review-page links sent on channels without buttons. */
  reviewLinks: ReviewLinks;
  /** The web app as served (the security sweep walks its routes). */
  app: Express;
  /** False from the start of a stop: /ready answers 503, webhooks 503. */
  accepting(): boolean;
  /** Whether this process serves the web admin (PROCESS_ROLES has `web`). */
  adminPages: boolean;
  /**
   * Graceful stop: stops receiving, lets requests in flight and active jobs finish (within
   * SHUTDOWN_TIMEOUT_MS), then closes queues, Redis and the database.
   */
  stop(): Promise<void>;
}

export interface ProductOptions {
  /** Queue-key prefix (tests use a fresh one). */
  queuePrefix?: string;
  now?: () => Date;
  /** How often the scheduler ticks; default one minute. */
  tickEveryMs?: number;
  /** How often stuck intakes are re-queued; default 10 s. */
  sweepEveryMs?: number;
  /** Seconds one Zalo long poll waits; default 25. */
  zaloPollSeconds?: number;
}

export async function startProduct(config: Config, logger: Logger, options: ProductOptions = {}): Promise<RunningProduct> {
  const stops: Array<() => Promise<unknown>> = [];
  let draining = false;
  /** Every phase of a stop shares one deadline. */
  let deadline = Number.POSITIVE_INFINITY;
  const stop = async () => {
    draining = true;
    deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    for (const fn of stops.reverse()) await fn().catch((err) => logger.warn({ err }, 'error while stopping'));
  };
  const run = componentsFor(config.PROCESS_ROLES);
  try {
    const db = createDb(config.DATABASE_URL);
    stops.push(() => db.$disconnect());
    // Fresh query-planner statistics (SQLite's advice for long-lived connections): the records
    // pages' plans on a million plans depend on them. Cheap when nothing changed. (PostgreSQL's
    // autovacuum keeps its own statistics.)
    await assertSchemaCurrent(db);
    if (!isPostgres(db)) await db.$queryRawUnsafe('PRAGMA optimize=0x10002');
    await ensureRootUnits(db, config.CITY_NAME);
    const year = await ensureCurrentSchoolYear(db);
    logger.info({ schoolYear: year.name, deadline: year.annualDeadline }, 'database ready');

    const redisUrl = await redisUrlFor(config, logger, stops);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
    stops.push(async () => redis.disconnect());

    const fileStore = await createFileStore(config);
    await reportObjectStore(fileStore, logger);
    const extractor = new TextExtractor();
    stops.push(() => extractor.close());
    const channels = { telegram: Boolean(config.TELEGRAM_BOT_TOKEN), zalo: Boolean(config.ZALO_BOT_TOKEN) };
    if (!channels.telegram) logger.info('Telegram channel off: TELEGRAM_BOT_TOKEN is not set');
    if (!channels.zalo) logger.info('Zalo channel off: ZALO_BOT_TOKEN is not set');

    const reviewLinks = new ReviewLinks(linkSecret(config), config.PUBLIC_URL);
    const chat = createChatRuntime({ config, db, fileStore, extractor, redisUrl, redis, logger, reviewLinks, queuePrefix: options.queuePrefix, now: options.now, tickEveryMs: options.tickEveryMs, sweepEveryMs: options.sweepEveryMs, zaloPollSeconds: options.zaloPollSeconds, components: run });
    // Active jobs finish after the web server has closed (stops run in reverse).
    stops.push(() => chat.stop(Math.max(0, deadline - Date.now())));
    const now = options.now ?? (() => new Date());
    const documents = new PlanFileReader(fileStore, extractor);
    const pages = run.webPages
      ? [
          uploadPageRouter({ db, fileStore, logger, extractor, maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024, afterSubmit: () => chat.relay.kick(), now }),
          reviewPageRouter({ db, fileStore, logger, links: reviewLinks, documents, afterDecision: () => chat.relay.kick(), now }),
        ]
      : [];
    const app = createApp({
      db, logger, channels, fileStore, documents, routers: [...chat.routers, ...pages], pingRedis: async () => (await redis.ping()) === 'PONG',
      now, publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY, kickOutbox: () => chat.relay.kick(), cityName: config.CITY_NAME, adminPages: run.webPages, draining: () => draining,
      telegramBotUsername: () => chat.telegram?.botInfo?.username, zaloBotName: () => chat.zaloBotName(), queueCounts: () => chat.jobs.counts(),
      rosterImports: { start: (id) => chat.jobs.enqueueRosterImport(id), status: (jobId) => chat.jobs.rosterImportStatus(jobId) },
    });
    const server = drainable(await listen(app, config.PORT));
    // First of a stop: nothing new comes in (polling ends, webhooks get 503), then requests in flight finish.
    stops.push(async () => {
      await chat.stopReceiving();
      await server.close(deadline);
    });
    const port = server.port;
    logger.info({ url: config.PUBLIC_URL, port, roles: describeRoles(config.PROCESS_ROLES) }, 'web server listening');
    await chat.start(`${os.hostname()}:${port}`);
    return { db, redisUrl, fileStore, port, chat, reviewLinks, app, accepting: () => !draining, adminPages: run.webPages, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * An unreachable bucket does not stop start-up, as Redis or a Bot API down does not: chat and
 * pages that need no file keep working, uploads get the storage message, /health says so.
 */
async function reportObjectStore(store: FileStore | S3FileStore, logger: Logger): Promise<void> {
  if (!('reachable' in store)) return;
  const reach = await store.reachable();
  if (reach.ok) logger.info({ store: store.location }, 'object store reachable');
  else logger.error({ store: store.location, reason: reach.reason }, 'object store unreachable: uploads fail with the storage message until it is back');
}

/** Every process of one deployment derives the same key from the same configuration. */
function linkSecret(config: Config): string {
  if (config.LINK_SECRET) return config.LINK_SECRET;
  const token = config.ZALO_BOT_TOKEN ?? config.TELEGRAM_BOT_TOKEN;
  // No bot token: no chat sends review links, so a key of this process alone is enough.
  return token ? createHash('sha256').update(`hscm-links:${token}`).digest('base64url') : randomBytes(32).toString('base64url');
}

async function redisUrlFor(config: Config, logger: Logger, stops: Array<() => Promise<unknown>>): Promise<string> {
  if (config.REDIS_URL) return config.REDIS_URL;
  const dataDir = path.join(path.dirname(path.resolve(config.STORAGE_DIR)), 'redis');
  const local = await startLocalRedis({ dataDir });
  // Pushed before the workers' stops, so it runs after them (stops run in reverse).
  stops.push(async () => {
    const result = await local.stop();
    if (result.stopped) logger.info({ pid: local.pid }, 'local redis-server stopped');
    else logger.warn({ pid: result.pid, url: result.url }, `local redis-server left running: ${result.reason}; stop it with \`kill ${result.pid}\` once nothing uses it`);
  });
  logger.info(
    { url: local.url, pid: local.pid, dataDir, reused: !local.started },
    local.started ? 'REDIS_URL not set: started a local redis-server' : 'REDIS_URL not set: reusing the local redis-server an earlier start left running',
  );
  return local.url;
}

/** The web server's port cannot be had: said in the operator's terms, naming PORT. */
export class PortUnavailableError extends Error {
  override name = 'PortUnavailableError';
  constructor(readonly port: number, readonly code: string) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} is already in use (PORT=${port}): another process listens on it — another copy of HSCM Assistant, ` +
            'or two processes of one deployment given the same PORT. Stop that process, or set PORT to a free port in .env or the environment.'
        : `port ${port} cannot be opened (PORT=${port}, ${code}): ports below 1024 need extra rights; set PORT to 1024 or above.`,
    );
  }
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Express 5 hands a listen error (EADDRINUSE…) to this callback instead of emitting it.
    const server = app.listen(port, (error?: NodeJS.ErrnoException) => {
      if (!error) resolve(server);
      else reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortUnavailableError(port, error.code) : error);
    });
  });
}
