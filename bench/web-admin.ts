// Benchmark of the web admin's dashboard and records pages on a city-sized database (issue 6:
// 300 schools, 20,000 teachers, a million submissions; aim: under 200 ms at the median on
// SQLite). The real product serves a fresh copy of the cached city (bench/city-records.ts);
// five viewers with different scopes sign in over HTTP and ask each page in turn
// (bench/web-admin-pages.ts).
// Run: npm run bench -- web-admin   (BENCH_REPEAT=n: timed requests per page, default 25;
// BENCH_TICK_WAIT_S: how long to wait for the first scheduler tick, default 300)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cityRecords, type CityRecords } from './city-records.js';
import { machineLine, percentile } from './machine.js';
import { measureCityPages, REPEAT, WARM_UP, type PagesRun } from './web-admin-pages.js';

const TARGET_MS = 200;
const progress = (line: string) => console.error(`[web-admin] ${line}`);

const now = new Date();
const city = cityRecords(now);
progress(city.cached ? `city from the cache: ${city.dbFile}` : `city built in ${city.buildSeconds.toFixed(0)} s`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-web-admin-'));
const dbFile = path.join(work, 'city.db');
const copyStart = performance.now();
fs.copyFileSync(city.dbFile, dbFile, fs.constants.COPYFILE_FICLONE); // a reflink where the file system has them
const copySeconds = (performance.now() - copyStart) / 1000;
progress(`copied in ${copySeconds.toFixed(1)} s`);
let run: PagesRun;
try {
  run = await measureCityPages({ databaseUrl: `file:${dbFile}`, workDir: work, now, schoolYear: city.schoolYear, label: 'web-admin' });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(report(city, run, copySeconds));

function report(c: CityRecords, run: PagesRun, copy: number): string {
  const ms = (v: number) => v.toFixed(1);
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
  const over: string[] = [];
  const lines = [
    `### Web admin pages on a city — ${now.toISOString().slice(0, 10)}`,
    `Machine: ${machineLine()}`,
    '',
    `City (school year ${c.schoolYear}): ${c.schools} schools, ${c.teachers.toLocaleString('en')} teachers, ${c.plans.toLocaleString('en')} plans, ${c.submissions.toLocaleString('en')} submissions, ${c.decisions.toLocaleString('en')} decisions, ${c.late.toLocaleString('en')} late lesson plans; SQLite file ${(c.dbBytes / 1024 ** 3).toFixed(2)} GiB.`,
    `Dataset ${c.cached ? `from the cache (built ${c.builtAt.slice(0, 16).replace('T', ' ')} UTC in ${c.buildSeconds.toFixed(0)} s)` : `built in ${c.buildSeconds.toFixed(0)} s`}; copied for this run in ${copy.toFixed(1)} s; scheduler catch-up on the copy ${run.catchUpSeconds.toFixed(0)} s, ${run.tick.done ? `then the product's first scheduler tick (\`runDueWork\`, every minute beside the web server) ${run.tick.seconds.toFixed(0)} s; measured after it.` : `the product's first scheduler tick (\`runDueWork\`, every minute beside the web server) was still running after ${run.tick.seconds.toFixed(0)} s: **measured while it ran**.`}`,
    `Each page: ${WARM_UP} warm-up requests, then ${REPEAT} timed, one at a time, over HTTP (sign-in cookie, full body read). Load average (1/5/15 min) before ${load(run.loadBefore)}, after ${load(run.loadAfter)}.`,
    '',
    '| Viewer | Page | Status | KB | Median ms | p95 ms | Max ms |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of run.rows) {
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
