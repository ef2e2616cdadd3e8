// The real product as a child process (`node --import tsx src/main.ts`), so that a test can
// kill it with SIGKILL and start it again on the same database, files and Redis: what
// in-process harnesses cannot do. Telegram points at a TelegramApiServer in the test process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db/prisma.js';
import { freePort } from '../../src/infra/local-redis.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { linkByPhone } from '../../src/use-cases/link-chat.js';
import type { TelegramApiServer } from './telegram-api-server.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface ProductProcessOptions {
  telegram: TelegramApiServer;
  redisUrl: string;
  /** Extra environment for every start (LOG_LEVEL, PROCESS_ROLES, …). */
  env?: Record<string, string>;
  /** Another copy whose database and file store this one shares (several processes of one deployment). */
  shareWith?: ProductProcess;
  /** Whether start() waits for a Telegram poll too; default true (false: webhook mode, or no bot role). */
  waitForPoll?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A temporary workspace (database with the demo roster, file store) and the product run on it. */
export class ProductProcess {
  readonly dir: string;
  /** The database (SQLite `hscm.db` in dir, or PostgreSQL), created by prepare() (or the shared copy's). */
  private ownDatabase?: TestDatabase;
  readonly storageDir: string;
  /** Every line the product wrote to stdout and stderr, over all its runs. */
  readonly output: Array<{ at: number; line: string; stream: 'stdout' | 'stderr' }> = [];
  port = 0;
  private child?: ChildProcess;
  private exit?: Promise<Exit>;

  constructor(readonly options: ProductProcessOptions) {
    this.dir = options.shareWith?.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-proc-'));
    this.storageDir = path.join(this.dir, 'files');
  }

  /** Copies the migrated template, loads the demo roster (no quiet hours) and links `people` by phone. */
  async prepare(people: Array<{ code: string; telegramId: number }>): Promise<void> {
    this.ownDatabase ??= createTestDatabase({ in: this.dir, roster: true });
    const db = this.openDb();
    try {
      const year = await ensureCurrentSchoolYear(db);
      await db.schoolYear.update({ where: { id: year.id }, data: { quietStart: '00:00', quietEnd: '00:00' } });
      for (const p of people) {
        const staff = await db.staff.findUniqueOrThrow({ where: { code: p.code } });
        const id = String(p.telegramId);
        await linkByPhone(db, { channel: 'TELEGRAM', externalUserId: id, chatId: id }, staff.phone!);
      }
    } finally {
      await db.$disconnect();
    }
  }

  private get database(): TestDatabase | undefined {
    return this.ownDatabase ?? this.options.shareWith?.database;
  }

  get databaseUrl(): string {
    if (!this.database) throw new Error('prepare() first');
    return this.database.url;
  }

  /** A client of the same database, for assertions (close it with $disconnect). */
  openDb(): Db {
    return createDb(this.databaseUrl);
  }

  /**
   * Starts the product and resolves once its web server answers and it polls Telegram.
   * `crashPoint` arms one point of src/infra/crash-points.ts for this run only.
   */
  async start(crashPoint?: string): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) throw new Error('already running');
    this.port ||= await freePort();
    const { telegram } = this.options;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME,
      DATABASE_URL: this.databaseUrl, STORAGE_DIR: this.storageDir, REDIS_URL: this.options.redisUrl,
      TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, PORT: String(this.port),
      CHAT_MESSAGE_GAP_MS: '0', LOG_LEVEL: 'info', ...this.options.env,
      ...(crashPoint ? { HSCM_CRASH_POINT: crashPoint } : {}),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.capture(child, 'stdout');
    this.capture(child, 'stderr');
    const polls = telegram.pollCount;
    await waitUntil(async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`product exited at start:\n${this.tail()}`);
      return (await this.health()) !== null && (this.options.waitForPoll === false || telegram.pollCount > polls);
    }, 60_000, () => `product did not start:\n${this.tail()}`);
  }

  /** Resolves when the current run ends. */
  exited(): Promise<Exit> {
    if (!this.exit) throw new Error('not started');
    return this.exit;
  }

  /** Whether the current run is alive. */
  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends a signal to the current run (SIGKILL: a crash; SIGTERM: a clean stop) without waiting. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child!.kill(signal);
  }

  /** Stops the current run: SIGTERM (clean shutdown), then SIGKILL after 10 s. */
  async stop(): Promise<Exit | undefined> {
    if (!this.child || !this.running) return this.exit ? await this.exit : undefined;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    try {
      return await this.exited();
    } finally {
      clearTimeout(timer);
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.options.shareWith) return;
    await this.ownDatabase?.drop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** /health's answer ({ ok, database, redis }), or null while the web server does not answer. */
  async health(): Promise<{ ok: boolean; database: boolean; redis: boolean } | null> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(3000) });
      return (await response.json()) as { ok: boolean; database: boolean; redis: boolean };
    } catch {
      return null;
    }
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 30): string {
    return this.output.slice(-lines).map((l) => l.line).join('\n');
  }

  private capture(child: ChildProcess, stream: 'stdout' | 'stderr'): void {
    let rest = '';
    child[stream]!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) if (line.trim()) this.output.push({ at: Date.now(), line, stream });
    });
  }
}

/** Polls `check` every 100 ms until it returns true; throws (with `describe()`) after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string = () => 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
