// Benchmark of the web admin's dashboard and records pages on a city-sized database (issue 6:
// 300 schools, 20,000 teachers, a million submissions; aim: under 200 ms at the median on
// SQLite). The real product serves a fresh copy of the cached city (bench/city-records.ts);
// five viewers with different scopes sign in over HTTP and ask each page in turn.
// Run: npm run bench -- web-admin   (BENCH_REPEAT=n: timed requests per page, default 25;
// BENCH_TICK_WAIT_S: how long to wait for the first scheduler tick, default 300)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { addDays, vnDateOf } from '../src/core/calendar.js';
import { dueRounds } from '../src/core/schedule.js';
import { loadConfig } from '../src/config/config.js';
import { createDb, type Db } from '../src/db/prisma.js';
import { createLogger } from '../src/infra/logger.js';
import { startProduct, type RunningProduct } from '../src/product.js';
import { runDueWork } from '../src/use-cases/scheduled/run-due-work.js';
import { TEST_PASSWORD, WebClient } from '../test/support/web-client.js';
import { hashPassword } from '../src/web-admin/auth/password.js';
import { cityRecords, OFFICE_CODES, type CityRecords } from './city-records.js';
import { machineLine, percentile } from './machine.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 25);
const WARM_UP = 3;
const TARGET_MS = 200;
/** How long to wait for the scheduler's first tick before measuring anyway (and saying so). */
const TICK_WAIT_S = Number(process.env.BENCH_TICK_WAIT_S ?? 300);

interface Viewer {
  label: string;
  staffId: number;
}

/** The places every viewer is asked about: one school (in the ward), one teacher, one plan. */
interface Targets {
  schoolId: number;
  teacherName: string;
  planId: number;
}

interface PageFigures {
  page: string;
  status: number;
  bytes: number;
  times: number[];
  error?: string;
}

/** Progress on stderr: the figures themselves go to stdout at the end. */
const progress = (line: string) => console.error(`[web-admin] ${line}`);

