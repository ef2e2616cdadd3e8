// Every main page of the web admin in real Chromium, on a laptop (1366×800) and a phone
// (390×844): nothing sticks out past the right edge or needs sideways scrolling, axe-core finds
// no violation at all, and a screenshot of each goes to docs/screenshots/ (committed, so the
// pages can be seen without running anything). The app is createApp on a real SQLite database
// with the demo roster and the demo plans (as `npm run setup` makes them); no Redis, no bots.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPlans, setDemoDeadline } from '../../src/cli/demo-plans.js';
import type { Db } from '../../src/db/prisma.js';
import { TextExtractor } from '../../src/documents/text-extractor.js';
import { createLogger } from '../../src/infra/logger.js';
import { LocalFileStore } from '../../src/storage/local-file-store.js';
import { PlanFileReader } from '../../src/use-cases/plan-file-reader.js';
import { createApp } from '../../src/web-admin/create-app.js';
import { axeViolations, horizontalOverflow, launchBrowser, screenshot, VIEWPORTS } from '../support/browser.js';
import { importDemoRoster } from '../support/demo-roster.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { giveWebAccount, TEST_PASSWORD } from '../support/web-client.js';

let t: TestDb;
let db: Db;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
let dir: string;
let extractor: TextExtractor | undefined;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = createTestDb();
  db = t.db;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-pages-'));
  await setDemoDeadline(db);
  await importDemoRoster(db);
  const fileStore = new LocalFileStore(path.join(dir, 'files'));
  extractor = new TextExtractor();
  await seedDemoPlans({ db, fileStore, extractor });
  await giveWebAccount(db, 'SGD-HL1', 'hotline');
  const app = createApp({
    db, logger: createLogger('silent'), fileStore, documents: new PlanFileReader(fileStore, extractor), now: () => new Date(), publicUrl: 'http://127.0.0.1', cityName: 'Hải Phòng',
    telegramBotUsername: () => 'hscm_demo_bot', zaloBotName: () => undefined, queueCounts: async () => ({}), pingRedis: async () => true,
    channels: { telegram: true, zalo: false },
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ids.school = (await db.school.findFirstOrThrow({ where: { code: 'THCS-TP' } })).id;
  ids.teacher = (await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-004' } })).id;
  ids.resubmitted = (await db.plan.findFirstOrThrow({ where: { currentVersion: 2 } })).id;
  ids.returned = (await db.plan.findFirstOrThrow({ where: { state: 'RETURNED' } })).id;
  ids.group = (await db.group.findFirstOrThrow({ where: { schoolId: ids.school } })).id;
  ids.unit = (await db.orgUnit.findFirstOrThrow({ where: { kind: { notIn: ['DEPARTMENT'] } }, orderBy: { id: 'desc' } })).id;
  ids.year = (await db.schoolYear.findFirstOrThrow()).id;
  ids.ward = (await db.school.findFirstOrThrow({ where: { code: 'THCS-TP' } })).supervisingUnitId;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: VIEWPORTS.laptop, locale: 'vi-VN' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await extractor?.close();
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Checks the page as it is now at both sizes: no overflow, no axe violation; screenshots it. */
async function check(name: string): Promise<void> {
  for (const size of ['laptop', 'phone'] as const) {
    await page.setViewportSize(VIEWPORTS[size]);
    const overflow = await horizontalOverflow(page);
    expect.soft({ page: name, size, ...overflow }).toEqual({ page: name, size, pageScrolls: false, offenders: [] });
    const violations = await axeViolations(page);
    const described = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('; ')}`);
    expect.soft({ page: name, size, violations: described }).toEqual({ page: name, size, violations: [] });
    await screenshot(page, name, size, { committed: true });
  }
  await page.setViewportSize(VIEWPORTS.laptop);
}

async function visit(name: string, url: string): Promise<void> {
  const res = await page.goto(base + url);
  expect(res?.status(), url).toBe(200);
  await check(name);
}

describe('every main page on a laptop and a phone', { timeout: 60_000 }, () => {
  it('signed out: the home page and the sign-in page', async () => {
    await visit('home', '/');
    await visit('login', '/login');
  });

  it('signed in as the hotline: each section and the pages behind it', async () => {
    await page.goto(base + '/login');
    await page.getByLabel('Tên đăng nhập').fill('hotline');
    await page.getByLabel('Mật khẩu').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/dashboard/);
    const pages: Array<[string, string]> = [
      ['dashboard', '/dashboard'],
      // One supervising unit's schools, as its account sees them: the charts per school only.
      ['dashboard-unit', `/dashboard?unit=${ids.ward}`],
      ['dashboard-school', `/dashboard/schools/${ids.school}`],
      ['records', '/records'],
      ['plan-resubmitted', `/plans/${ids.resubmitted}`],
      ['plan-returned', `/plans/${ids.returned}`],
      // "Xem nhanh" of the resubmitted demo plan (khbd-toan9-bai4): the first version, then the
      // second with what changed since the first was returned.
      ['plan-preview', `/plans/${ids.resubmitted}/versions/1/preview`],
      ['plan-changes', `/plans/${ids.resubmitted}/versions/2/preview`],
      ['org', '/org'],
      ['org-school', `/org/schools/${ids.school}`],
      ['org-group', `/org/groups/${ids.group}`],
      ['org-unit', `/org/units/${ids.unit}`],
      ['staff', '/staff'],
      ['staff-person', `/staff/${ids.teacher}`],
      ['staff-new', '/staff/new'],
      ['roster', '/roster'],
      ['links', '/links'],
      ['years', '/years'],
      ['year', `/years/${ids.year}`],
      ['audit', '/audit'],
      ['queues', '/queues'],
      ['password', '/password'],
    ];
    for (const [name, url] of pages) await visit(name, url);
  });

  it('the menu shows every section on a phone without scrolling sideways', async () => {
    await page.goto(base + '/dashboard');
    await page.setViewportSize(VIEWPORTS.phone);
    const sections = ['Tổng quan', 'Hồ sơ', 'Đơn vị, trường, tổ', 'Cán bộ, giáo viên', 'Nhập danh sách', 'Liên kết chat', 'Năm học', 'Nhật ký', 'Hàng đợi'];
    for (const label of sections) {
      const link = page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: label, exact: true });
      await expect.poll(() => link.isVisible()).toBe(true);
      const box = (await link.boundingBox())!;
      expect(box.x + box.width, label).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    }
    await page.setViewportSize(VIEWPORTS.laptop);
  });

  it('the charts’ figure tables, opened, on a phone and a laptop', async () => {
    await page.goto(base + '/dashboard');
    for (const summary of await page.locator('.charts summary').all()) await summary.click();
    expect(await page.locator('.charts details[open]').count()).toBeGreaterThanOrEqual(2);
    await check('dashboard-tables');
  });

  it('the dashboard printed on A4: menu and filters hidden, nothing past the page width, each chart within one page', async () => {
    // A4 less the print stylesheet's 12 mm margins, in CSS pixels (96 per inch): 186 × 273 mm.
    const a4 = { width: 703, height: 1031 };
    await page.goto(base + '/dashboard');
    await page.setViewportSize(a4);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('header').isVisible()).toBe(false);
      expect(await page.locator('form.filters').first().isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'In trang này' }).isVisible()).toBe(false);
      expect(await horizontalOverflow(page)).toEqual({ pageScrolls: false, offenders: [] });
      const charts = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((svg) => ({ width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height })));
      expect(charts.length).toBeGreaterThanOrEqual(2);
      for (const box of charts) {
        expect(box.width).toBeGreaterThan(200);
        expect(box.width).toBeLessThanOrEqual(a4.width);
        expect(box.height).toBeLessThanOrEqual(a4.height);
      }
      await screenshot(page, 'dashboard-print', 'a4', { committed: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(VIEWPORTS.laptop);
    }
  });

  it('the demo\'s resubmitted plan reads in the browser, with what changed since it was returned', async () => {
    await page.goto(`${base}/plans/${ids.resubmitted}/versions/2/preview`);
    const changes = (await page.locator('#changes').textContent())!;
    expect(changes).toContain('Những gì đã sửa so với lần nộp thứ 1 (bị trả lại)');
    expect(changes).toContain('Lý do trả lại: Chưa có hoạt động Luyện tập; cô thêm bài tập luyện tập rồi nộp lại.');
    expect(await page.locator('#changes ins', { hasText: '3. Hoạt động 3: Luyện tập' }).isVisible()).toBe(true);
    expect(await page.locator('.doc-body').textContent()).toContain('Luyện tập');
    expect(await page.locator('.doc-body table.doc-table').count()).toBeGreaterThan(0);
  });

  it('a link-code sheet', async () => {
    await page.goto(`${base}/links?q=THCS-TP-004`);
    await page.getByRole('button', { name: 'Cấp mã' }).first().click();
    await page.waitForLoadState();
    expect(await page.textContent('main')).toContain('Phạm Minh Tuấn');
    await check('link-code-sheet');
  });
});
