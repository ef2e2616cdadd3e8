// The compliance dashboard's own work on a city (bench/city-records.ts), without HTTP: the
// reports and workbooks for four kinds of viewer, the first (cold: every school's roster
// loaded) and the following ones (warm: obligations from the in-memory cache), wall and CPU
// time. The end-to-end figures over HTTP are `npm run bench -- web-admin`; this one shows
// where the time goes. The leaders' charts (issue 18: rates from the report, the day-by-day
// progress queries, the SVG) are part of /dashboard; their columns are what they add to it,
// with the day counts asked of the database (the first page of a scope, or after a plan of it
// changed) and from the product's cache (ProgressCache).
// Run: npx tsx bench/compliance-dashboard.ts   (read-only on the city)
import { performance } from 'node:perf_hooks';
import { createDb } from '../src/db/prisma.js';
import { loadActor } from '../src/read-models/org-loader.js';
import { createLogger } from '../src/infra/logger.js';
import { cityReport, schoolReport } from '../src/web-admin/dashboard/compliance-report.js';
import { cityView, schoolView } from '../src/web-admin/dashboard/compliance-views.js';
import { cityWorkbook } from '../src/web-admin/dashboard/compliance-xlsx.js';
import { chartsSection } from '../src/web-admin/dashboard/leader-charts.js';
import { leaderCharts, ProgressCache } from '../src/web-admin/dashboard/progress-report.js';
import { ObligationCache } from '../src/web-admin/dashboard/obligation-cache.js';
import { cityRecords, OFFICE_CODES } from './city-records.js';
import { machineLine, percentile } from './machine.js';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 15);
const now = new Date();
const city = cityRecords(now);
const db = createDb(`file:${city.dbFile}`);
const cache = new ObligationCache(db, { now: () => now, logger: createLogger('silent') });
const progressCache = new ProgressCache({ now: () => now });
const staffId = async (code: string) => (await db.staff.findUniqueOrThrow({ where: { code } })).id;
const school = await db.school.findUniqueOrThrow({ where: { code: 'S1' } });
const principal = (await db.roleAssignment.findFirstOrThrow({ where: { schoolId: school.id, role: 'PRINCIPAL' } })).staffId;
const viewers: Array<[string, number]> = [
  ['Hotline (whole city)', await staffId(OFFICE_CODES.hotline)],
  ['Division specialist (Toán)', await staffId(OFFICE_CODES.specialist)],
  ['Ward unit account', await staffId(OFFICE_CODES.unitAccount)],
  ['Principal (1 school)', principal],
];

interface Timing {
  wall: number[];
  cpu: number[];
}

async function time(times: number, work: () => Promise<unknown>): Promise<Timing> {
  const t: Timing = { wall: [], cpu: [] };
  for (let i = 0; i < times; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await work();
    t.wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    t.cpu.push((used.user + used.system) / 1000);
  }
  return t;
}

const ms = (t: Timing) => `${percentile(t.wall, 50).toFixed(1)} / ${percentile(t.cpu, 50).toFixed(1)}`;
const lines = [
  `### Compliance dashboard, in process — ${now.toISOString().slice(0, 10)}`,
  `Machine: ${machineLine()}`,
  `City: ${city.schools} schools, ${city.teachers.toLocaleString('en')} teachers, ${city.plans.toLocaleString('en')} plans, ${city.submissions.toLocaleString('en')} submissions. Median of ${REPEAT}, wall / CPU ms.`,
  '',
  '| Viewer | /dashboard first (cold) | /dashboard | charts, uncached | charts, cached | charts KB | /dashboard/schools/:id | /dashboard.xlsx |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
for (const [label, id] of viewers) {
  const actor = (await loadActor(db, id))!;
  const page = async () => {
    const report = await cityReport(db, cache, actor, {}, now);
    return cityView(report, [], now, chartsSection(report, await leaderCharts(db, actor, report, now, progressCache)));
  };
  const cold = await time(1, page);
  const warm = await time(REPEAT, page);
  const report = await cityReport(db, cache, actor, {}, now);
  const charts = await time(REPEAT, async () => chartsSection(report, await leaderCharts(db, actor, report, now)));
  const chartsCached = await time(REPEAT, async () => chartsSection(report, await leaderCharts(db, actor, report, now, progressCache)));
  const chartsKb = Buffer.byteLength(chartsSection(report, await leaderCharts(db, actor, report, now)).value) / 1024;
  const one = await time(REPEAT, () => schoolReport(db, actor, school.id, {}, now).then((r) => schoolView(r, [], now)));
  const xlsx = await time(Math.ceil(REPEAT / 3), () => cityReport(db, cache, actor, {}, now).then((r) => cityWorkbook(r, now)));
  lines.push(`| ${label} | ${ms(cold)} | ${ms(warm)} | ${ms(charts)} | ${ms(chartsCached)} | ${chartsKb.toFixed(0)} | ${ms(one)} | ${ms(xlsx)} |`);
}
await cache.settled();
await db.$disconnect();
console.log(lines.join('\n'));
