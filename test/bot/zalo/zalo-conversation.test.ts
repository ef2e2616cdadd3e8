// Whole conversations on Zalo, against the local Zalo Bot API server pushing webhooks to the
// running product: linking by code, submitting through the signed upload page (fetched and
// posted like a phone's browser), reviewing by link and by typed reply, and refusals.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';
import type { ZaloChatUser } from '../../support/zalo-api-server.js';
import { lessonPlan, severalLessons, toDocx } from '../../support/plan-corpus.js';
import { issueLinkCode } from '../../../src/use-cases/issue-link-code.js';
import { linkCodeSheet } from '../../../src/web-admin/links/link-code-sheet.js';
import { runLinkCode } from '../../../src/cli/link-code-command.js';
import { loadConfig } from '../../../src/config/config.js';
import { ZaloChatUser as ChatUser } from '../../support/zalo-api-server.js';

let h: ChatHarness;
let teacher: ZaloChatUser; // Phạm Minh Tuấn, Toán
let head: ZaloChatUser; // Lê Thị Mai Anh, tổ trưởng Toán – Tin
let infoTeacher: ZaloChatUser; // Đỗ Thị Hồng Nhung, Tin học

beforeAll(async () => {
  h = await startChatHarness({}, { zalo: 'webhook' });
  teacher = await h.linkedZaloUser('THCS-TP-004', 'zalo-tuan');
  head = await h.linkedZaloUser('THCS-TP-003', 'zalo-maianh');
  infoTeacher = await h.linkedZaloUser('THCS-TP-007', 'zalo-nhung');
});
afterAll(async () => {
  await h?.stop();
});

const urlIn = (text: string, path: 'u' | 'r') => new RegExp(`(http\\S+/${path}/\\S+)`).exec(text)?.[1];
const textOf = (call: { body: Record<string, any> }) => String(call.body.text ?? '');

function uploadForm(fields: Record<string, string>, file: { name: string; content: Buffer }): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  return data;
}

/** The teacher asks for a link, opens it and uploads a lesson plan; returns the plan's code. */
async function submitLesson(user: ZaloChatUser, title: string, date = '2026-12-21'): Promise<{ refCode: string; content: Buffer }> {
  const seen = user.inbox().length;
  await user.sendText('nộp');
  const offer = await user.expectMessage(/mở liên kết sau để nộp hồ sơ/, seen);
  const link = urlIn(textOf(offer), 'u')!;
  const content = await toDocx(lessonPlan({ title, subject: 'Toán', grade: 8 }));
  const res = await fetch(link, { method: 'POST', body: uploadForm({ kind: 'LESSON_PLAN', grade: '8', title, teachingDate: date }, { name: `${title}.docx`, content }) });
  const page = await res.text();
  expect(res.status, page).toBe(200);
  const refCode = /Mã hồ sơ: ([A-Z2-9]{6})/.exec(page)![1]!;
  await user.expectMessage(new RegExp(`✅ Đã nhận hồ sơ[\\s\\S]*${refCode}`), seen);
  return { refCode, content };
}

