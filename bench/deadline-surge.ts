// Benchmark of the deadline surge (issue 9, benchmark 1): every teacher of a city sends their
// annual plan (Kế hoạch giáo dục của giáo viên) to the Telegram bot within a few minutes. The
// real product runs as child processes in webhook mode against the local Bot API test server
// (no rate limits); this process is the load generator: it POSTs the document updates to
// /telegram/webhook at a set rate, answers any question the bot asks, and times each update
// to the "✅ Đã nhận hồ sơ." confirmation arriving at the test server.
// Run: npm run bench -- deadline-surge
//   SURGE_TEACHERS (default 20000), SURGE_RATE updates/s offered (default 300),
//   SURGE_CONCURRENCY webhook requests in flight at most (default: the max_connections the
//   product gave setWebhook, as Telegram would honour it), SURGE_QUICK=1 (500 teachers: a try-out), SURGE_DRAIN_TIMEOUT_S (1800).
//   PRODUCT_<NAME>=value is passed to the product as <NAME> (e.g. PRODUCT_LOG_LEVEL=info);
//   SURGE_NODE_ARGS: node options for the product (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
//   SURGE_PROCESSES: the process layout, one child per `+`-separated PROCESS_ROLES entry (default
//   `all`; e.g. `bot+worker+worker`), sharing database, Redis and storage; webhook POSTs go
//   round-robin to the processes with the bot role, as a load balancer would.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, vnDateOf } from '../src/core/calendar.js';
import { dueRounds } from '../src/core/schedule.js';
import { ensureCurrentSchoolYear } from '../src/db/org-setup.js';
import { createDb } from '../src/db/prisma.js';
import { freePort, startLocalRedis } from '../src/infra/local-redis.js';
import { runDueWork } from '../src/use-cases/scheduled/run-due-work.js';
import * as corpus from '../test/support/plan-corpus.js';
import { TelegramApiServer, type RecordedCall } from '../test/support/telegram-api-server.js';
import { buildCityRoster } from './city-roster.js';
import { machineLine, percentile } from './machine.js';

const QUICK = process.env.SURGE_QUICK === '1';
const TEACHERS = Number(process.env.SURGE_TEACHERS ?? (QUICK ? 500 : 20_000));
const RATE = Number(process.env.SURGE_RATE ?? 300);
const DRAIN_TIMEOUT_S = Number(process.env.SURGE_DRAIN_TIMEOUT_S ?? 1800);
/** SURGE_PROCESSES: one product process per `+`-separated entry, each entry its PROCESS_ROLES (`all`, `bot+worker+worker`). */
const LAYOUT = (process.env.SURGE_PROCESSES ?? 'all').split('+').map((e) => e.trim()).filter(Boolean);
/** Rate limits off (issue 9): the product's own limiter and per-chat gap are lifted too, unless overridden. */
const PRODUCT_DEFAULTS: Record<string, string> = { TELEGRAM_MESSAGES_PER_SECOND: '1000', CHAT_MESSAGE_GAP_MS: '0', LOG_LEVEL: 'warn' };
const PRODUCT_ENV = {
  ...PRODUCT_DEFAULTS,
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PRODUCT_')).map(([k, v]) => [k.slice('PRODUCT_'.length), v ?? ''])),
};
const SECRET = 'surge-bench-secret';
const CONFIRMED = '✅ Đã nhận hồ sơ.';
const CHAT_BASE = 1_000_000_000;

