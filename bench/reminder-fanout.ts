// Benchmark of the reminder fan-out (issues 5 and 16): a city of 300 schools and 20,000
// teachers, 7 days before 15/9. How long deciding who owes what takes; then the whole round
// drains through the real product against a local Bot API server that enforces 30 messages in
// any sliding second and 1 message/s per chat (aim: ≥ 95 % of 30/s, no 429), while teachers
// send lesson plans at random moments: how long each waits for the bot's confirmation and their
// reviewer for the review request (aim: p95 < 5 s and < 10 s during the round).
// Run: npm run bench -- reminder-fanout
//   FANOUT_SCHOOLS (default 300; 20 gives a 1,500-message try-out), FANOUT_SUBMISSIONS (default 40).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config.js';
import { addDays, formatVnDate, vnDateOf } from '../src/core/calendar.js';
import { ensureCurrentSchoolYear } from '../src/db/org-setup.js';
import { createDb } from '../src/db/prisma.js';
import { startLocalRedis } from '../src/infra/local-redis.js';
import { createLogger } from '../src/infra/logger.js';
import { startProduct } from '../src/product.js';
import { runDueWork } from '../src/use-cases/scheduled/run-due-work.js';
import * as corpus from '../test/support/plan-corpus.js';
import { TelegramApiServer, type RecordedCall } from '../test/support/telegram-api-server.js';
import { buildCityRoster } from './city-roster.js';
import { machineLine, percentile } from './machine.js';

const SCHOOLS = Number(process.env.FANOUT_SCHOOLS ?? 300);
const SUBMISSIONS = Number(process.env.FANOUT_SUBMISSIONS ?? 40);
const LIMIT = { perSecond: 30, perChatGapMs: 1000 };
const CONFIRMED = '✅ Đã nhận hồ sơ.';
const CHAT_BASE = 1_000_000_000;
const progress = (line: string) => console.error(`[reminder-fanout ${new Date().toISOString().slice(11, 19)}] ${line}`);

const at = new Date('2026-09-08T07:30:00+07:00');
const t0 = performance.now();
const city = buildCityRoster(SCHOOLS, 67);
const built = (performance.now() - t0) / 1000;
const teachers = numericChats(city.dbFile);

const db = createDb(`file:${city.dbFile}`);
const year = await ensureCurrentSchoolYear(db, at);
await db.schoolYear.update({ where: { id: year.id }, data: { quietStart: '00:00', quietEnd: '00:00' } });
const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
const result = await runDueWork(db, at);
const computeSeconds = (performance.now() - t1) / 1000;
const rssAfter = process.memoryUsage().rss;
// The product's own scheduler must not add today's rounds in the middle of the measurement.
await runDueWork(db, new Date());
// The round: every bulk message pending now, known by chat and text on the server's log.
const roundRows = await db.outboxMessage.findMany({ where: { status: 'PENDING', bulk: true }, select: { chatId: true, payload: true } });
const roundKeys = new Set(roundRows.map((r) => `${r.chatId}|${(JSON.parse(r.payload) as { text: string }).text}`));
const roundSize = roundRows.length;
await db.$disconnect();
progress(`round written: ${roundSize} messages pending (${result.queued} for "7 days before 15/9")`);