const now = new Date();
const city = cityRecords(now);
progress(city.cached ? `city from the cache: ${city.dbFile}` : `city built in ${city.buildSeconds.toFixed(0)} s`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-web-admin-'));
const dbFile = path.join(work, 'city.db');
const copyStart = performance.now();
fs.copyFileSync(city.dbFile, dbFile, fs.constants.COPYFILE_FICLONE); // a reflink where the file system has them
const copySeconds = (performance.now() - copyStart) / 1000;

progress(`copied in ${copySeconds.toFixed(1)} s; catching up the scheduler's work`);
const setup = createDb(`file:${dbFile}`);
const catchUpSeconds = await catchUpScheduledWork(setup, dbFile);
const { viewers, targets } = await prepareViewers(setup);
await setup.$disconnect();

// The scheduler ticks once at start (BullMQ runs an `every` job at once), then not again
// while we measure.
const product = await startProduct(
  loadConfig({ DATABASE_URL: `file:${dbFile}`, STORAGE_DIR: path.join(work, 'files'), PORT: '0', LOG_LEVEL: 'silent' }),
  createLogger('silent'),
  { queuePrefix: `bench-web-${process.pid}`, tickEveryMs: 6 * 3_600_000 },
);
const base = `http://127.0.0.1:${product.port}`;
progress(`product listening on ${base}; waiting for its first scheduler tick`);
const firstTick = await firstTickDone(product);
progress(firstTick.done ? `the product's first scheduler tick finished after ${firstTick.seconds.toFixed(0)} s` : `the first scheduler tick still runs after ${firstTick.seconds.toFixed(0)} s: measuring beside it`);
const loadBefore = os.loadavg();
const results: Array<{ viewer: string; pages: PageFigures[] }> = [];
try {
  for (const viewer of viewers) results.push({ viewer: viewer.label, pages: await measureViewer(base, viewer, targets) });
} finally {
  await product.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
const loadAfter = os.loadavg();
console.log(report(city, results, { copySeconds, catchUpSeconds, tick: firstTick, loadBefore, loadAfter }));

/**
 * Waits until the scheduler's first tick (run at start) has finished, so that no tick shares
 * the machine with the measurements: on a city it takes minutes (see BENCHMARKS.md).
 */
async function firstTickDone(running: RunningProduct): Promise<{ seconds: number; done: boolean }> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  while (seconds() < TICK_WAIT_S) {
    const c = (await running.chat.jobs.counts()).schedule ?? {};
    if ((c.active ?? 0) + (c.waiting ?? 0) === 0 && (c.completed ?? 0) + (c.failed ?? 0) > 0) return { seconds: seconds(), done: true };
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { seconds: seconds(), done: false };
}

/**
 * The copy may be days younger than the build: do what the scheduler would have done since
 * (late marks, nudges, today's rounds), so the product's first tick finds nothing to do.
 */
async function catchUpScheduledWork(db: Db, file: string): Promise<number> {
  const t0 = performance.now();
  await runDueWork(db, now);
  const year = await db.schoolYear.findFirstOrThrow({ where: { name: city.schoolYear } });
  const schedule = { ...year, reminderOffsetsDays: JSON.parse(year.reminderOffsetsDays) as number[] };
  const sqlite = new Database(file);
  // Rounds due later today or tomorrow are recorded as done: they must not start mid-run.
  const keys = [0, 6, 12, 18, 24, 30].flatMap((h) => dueRounds(schedule, new Date(now.getTime() + h * 3_600_000)).map((r) => r.key));
  const later = [vnDateOf(now), addDays(vnDateOf(now), 1)].flatMap((d) => [`eve:${d}@${year.reminderTime}`, `digest:${d}@${year.digestTime}`]);
  const insert = sqlite.prepare(`INSERT OR IGNORE INTO ScheduledRun (key, ranAt) VALUES (?, ?)`);
  for (const key of [...keys, ...later]) insert.run(key, now.toISOString().replace('Z', '+00:00'));
  // Messages the round wrote would have been delivered by now.
  sqlite.prepare(`UPDATE OutboxMessage SET status = 'SENT', sentAt = ? WHERE status = 'PENDING'`).run(now.toISOString().replace('Z', '+00:00'));
  sqlite.close();
  return (performance.now() - t0) / 1000;
}

async function prepareViewers(db: Db): Promise<{ viewers: Viewer[]; targets: Targets }> {
  const school = await db.school.findUniqueOrThrow({ where: { code: 'S1' } });
  const principal = await db.roleAssignment.findFirstOrThrow({ where: { schoolId: school.id, role: 'PRINCIPAL' } });
  // A mathematics teacher who heads nothing: every viewer below may read their plans.
  const teacher = await db.staff.findFirstOrThrow({
    where: { schoolId: school.id, subjects: '["Toán"]', roles: { every: { role: 'TEACHER' } } },
    orderBy: { id: 'asc' },
  });
  const plan = await db.plan.findFirstOrThrow({ where: { ownerId: teacher.id, kind: 'LESSON_PLAN', currentVersion: 2 }, orderBy: { id: 'desc' } });
  const office = async (code: string) => (await db.staff.findUniqueOrThrow({ where: { code } })).id;
  const wardSchools = await db.school.count({ where: { supervisingUnitId: school.supervisingUnitId } });
  const viewers: Viewer[] = [
    { label: 'Hotline (whole city)', staffId: await office(OFFICE_CODES.hotline) },
    { label: 'Division specialist (Toán, city-wide)', staffId: await office(OFFICE_CODES.specialist) },
    { label: `Ward unit account (${wardSchools} schools)`, staffId: await office(OFFICE_CODES.unitAccount) },
    { label: 'Principal (1 school)', staffId: principal.staffId },
    { label: 'Teacher (own plans)', staffId: teacher.id },
  ];
  const passwordHash = await hashPassword(TEST_PASSWORD);
  for (const v of viewers) {
    const data = { username: `bench${v.staffId}`, passwordHash, mustChangePassword: false, active: true };
    await db.webAccount.upsert({ where: { staffId: v.staffId }, create: { staffId: v.staffId, ...data }, update: data });
  }
  return { viewers, targets: { schoolId: school.id, teacherName: teacher.fullName, planId: plan.id } };
}

async function measureViewer(baseUrl: string, viewer: Viewer, t: Targets): Promise<PageFigures[]> {
  const client = new WebClient(baseUrl);
  const signedIn = await client.signIn(`bench${viewer.staffId}`);
  if (signedIn.status !== 200) throw new Error(`${viewer.label}: sign-in answered ${signedIn.status}`);
  const first = await client.get('/records');
  const next = /<a[^>]*href="([^"]+)"[^>]*>\s*Trang sau/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
  const pages: Array<[string, string | undefined]> = [
    ['/dashboard', '/dashboard'],
    ['/dashboard/schools/:id', `/dashboard/schools/${t.schoolId}`],
    ['/records', '/records'],
    ['/records?school=', `/records?school=${t.schoolId}`],
    ['/records?teacher=', `/records?teacher=${encodeURIComponent(t.teacherName)}`],
    ['/records (Trang sau)', next],
    ['/plans/:id', `/plans/${t.planId}`],
  ];
  const out: PageFigures[] = [];
  for (const [page, url] of pages) {
    if (!url) {
      out.push({ page, status: 0, bytes: 0, times: [] });
      continue;
    }
    const times: number[] = [];
    let last = { status: 0, text: '' };
    try {
      for (let i = 0; i < WARM_UP + REPEAT; i++) {
        const t0 = performance.now();
        last = await client.get(url);
        if (i >= WARM_UP) times.push(performance.now() - t0);
        else progress(`${viewer.label} ${page}: warm-up ${last.status} in ${(performance.now() - t0).toFixed(0)} ms`);
      }
    } catch (error) {
      // Reported in the table rather than ending the run: the other pages still count.
      out.push({ page, status: -1, bytes: 0, times, error: String((error as Error).cause ?? error) });
      progress(`${viewer.label} ${page}: failed after ${times.length} requests: ${String((error as Error).cause ?? error)}`);
      continue;
    }
    out.push({ page, status: last.status, bytes: Buffer.byteLength(last.text), times });
    progress(`${viewer.label} ${page}: ${last.status}, median ${percentile(times, 50).toFixed(1)} ms`);
  }
  return out;
}