const progress = (line: string) => console.error(`[deadline-surge ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Teacher {
  staffId: number;
  chatId: number;
  subject: string;
  name: string;
}

// ---- the city, its chats and the files ------------------------------------------------------
const now = new Date();
const t0 = performance.now();
const city = buildCityRoster(300, 67);
const teachers = linkNumericChats(city.dbFile).slice(0, TEACHERS);
if (teachers.length < TEACHERS) throw new Error(`the city has ${teachers.length} teachers, fewer than SURGE_TEACHERS=${TEACHERS}`);
await quietAndCaughtUp(city.dbFile);
progress(`city: ${city.schools} schools, ${city.teachers} teachers, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const server = await new TelegramApiServer().start();
const baseDocx = await corpus.toDocx(corpus.teacherPlan());
const documents = teachers.map((t) => server.addFile(uniqueDocx(baseDocx, `${t.staffId}`), `KHGD giáo viên - ${t.name}.docx`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
const redis = await startLocalRedis({ dataDir: path.join(city.dir, 'redis'), persistent: false });

// ---- the product, as child processes (one per entry of SURGE_PROCESSES) -------------------------
const productEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH, HOME: process.env.HOME,
  DATABASE_URL: `file:${city.dbFile}`, STORAGE_DIR: path.join(city.dir, 'files'), REDIS_URL: redis.url,
  TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot,
  // An https public address is what switches Telegram to a webhook (src/chat-runtime.ts).
  PUBLIC_URL: 'https://surge.bench.invalid', TELEGRAM_WEBHOOK_SECRET: SECRET,
  ...PRODUCT_ENV,
};
// SURGE_NODE_ARGS: extra node options for the product (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
const nodeArgs = (process.env.SURGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const products: Product[] = [];
for (const roles of LAYOUT) products.push(await startProduct(roles));
const receivers = products.filter((p) => p.receivesUpdates);
if (receivers.length === 0) throw new Error(`SURGE_PROCESSES=${LAYOUT.join('+')} has no process with the bot role`);
await until(async () => {
  for (const p of products) if (p.child.exitCode !== null) throw new Error(`product ${p.roles} exited at start:\n${p.log.slice(-20).join('\n')}`);
  const healthy = await Promise.all(products.map((p) => fetch(`${p.base}/health`).then((r) => r.ok, () => false)));
  // Every bot process sets the webhook (the same URL): wait for each one's call.
  return healthy.every(Boolean) && server.callsTo('setWebhook').length >= receivers.length;
}, 120_000);
// Telegram keeps at most max_connections requests open, from the last setWebhook call.
const CONCURRENCY = Number(process.env.SURGE_CONCURRENCY ?? server.callsTo('setWebhook').at(-1)!.body.max_connections ?? 40);
for (const p of products) progress(`product ${p.roles} pid ${p.child.pid} listening on ${p.base}`);
progress(`layout ${LAYOUT.join(' + ')}: webhook set, updates spread over ${receivers.length} bot process(es); env ${JSON.stringify(PRODUCT_ENV)}`);

const memory = sampleMemoryOf(products);
const backlog = sampleBacklog(city.dbFile);

// ---- watching what the product sends -----------------------------------------------------------
const byChat = new Map(teachers.map((t, i) => [t.chatId, i]));
const postedAt: number[] = new Array(teachers.length).fill(0);
const confirmedAt: number[] = new Array(teachers.length).fill(0);
const answerMs: number[] = [];
let questions = 0, refusals = 0, errors = 0, non200 = 0, checkingReplies = 0, confirmations = 0, nextUpdateId = 1, nextCallback = 1;
const errorSamples: string[] = [];
let cursor = 0;
const watcher = setInterval(() => {
  for (; cursor < server.calls.length; cursor++) onCall(server.calls[cursor]!);
}, 20);

function onCall(call: RecordedCall): void {
  if (call.method !== 'sendMessage') return;
  const i = byChat.get(Number(call.body.chat_id));
  if (i === undefined) return;
  const text = String(call.body.text ?? '');
  const markup = typeof call.body.reply_markup === 'string' ? JSON.parse(call.body.reply_markup) : call.body.reply_markup;
  if (text.startsWith(CONFIRMED)) {
    if (!confirmedAt[i]) {
      confirmedAt[i] = call.at;
      confirmations++;
    }
  } else if (text.startsWith('❌')) refusals++;
  else if (markup?.inline_keyboard) {
    // A question: answer it as the teacher would, with a button press (counted).
    questions++;
    const buttons = (markup.inline_keyboard as Array<Array<{ text: string; callback_data: string }>>).flat();
    const pick = buttons.find((b) => b.callback_data.endsWith(':TEACHER_PLAN')) ?? buttons.find((b) => b.callback_data.endsWith(':N')) ?? buttons[0]!;
    void post({ update_id: nextUpdateId++, callback_query: { id: `cb${nextCallback++}`, from: userOf(teachers[i]!), chat_instance: 'surge', data: pick.callback_data, message: { message_id: 1, date: 0, chat: { id: teachers[i]!.chatId, type: 'private' }, text } } });
  } else checkingReplies++;
}

// ---- the surge --------------------------------------------------------------------------------
let inFlight = 0, nextReceiver = 0;
const slotFreed: Array<() => void> = [];
async function post(update: Record<string, unknown>): Promise<void> {
  while (inFlight >= CONCURRENCY) await new Promise<void>((r) => slotFreed.push(r));
  inFlight++;
  const start = performance.now();
  const target = receivers[nextReceiver++ % receivers.length]!;
  try {
    const res = await fetch(`${target.base}/telegram/webhook`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update),
    });
    await res.arrayBuffer();
    answerMs.push(performance.now() - start);
    if (res.status !== 200) {
      non200++;
      if (errorSamples.length < 5) errorSamples.push(`HTTP ${res.status}`);
    }
  } catch (error) {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(String((error as Error).cause ?? error));
  } finally {
    inFlight--;
    slotFreed.shift()?.();
  }
}

function userOf(t: Teacher) {
  return { id: t.chatId, is_bot: false, first_name: t.name, language_code: 'vi' };
}

progress(`sending ${teachers.length} documents at ${RATE}/s, at most ${CONCURRENCY} requests in flight`);
const loadBefore = os.loadavg();
const surgeStart = Date.now();
const sends: Array<Promise<void>> = [];
for (let i = 0; i < teachers.length;) {
  const due = Math.min(teachers.length, Math.floor(((Date.now() - surgeStart) * RATE) / 1000) + 1);
  for (; i < due; i++) {
    const t = teachers[i]!;
    const update = {
      update_id: nextUpdateId++,
      message: {
        message_id: i + 1, date: Math.floor(Date.now() / 1000), chat: { id: t.chatId, type: 'private' }, from: userOf(t),
        document: documents[i], caption: `Kế hoạch giáo dục của giáo viên môn ${t.subject}`,
      },
    };
    // Waiting for a free connection counts: the update was offered at its due time.
    postedAt[i] = Date.now();
    sends.push(post(update));
  }
  if (i < teachers.length) await new Promise((r) => setTimeout(r, 2));
}
await Promise.all(sends);
const sendEnd = Date.now();
progress(`all ${teachers.length} documents answered by the webhook after ${((sendEnd - surgeStart) / 1000).toFixed(1)} s; waiting for confirmations`);

let lastCount = -1, lastProgressAt = Date.now();
while (confirmations + refusals < teachers.length && Date.now() - surgeStart < DRAIN_TIMEOUT_S * 1000) {
  await new Promise((r) => setTimeout(r, 1000));
  if (confirmations !== lastCount) {
    lastCount = confirmations;
    lastProgressAt = Date.now();
  } else if (Date.now() - lastProgressAt > 120_000) break; // stalled
  const b = backlog.last();
  if (Math.round((Date.now() - surgeStart) / 1000) % 10 === 0) progress(`${confirmations} confirmed; intakes waiting ${b?.intakesOpen ?? '?'}, outbox pending ${b?.outboxPending ?? '?'}; RSS ${(memory.lastRss() / 1024).toFixed(0)} MB`);
}
const confirmEnd = Math.max(...confirmedAt);
const complete = confirmations + refusals >= teachers.length;
// The surge has drained when every message it caused (reviewers' copies too) is delivered.
if (complete) await until(() => (backlog.last()?.outboxPending ?? 1) === 0 && (backlog.last()?.intakesOpen ?? 1) === 0, 300_000).catch(() => undefined);
const drainEnd = Date.now();
clearInterval(watcher);
for (; cursor < server.calls.length; cursor++) onCall(server.calls[cursor]!);
const loadAfter = os.loadavg();
const mem = memory.stop();
backlog.stop();
const sent = { messages: server.callsTo('sendMessage').length, documents: server.callsTo('sendDocument').length, downloads: server.callsTo('downloadFile').length };
const dbCounts = finalCounts(city.dbFile);
await Promise.all(products.map(stopProduct));
await server.stop();
await redis.stop();
fs.rmSync(city.dir, { recursive: true, force: true });

// ---- the report -------------------------------------------------------------------------------
// Unconfirmed updates count as slower than any confirmed one (shown as "> the time waited").
const latencies = teachers.map((_, i) => (confirmedAt[i] ? confirmedAt[i]! - postedAt[i]! : Infinity));
const waited = Date.now() - surgeStart;
const sorted = [...confirmedAt].filter(Boolean).sort((a, b) => a - b);
const steady = (from: number, to: number) => {
  const a = sorted[Math.floor(sorted.length * from)]!, b = sorted[Math.floor(sorted.length * to) - 1]!;
  return ((to - from) * sorted.length) / Math.max(0.001, (b - a) / 1000);
};
const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : `> ${(waited / 1000).toFixed(0)} s (not confirmed when the run stopped)`);
const steadyRate = sorted.length > 10 ? steady(0.1, 0.9) : 0;
const accepted = teachers.length + questions - non200 - errors;
const sendSeconds = (sendEnd - surgeStart) / 1000;
/** About 25 rows of backlog, in whole 10 s steps. */
const every = Math.max(10_000, Math.ceil((Date.now() - surgeStart) / 25 / 10_000) * 10_000);
const lines = [
  `### Deadline surge — ${now.toISOString().slice(0, 10)}`,
  `Machine: ${machineLine()}`,
  '',
  `City: ${city.schools} schools, ${city.teachers.toLocaleString('en')} teachers (every one linked to a Telegram chat); ${teachers.length.toLocaleString('en')} of them send their annual plan (${(baseDocx.length / 1024).toFixed(0)} KB .docx, each file different) with the caption "Kế hoạch giáo dục của giáo viên môn <subject> …".`,
  `Process layout (SURGE_PROCESSES): **${LAYOUT.join(' + ')}** — ${products.length} product process(es), ${receivers.length} receiving webhooks (round-robin).`,
  `Offered: ${RATE} updates/s, at most ${CONCURRENCY} webhook requests in flight; product env ${Object.entries(PRODUCT_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}. Load average before ${loadBefore.map((v) => v.toFixed(1)).join(' / ')}, after ${loadAfter.map((v) => v.toFixed(1)).join(' / ')}.`,
  '',
  `- webhook: ${accepted.toLocaleString('en')} updates accepted (200) in ${sendSeconds.toFixed(1)} s = **${(accepted / sendSeconds).toFixed(0)} updates/s sustained**; answer time median ${percentile(answerMs, 50).toFixed(0)} ms, p95 ${percentile(answerMs, 95).toFixed(0)} ms, p99 ${percentile(answerMs, 99).toFixed(0)} ms; ${non200} non-200 answers, ${errors} failed requests${errorSamples.length ? ` (${errorSamples.join('; ')})` : ''}`,
  `- confirmed submissions: ${confirmations.toLocaleString('en')} of ${teachers.length.toLocaleString('en')} (${refusals} refused, ${questions} questions asked and answered by button); steady rate (10th–90th percentile of confirmations) **${steadyRate ? steadyRate.toFixed(1) : '—'} confirmations/s**`,
  confirmations ? `- update → "${CONFIRMED}" at the Bot API server: p50 ${s(percentile(latencies, 50))}, **p95 ${s(percentile(latencies, 95))}**, p99 ${s(percentile(latencies, 99))}, max ${s(Math.max(...latencies))}` : '- no confirmation arrived',
  complete
    ? `- the whole surge: last confirmation ${s(confirmEnd - surgeStart)} after the first update; every message it caused delivered (outbox empty) after ${s(drainEnd - surgeStart)}`
    : `- **stopped before the surge drained** (SURGE_DRAIN_TIMEOUT_S=${DRAIN_TIMEOUT_S}): ${confirmations.toLocaleString('en')} confirmed after ${(waited / 1000).toFixed(0)} s; at the rate seen so far (while updates still arrived, filing is slowest) the remaining ${(teachers.length - confirmations).toLocaleString('en')} would need about ${steadyRate ? ((teachers.length - confirmations) / steadyRate).toFixed(0) : '?'} s more (whole surge ≈ ${steadyRate ? (waited / 1000 + (teachers.length - confirmations) / steadyRate).toFixed(0) : '?'} s)`,
  ...memoryLines(mem),
  `- Bot API calls: ${sent.messages.toLocaleString('en')} sendMessage (${checkingReplies.toLocaleString('en')} "đang kiểm tra" replies to teachers), ${sent.documents.toLocaleString('en')} sendDocument (reviewers' copies), ${sent.downloads.toLocaleString('en')} file downloads; 429 answers: ${server.rateLimited}; warnings/errors in the product's log: ${problemCount()}${products.length > 1 ? ` (${products.map((p) => `${p.roles} ${p.problems}`).join(', ')})` : ''}`,
  `- database after: ${dbCounts}`,
  '',
  `Backlog over time (every ${every / 1000} s: updates answered, intakes not yet filed, outbox messages pending, confirmations, product RSS, summed over its processes):`,
  '',
  '| s | answered | intakes open | outbox pending | confirmed | RSS MB |',
  '|---:|---:|---:|---:|---:|---:|',
  ...backlog.rows(surgeStart, every).map((r) => `| ${r.s} | ${r.answered} | ${r.intakesOpen} | ${r.outboxPending} | ${r.confirmed} | ${r.rssMb} |`),
];
console.log(lines.join('\n'));
for (const p of products) if (p.problems > 0) progress(`product ${p.roles} (pid ${p.child.pid}) warnings/errors, first ones:\n${p.log.filter(isProblem).slice(0, 5).join('\n')}`);

