// Screenshots of the dashboard with its charts on the benchmark city (bench/city-records.ts:
// 300 schools, a school year's plans) as the Department sees it, for docs/dashboard.md — the
// demo roster of the browser test has too few plans to show what the charts are for. Renders
// the page in process (no server), opens it in Chromium at laptop and phone width.
// Run: npx tsx bench/dashboard-city-screenshots.ts   (read-only on the city; writes docs/screenshots/dashboard-city-*.jpg)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/prisma.js';
import { createLogger } from '../src/infra/logger.js';
import { loadActor } from '../src/read-models/org-loader.js';
import { cityReport } from '../src/web-admin/dashboard/compliance-report.js';
import { cityView } from '../src/web-admin/dashboard/compliance-views.js';
import { chartsSection } from '../src/web-admin/dashboard/leader-charts.js';
import { ObligationCache } from '../src/web-admin/dashboard/obligation-cache.js';
import { leaderCharts } from '../src/web-admin/dashboard/progress-report.js';
import { html, page } from '../src/web-admin/html.js';
import { DOCS_SCREENSHOT_DIR, launchBrowser, VIEWPORTS } from '../test/support/browser.js';
import { cityRecords, OFFICE_CODES } from './city-records.js';

const now = new Date();
const db = createDb(`file:${cityRecords(now).dbFile}`);
const cache = new ObligationCache(db, { now: () => now, logger: createLogger('silent') });
const actor = (await loadActor(db, (await db.staff.findUniqueOrThrow({ where: { code: OFFICE_CODES.hotline } })).id))!;
const report = await cityReport(db, cache, actor, {}, now);
const body = cityView(report, [], now, chartsSection(report, await leaderCharts(db, actor, report, now)));
await cache.settled();
await db.$disconnect();

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-city-charts-')), 'dashboard.html');
fs.writeFileSync(file, page(`Tổng quan năm học ${report.year.name}`, body, { nav: html`<nav aria-label="Chức năng"><a class="on" href="#">Tổng quan</a></nav>` }));
const browser = await launchBrowser();
try {
  const tab = await browser.newPage({ locale: 'vi-VN' });
  await tab.goto(`file://${file}`);
  for (const size of ['laptop', 'phone'] as const) {
    await tab.setViewportSize(VIEWPORTS[size]);
    // The charts, not the 300 schools' table under them.
    const end = await tab.locator('.charts').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    const out = path.join(DOCS_SCREENSHOT_DIR, `dashboard-city-${size}.jpg`);
    await tab.screenshot({ path: out, type: 'jpeg', quality: 55, fullPage: true, clip: { x: 0, y: 0, width: VIEWPORTS[size].width, height: Math.ceil(end) } });
    console.log(out);
  }
} finally {
  await browser.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
