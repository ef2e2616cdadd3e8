// The web server alone, for page tests where the chat is not under test: the real Express app
// (`createApp`, the upload and review pages) listening on a free port, over a real database (a
// copy of the roster template: SQLite, or PostgreSQL with TEST_DATABASE_URL), a real file
// store, real Redis for /health. In place of the chat runtime (telegraf, BullMQ workers, the
// file-reading worker thread) a stand-in that counts the relay kicks a page asks for: pages
// only write outbox rows, which tests read from the database. Tests of what a chat user sees
// use chat-harness.ts instead.
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { TextExtractor } from '../../src/documents/text-extractor.js';
import { ensureCurrentSchoolYear, ensureRootUnits } from '../../src/db/org-setup.js';
import { createDb, type Db } from '../../src/db/prisma.js';
import { createLogger } from '../../src/infra/logger.js';
import { LocalFileStore } from '../../src/storage/local-file-store.js';
import type { FileStore } from '../../src/storage/file-store.js';
import { ReviewLinks } from '../../src/use-cases/review-links.js';
import { PlanFileReader } from '../../src/use-cases/plan-file-reader.js';
import { createApp } from '../../src/web-admin/create-app.js';
import { reviewPageRouter } from '../../src/web-admin/review-page.js';
import { uploadPageRouter } from '../../src/web-admin/upload-page.js';
import { createTestDatabase } from './test-db.js';

export interface WebHarness {
  /** The parts of a running product that page tests use (same names as RunningProduct). */
  product: { db: Db; port: number; fileStore: FileStore; reviewLinks: ReviewLinks; app: Express };
  baseUrl: string;
  dir: string;
  databaseUrl: string;
  /** How often a page (upload, review, sign-in unlock) asked the (stand-in) outbox relay to deliver. */
  relayKicks(): number;
  staffByCode(code: string): Promise<{ id: number; phone: string | null; fullName: string }>;
  stop(): Promise<void>;
}

export const TEST_BOT_USERNAME = 'hscm_test_bot';
/** The Zalo bot's name the link-code sheets print when Zalo is on (the Zalo test server's). */
export const TEST_ZALO_BOT_NAME = 'Trợ lý HSCM';

export interface WebHarnessOptions {
  /** The product's PUBLIC_URL (an https one turns on secure cookies and HSTS). */
  publicUrl?: string;
  now?: () => Date;
  /** Which chat channels the pages say are on (a product with both tokens: both); default Telegram only. */
  channels?: { telegram: boolean; zalo: boolean };
  /** The product's TRUST_PROXY (proxies allowed to name the client's address); default none. */
  trustProxy?: false | number | string[];
}

export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-web-'));
  const database = createTestDatabase({ in: dir, roster: true });
  const db = createDb(database.url);
  const cityName = 'Hải Phòng';
  await ensureRootUnits(db, cityName);
  const year = await ensureCurrentSchoolYear(db);
  await db.schoolYear.update({ where: { id: year.id }, data: { quietStart: '00:00', quietEnd: '00:00' } });
  const fileStore = new LocalFileStore(path.join(dir, 'files'));
  const logger = createLogger(process.env.TEST_LOG ?? 'silent');
  const extractor = new TextExtractor();
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  const now = options.now ?? (() => new Date());
  // What the product's configuration says with PORT=0 and no PUBLIC_URL, as chat-harness.ts.
  const publicUrl = options.publicUrl ?? 'http://localhost:0';
  const reviewLinks = new ReviewLinks('web-harness-link-secret-0123456789abcdef', publicUrl);
  let kicks = 0;
  const kick = () => void kicks++;
  const documents = new PlanFileReader(fileStore, extractor);
  const app = createApp({
    db, logger, fileStore, documents, now, cityName, publicUrl, trustProxy: options.trustProxy, kickOutbox: kick,
    channels: options.channels ?? { telegram: true, zalo: false },
    routers: [
      uploadPageRouter({ db, fileStore, logger, extractor, maxBytes: 50 * 1024 * 1024, afterSubmit: kick, now }),
      reviewPageRouter({ db, fileStore, logger, links: reviewLinks, documents, afterDecision: kick, now }),
    ],
    pingRedis: async () => (await redis.ping()) === 'PONG',
    telegramBotUsername: () => TEST_BOT_USERNAME,
    zaloBotName: () => (options.channels?.zalo ? TEST_ZALO_BOT_NAME : undefined),
    queueCounts: async () => ({}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as { port: number }).port;
  const harness: WebHarness = {
    product: { db, port, fileStore, reviewLinks, app },
    baseUrl: `http://127.0.0.1:${port}`,
    dir,
    databaseUrl: database.url,
    relayKicks: () => kicks,
    staffByCode: (code) => db.staff.findUniqueOrThrow({ where: { code } }),
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await extractor.close();
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