// ---- helpers ----------------------------------------------------------------------------------

/** Gives every teacher's chat Telegram-like numeric ids; returns the teachers, one school after another in turn. */
function linkNumericChats(dbFile: string): Teacher[] {
  const db = new Database(dbFile);
  db.prepare(`UPDATE ChatIdentity SET externalUserId = CAST(staffId + ${CHAT_BASE} AS TEXT), chatId = CAST(staffId + ${CHAT_BASE} AS TEXT)`).run();
  const rows = db.prepare(`SELECT DISTINCT s.id, s.schoolId, s.subjects, s.fullName FROM Staff s JOIN RoleAssignment r ON r.staffId = s.id AND r.role = 'TEACHER' ORDER BY s.id`).all() as Array<{ id: number; schoolId: number; subjects: string; fullName: string }>;
  db.close();
  const bySchool = new Map<number, typeof rows>();
  for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r]);
  // Round robin over schools: the surge comes from the whole city at once.
  const out: Teacher[] = [];
  for (let k = 0; out.length < rows.length; k++) {
    for (const list of bySchool.values()) {
      const r = list[k];
      if (r) out.push({ staffId: r.id, chatId: r.id + CHAT_BASE, subject: (JSON.parse(r.subjects) as string[])[0]!, name: r.fullName });
    }
  }
  return out;
}

