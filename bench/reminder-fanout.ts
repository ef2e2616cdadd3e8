// Benchmark of the reminder fan-out: a city of 300 schools and 20,000 teachers, 7 days before
// 15/9. How long deciding who owes what takes, and the delivery rate achieved against a local
// Bot API server that enforces 30 messages/s and 1 message/s per chat (aim: ≥ 95 % of 30/s,
// no 429). Run: npm run bench -- reminder-fanout
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config.js';
import { ensureCurrentSchoolYear } from '../src/db/org-setup.js';
import { createDb } from '../src/db/prisma.js';
import { startLocalRedis } from '../src/infra/local-redis.js';
import { createLogger } from '../src/infra/logger.js';
import { startProduct } from '../src/product.js';
import { runDueWork } from '../src/use-cases/scheduled/run-due-work.js';
import { TelegramApiServer } from '../test/support/telegram-api-server.js';
import { buildCityRoster } from './city-roster.js';
import { machineLine } from './machine.js';

const at = new Date('2026-09-08T07:30:00+07:00');
const t0 = performance.now();
const city = buildCityRoster(300, 67);
const built = (performance.now() - t0) / 1000;

const db = createDb(`file:${city.dbFile}`);
const year = await ensureCurrentSchoolYear(db, at);
await db.schoolYear.update({ where: { id: year.id }, data: { quietStart: '00:00', quietEnd: '00:00' } });
const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
const result = await runDueWork(db, at);
const computeSeconds = (performance.now() - t1) / 1000;
const rssAfter = process.memoryUsage().rss;
await db.$disconnect();

// Delivery: the real product against a server enforcing Telegram's limits, measured over 40 s.
const server = await new TelegramApiServer().start();
server.enforceLimits({ perSecond: 30, perChatGapMs: 1000 });
const redis = await startLocalRedis({ dataDir: path.join(city.dir, 'redis'), persistent: false });
const product = await startProduct(
  loadConfig({ DATABASE_URL: `file:${city.dbFile}`, STORAGE_DIR: path.join(city.dir, 'files'), PORT: '0', REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot }),
  createLogger('warn'),
  { queuePrefix: 'bench' },
);
await new Promise((r) => setTimeout(r, 5000)); // let the relay fill the queue and the rate settle
const sentAtStart = server.callsTo('sendMessage').length;
const window = 40;
await new Promise((r) => setTimeout(r, window * 1000));
const sent = server.callsTo('sendMessage').length - sentAtStart;
await product.stop();
await server.stop();
await redis.stop();
fs.rmSync(city.dir, { recursive: true, force: true });

const rate = sent / window;
console.log([
  `### Reminder fan-out — ${new Date().toISOString().slice(0, 10)}`,
  `Machine: ${machineLine()}`,
  '',
  `City: ${city.schools} schools, ${city.teachers.toLocaleString('en')} teachers (+ boards), every person linked to a chat; roster written in ${built.toFixed(1)} s.`,
  `- deciding who owes what and writing the messages (round "7 days before 15/9"): ${computeSeconds.toFixed(1)} s for ${result.queued.toLocaleString('en')} messages; RSS ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(0)} MB more than before`,
  `- delivery against a server enforcing 30 msg/s and 1 msg/s per chat, steady state over ${window} s: ${rate.toFixed(1)} msg/s (${((rate / 30) * 100).toFixed(1)} % of the allowed rate), ${server.rateLimited} answers 429`,
].join('\n'));
