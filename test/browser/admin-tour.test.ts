// The web admin in a real browser (Debian's Chromium, headless): the hotline signs in for the
// first time, reads the dashboard, imports a roster, finds a teacher, issues a link code that
// then really links a Telegram account, opens a plan handed in through the bot and downloads
// it. Screenshots of the main pages on a laptop and a phone go to test-artifacts/screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebAccount } from '../../src/use-cases/web-accounts.js';
import { launchBrowser, screenshot, VIEWPORTS } from '../support/browser.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../support/chat-harness.js';
import * as corpus from '../support/plan-corpus.js';

let h: ChatHarness;
let browser: Browser;
let page: Page;
let base: string;
let temporaryPassword: string;
let planFile: Buffer;

const NEW_PASSWORD = 'Hai Phong mua thu 2026';
const ROSTER = [
  'Mã trường,Tên trường,Cấp học,Đơn vị quản lý,Loại đơn vị,Tổ chuyên môn,Nhóm chuyên môn,Mã cán bộ,Họ và tên,Vai trò,Môn dạy,Điện thoại,Email',
  'THCS-LC,Trường THCS Lê Chân,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường,Tổ Ngữ văn – Lịch sử,Ngữ văn,THCS-LC-001,Trịnh Thị Ngọc Ánh,Giáo viên; Quản trị phần mềm,,0911000111,',
  'THCS-LC,Trường THCS Lê Chân,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường,Tổ Ngữ văn – Lịch sử,Ngữ văn,THCS-LC-002,Lương Văn Đức,Tổ trưởng,,0911000222,',
].join('\n');

beforeAll(async () => {
  h = await startChatHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  const hotline = await h.staffByCode('SGD-HL1');
  temporaryPassword = (await createWebAccount(h.product.db, { staffId: hotline.id, username: 'hotline', actor: 'test' })).temporaryPassword;

  // A lesson plan handed in through the bot, approved by the group head in the chat.
  const teacher = await h.linkedUser('THCS-TP-004', 901);
  const head = await h.linkedUser('THCS-TP-003', 902);
  planFile = await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 7: Hình thang cân', subject: 'Toán', grade: 8 }));
  teacher.sendFile(planFile, 'KHBD Toán 8 - Bài 7.docx', 'KHBD Toán 8 - Bài 7: Hình thang cân - 20/12/2026');
  await teacher.expectMessage(/✅ Đã nhận hồ sơ/);
  const review = await head.expectMessage(/Bài 7: Hình thang cân/);
  head.press(TelegramUser.buttonsOf(review).find((b) => /Duyệt/.test(b.text))!.callback_data);
  await teacher.expectMessage(/✅ Đã duyệt bởi Lê Thị Mai Anh/);

  browser = await launchBrowser();
  page = await browser.newPage({ viewport: VIEWPORTS.laptop, locale: 'vi-VN' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** Screenshots the current page on a laptop and on a phone. */
async function shoot(name: string): Promise<void> {
  await screenshot(page, name, 'laptop');
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, name, 'phone');
  await page.setViewportSize(VIEWPORTS.laptop);
}

describe('the web admin in a browser', { timeout: 60_000 }, () => {
  it('first sign-in asks for a password of one\'s own, then opens the dashboard', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'Đăng nhập trang quản trị' }).click();
    await shoot('login');
    await page.getByLabel('Tên đăng nhập').fill('hotline');
    await page.getByLabel('Mật khẩu').fill(temporaryPassword);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/password$/);
    await page.getByLabel('Mật khẩu hiện tại').fill(temporaryPassword);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.waitForURL(/\/dashboard/);
    await expect.poll(() => page.textContent('body')).toContain('Đã đổi mật khẩu.');
    const body = (await page.textContent('main'))!;
    expect(body).toContain('Trường THCS Trần Phú');
    expect(body).toContain('Trường THPT Thái Phiên');
    await shoot('dashboard');
    await page.getByRole('link', { name: /Trường THCS Trần Phú/ }).first().click();
    await page.waitForURL(/\/dashboard\/schools\/\d+/);
    expect(await page.textContent('main')).toContain('Phạm Minh Tuấn');
    await shoot('dashboard-school');
  });

  it('imports a roster: preview first, then the import', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-browser-'));
    const file = path.join(dir, 'danh sach THCS Le Chan.csv');
    fs.writeFileSync(file, ROSTER);
    await page.goto(base + '/roster');
    await page.setInputFiles('input[type=file]', file);
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.waitForURL(/\/roster\/preview$/);
    expect(await page.textContent('main')).toMatch(/2 người/);
    await shoot('roster-preview');
    await page.getByRole('button', { name: 'Nhập vào hệ thống' }).click();
    // The import runs as a background job: its page refreshes itself until it is done.
    await page.waitForURL(/\/roster\/jobs\/roster-\d+$/);
    await page.getByText('Đã nhập xong').waitFor({ timeout: 30_000 });
    expect(await page.textContent('main')).toMatch(/Đã nhập/);
    expect(await h.product.db.staff.count({ where: { code: { startsWith: 'THCS-LC-' } } })).toBe(2);
  });

  it('finds a teacher by name typed without accents', async () => {
    await page.goto(base + '/staff');
    await page.getByLabel('Tìm theo tên, mã, điện thoại').fill('pham minh tuan');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.getByRole('link', { name: 'Phạm Minh Tuấn' }).click();
    await page.waitForURL(/\/staff\/\d+$/);
    expect(await page.textContent('main')).toContain('THCS-TP-004');
    await shoot('staff-person');
  });

  it('issues a link code on a printable sheet; the code links a Telegram account', async () => {
    await page.goto(base + '/links?q=THCS-LC-002');
    await shoot('links');
    await page.getByRole('button', { name: 'Cấp mã' }).first().click();
    await page.waitForLoadState();
    const sheet = (await page.textContent('main'))!;
    expect(sheet).toContain('Lương Văn Đức');
    expect(await page.locator('img[src^="data:image"], svg').count()).toBeGreaterThan(0);
    await shoot('link-code-sheet');
    const code = /\b([A-HJ-NP-Z2-9]{8})\b/.exec(sheet)?.[1];
    expect(code).toBeDefined();
    const user = h.user(903, 'Lương Văn Đức');
    user.send(`/start ${code}`);
    await user.expectMessage(/Đã liên kết/);
    const linked = await h.product.db.chatIdentity.findFirst({ where: { externalUserId: '903' }, include: { staff: true } });
    expect(linked?.staff.code).toBe('THCS-LC-002');
  });

  it('opens the plan handed in through the bot and downloads the very file', async () => {
    await page.goto(base + '/records');
    await shoot('records');
    await page.getByRole('row', { name: /Bài 7: Hình thang cân/ }).getByRole('link').first().click();
    await page.waitForURL(/\/plans\/\d+$/);
    const detail = (await page.textContent('main'))!;
    expect(detail).toContain('Lê Thị Mai Anh');
    expect(detail).toMatch(/Duyệt/);
    await shoot('plan');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /KHBD Toán 8 - Bài 7\.docx/ }).click()]);
    expect(download.suggestedFilename()).toBe('KHBD Toán 8 - Bài 7.docx');
    const saved = fs.readFileSync((await download.path())!);
    expect(saved.equals(planFile)).toBe(true);
  });
});