/**
 * No quiet hours (the surge may be measured at night), and the scheduler's work due today is
 * done and delivered beforehand, so the product's first tick does not write a reminder round
 * into the middle of the surge.
 */
async function quietAndCaughtUp(dbFile: string): Promise<void> {
  const db = createDb(`file:${dbFile}`);
  const year = await ensureCurrentSchoolYear(db, now);
  await db.schoolYear.update({ where: { id: year.id }, data: { quietStart: '00:00', quietEnd: '00:00' } });
  await runDueWork(db, now);
  const fresh = await db.schoolYear.findUniqueOrThrow({ where: { id: year.id } });
  await db.$disconnect();
  const schedule = { ...fresh, reminderOffsetsDays: JSON.parse(fresh.reminderOffsetsDays) as number[] };
  const sqlite = new Database(dbFile);
  const keys = [0, 1, 2, 3].flatMap((h) => dueRounds(schedule, new Date(now.getTime() + h * 3_600_000)).map((r) => r.key));
  const later = [vnDateOf(now), addDays(vnDateOf(now), 1)].flatMap((d) => [`eve:${d}@${fresh.reminderTime}`, `digest:${d}@${fresh.digestTime}`]);
  const insert = sqlite.prepare(`INSERT OR IGNORE INTO ScheduledRun (key, ranAt) VALUES (?, ?)`);
  for (const key of [...keys, ...later]) insert.run(key, now.toISOString().replace('Z', '+00:00'));
  sqlite.prepare(`UPDATE OutboxMessage SET status = 'SENT', sentAt = ? WHERE status = 'PENDING'`).run(now.toISOString().replace('Z', '+00:00'));
  sqlite.close();
}

