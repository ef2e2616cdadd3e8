// Configuration from environment variables, validated once at start-up. Every setting has an
// embedded default or is optional, so a fresh checkout runs with no .env at all.
import fs from 'node:fs';
import { z } from 'zod';
import { parseRoles, type ProcessRole } from './process-roles.js';
import { isPostgresUrl } from '../db/database-url.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  /** `file:…` SQLite (default), `postgresql://…` or `postgres://…` PostgreSQL. */
  DATABASE_URL: z
    .string()
    .default('file:./var/hscm.db')
    .refine((url) => url.startsWith('file:') || isPostgresUrl(url), 'file:… (SQLite) or postgresql://… (PostgreSQL)'),
  /** Unset: the product starts its own redis-server (see src/infra/local-redis.ts). */
  REDIS_URL: optionalText.pipe(z.string().url().optional()),
  STORAGE_DIR: z.string().default('./var/files'),
  // Object store (S3-compatible). S3_BUCKET unset: files live in STORAGE_DIR. Set: files live in
  // the bucket and STORAGE_DIR only holds temporary files and a cache of files being read.
  S3_BUCKET: optionalText.pipe(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)').optional()),
  /** For S3-compatible stores (MinIO, Ceph, …); unset: AWS S3 in S3_REGION. */
  S3_ENDPOINT: optionalText.pipe(z.string().url().optional()),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Both or neither; neither: the AWS SDK's default credential chain (instance role, AWS_* variables). */
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  /** Default: true when S3_ENDPOINT is set (most S3-compatible stores want path-style URLs). */
  S3_FORCE_PATH_STYLE: optionalText.pipe(z.enum(['true', 'false']).transform((v) => v === 'true').optional()),
  /** Key prefix inside the bucket, e.g. `hscm/` (objects then live under hscm/objects/…). */
  S3_PREFIX: optionalText.pipe(z.string().regex(/^[A-Za-z0-9._\/-]{1,200}$/, 'letters, digits, . _ - and /').optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalText.pipe(z.string().url().optional()),
  /**
   * Which reverse proxy in front of the web server may say who the client is (X-Forwarded-For):
   * unset/`false` (default: none — the address is the connection's), a number of proxy hops,
   * or a comma list of addresses/CIDR ranges and `loopback`, `linklocal`, `uniquelocal`.
   * `true` (trust anyone) is refused: any client could then choose its own address.
   */
  TRUST_PROXY: optionalText.transform((v, ctx) => parseTrustProxy(v, ctx)),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  /** Webhook secret; default: derived from the bot token. Only used when PUBLIC_URL is https. */
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/).optional()),
  /**
   * Webhook requests Telegram keeps open at once (setWebhook's max_connections, 1–100; Telegram's
   * own default is 40). One process answers faster with few in flight (BENCHMARKS.md, deadline
   * surge): about 10 per bot process behind the load balancer.
   */
  TELEGRAM_WEBHOOK_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(10),
  ZALO_BOT_TOKEN: optionalText,
  ZALO_API_ROOT: z.string().url().default('https://bot-api.zaloplatforms.com'),
  /** Secret Zalo echoes in X-Bot-Api-Secret-Token (8–256 characters); default: derived from the bot token. */
  ZALO_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{8,256}$/).optional()),
  /** How Zalo updates arrive: a webhook when PUBLIC_URL is https (auto), or always one way. */
  ZALO_RECEIVE: z.enum(['auto', 'webhook', 'polling']).default('auto'),
  /** Key for signed review links (Zalo); default: derived from the bot token, the same in every process. */
  LINK_SECRET: optionalText.pipe(z.string().min(32).optional()),
  /** Messages per second to Telegram over all chats (Telegram allows about 30). */
  TELEGRAM_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(29.5),
  /** Messages per second to Zalo over all chats. */
  ZALO_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  /**
   * Least time between two messages to one chat (Telegram: about one per second). 1.1 s: the
   * gap is taken when a message leaves, and the way to the platform varies by some milliseconds.
   */
  CHAT_MESSAGE_GAP_MS: z.coerce.number().int().min(0).max(60_000).default(1100),
  /**
   * Most messages one person may send per window, as `messages/seconds` (button presses: three
   * times as many); over it they are told once to wait, then ignored. `0/60` turns it off.
   */
  CHAT_FLOOD_LIMIT: z
    .string()
    .trim()
    .regex(/^\d{1,4}\/\d{1,5}$/, 'expected messages/seconds, e.g. 20/60')
    .default('20/60')
    .transform((v) => {
      const [messages, seconds] = v.split('/').map(Number) as [number, number];
      return { messages, windowMs: Math.max(1, seconds) * 1000 };
    }),
  /** Largest file accepted by the web upload page, in MB. */
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(500).default(50),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: readable lines on a terminal, JSON lines otherwise (src/infra/logger.ts). */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** Name of the city, used for the Department's name when the database is first set up. */
  CITY_NAME: z.string().default('Hải Phòng'),

  // Several processes (docs/deployment.md): what this process runs, and how long a stop may take.
  /** `all` (default) or a comma list of `bot`, `worker`, `web` (see src/config/process-roles.ts). */
  PROCESS_ROLES: z
    .string()
    .trim()
    .default('all')
    .transform((v, ctx) => {
      const roles = parseRoles(v);
      if (!roles) ctx.addIssue({ code: 'custom', message: 'expected all, or a comma list of bot, worker, web' });
      return roles ?? new Set<ProcessRole>();
    }),
  /** On SIGTERM: how long requests in flight and active jobs get to finish (systemd's TimeoutStopSec must be longer). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),

  // Retry and lock policy (src/jobs/job-system.ts JOB_POLICY, src/infra/backoff.ts). Unset: the
  // production defaults written there. Tests set them short instead of waiting them out.
  /** Tries of an intake before it is marked failed (default 5), and the first wait between them (2000, doubling). */
  INTAKE_ATTEMPTS: optionalCount(1, 100),
  INTAKE_RETRY_MS: optionalCount(1, 3_600_000),
  /** Tries of a delivery (default 8) and the first wait between them (1000, doubling). */
  DELIVERY_ATTEMPTS: optionalCount(1, 100),
  DELIVERY_RETRY_MS: optionalCount(1, 3_600_000),
  /** A job lock's lifetime (default 7000) and how often lapsed locks are looked for (1000): a killed worker's job moves on within about lock + 2 × check. */
  JOB_LOCK_MS: optionalCount(1000, 600_000),
  JOB_STALLED_CHECK_MS: optionalCount(100, 600_000),
  /** Pollers and set-up tasks after a failure: first wait (default 1000), doubling to at most RETRY_MAX_MS (30000). */
  RETRY_FIRST_MS: optionalCount(1, 600_000),
  RETRY_MAX_MS: optionalCount(1, 3_600_000),
});

