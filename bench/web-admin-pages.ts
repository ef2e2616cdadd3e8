// The web admin's page measurement on a city database, shared by the `web-admin` (SQLite) and
// `records-postgres` (SQLite and PostgreSQL side by side) suites: catch up the scheduler's work
// on the run's own database, start the real product on it, wait for its first scheduler tick,
// then five viewers with different scopes sign in over HTTP and ask each page in turn.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, vnDateOf } from '../src/core/calendar.js';
import { dueRounds } from '../src/core/schedule.js';
import { loadConfig } from '../src/config/config.js';
import { createDb, type Db } from '../src/db/prisma.js';
import { createLogger } from '../src/infra/logger.js';
import { startProduct, type RunningProduct } from '../src/product.js';
import { runDueWork } from '../src/use-cases/scheduled/run-due-work.js';
import { TEST_PASSWORD, WebClient } from '../test/support/web-client.js';
import { hashPassword } from '../src/infra/password.js';
import { OFFICE_CODES } from './city-records.js';
import { percentile } from './machine.js';

export const REPEAT = Number(process.env.BENCH_REPEAT ?? 25);
export const WARM_UP = 3;
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

export interface PageFigures {
  page: string;
  status: number;
  bytes: number;
  times: number[];
  error?: string;
}

export interface PagesRun {
  rows: Array<{ viewer: string; pages: PageFigures[] }>;
  catchUpSeconds: number;
  tick: { seconds: number; done: boolean };
  loadBefore: number[];
  loadAfter: number[];
}

/** Measures every viewer's pages on `databaseUrl` (a copy made for this run: it is written to). */
export async function measureCityPages(o: { databaseUrl: string; workDir: string; now: Date; schoolYear: string; label: string }): Promise<PagesRun> {
  const progress = (line: string) => console.error(`[${o.label}] ${line}`);
  // The cached dataset was built with the migrations of its day: apply later ones (indexes) to
  // this copy, as `npm start` would.
  progress('applying pending migrations');
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: o.databaseUrl }, stdio: 'pipe' });
  progress('catching up the scheduler\'s work');
  const setup = createDb(o.databaseUrl);
  const catchUpSeconds = await catchUpScheduledWork(setup, o.now, o.schoolYear);
  const { viewers, targets } = await prepareViewers(setup);
  await setup.$disconnect();

  // The scheduler ticks once at start (BullMQ runs an `every` job at once), then not again
  // while we measure.
  const product = await startProduct(
    loadConfig({ DATABASE_URL: o.databaseUrl, STORAGE_DIR: path.join(o.workDir, 'files'), PORT: '0', LOG_LEVEL: 'silent' }),
    createLogger('silent'),
    { queuePrefix: `bench-web-${process.pid}-${Date.now()}`, tickEveryMs: 6 * 3_600_000 },
  );
  const base = `http://127.0.0.1:${product.port}`;
  progress(`product listening on ${base}; waiting for its first scheduler tick`);
  const tick = await firstTickDone(product);
  progress(tick.done ? `the product's first scheduler tick finished after ${tick.seconds.toFixed(0)} s` : `the first scheduler tick still runs after ${tick.seconds.toFixed(0)} s: measuring beside it`);
  const loadBefore = os.loadavg();
  const rows: PagesRun['rows'] = [];
  try {
    for (const viewer of viewers) rows.push({ viewer: viewer.label, pages: await measureViewer(base, viewer, targets, progress) });
  } finally {
    await product.stop();
  }
  return { rows, catchUpSeconds, tick, loadBefore, loadAfter: os.loadavg() };
}

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
 * Through Prisma only, so that it runs on SQLite and PostgreSQL alike.
 */
async function catchUpScheduledWork(db: Db, now: Date, schoolYear: string): Promise<number> {
  const t0 = performance.now();
  await runDueWork(db, now);
  const year = await db.schoolYear.findFirstOrThrow({ where: { name: schoolYear } });
  const schedule = { ...year, reminderOffsetsDays: JSON.parse(year.reminderOffsetsDays) as number[] };
  // Rounds due later today or tomorrow are recorded as done: they must not start mid-run.
  const keys = [0, 6, 12, 18, 24, 30].flatMap((h) => dueRounds(schedule, new Date(now.getTime() + h * 3_600_000)).map((r) => r.key));
  const later = [vnDateOf(now), addDays(vnDateOf(now), 1)].flatMap((d) => [`eve:${d}@${year.reminderTime}`, `digest:${d}@${year.digestTime}`]);
  for (const key of new Set([...keys, ...later])) await db.scheduledRun.upsert({ where: { key }, create: { key, ranAt: now }, update: {} });
  // Messages the round wrote would have been delivered by now.
  await db.outboxMessage.updateMany({ where: { status: 'PENDING' }, data: { status: 'SENT', sentAt: now } });
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

async function measureViewer(baseUrl: string, viewer: Viewer, t: Targets, progress: (line: string) => void): Promise<PageFigures[]> {
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