/**
 * The same document, different bytes: a .docx is a zip, and a zip may end with a comment
 * (the end-of-central-directory record's last field). Each teacher's file gets its own, so
 * files are stored once each and not reported as duplicates of a colleague's.
 */
function uniqueDocx(docx: Buffer, tag: string): Buffer {
  const eocd = docx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || docx.readUInt16LE(eocd + 20) !== 0) throw new Error('unexpected .docx layout');
  const comment = Buffer.from(`hscm-surge ${tag}`);
  const out = Buffer.concat([docx.subarray(0, eocd + 22), comment]);
  out.writeUInt16LE(comment.length, eocd + 20);
  return out;
}

interface Product {
  roles: string;
  child: ChildProcess;
  base: string;
  receivesUpdates: boolean;
  log: string[];
  problems: number;
}

function isProblem(line: string): boolean {
  return /"level":(40|50|60)/.test(line);
}

function problemCount(): number {
  return products.reduce((n, p) => n + p.problems, 0);
}

/** One product process with the given PROCESS_ROLES on its own port; its log is kept (first 2,000 lines) and its warnings counted. */
async function startProduct(roles: string): Promise<Product> {
  const port = await freePort();
  const env = { ...productEnv, PROCESS_ROLES: roles, PORT: String(port) };
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const product: Product = { roles, child, base: `http://127.0.0.1:${port}`, receivesUpdates: roles.split(',').some((r) => ['all', 'bot'].includes(r.trim())), log: [], problems: 0 };
  for (const stream of [child.stdout!, child.stderr!]) collectLines(stream, (line) => {
    if (isProblem(line)) product.problems++;
    if (product.log.length < 2000) product.log.push(line);
  });
  return product;
}

function collectLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.trim()) onLine(line);
  });
}

/** SIGTERM (graceful: drains its jobs), SIGKILL after 30 s. */
async function stopProduct(p: Product): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const hardStop = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(hardStop);
}

/** Memory of every product process; the backlog shows the sum of their current RSS. */
function sampleMemoryOf(list: Product[]) {
  const samplers = list.map((p) => ({ product: p, sampler: sampleMemory(p.child.pid!) }));
  return {
    lastRss: () => samplers.reduce((n, s) => n + s.sampler.lastRss(), 0),
    stop: () => samplers.map((s) => ({ roles: s.product.roles, pid: s.product.child.pid!, ...s.sampler.stop() })),
  };
}

type MemoryPeaks = ReturnType<ReturnType<typeof sampleMemoryOf>['stop']>;

function memoryLines(peaks: MemoryPeaks): string[] {
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const one = (m: MemoryPeaks[number]) => `VmHWM ${mb(m.hwmKb)} (RSS at start ${mb(m.firstRssKb)}; its child processes' peak RSS ${mb(m.childrenPeakKb)}; threads at most ${m.maxThreads}; CPU ${(m.cpuMs / 1000).toFixed(1)} s from ready to stop)`;
  const cpuMs = peaks.reduce((n, m) => n + m.cpuMs, 0);
  const cpu = `- product CPU (user + system, every thread, from all ready to the end of the drain): ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / TEACHERS).toFixed(0)} ms per submission`;
  if (peaks.length === 1) return [`- product process peak memory: ${one(peaks[0]!)}`, cpu];
  const sum = peaks.reduce((n, m) => n + m.hwmKb + m.childrenPeakKb, 0);
  return [
    `- product processes' peak memory: **${mb(sum)} summed over the ${peaks.length} processes' peaks** (VmHWM + their child processes' peak RSS; the peaks need not coincide)`,
    ...peaks.map((m) => `  - ${m.roles} (pid ${m.pid}): ${one(m)}`),
    cpu,
  ];
}