// ---- the product against a strict server ------------------------------------------------------
const server = await new TelegramApiServer().start();
server.enforceLimits(LIMIT);
const redis = await startLocalRedis({ dataDir: path.join(city.dir, 'redis'), persistent: false });
const baseDocx = new Map<string, Buffer>();
for (const t of teachers) {
  const key = `${t.subject}|${t.grade}`;
  if (!baseDocx.has(key)) baseDocx.set(key, await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Ôn tập chương', subject: t.subject, grade: t.grade })));
}
const product = await startProduct(
  loadConfig({ DATABASE_URL: `file:${city.dbFile}`, STORAGE_DIR: path.join(city.dir, 'files'), PORT: '0', REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, CHAT_FLOOD_LIMIT: '0/60' }),
  createLogger('warn'),
  { queuePrefix: 'bench' },
);

// ---- teachers who send a lesson plan while the round drains --------------------------------------
const roundSeconds = roundSize / 29;
const chosen = shuffle(teachers).slice(0, SUBMISSIONS);
const startAt = Date.now();
const plans = chosen
  .map((t) => ({ teacher: t, dueMs: 5_000 + Math.random() * Math.max(10_000, roundSeconds * 1000 - 40_000), postedAt: 0, confirmedAt: 0 }))
  .sort((a, b) => a.dueMs - b.dueMs);
const byChat = new Map(plans.map((p) => [p.teacher.chatId, p]));
const teachingDay = formatVnDate(addDays(vnDateOf(new Date()), 10)).slice(0, 5);
let questions = 0, refusals = 0, nextUpdateId = 1, nextCallback = 1, cursor = 0;
const watcher = setInterval(() => {
  for (; cursor < server.calls.length; cursor++) onCall(server.calls[cursor]!);
}, 20);

function onCall(call: RecordedCall): void {
  if (call.method !== 'sendMessage') return;
  const plan = byChat.get(Number(call.body.chat_id));
  if (!plan) return;
  const text = String(call.body.text ?? '');
  const markup = typeof call.body.reply_markup === 'string' ? JSON.parse(call.body.reply_markup) : call.body.reply_markup;
  if (text.startsWith(CONFIRMED)) plan.confirmedAt ||= call.at;
  else if (text.startsWith('❌')) refusals++;
  else if (markup?.inline_keyboard) {
    // A question the caption did not answer: pressed as the teacher would (counted).
    questions++;
    const buttons = (markup.inline_keyboard as Array<Array<{ text: string; callback_data: string }>>).flat();
    const pick = buttons.find((b) => b.callback_data.endsWith(':LESSON_PLAN')) ?? buttons.find((b) => b.callback_data.endsWith(':N')) ?? buttons[0]!;
    server.pushUpdate({ callback_query: { id: `cb${nextCallback++}`, from: userOf(plan.teacher), chat_instance: 'fanout', data: pick.callback_data, message: { message_id: 1, date: 0, chat: { id: plan.teacher.chatId, type: 'private' }, text } } });
  }
}

const loadBefore = os.loadavg();
const cpuBefore = process.cpuUsage();
const wallBefore = Date.now();
for (const plan of plans) {
  const wait = startAt + plan.dueMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const t = plan.teacher;
  const document = server.addFile(uniqueDocx(baseDocx.get(`${t.subject}|${t.grade}`)!, `${t.staffId}`), `KHBD ${t.subject} ${t.grade} - Bài 5.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  plan.postedAt = Date.now();
  server.pushUpdate({
    update_id: nextUpdateId++,
    message: { message_id: nextUpdateId, date: Math.floor(Date.now() / 1000), chat: { id: t.chatId, type: 'private' }, from: userOf(t), document, caption: `KHBD ${t.subject} ${t.grade} - Bài 5: Ôn tập chương - ${teachingDay}` },
  });
  progress(`plan ${plans.indexOf(plan) + 1}/${plans.length} sent at ${((plan.postedAt - startAt) / 1000).toFixed(0)} s; ${server.callsTo('sendMessage').length} messages sent so far, ${server.rateLimited} × 429`);
}

// ---- until the round has drained -------------------------------------------------------------------
const isRound = (c: RecordedCall) => c.method === 'sendMessage' && roundKeys.has(`${c.body.chat_id}|${c.body.text}`);
for (let last = -1, stillSince = Date.now(); ; ) {
  await new Promise((r) => setTimeout(r, 2000));
  const sent = new Set(server.calls.filter(isRound).map((c) => `${c.body.chat_id}|${c.body.text}`)).size;
  if (sent >= roundSize) break;
  if (sent !== last) [last, stillSince] = [sent, Date.now()];
  else if (Date.now() - stillSince > 60_000) {
    progress(`stalled at ${sent}/${roundSize}`);
    break;
  }
  if (Math.round((Date.now() - startAt) / 1000) % 30 < 2) progress(`${sent}/${roundSize} round messages sent, ${server.rateLimited} × 429`);
}
await new Promise((r) => setTimeout(r, 3000)); // the last reviewers' messages
clearInterval(watcher);
for (; cursor < server.calls.length; cursor++) onCall(server.calls[cursor]!);
const loadAfter = os.loadavg();
const cpu = process.cpuUsage(cpuBefore);
// The product, the Bot API server and this generator share one process: the CPU it got tells
// whether the rate was held by the limiter or by a machine busy with other work.
const cpuShare = (cpu.user + cpu.system) / 1000 / (Date.now() - wallBefore);

// The reviewers' copies: each plan's review requests, found on the server's log by chat and code.
const reviewDb = createDb(`file:${city.dbFile}`);
const reviewerMs: number[] = [];
let unreviewed = 0;
for (const plan of plans) {
  const submissions = await reviewDb.submission.findMany({ where: { plan: { ownerId: plan.teacher.staffId, kind: 'LESSON_PLAN' } }, include: { plan: true } });
  const copies = await reviewDb.reviewMessage.findMany({ where: { submissionId: { in: submissions.map((s) => s.id) } } });
  const arrivals = copies.map((copy) => {
    const ref = submissions.find((s) => s.id === copy.submissionId)!.plan.refCode;
    return server.calls.find((c) => c.method === 'sendDocument' && String(c.body.chat_id) === copy.chatId && String(c.body.caption ?? '').includes(ref))?.at;
  }).filter((x): x is number => x !== undefined);
  if (arrivals.length === 0) unreviewed++;
  else reviewerMs.push(Math.max(...arrivals) - plan.postedAt);
}
await reviewDb.$disconnect();
const refusedBy = (over: string) => server.limitLog.filter((l) => l.over === over).length;
for (const l of server.limitLog.slice(0, 10)) {
  const before = server.calls.filter((c) => String(c.body.chat_id) === l.chatId && c.at <= l.at && c.at > l.at - 2000).map((c) => `${c.method}@${c.at - l.at}ms ${String(c.body.text ?? c.body.caption ?? '').slice(0, 30)}`);
  progress(`429 (${l.over}) ${l.method} to ${l.chatId}: this chat's calls in the 2 s before: ${before.join(' | ')}`);
}
await product.stop();
await server.stop();
await redis.stop();
fs.rmSync(city.dir, { recursive: true, force: true });

// A refused send is on the log too; each message counts once, when it finally went.
const roundCalls = [...new Map(server.calls.filter(isRound).map((c) => [`${c.body.chat_id}|${c.body.text}`, c])).values()].sort((a, b) => a.at - b.at);
const roundSpan = (roundCalls.at(-1)!.at - roundCalls[0]!.at) / 1000;
const sends = server.calls.filter((c) => /^(send|edit)/.test(c.method));
const allSpan = (sends.at(-1)!.at - sends[0]!.at) / 1000;
const confirmMs = plans.filter((p) => p.confirmedAt).map((p) => p.confirmedAt - p.postedAt);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pct = (values: number[]) => (values.length ? `p50 ${s(percentile(values, 50))}, p95 ${s(percentile(values, 95))}, max ${s(Math.max(...values))}` : 'none');
const roundRate = roundCalls.length / roundSpan;
console.log([
  `### Reminder fan-out with people waiting — ${new Date().toISOString().slice(0, 10)}`,
  `Machine: ${machineLine()}; load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}, after ${loadAfter.map((l) => l.toFixed(1)).join(' / ')}; this process (product + server) used ${(cpuShare * 100).toFixed(0)} % of one core during the round`,
  '',
  `City: ${city.schools} schools, ${city.teachers.toLocaleString('en')} teachers (+ boards), every person linked to a chat; roster written in ${built.toFixed(1)} s.`,
  `- deciding who owes what and writing the messages (round "7 days before 15/9"): ${computeSeconds.toFixed(1)} s for ${result.queued.toLocaleString('en')} messages; RSS ${((rssAfter - rssBefore) / 1024 / 1024).toFixed(0)} MB more than before`,
  `- the round against a server enforcing ${LIMIT.perSecond} per sliding second and 1 per chat per ${LIMIT.perChatGapMs} ms: ${roundCalls.length.toLocaleString('en')} of ${roundSize.toLocaleString('en')} messages in ${roundSpan.toFixed(0)} s = ${roundRate.toFixed(1)} msg/s (${((roundRate / 30) * 100).toFixed(1)} % of 30); all sends ${sends.length.toLocaleString('en')} in ${allSpan.toFixed(0)} s = ${(sends.length / allSpan).toFixed(1)} msg/s; ${server.rateLimited} answers 429 (${refusedBy('second')} over the second, ${refusedBy('chat')} too soon to one chat)`,
  `- ${plans.length} lesson plans sent at random moments during the round (${questions} questions answered, ${refusals} refusals): to the teacher's confirmation ${pct(confirmMs)} (${plans.length - confirmMs.length} unconfirmed); to the reviewer's review request ${pct(reviewerMs)} (${unreviewed} without one)`,
].join('\n'));

// ---- helpers ----------------------------------------------------------------------------------
interface Teacher {
  staffId: number;
  chatId: number;
  subject: string;
  grade: number;
  name: string;
}

/** Telegram updates carry numeric ids: every chat becomes one; the plain teachers are returned. */
function numericChats(dbFile: string): Teacher[] {
  const sqlite = new Database(dbFile);
  sqlite.prepare(`UPDATE ChatIdentity SET externalUserId = CAST(staffId + ${CHAT_BASE} AS TEXT), chatId = CAST(staffId + ${CHAT_BASE} AS TEXT)`).run();
  const rows = sqlite.prepare(`SELECT s.id, s.subjects, s.fullName, sc.level FROM Staff s JOIN School sc ON sc.id = s.schoolId
    WHERE EXISTS (SELECT 1 FROM RoleAssignment r WHERE r.staffId = s.id AND r.role = 'TEACHER')
      AND NOT EXISTS (SELECT 1 FROM RoleAssignment r WHERE r.staffId = s.id AND r.role <> 'TEACHER')`).all() as Array<{ id: number; subjects: string; fullName: string; level: string }>;
  sqlite.close();
  return rows.map((r) => ({ staffId: r.id, chatId: r.id + CHAT_BASE, subject: (JSON.parse(r.subjects) as string[])[0]!, grade: r.level === 'THPT' ? 11 : 8, name: r.fullName }));
}

function userOf(t: Teacher) {
  return { id: t.chatId, is_bot: false, first_name: t.name, language_code: 'vi' };
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same document, different bytes (a zip comment): each teacher's file is stored as their own. */
function uniqueDocx(docx: Buffer, tag: string): Buffer {
  const eocd = docx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || docx.readUInt16LE(eocd + 20) !== 0) throw new Error('unexpected .docx layout');
  const comment = Buffer.from(`hscm-fanout ${tag}`);
  const out = Buffer.concat([docx.subarray(0, eocd + 22), comment]);
  out.writeUInt16LE(comment.length, eocd + 20);
  return out;
}
