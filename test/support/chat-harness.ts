// The whole product with Telegram on, against the local Bot API test server: real telegraf
// polling, a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), real Redis, the demo
// roster loaded (a copy of the roster template, test-db.ts). Users are simulated by pushing
// updates into the server; assertions read what the bot sent back.
import { freePort } from '../../src/infra/local-redis.js';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createDb } from '../../src/db/prisma.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { createLogger } from '../../src/infra/logger.js';
import { startProduct, type RunningProduct } from '../../src/product.js';
import { TelegramApiServer, type RecordedCall } from './telegram-api-server.js';
import { ZaloApiServer, ZaloChatUser } from './zalo-api-server.js';
import { issueLinkCode } from '../../src/use-cases/issue-link-code.js';
import type { S3TestServer } from './s3-server.js';
import { createTestDatabase } from './test-db.js';

export interface ChatHarness {
  server: TelegramApiServer;
  /** The Zalo Bot API test server, when the harness was started with `zalo`. */
  zalo?: ZaloApiServer;
  /** Where the product's web server answers (its PUBLIC_URL when Zalo is on). */
  baseUrl: string;
  product: RunningProduct;
  dir: string;
  /** The product's DATABASE_URL. */
  databaseUrl: string;
  user(id: number, name?: string): TelegramUser;
  staffByCode(code: string): Promise<{ id: number; phone: string | null; fullName: string }>;
  /** A demo-roster person (by staff code) who has linked Telegram id `id` by sharing their phone. */
  linkedUser(code: string, id: number): Promise<TelegramUser>;
  /** A demo-roster person who has linked Zalo chat `id` by sending a one-time link code. */
  linkedZaloUser(code: string, id: string | number): Promise<ZaloChatUser>;
  /** Stops the product and starts it again on the same database, files and queues. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  tickEveryMs?: number;
  /** Turns Zalo on against a local Zalo Bot API server, receiving by webhook or long polling. */
  zalo?: 'webhook' | 'polling';
  /** Stores files in this S3 test server's bucket (under a prefix of this harness) instead of STORAGE_DIR. */
  s3?: S3TestServer;
}