describe('receiving', () => {
  it('refuses a webhook without the secret or with a wrong one, and handles nothing', async () => {
    const user = new ChatUser(h.zalo!, 'zalo-stranger', 'Người lạ');
    const handled = await h.product.db.processedUpdate.count({ where: { channel: 'ZALO' } });
    for (const secretToken of [null, 'wrong-secret-123']) {
      const pushed = await h.zalo!.pushUpdate({ event_name: 'message.text.received', message: { text: 'huongdan', chat: { id: user.id }, from: { id: user.id } } }, { secretToken });
      expect(pushed.status).toBe(403);
    }
    const forged = await fetch(`${h.baseUrl}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'x'.repeat(43) }, body: '{}' });
    expect(forged.status).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'ZALO' } })).toBe(handled);
    expect(user.inbox()).toHaveLength(0);
    // The right secret is accepted.
    expect((await user.sendText('huongdan')).status).toBe(200);
    await user.expectMessage(/chưa liên kết tài khoản Zalo/);
  });

  it('an update delivered twice is answered once', async () => {
    const seen = teacher.inbox().length;
    const first = await teacher.sendText('trangthai');
    expect(first.status).toBe(200);
    await teacher.expectMessage(/Hồ sơ của thầy\/cô — năm học/, seen);
    const again = await h.zalo!.redeliver(first.update);
    expect(again.status).toBe(200);
    await teacher.sendText('huongdan'); // a later update, answered: the duplicate had its chance
    await teacher.expectMessage(/Thầy\/cô gõ các lệnh sau/, seen);
    expect(teacher.texts().slice(seen).filter((t) => /Hồ sơ của thầy\/cô — năm học/.test(t))).toHaveLength(1);
  });

  it('the same update pushed five times at once is answered once', async () => {
    const seen = teacher.inbox().length;
    const message = { message_id: 'burst-1', text: 'trangthai', chat: { id: teacher.id }, from: { id: teacher.id } };
    const pushes = await Promise.all(Array.from({ length: 5 }, () => h.zalo!.pushUpdate({ event_name: 'message.text.received', message })));
    expect(pushes.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    await teacher.expectMessage(/Hồ sơ của thầy\/cô — năm học/, seen);
    await new Promise((r) => setTimeout(r, 300));
    expect(teacher.texts().slice(seen).filter((t) => t.includes('Hồ sơ của thầy/cô — năm học'))).toHaveLength(1);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'ZALO', updateId: 'burst-1' } })).toBe(1);
  });

  it('a group chat and a message from a bot are ignored', async () => {
    const seen = teacher.inbox().length;
    await teacher.sendInGroup('nop');
    await teacher.sendText('huongdan');
    await teacher.expectMessage(/Thầy\/cô gõ các lệnh sau/, seen);
    expect(h.zalo!.calls.filter((c) => String(c.body.chat_id).startsWith('zg-'))).toHaveLength(0);
  });
});

describe('linking', () => {
  it('an unknown person is asked for a code; "/start CODE" and the bare code both link', async () => {
    const db = h.product.db;
    const stranger = new ChatUser(h.zalo!, 'zalo-principal', 'Hiệu trưởng');
    await stranger.sendText('xin chào');
    await stranger.expectMessage(/chưa liên kết tài khoản Zalo[\s\S]*mã liên kết/);
    await stranger.sendText('/start');
    await stranger.expectMessage(/gửi mã liên kết \(8 ký tự\)/);
    await stranger.sendText('/start ABCDEFGH');
    await stranger.expectMessage(/Mã liên kết không đúng/);

    const principal = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-001' } });
    const issued = await issueLinkCode(db, { staffId: principal.id, issuedBy: 'test' });
    const seen = stranger.inbox().length;
    await stranger.sendText(`/start ${issued.code}`);
    const welcome = await stranger.expectMessage(/✅ Đã liên kết tài khoản thành công/, seen);
    expect(textOf(welcome)).toContain('Nguyễn Thị Thu Hà');
    expect(textOf(welcome)).toContain('duyet <mã hồ sơ>'); // Zalo's own help: typed commands, no buttons
    expect(await db.chatIdentity.findFirst({ where: { channel: 'ZALO', externalUserId: 'zalo-principal' } })).toMatchObject({ staffId: principal.id, chatId: 'zalo-principal' });

    // The bot's Zalo name, learnt at start, tells people where to send their code.
    expect(h.product.chat.zaloBotName()).toBe(h.zalo!.bot.display_name);
    const sheet = String(await linkCodeSheet([{ issued, place: 'Trường THCS Trần Phú' }], { zaloBotName: h.product.chat.zaloBotName() }));
    expect(sheet).toContain(`tìm “${h.zalo!.bot.display_name}” trên Zalo, gửi mã ${issued.code} cho trợ lý`);

    const printed = await runLinkCode(h.product.db, loadConfig({ ZALO_BOT_TOKEN: h.zalo!.token, ZALO_API_ROOT: h.zalo!.apiRoot }), 'THCS-TP-002');
    expect(printed.at(-1)).toMatch(new RegExp(`^Zalo: tìm “${h.zalo!.bot.display_name}” trên Zalo, gửi mã [A-Z0-9]{8} cho trợ lý\\.$`));

    // The code is single-use.
    const other = new ChatUser(h.zalo!, 'zalo-thief', 'Người khác');
    await other.sendText(issued.code.toLowerCase());
    await other.expectMessage(/Mã liên kết này đã được sử dụng/);
    expect(await db.chatIdentity.count({ where: { channel: 'ZALO', externalUserId: 'zalo-thief' } })).toBe(0);
  });
});

describe('submitting through the upload page', () => {
  it('"nop" gets a single-use link bound to the teacher; the page files the plan and the bot confirms in Zalo', async () => {
    const { refCode, content } = await submitLesson(teacher, 'Bài 7: Phân thức đại số');
    const plan = await h.product.db.plan.findUniqueOrThrow({ where: { refCode }, include: { submissions: true, owner: true } });
    expect(plan).toMatchObject({ kind: 'LESSON_PLAN', title: 'Bài 7: Phân thức đại số', grade: 8, teachingDate: '2026-12-21', state: 'SUBMITTED' });
    expect(plan.owner.code).toBe('THCS-TP-004');
    expect(plan.submissions[0]!.fileSha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await h.product.fileStore.verify(plan.submissions[0]!.fileSha256)).toBe(true);
    const link = await h.product.db.uploadLink.findFirstOrThrow({ where: { staffId: plan.ownerId, usedAt: { not: null } }, orderBy: { id: 'desc' } });
    expect(link).toMatchObject({ channel: 'ZALO', chatId: teacher.id });
    expect(Math.abs(link.expiresAt.getTime() - link.createdAt.getTime() - 2 * 3_600_000)).toBeLessThan(5_000);
  });

  it('a file sent in the chat (unsupported on Zalo) is answered with the link; a photo is not a plan', async () => {
    let seen = teacher.inbox().length;
    await teacher.sendUnsupported();
    const reply = await teacher.expectMessage(/Zalo không chuyển tệp cho trợ lý/, seen);
    const link = urlIn(textOf(reply), 'u')!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Phạm Minh Tuấn');
    seen = teacher.inbox().length;
    await teacher.sendImage();
    await teacher.expectMessage(/Ảnh chụp trang giấy không phải là tệp kế hoạch/, seen);
  });

  it('a file with several lesson plans is refused on the page (R6), the link can be used again, and the teacher may contest', async () => {
    const seen = teacher.inbox().length;
    await teacher.sendText('nop');
    const link = urlIn(textOf(await teacher.expectMessage(/mở liên kết sau/, seen)), 'u')!;
    const content = await toDocx(severalLessons(['Bài 1: Tập hợp', 'Bài 2: Cách ghi số tự nhiên', 'Bài 3: Thứ tự trong tập hợp']));
    const res = await fetch(link, { method: 'POST', body: uploadForm({ kind: 'LESSON_PLAN', grade: '6', title: 'Bài 1-3', teachingDate: '2026-12-22' }, { name: 'ba bai.docx', content }) });
    expect(res.status).toBe(400);
    const refusal = await res.text();
    expect(refusal).toMatch(/01 bài học|nhiều bài/);
    expect(refusal).toContain('đánh dấu ô “Tệp này chỉ có một bài dạy”');
    expect(await h.product.db.plan.count({ where: { title: 'Bài 1-3' } })).toBe(0);
    expect((await fetch(link)).status).toBe(200);
    // No dead end: the teacher contests the verdict on the same page, and the plan is filed with it.
    const contested = await fetch(link, { method: 'POST', body: uploadForm({ kind: 'LESSON_PLAN', grade: '6', title: 'Bài 1-3', teachingDate: '2026-12-22', oneLesson: '1' }, { name: 'ba bai.docx', content }) });
    expect(contested.status).toBeLessThan(400);
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 1-3' }, include: { submissions: true } });
    expect(JSON.parse(plan.submissions[0]!.checkReport!)).toMatchObject({ lessons: { verdict: 'SEVERAL', count: 3 }, lessonsContested: true });
  });

  it('a used link and a forged link answer with a Vietnamese page', async () => {
    const { refCode } = await submitLesson(teacher, 'Bài 8: Hình bình hành');
    expect(refCode).toMatch(/^[A-Z2-9]{6}$/);
    const used = await h.product.db.uploadLink.findFirstOrThrow({ where: { usedAt: { not: null } }, orderBy: { id: 'desc' } });
    expect(used.usedAt).not.toBeNull();
    const forged = await fetch(`${h.baseUrl}/u/${'Q'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('Liên kết tải tệp không đúng');
  });
});

describe('reviewing', () => {
  it('the reviewer gets the summary, the findings and a signed link; the page serves the file; "duyet" decides', async () => {
    const { refCode, content } = await submitLesson(teacher, 'Bài 9: Hình thang cân');
    const review = await head.expectMessage(new RegExp(`Mã hồ sơ: ${refCode}[\\s\\S]*Xem tệp và duyệt`));
    const text = textOf(review);
    expect(text).toContain('Người nộp: Phạm Minh Tuấn');
    expect(text).toContain('🔎 Kiểm tra tự động: có đủ các phần theo mẫu.');
    expect(text).toContain(`duyet ${refCode}`);
    expect(text.length).toBeLessThanOrEqual(2000);
    const link = urlIn(text, 'r')!;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(refCode);
    const file = await fetch(`${link}/file`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(content)).toBe(true);

    const seenTeacher = teacher.inbox().length;
    const seenHead = head.inbox().length;
    await head.sendText(`Duyệt ${refCode.toLowerCase()}`);
    await head.expectMessage(new RegExp(`✅ Đã duyệt hồ sơ ${refCode}`), seenHead);
    await teacher.expectMessage(new RegExp(`${refCode}[\\s\\S]*✅ Đã duyệt bởi Lê Thị Mai Anh`), seenTeacher);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).state).toBe('APPROVED');
    // A second decision changes nothing and says who decided first.
    await head.sendText(`tra ${refCode} thiếu mục tiêu`);
    await head.expectMessage(/đã được Lê Thị Mai Anh duyệt trước đó/, seenHead);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).state).toBe('APPROVED');
    expect(await h.product.db.decision.count({ where: { plan: { refCode } } })).toBe(1);
    // Zalo cannot edit: the decider gets no second copy of their own decision.
    await new Promise((r) => setTimeout(r, 300));
    expect(head.texts().slice(seenHead).filter((t) => t.includes(`Mã hồ sơ: ${refCode}`))).toHaveLength(0);
  });

  it('a return by link needs a reason; the teacher reads it', async () => {
    const { refCode } = await submitLesson(teacher, 'Bài 10: Hình chữ nhật');
    const link = urlIn(textOf(await head.expectMessage(new RegExp(`Mã hồ sơ: ${refCode}`))), 'r')!;
    const post = (body: Record<string, string>) => fetch(link, { method: 'POST', body: new URLSearchParams(body), headers: { origin: h.baseUrl } });
    let res = await post({ action: 'return', reason: '' });
    expect(res.status).toBe(400);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).state).toBe('SUBMITTED');
    const seen = teacher.inbox().length;
    res = await post({ action: 'return', reason: 'Thiếu phần vận dụng' });
    expect(res.status).toBe(200);
    await teacher.expectMessage(new RegExp(`${refCode}[\\s\\S]*↩️ Đã trả lại[\\s\\S]*Lý do: Thiếu phần vận dụng`), seen);
    const decision = await h.product.db.decision.findFirstOrThrow({ where: { plan: { refCode } } });
    expect(decision).toMatchObject({ action: 'RETURN', reason: 'Thiếu phần vận dụng' });
  });

  it('"tra" without a reason asks for it, and the next message is the reason', async () => {
    const { refCode } = await submitLesson(teacher, 'Bài 11: Hình thoi');
    await head.expectMessage(new RegExp(`Mã hồ sơ: ${refCode}`));
    const seen = head.inbox().length;
    await head.sendText(`tra ${refCode}`);
    await head.expectMessage(new RegExp(`nhập lý do trả lại hồ sơ ${refCode}`), seen);
    await head.sendText('Chưa ghi ngày soạn');
    await head.expectMessage(new RegExp(`↩️ Đã trả lại hồ sơ ${refCode}`), seen);
    expect(await h.product.db.decision.findFirstOrThrow({ where: { plan: { refCode } } })).toMatchObject({ action: 'RETURN', reason: 'Chưa ghi ngày soạn' });
  });

  it('someone who may not decide changes nothing, by text or by a link signed for them', async () => {
    const { refCode } = await submitLesson(teacher, 'Bài 12: Hình vuông');
    const seen = infoTeacher.inbox().length;
    await infoTeacher.sendText(`duyet ${refCode}`);
    await infoTeacher.expectMessage(/không có quyền duyệt hồ sơ này/, seen);
    await infoTeacher.sendText('duyet ZZZZZZ');
    await infoTeacher.expectMessage(/Không tìm thấy hồ sơ mã ZZZZZZ/, seen);
    const plan = await h.product.db.plan.findUniqueOrThrow({ where: { refCode }, include: { submissions: true } });
    const nhung = await h.staffByCode('THCS-TP-007');
    const link = h.product.reviewLinks.url(plan.submissions[0]!.id, nhung.id);
    const res = await fetch(link, { method: 'POST', body: new URLSearchParams({ action: 'approve' }), headers: { origin: h.baseUrl } });
    expect(res.status).toBe(403);
    expect((await h.product.db.plan.findUniqueOrThrow({ where: { refCode } })).state).toBe('SUBMITTED');
  });

  it('a forged or expired review link is refused', async () => {
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 12: Hình vuông' }, include: { submissions: true } });
    const headId = (await h.staffByCode('THCS-TP-003')).id;
    const good = h.product.reviewLinks.url(plan.submissions[0]!.id, headId);
    const forged = good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(forged)).status).toBe(404);
    const otherPlan = good.replace(/\/r\/([0-9a-z]+)-/, (_m, id: string) => `/r/${(parseInt(id, 36) + 1).toString(36)}-`);
    expect((await fetch(otherPlan)).status).toBe(404);
    const expired = h.product.reviewLinks.url(plan.submissions[0]!.id, headId, new Date(Date.now() - 4 * 24 * 3_600_000));
    const res = await fetch(expired);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('đã hết hạn');
  });

  it('"choduyet" lists what waits with a review link each and the typed replies', async () => {
    const seen = head.inbox().length;
    await head.sendText('cho duyet');
    const list = textOf(await head.expectMessage(/Hồ sơ chờ thầy\/cô duyệt/, seen));
    const waiting = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 12: Hình vuông' } });
    expect(list).toContain(waiting.refCode);
    expect(list).toMatch(/Xem và duyệt: http\S+\/r\//);
    expect(list).toContain('“duyet <mã>”');
  });
});