const PROXY_ITEM = /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]{2,45}(\/\d{1,3})?)$/;

function parseTrustProxy(value: string | undefined, ctx: z.RefinementCtx): false | number | string[] {
  if (value === undefined || /^(false|0|off|no)$/i.test(value)) return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 0 && items.every((item) => PROXY_ITEM.test(item))) return items;
  ctx.addIssue({ code: 'custom', message: 'expected false, a number of proxy hops (e.g. 1), or addresses/CIDR ranges such as loopback or 10.0.0.0/8 (true is refused: anyone could pick their address)' });
  return false;
}

function optionalCount(min: number, max: number) {
  return optionalText.pipe(z.coerce.number<string | undefined>().int().min(min).max(max).optional());
}

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const s3Problem = objectStoreProblem(c);
  if (s3Problem) throw new ConfigError(`Invalid configuration (see .env.example):\n  ${s3Problem}`);
  return { ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}` };
}

/** Credentials come as a pair; an S3-compatible store (S3_ENDPOINT) has no instance role to fall back on. */
function objectStoreProblem(c: z.infer<typeof schema>): string | null {
  if (!c.S3_BUCKET) return null;
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) return 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither';
  if (c.S3_ENDPOINT && !c.S3_ACCESS_KEY_ID) return 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: required with S3_ENDPOINT (only AWS S3 can use the default credential chain)';
  return null;
}

/** Loads `.env` from the working directory when there is one (never overrides real env). */
export function loadDotEnv(file = '.env'): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