export async function startChatHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<ChatHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-chat-'));
  const database = createTestDatabase({ in: dir, roster: true });
  await setQuietHours(database.url, env.QUIET_HOURS ?? '00:00-00:00');
  const server = await new TelegramApiServer().start();
  const zalo = options.zalo ? await new ZaloApiServer().start() : undefined;
  // With Zalo, links and the webhook name the real port, so it is chosen before the start.
  const port = options.zalo ? await freePort() : 0;
  const zaloEnv: Record<string, string> = zalo
    ? { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: zalo.apiRoot, ZALO_RECEIVE: options.zalo!, PUBLIC_URL: `http://127.0.0.1:${port}` }
    : {};
  const config = loadConfig({
    DATABASE_URL: database.url, STORAGE_DIR: path.join(dir, 'files'),
    REDIS_URL: inject('redisUrl'), TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot,
    // Tests of pacing and quiet hours turn these on; the others should not wait for them.
    CHAT_MESSAGE_GAP_MS: '0',
    // Generous, so that a busy test user is never rate limited; the flood tests set their own.
    CHAT_FLOOD_LIMIT: '100/60', ...zaloEnv, ...options.s3?.env(`chat-${path.basename(dir)}`), PORT: String(port), ...env,
  });
  const logger = createLogger(process.env.TEST_LOG ?? 'silent');
  const queuePrefix = `t${randomUUID().slice(0, 8)}`;
  const productOptions = { queuePrefix, sweepEveryMs: 500, tickEveryMs: options.tickEveryMs, zaloPollSeconds: 1 };
  const product = await startProduct(config, logger, productOptions);
  const harness: ChatHarness = {
    server,
    zalo,
    get baseUrl() {
      return `http://127.0.0.1:${harness.product.port}`;
    },
    product,
    dir,
    databaseUrl: database.url,
    user: (id, name = `Người dùng ${id}`) => new TelegramUser(server, id, name),
    staffByCode: (code) => harness.product.db.staff.findUniqueOrThrow({ where: { code } }),
    async linkedUser(code, id) {
      const staff = await harness.staffByCode(code);
      const user = harness.user(id, staff.fullName);
      user.shareContact(staff.phone!);
      await user.expectMessage(/Đã liên kết/);
      return user;
    },
    async linkedZaloUser(code, id) {
      if (!zalo) throw new Error('start the harness with { zalo }');
      const staff = await harness.staffByCode(code);
      const issued = await issueLinkCode(harness.product.db, { staffId: staff.id, issuedBy: 'test' });
      const user = new ZaloChatUser(zalo, id, staff.fullName);
      const since = user.inbox().length;
      await user.sendText(issued.code);
      await user.expectMessage(/Đã liên kết/, since);
      return user;
    },
    async restart() {
      await harness.product.stop();
      harness.product = await startProduct(config, logger, productOptions);
    },
    async stop() {
      await harness.product.stop();
      await server.stop();
      await zalo?.stop();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Makes the current school year with these quiet hours ("HH:MM-HH:MM"; "00:00-00:00": none). */
export async function setQuietHours(databaseUrl: string, quiet: string): Promise<void> {
  const db = createDb(databaseUrl);
  const year = await ensureCurrentSchoolYear(db);
  const [quietStart, quietEnd] = quiet.split('-');
  await db.schoolYear.update({ where: { id: year.id }, data: { quietStart, quietEnd } });
  await db.$disconnect();
}

/** A person on Telegram, writing to the bot in a private chat (chat id = user id). */
export class TelegramUser {
  private nextMessageId = 1;
  constructor(readonly server: TelegramApiServer, readonly id: number, readonly name: string) {}

  private message(extra: Record<string, unknown>) {
    return {
      message: {
        message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000),
        chat: { id: this.id, type: 'private', first_name: this.name },
        from: { id: this.id, is_bot: false, first_name: this.name, language_code: 'vi' },
        ...extra,
      },
    };
  }

  send(text: string) {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    return this.server.pushUpdate(this.message({ text, entities }));
  }

  shareContact(phone: string, ownerId = this.id) {
    return this.server.pushUpdate(this.message({ contact: { phone_number: phone, first_name: this.name, user_id: ownerId } }));
  }

  sendFile(content: Buffer, fileName: string, caption?: string) {
    const document = this.server.addFile(content, fileName);
    return this.server.pushUpdate(this.message({ document, caption }));
  }

  sendDocument(document: Record<string, unknown>, caption?: string) {
    return this.server.pushUpdate(this.message({ document, caption }));
  }

  sendPhoto() {
    return this.server.pushUpdate(this.message({ photo: [{ file_id: 'P1', file_unique_id: 'P1u', width: 800, height: 600 }] }));
  }

  press(data: string, messageId = 1) {
    return this.server.pushUpdate({
      callback_query: {
        id: randomUUID(), from: { id: this.id, is_bot: false, first_name: this.name }, chat_instance: 'ci',
        data, message: { message_id: messageId, date: 0, chat: { id: this.id, type: 'private' }, text: '…' },
      },
    });
  }

  /** Messages the bot sent this user so far. */
  inbox(): RecordedCall[] {
    return this.server.sentTo(this.id);
  }

  /** Waits for a message to this user whose text or caption matches, after `since` messages. */
  async expectMessage(pattern: RegExp, since = 0): Promise<RecordedCall> {
    return this.server.waitFor(() =>
      this.inbox().slice(since).find((c) => pattern.test(String(c.body.text ?? c.body.caption ?? ''))),
    );
  }

  /** Waits for the answer to a button press. */
  async expectToast(pattern: RegExp, since = 0): Promise<RecordedCall> {
    return this.server.waitFor((calls) =>
      calls.filter((c) => c.method === 'answerCallbackQuery').slice(since).find((c) => pattern.test(String(c.body.text ?? ''))),
    );
  }

  /** The inline buttons of a message, flattened. */
  static buttonsOf(call: RecordedCall): Array<{ text: string; callback_data: string }> {
    const markup = typeof call.body.reply_markup === 'string' ? JSON.parse(call.body.reply_markup) : call.body.reply_markup;
    return (markup?.inline_keyboard ?? []).flat();
  }
}
