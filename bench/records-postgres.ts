// Benchmark 3 of issue 9: the web admin's records and dashboard pages on the city of a million
// submissions, SQLite and PostgreSQL side by side, measured the same way (bench/web-admin-pages.ts)
// on a fresh copy of the same dataset each (bench/city-records.ts, bench/city-records-postgres.ts).
// Run: npm run bench -- records-postgres   (BENCH_PG_URL: a superuser role on a local cluster,
// default postgresql://hscm_bench:hscm_bench@127.0.0.1:5432/postgres, created when run as root;
// BENCH_REPEAT, BENCH_TICK_WAIT_S as for web-admin; BENCH_ONLY=postgres skips the SQLite run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cityRecords } from './city-records.js';
import { dropRunDatabase, postgresCity } from './city-records-postgres.js';
import { machineLine, percentile } from './machine.js';
import { measureCityPages, REPEAT, WARM_UP, type PagesRun } from './web-admin-pages.js';

const progress = (line: string) => console.error(`[records-postgres] ${line}`);
const now = new Date();
const city = cityRecords(now);
progress(city.cached ? `city from the cache: ${city.dbFile}` : `city built in ${city.buildSeconds.toFixed(0)} s`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-records-pg-'));

let sqlite: (PagesRun & { copySeconds: number }) | undefined;
if (process.env.BENCH_ONLY !== 'postgres') {
  const dbFile = path.join(work, 'city.db');
  const t0 = performance.now();
  fs.copyFileSync(city.dbFile, dbFile, fs.constants.COPYFILE_FICLONE);
  const copySeconds = (performance.now() - t0) / 1000;
  try {
    sqlite = { ...(await measureCityPages({ databaseUrl: `file:${dbFile}`, workDir: work, now, schoolYear: city.schoolYear, label: 'sqlite' })), copySeconds };
  } finally {
    fs.rmSync(dbFile, { force: true });
  }
}

const pg = await postgresCity(city);
progress(`PostgreSQL copy ${pg.database} made in ${pg.copySeconds.toFixed(1)} s`);
let postgres: PagesRun;
try {
  postgres = await measureCityPages({ databaseUrl: pg.url, workDir: work, now, schoolYear: city.schoolYear, label: 'postgres' });
} finally {
  await dropRunDatabase(pg.database);
  fs.rmSync(work, { recursive: true, force: true });
}

const ms = (v: number) => v.toFixed(1);
const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
const tick = (r: PagesRun) => (r.tick.done ? `first scheduler tick ${r.tick.seconds.toFixed(0)} s, measured after it` : `first scheduler tick still running after ${r.tick.seconds.toFixed(0)} s: **measured while it ran**`);
const lines = [
  `### Records and dashboard, SQLite and PostgreSQL — ${now.toISOString().slice(0, 10)}`,
  `Machine: ${machineLine()}`,
  '',
  `City (school year ${city.schoolYear}): ${city.schools} schools, ${city.teachers.toLocaleString('en')} teachers, ${city.plans.toLocaleString('en')} plans, ${city.submissions.toLocaleString('en')} submissions, ${city.decisions.toLocaleString('en')} decisions (dataset built ${city.builtAt.slice(0, 16).replace('T', ' ')} UTC).`,
  sqlite ? `SQLite: file ${(city.dbBytes / 1024 ** 3).toFixed(2)} GiB, copied in ${sqlite.copySeconds.toFixed(1)} s; catch-up ${sqlite.catchUpSeconds.toFixed(0)} s; ${tick(sqlite)}; load average before ${load(sqlite.loadBefore)}, after ${load(sqlite.loadAfter)}.` : 'SQLite: not run (BENCH_ONLY=postgres).',
  `PostgreSQL 15 (local cluster, default settings): ${pg.cached ? 'dataset loaded earlier' : `dataset loaded from the SQLite file in ${pg.loadSeconds.toFixed(0)} s`}; copied for this run (CREATE DATABASE … TEMPLATE) in ${pg.copySeconds.toFixed(1)} s; catch-up ${postgres.catchUpSeconds.toFixed(0)} s; ${tick(postgres)}; load average before ${load(postgres.loadBefore)}, after ${load(postgres.loadAfter)}.`,
  `Each page: ${WARM_UP} warm-up requests, then ${REPEAT} timed, one at a time, over HTTP (sign-in cookie, full body read); the real product (\`startProduct\`) serves each database.`,
  '',
  '| Viewer | Page | Status | SQLite median ms | SQLite p95 ms | PostgreSQL median ms | PostgreSQL p95 ms |',
  '|---|---|---:|---:|---:|---:|---:|',
];
const cell = (p: PagesRun['rows'][number]['pages'][number] | undefined) =>
  !p ? ['—', '—'] : p.error ? [`failed: ${p.error}`, '—'] : p.times.length === 0 ? ['no link', '—'] : [ms(percentile(p.times, 50)), ms(percentile(p.times, 95))];
for (const [v, row] of postgres.rows.entries()) {
  for (const [k, p] of row.pages.entries()) {
    const s = sqlite?.rows[v]?.pages[k];
    const status = p.status > 0 ? String(p.status) : s && s.status > 0 ? String(s.status) : '—';
    lines.push(`| ${row.viewer} | ${p.page} | ${status} | ${cell(s).join(' | ')} | ${cell(p).join(' | ')} |`);
  }
}
console.log(lines.join('\n'));
