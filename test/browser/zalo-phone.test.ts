// The Zalo channel's two web pages on a phone, in a real browser (Debian's Chromium, headless,
// 390×844 with touch), the way a teacher and a group head open them from inside Zalo: the
// teacher types "nop", opens the upload link and hands in a lesson plan; the group head opens
// the signed review link, downloads the file, returns it with a reason (not without one); the
// teacher hands in the fixed version through a new link and the group head sees what changed,
// reads it with "Xem nhanh" and approves it with a tap. Each page is checked with axe-core (no violation at all); its screenshot goes to
// docs/screenshots/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, screenshot, VIEWPORTS } from '../support/browser.js';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';
import * as corpus from '../support/plan-corpus.js';
import type { ZaloChatUser } from '../support/zalo-api-server.js';

let h: ChatHarness;
let browser: Browser;
let phone: BrowserContext;
let teacher: ZaloChatUser; // Phạm Minh Tuấn, Toán
let head: ZaloChatUser; // Lê Thị Mai Anh, tổ trưởng Toán – Tin

const TITLE = 'Bài 9: Hình thang cân';
const FILE_NAME = 'KHBD Toán 8 - Bài 9 Hình thang cân.docx';
const REASON = 'Thiếu hoạt động Luyện tập; thầy bổ sung phiếu bài tập rồi nộp lại.';
// A week ahead: the form refuses dates more than 30 days past, so no fixed date would last.
const TEACHING_DATE = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** The first version leaves out the practice activity, so the checker has something to say. */
let firstVersion: Buffer;
let fixedVersion: Buffer;
let refCode: string;
let reviewLink: string;