/** VmRSS/VmHWM of the product and the RSS of its child processes (worker threads are in its own RSS). */
function sampleMemory(pid: number) {
  let hwmKb = 0, firstRssKb = 0, lastRssKb = 0, childrenPeakKb = 0, maxThreads = 0, firstCpuMs = -1, lastCpuMs = 0;
  const field = (text: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      lastRssKb = field(status, 'VmRSS');
      firstRssKb ||= lastRssKb;
      hwmKb = Math.max(hwmKb, field(status, 'VmHWM'));
      maxThreads = Math.max(maxThreads, field(status, 'Threads'));
      lastCpuMs = cpuMsOf(pid);
      if (firstCpuMs < 0) firstCpuMs = lastCpuMs;
      let children = 0;
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        for (const c of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) {
          children += field(fs.readFileSync(`/proc/${c}/status`, 'utf8'), 'VmRSS');
        }
      }
      childrenPeakKb = Math.max(childrenPeakKb, children);
    } catch {
      // the process ended, or a child did between two reads
    }
  };
  read();
  const timer = setInterval(read, 250);
  return {
    lastRss: () => lastRssKb,
    stop: () => {
      read();
      clearInterval(timer);
      return { hwmKb, firstRssKb, childrenPeakKb, maxThreads, cpuMs: lastCpuMs - Math.max(0, firstCpuMs) };
    },
  };
}

/** User + system CPU time of a process, all its threads (/proc/<pid>/stat fields 14 and 15, in ticks of 1/100 s on Linux). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Every 2 s, from the product's database (read-only; WAL lets it read beside the writer). */
function sampleBacklog(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  const q = {
    intakes: db.prepare(`SELECT COUNT(*) AS n FROM Intake WHERE status IN ('RECEIVED', 'CHECKED')`),
    outbox: db.prepare(`SELECT COUNT(*) AS n FROM OutboxMessage WHERE status = 'PENDING'`),
  };
  const samples: Array<{ at: number; answered: number; intakesOpen: number; outboxPending: number; confirmed: number; rssMb: number }> = [];
  const read = () => {
    try {
      samples.push({
        at: Date.now(), answered: answerMs.length, confirmed: confirmations, rssMb: Math.round(memory.lastRss() / 1024),
        intakesOpen: (q.intakes.get() as { n: number }).n, outboxPending: (q.outbox.get() as { n: number }).n,
      });
    } catch {
      // busy: next time
    }
  };
  read();
  const timer = setInterval(read, 2000);
  return {
    last: () => samples.at(-1),
    stop: () => {
      clearInterval(timer);
      db.close();
    },
    rows: (from: number, every: number) => {
      const out: Array<(typeof samples)[number] & { s: number }> = [];
      let next = from;
      for (const sample of samples) {
        if (sample.at < next) continue;
        out.push({ ...sample, s: Math.round((sample.at - from) / 1000) });
        next = sample.at + every - 1000;
      }
      return out;
    },
  };
}

function finalCounts(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const out = `${one(`SELECT COUNT(*) AS n FROM Submission`).toLocaleString('en')} submissions, ${one(`SELECT COUNT(*) AS n FROM Intake WHERE status = 'DONE'`).toLocaleString('en')} intakes filed, ${one(`SELECT COUNT(*) AS n FROM OutboxMessage WHERE status = 'SENT'`).toLocaleString('en')} outbox messages sent`;
  db.close();
  return out;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