function report(c: CityRecords, rows: Array<{ viewer: string; pages: PageFigures[] }>, run: { copySeconds: number; catchUpSeconds: number; tick: { seconds: number; done: boolean }; loadBefore: number[]; loadAfter: number[] }): string {
  const ms = (v: number) => v.toFixed(1);
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
  const over: string[] = [];
  const lines = [
    `### Web admin pages on a city — ${now.toISOString().slice(0, 10)}`,
    `Machine: ${machineLine()}`,
    '',
    `City (school year ${c.schoolYear}): ${c.schools} schools, ${c.teachers.toLocaleString('en')} teachers, ${c.plans.toLocaleString('en')} plans, ${c.submissions.toLocaleString('en')} submissions, ${c.decisions.toLocaleString('en')} decisions, ${c.late.toLocaleString('en')} late lesson plans; SQLite file ${(c.dbBytes / 1024 ** 3).toFixed(2)} GiB.`,
    `Dataset ${c.cached ? `from the cache (built ${c.builtAt.slice(0, 16).replace('T', ' ')} UTC in ${c.buildSeconds.toFixed(0)} s)` : `built in ${c.buildSeconds.toFixed(0)} s`}; copied for this run in ${run.copySeconds.toFixed(1)} s; scheduler catch-up on the copy ${run.catchUpSeconds.toFixed(0)} s, ${run.tick.done ? `then the product's first scheduler tick (\`runDueWork\`, every minute beside the web server) ${run.tick.seconds.toFixed(0)} s; measured after it.` : `the product's first scheduler tick (\`runDueWork\`, every minute beside the web server) was still running after ${run.tick.seconds.toFixed(0)} s: **measured while it ran**.`}`,
    `Each page: ${WARM_UP} warm-up requests, then ${REPEAT} timed, one at a time, over HTTP (sign-in cookie, full body read). Load average (1/5/15 min) before ${load(run.loadBefore)}, after ${load(run.loadAfter)}.`,
    '',
    '| Viewer | Page | Status | KB | Median ms | p95 ms | Max ms |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    for (const p of r.pages) {
      if (p.error || p.times.length === 0) {
        lines.push(`| ${r.viewer} | ${p.page} | ${p.error ? `failed: ${p.error}` : 'no link'} | — | — | — | — |`);
        continue;
      }
      const median = percentile(p.times, 50);
      if (median >= TARGET_MS) over.push(`${r.viewer} ${p.page} (${ms(median)} ms)`);
      lines.push(`| ${r.viewer} | ${p.page} | ${p.status} | ${(p.bytes / 1024).toFixed(0)} | ${ms(median)} | ${ms(percentile(p.times, 95))} | ${ms(Math.max(...p.times))} |`);
    }
  }
  lines.push('', over.length === 0 ? `Every page's median is under ${TARGET_MS} ms.` : `Median at or over ${TARGET_MS} ms: ${over.join('; ')}.`);
  return lines.join('\n');
}