beforeAll(async () => {
  h = await startChatHarness({}, { zalo: 'webhook' });
  teacher = await h.linkedZaloUser('THCS-TP-004', 'zalo-tuan');
  head = await h.linkedZaloUser('THCS-TP-003', 'zalo-maianh');
  firstVersion = await corpus.toDocx(corpus.lessonPlan({ title: TITLE, subject: 'Toán', grade: 8, missing: ['practice'] }));
  fixedVersion = await corpus.toDocx(corpus.lessonPlan({ title: TITLE, subject: 'Toán', grade: 8 }));
  browser = await launchBrowser();
  // Zalo opens links in its own browser: a phone-sized, touch-driven Chromium.
  phone = await browser.newContext({ viewport: VIEWPORTS.phone, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'vi-VN' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

const textOf = (call: { body: Record<string, any> }) => String(call.body.text ?? '');
const linkIn = (text: string, path: 'u' | 'r') => new RegExp(`(http\\S+/${path}/\\S+)`).exec(text)?.[1];

/** Asks the bot for an upload link the way a Zalo teacher does, and returns it. */
async function askForUploadLink(): Promise<string> {
  const seen = teacher.inbox().length;
  await teacher.sendText('nop');
  const offer = await teacher.expectMessage(/mở liên kết sau để nộp hồ sơ/, seen);
  const link = linkIn(textOf(offer), 'u');
  expect(link, textOf(offer)).toBeDefined();
  return link!;
}

/** Nothing sticks out sideways: the page scrolls only up and down on a 390-pixel phone. */
async function expectFitsTheWidth(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  // A mobile browser widens its layout viewport to overflowing content, so innerWidth alone could agree with anything.
  expect(innerWidth).toBe(VIEWPORTS.phone.width);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Visible, and wholly inside the screen's width. */
async function expectOnScreen(page: Page, label: string | RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  expect(await field.isVisible(), `field “${label}”`).toBe(true);
  const box = (await field.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
}

describe('the Zalo pages on a phone', { timeout: 60_000 }, () => {
  it('the teacher types "nop", opens the link and hands in a lesson plan from the phone', async () => {
    const link = await askForUploadLink();
    const page = await phone.newPage();
    await page.goto(link);
    expect(await page.textContent('h1')).toBe('Nộp hồ sơ chuyên môn');
    expect(await page.textContent('main')).toContain('Phạm Minh Tuấn');
    await screenshot(page, 'zalo-upload', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    for (const label of ['Loại hồ sơ', 'Môn học', 'Lớp', 'Tên bài dạy hoặc chủ đề', 'Ngày dạy', /^Tệp kế hoạch/]) await expectOnScreen(page, label);

    await page.getByLabel('Loại hồ sơ').selectOption({ label: 'Kế hoạch bài dạy' });
    await page.getByLabel('Lớp', { exact: true }).selectOption({ label: 'Lớp 8' });
    await page.getByLabel('Tên bài dạy hoặc chủ đề').tap();
    await page.getByLabel('Tên bài dạy hoặc chủ đề').fill(TITLE);
    await page.getByLabel('Ngày dạy').fill(TEACHING_DATE);
    await page.getByLabel(/^Tệp kế hoạch/).setInputFiles({ name: FILE_NAME, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: firstVersion });
    const seen = teacher.inbox().length;
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).tap();
    await page.getByText(/Đã nhận hồ sơ\. Mã hồ sơ: [A-Z2-9]{6}/).waitFor({ timeout: 20_000 });
    // The confirmation sits inside its green box, not under an empty one.
    refCode = /Mã hồ sơ: ([A-Z2-9]{6})/.exec((await page.locator('.ok').textContent())!)![1]!;
    await screenshot(page, 'zalo-upload-done', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);

    await teacher.expectMessage(new RegExp(`✅ Đã nhận hồ sơ[\\s\\S]*${refCode}`), seen);
    const plan = await h.product.db.plan.findUniqueOrThrow({ where: { refCode }, include: { owner: true, submissions: true } });
    expect(plan).toMatchObject({ kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: TITLE, teachingDate: TEACHING_DATE, state: 'SUBMITTED' });
    expect(plan.owner.code).toBe('THCS-TP-004');
    // The browser sends the name as UTF-8: it is kept with its diacritics.
    expect(plan.submissions[0]!.originalName).toBe(FILE_NAME);
    await page.close();
  });

  it('the group head opens the review link, downloads the file and returns it, but not without a reason', async () => {
    const review = await head.expectMessage(new RegExp(`Mã hồ sơ: ${refCode}[\\s\\S]*Xem tệp và duyệt: http`));
    reviewLink = linkIn(textOf(review), 'r')!;
    const page = await phone.newPage();
    await page.goto(reviewLink);
    expect(await page.textContent('h1')).toBe(`Duyệt hồ sơ ${refCode}`);
    await screenshot(page, 'zalo-review', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    const main = (await page.textContent('main'))!;
    for (const fact of ['Lê Thị Mai Anh', 'Kế hoạch bài dạy', 'Phạm Minh Tuấn', TITLE, 'Toán', 'Trường THCS Trần Phú', 'Chờ duyệt']) expect(main).toContain(fact);
    expect(await page.getByRole('heading', { name: /Kiểm tra tự động/ }).isVisible()).toBe(true);
    expect(main).toContain('Chưa thấy 1 phần theo mẫu');
    expect(main).toContain('✗ Hoạt động Luyện tập');

    const fileLink = page.getByRole('link', { name: /\.docx$/ });
    expect(await fileLink.isVisible()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), fileLink.tap()]);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
    const saved = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    });
    expect(saved.equals(firstVersion)).toBe(true);

    // "Trả lại" with no reason: the browser holds the form back, and nothing is decided.
    const returnButton = page.getByRole('button', { name: /Trả lại/ });
    const reason = page.getByLabel('Lý do trả lại');
    await returnButton.tap();
    expect(await reason.evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(page.url()).toBe(reviewLink);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).state).toBe('SUBMITTED');
    expect(await h.product.db.decision.count({ where: { plan: { refCode } } })).toBe(0);

    const seen = teacher.inbox().length;
    await reason.tap();
    await reason.fill(REASON);
    await returnButton.tap();
    await page.getByText(`↩️ Đã trả lại hồ sơ ${refCode}. Giáo viên đã được báo lý do.`).waitFor();
    await screenshot(page, 'zalo-review-returned', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    await teacher.expectMessage(new RegExp(`${refCode}[\\s\\S]*↩️ Đã trả lại bởi Lê Thị Mai Anh[\\s\\S]*Lý do: ${REASON.replace(/[.;]/g, '\\$&')}`), seen);
    expect(await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).toMatchObject({ state: 'RETURNED' });

    // Opened again from the Zalo message: no forms any more, and who returned it and why.
    await page.goto(reviewLink);
    expect(await page.locator('form').count()).toBe(0);
    const after = (await page.textContent('main'))!;
    expect(after).toContain('Lần nộp này đã được Lê Thị Mai Anh trả lại lúc');
    expect(after).toContain(`Lý do: ${REASON}`);
    await screenshot(page, 'zalo-review-closed', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    await page.close();
  });

  it('the teacher hands in the fixed version through a new link; the group head approves it with a tap', async () => {
    const page = await phone.newPage();
    await page.goto(await askForUploadLink());
    // A returned plan makes the page ask first whether this is its fixed version.
    await expectOnScreen(page, 'Nộp lại hồ sơ bị trả lại?');
    await page.getByLabel('Nộp lại hồ sơ bị trả lại?').selectOption({ label: `${TITLE} (${refCode})` });
    // The plan's own kind, grade and title are kept: their fields step aside.
    expect(await page.getByLabel('Tên bài dạy hoặc chủ đề').isVisible()).toBe(false);
    await screenshot(page, 'zalo-upload-resubmit', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    await page.getByLabel(/^Tệp kế hoạch/).setInputFiles({ name: FILE_NAME, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: fixedVersion });
    const seenTeacher = teacher.inbox().length;
    const seenHead = head.inbox().length;
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).tap();
    await page.getByText(`Đã nhận hồ sơ. Mã hồ sơ: ${refCode}`).waitFor({ timeout: 20_000 });
    await teacher.expectMessage(new RegExp(`✅ Đã nhận hồ sơ[\\s\\S]*${refCode}`), seenTeacher);

    const review = await head.expectMessage(new RegExp(`Mã hồ sơ: ${refCode}[\\s\\S]*Xem tệp và duyệt: http`), seenHead);
    const secondLink = linkIn(textOf(review), 'r')!;
    expect(secondLink).not.toBe(reviewLink);
    await page.goto(secondLink);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Lần nộp thứ 2');
    expect(main).toContain('Có đủ các phần theo mẫu.');
    // What changed since the returned version, next to why it was returned, before the decision.
    expect(main).toContain('Những gì đã sửa so với lần nộp thứ 1 (bị trả lại)');
    expect(main).toContain(`Lý do trả lại: ${REASON}`);
    expect(await page.locator('ins', { hasText: '3. Hoạt động 3: Luyện tập' }).isVisible()).toBe(true);
    await screenshot(page, 'zalo-review-changes', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    // "Xem nhanh": the document itself, read on the phone without an office app.
    await page.getByRole('link', { name: /Xem nhanh nội dung/ }).tap();
    await page.getByRole('heading', { name: `Xem nhanh: ${FILE_NAME}` }).waitFor();
    expect(await page.locator('.doc-body').textContent()).toContain(`TÊN BÀI DẠY: ${TITLE.toLocaleUpperCase('vi')}`);
    expect(await page.locator('.doc-body table').count()).toBeGreaterThan(0);
    await screenshot(page, 'zalo-review-preview', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await expectFitsTheWidth(page);
    await page.getByRole('link', { name: 'Duyệt hoặc trả lại hồ sơ này' }).tap();
    await page.getByRole('heading', { name: `Duyệt hồ sơ ${refCode}` }).waitFor();
    await page.getByRole('button', { name: /Duyệt/ }).tap();
    await page.getByText(`✅ Đã duyệt hồ sơ ${refCode}. Giáo viên đã được báo.`).waitFor();
    await screenshot(page, 'zalo-review-approved', 'phone', { committed: true });
    await expectNoAxeViolation(page);
    await teacher.expectMessage(new RegExp(`${refCode}[\\s\\S]*✅ Đã duyệt bởi Lê Thị Mai Anh`), seenTeacher);
    expect(await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).toMatchObject({ state: 'APPROVED', currentVersion: 2 });

    // The first link now points to an old version: it says so and offers no forms.
    await page.goto(reviewLink);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.textContent('main')).toContain('Hồ sơ đã có lần nộp mới (lần 2)');
    await page.close();
  });
});

/** axe-core finds nothing on the page as it is now (contrast it cannot decide included). */
async function expectNoAxeViolation(page: Page): Promise<void> {
  const found = await axeViolations(page);
  expect(found.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`)).toEqual([]);
}