describe('notifications', () => {
  it('go to the channel the person used last, never to both', async () => {
    const telegramTeacher: TelegramUser = await h.linkedUser('THCS-TP-004', 9401); // the same person, also on Telegram
    // Telegram was used last (the link): the confirmation goes there only.
    const zaloSeen = teacher.inbox().length;
    const content = Buffer.from('PK\u0003\u0004 giả lập tệp Word: Bài 13');
    telegramTeacher.sendFile(content, 'KHBD_Toan8_Bai13.docx', 'KHBD Toán 8 - Bài 13: Ôn tập chương - 23/12/2026');
    // Plans returned earlier make the bot ask whether this file resubmits one: it is new.
    const question = await telegramTeacher.expectMessage(/bản sửa của hồ sơ nào/);
    telegramTeacher.press(TelegramUser.buttonsOf(question).find((b) => b.callback_data.endsWith(':N'))!.callback_data);
    await telegramTeacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 13/);
    // Now Zalo is used: the decision's news goes to Zalo only.
    await teacher.sendText('trangthai');
    await teacher.expectMessage(/Hồ sơ của thầy\/cô — năm học/, zaloSeen);
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 13: Ôn tập chương' } });
    const telegramSeen = telegramTeacher.inbox().length;
    await head.sendText(`duyet ${plan.refCode}`);
    await teacher.expectMessage(new RegExp(`${plan.refCode}[\\s\\S]*✅ Đã duyệt`), zaloSeen);
    await new Promise((r) => setTimeout(r, 500));
    expect(telegramTeacher.inbox().slice(telegramSeen).filter((c) => String(c.body.text ?? c.body.caption).includes(plan.refCode))).toHaveLength(0);
    expect(teacher.texts().slice(zaloSeen).filter((t) => t.includes(`Mã hồ sơ: ${plan.refCode}`))).toHaveLength(1);
  });

  it('no message to Zalo is longer than 2,000 characters', () => {
    const long = h.zalo!.callsTo('sendMessage').filter((c) => String(c.body.text).length > 2000);
    expect(long).toHaveLength(0);
    expect(h.zalo!.callsTo('sendMessage').length).toBeGreaterThan(20);
  });
});
