// Admin pages whose effect is seen in the chat, on the whole product (telegraf against the local
// Bot API server, the outbox relay, BullMQ): the queue view's counts and the retry button's
// delivery (from operations.test.ts), a deactivated person's chat no longer linked (from
// staff.test.ts), sign-in unlock codes sent to the owner's chat (from sign-in-locks.test.ts).
// The rest of those pages is tested on the web harness in their own files. One product start
// serves all of them; the queue view comes first, while no other delivery is in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueForChat } from '../../src/use-cases/outbox.js';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';
import { giveWebAccount, TEST_PASSWORD, WebClient, type WebResponse } from '../support/web-client.js';
import { filePlan, flashAfter, staffId } from './management-fixture.js';

let h: ChatHarness;
let base: string;

beforeAll(async () => {
  // sign-in-locks: the test talks to the product from 127.0.0.1, as nginx on the same machine would.
  h = await startChatHarness({ TRUST_PROXY: 'loopback' });
  base = `http://127.0.0.1:${h.product.port}`;
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.product.db;

async function signedIn(username: string, at = base): Promise<WebClient> {
  const c = new WebClient(at);
  await c.signIn(username);
  await c.get('/password'); // any signed-in page: its forms carry the session's CSRF token
  expect(c.csrf).not.toBe('');
  return c;
}

async function waitForRow(id: number, status: string) {
  let row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
  for (let i = 0; i < 150 && row.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 100));
    row = await db().outboxMessage.findUniqueOrThrow({ where: { id } });
  }
  return row;
}

/** Signs in through the form as a browser behind the proxy at `address` would (X-Forwarded-For). */
async function signInFrom(c: WebClient, address: string, username: string, password = TEST_PASSWORD): Promise<WebResponse> {
  const form = await c.request('GET', '/login', undefined, { 'x-forwarded-for': address });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  return c.request('POST', '/login', new URLSearchParams({ _csrf: token, username, password }), { 'x-forwarded-for': address });
}

/** A table's rows, as the HTML of each. */
function auditRows(page: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return body.split('<tr>').slice(1);
}

const audits = (action: string) => db().auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

describe('operations: the queue view', () => {
  beforeAll(async () => {
    await giveWebAccount(db(), 'SGD-HL1', 'hotline');
  });

  it('shows each queue with what it does, and the outbox after deliveries', async () => {
    await db().$transaction((tx) => queueForChat(tx, { channel: 'TELEGRAM', chatId: '8801', key: 'test:queues:8801', message: { type: 'text', text: 'Tin thử hàng đợi' } }));
    h.product.chat.relay.kick();
    await h.server.waitFor(() => h.server.sentTo(8801).length === 1);
    const row = await waitForRow((await db().outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'test:queues:8801' } })).id, 'SENT');
    expect(row.status).toBe('SENT');

    const c = await signedIn('hotline');
    const res = await c.get('/queues');
    expect(res.status).toBe(200);
    for (const label of ['Kiểm tra tệp nộp', 'Lịch nhắc việc', 'Gửi tin Telegram', 'Gửi tin Zalo']) expect(res.text).toContain(`<b>${label}</b>`);
    for (const label of ['Đang chờ', 'Đang xử lý', 'Hẹn giờ / chờ thử lại', 'Lỗi (đã thử hết)', 'Đã xong (còn lưu)']) expect(res.text).toContain(`<th class="num">${label}</th>`);
    // The Telegram queue is idle once everything went out: its row reads as BullMQ counts it.
    const counts = (await h.product.chat.jobs.counts())['delivery-telegram']!;
    const telegramRow = /<b>Gửi tin Telegram<\/b>[\s\S]*?<\/tr>/.exec(res.text)![0];
    const cells = [...telegramRow.matchAll(/<td class="num" data-label="[^"]+">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toEqual([counts.waiting, counts.active, counts.delayed, counts.failed, counts.completed]);
    const sent = await db().outboxMessage.count({ where: { status: 'SENT' } });
    expect(sent).toBeGreaterThan(0);
    expect(res.text).toContain(`<div class="stat"><b>${sent}</b>Đã gửi</div>`);
    expect(res.text).toContain('Tệp nộp đang xử lý');
  });

  it('counts the lesson plans filed after a teacher contested the "several lessons" verdict', async () => {
    const { toDocx, severalLessons } = await import('../support/plan-corpus.js');
    const { TelegramUser } = await import('../support/chat-harness.js');
    const c = await signedIn('hotline');
    const empty = (await c.get('/queues')).text;
    const before = Number(/id="contested-lessons"><b>(\d+)<\/b>/.exec(empty)?.[1]);
    expect(before).toBe(0);
    expect(empty).toContain('Trong 30 ngày qua chưa giáo viên nào phản đối kết luận “nhiều bài dạy” của trợ lý.');
    const teacher = await h.linkedUser('THCS-TP-004', 9904);
    teacher.sendFile(await toDocx(severalLessons(['Bài 1: Tập hợp', 'Bài 2: Phép cộng'])), 'hai bai.docx', 'KHBD Toán 8 - Bài 1: Tập hợp - 28/9/2026');
    const question = await teacher.expectMessage(/❌ Tệp có 2 kế hoạch bài dạy/, 0);
    // The contest, not the split offered first.
    teacher.press(TelegramUser.buttonsOf(question).find((b) => b.text === 'Tệp này chỉ có một bài dạy')!.callback_data);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ/, 0);
    const page = (await c.get('/queues')).text;
    expect(page).toContain('id="contested-lessons"><b>1</b> kế hoạch bài dạy trong 30 ngày qua được nộp sau khi giáo viên chọn “Tệp này chỉ có một bài dạy”');
    expect(page).not.toContain('giáo viên bấm');
    // The list the hotline opens the files from: the plan, its school, teacher, file and what the checker counted.
    const plan = await db().plan.findFirstOrThrow({ where: { owner: { code: 'THCS-TP-004' }, submissions: { some: { originalName: 'hai bai.docx' } } }, include: { school: true } });
    const list = page.slice(page.indexOf('id="contested-list"'));
    const [row] = auditRows(list);
    expect(row).toContain(`<a href="/plans/${plan.id}">${plan.refCode}</a>`);
    expect(row).toContain(`<td data-label="Trường">${plan.school.name}</td>`);
    expect(row).toContain('Phạm Minh Tuấn<br><span class="hint">THCS-TP-004</span>');
    expect(row).toContain('<td data-label="Tệp">hai bai.docx</td>');
    expect(row).toContain('2 bài<br><span class="hint">BÀI 1: TẬP HỢP; BÀI 2: PHÉP CỘNG</span>'); // the titles as the file writes them
    // The plan page says what the teacher did in words true on every channel.
    const planPage = (await c.get(`/plans/${plan.id}`)).text;
    expect(planPage).toContain('đã chọn “Tệp này chỉ có một bài dạy” khi trợ lý từ chối');
    expect(planPage).not.toContain('đã bấm');
  });

  it('a failed message put back by the retry button is delivered by the relay, once, audited', async () => {
    const teacher = await h.staffByCode('THCS-TP-004');
    const failed = await db().outboxMessage.create({
      data: {
        idempotencyKey: 'test:retry:8802', channel: 'TELEGRAM', chatId: '8802', staffId: teacher.id,
        payload: JSON.stringify({ type: 'text', text: 'Tin gửi lại sau lỗi' }), status: 'FAILED', attempts: 8, lastError: 'Bad Gateway <html>',
        createdAt: new Date(Date.now() - 3_600_000), notBefore: new Date(Date.now() - 3_600_000),
      },
    });
    const unreachable = await db().outboxMessage.create({
      data: { idempotencyKey: 'test:retry:8803', channel: 'TELEGRAM', chatId: '8803', payload: JSON.stringify({ type: 'text', text: 'x' }), status: 'UNREACHABLE', attempts: 1, lastError: 'Forbidden: bot was blocked by the user' },
    });
    const c = await signedIn('hotline');
    const page = await c.get('/queues');
    const row = new RegExp(`<td class="num" data-label="Tin số">${failed.id}</td>[\\s\\S]*?</tr>`).exec(page.text)![0];
    expect(row).toContain('Phạm Minh Tuấn');
    expect(row).toContain('Bad Gateway &lt;html&gt;');
    expect(row).toContain(`action="/queues/outbox/${failed.id}/retry"`);
    expect(page.text).not.toContain(`action="/queues/outbox/${unreachable.id}/retry"`);
    await new Promise((r) => setTimeout(r, 1500)); // a FAILED row is not delivered by itself
    expect(h.server.sentTo(8802)).toEqual([]);

    const res = await c.post(`/queues/outbox/${failed.id}/retry`);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/queues');
    expect((await c.follow(res)).text).toContain(`Đã đưa tin nhắn #${failed.id} trở lại hàng chờ gửi`);
    const entry = await db().auditLog.findFirstOrThrow({ where: { action: 'outbox.retry', entityId: String(failed.id) } });
    expect(entry.actor).toBe('web:hotline');
    expect(JSON.parse(entry.details)).toMatchObject({ status: { from: 'FAILED', to: 'PENDING' }, attempts: { from: 8, to: 0 }, lastError: 'Bad Gateway <html>' });

    await h.server.waitFor(() => h.server.sentTo(8802).length === 1);
    const delivered = await waitForRow(failed.id, 'SENT');
    expect(delivered).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    expect(h.server.sentTo(8802).map((call) => call.body.text)).toEqual(['Tin gửi lại sau lỗi']);

    const again = await c.post(`/queues/outbox/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('không ở trạng thái lỗi');
    expect((await c.post(`/queues/outbox/${unreachable.id}/retry`)).status).toBe(409);
    expect((await c.post('/queues/outbox/99999999/retry')).status).toBe(404);
    expect(await db().auditLog.count({ where: { action: 'outbox.retry' } })).toBe(1);
    expect(h.server.sentTo(8802)).toHaveLength(1);
  });
});

describe('staff: deactivation', () => {
  let admin: WebClient;
  beforeAll(async () => {
    admin = await signedIn(await giveWebAccount(db(), 'THCS-TP-007'));
  });

  it('deactivating a person closes their web account and sessions, keeps plans, chat links and audit; reactivating leaves the account locked', async () => {
    const id = await staffId(db(), 'THCS-TP-005');
    const user = await h.linkedUser('THCS-TP-005', 905);
    const planId = await filePlan(db(), 'THCS-TP-005', 'Bài 4: Phép nhân');
    const client = new WebClient(base);
    await client.signIn(await giveWebAccount(db(), 'THCS-TP-005'));
    expect((await client.get('/password')).status).toBe(200);
    const auditBefore = await db().auditLog.count();

    const profile = await admin.get(`/staff/${id}`);
    expect(profile.text).toContain('liên kết Telegram/Zalo vẫn được lưu nhưng họ không nộp hay duyệt hồ sơ được nữa');
    const flash = await flashAfter(admin, await admin.post(`/staff/${id}/active`, { active: '0' }));
    expect(flash).toContain('Đã ngừng hoạt động');
    const staff = await db().staff.findUniqueOrThrow({ where: { id }, include: { webAccount: true, identities: true } });
    expect(staff.active).toBe(false);
    expect(staff.webAccount!.active).toBe(false);
    expect(await db().webSession.count({ where: { accountId: staff.webAccount!.id } })).toBe(0);
    expect((await client.get('/password')).status).toBe(303);
    expect((await client.signIn('thcs-tp-005')).text).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    expect(staff.identities).toHaveLength(1);
    expect(await db().plan.findUnique({ where: { id: planId } })).not.toBeNull();
    expect(await db().auditLog.count()).toBeGreaterThanOrEqual(auditBefore + 2);
    expect(await db().auditLog.count({ where: { action: 'web-account.disable', entityId: String(staff.webAccount!.id) } })).toBe(1);

    // The chat no longer treats them as linked, so they can submit and review nothing.
    const seen = user.inbox().length;
    await user.send('/trangthai');
    await user.expectMessage(/chưa liên kết tài khoản/, seen);

    const list = await admin.get('/staff?state=inactive');
    expect(list.text).toContain('Hoàng Thị Lan');
    expect(list.text).toContain('Kích hoạt lại');
    const back = await admin.post(`/staff/${id}/active`, { active: '1', back: 'list' });
    expect(back.location).toBe('/staff');
    const again = await db().staff.findUniqueOrThrow({ where: { id }, include: { webAccount: true } });
    expect(again.active).toBe(true);
    expect(again.webAccount!.active).toBe(false);
    expect(await flashAfter(admin, await admin.post(`/staff/${id}/account/active`, { active: '1' }))).toBe('Đã mở khóa tài khoản web.');
    expect((await db().webAccount.findUniqueOrThrow({ where: { id: again.webAccount!.id } })).active).toBe(true);
    await client.signIn('thcs-tp-005');
    expect((await client.get('/password')).status).toBe(200);
  });
});

describe('sign-in locks: unlocking', () => {
  let owner: TelegramUser;
  let username: string;

  beforeAll(async () => {
    username = await giveWebAccount(db(), 'THCS-TP-012', 'mo-khoa');
    owner = await h.linkedUser('THCS-TP-012', 812012);
  });

  async function lockOut(): Promise<void> {
    await db().signInThrottle.deleteMany();
    for (let i = 0; i < 5; i++) await signInFrom(new WebClient(base), '192.0.2.99', username, `doan-${i}-sai`);
    expect((await signInFrom(new WebClient(base), '192.0.2.50', username)).status).toBe(429);
  }

  async function askCode(c: WebClient, who: string): Promise<WebResponse> {
    const page = await c.request('GET', `/login/unlock?username=${encodeURIComponent(who)}`, undefined, { 'x-forwarded-for': '192.0.2.50' });
    expect(page.status).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return c.request('POST', '/login/unlock', new URLSearchParams({ _csrf: token, username: who }), { 'x-forwarded-for': '192.0.2.50' });
  }

  async function typeCode(c: WebClient, code: string): Promise<WebResponse> {
    const token = /name="_csrf" value="([^"]+)"/.exec((await c.get('/login')).text)![1]!;
    return c.request('POST', '/login/unlock', new URLSearchParams({ _csrf: token, username, code }), { 'x-forwarded-for': '192.0.2.50' });
  }

  it('the owner, on a new browser, unlocks with a one-time code sent to their linked chat; wrong codes do not', async () => {
    await lockOut();
    const seen = owner.inbox().length;
    const browser = new WebClient(base);
    const asked = await askCode(browser, username);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('trợ lý vừa gửi mã mở khóa');
    const message = await owner.expectMessage(/Mã mở khóa đăng nhập/, seen);
    const code = /(\d{6})/.exec(String(message.body.text))![1]!;

    const wrong = await typeCode(browser, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Mã không đúng');
    expect((await typeCode(browser, code)).text).toContain('Đã mở khóa');
    // Spent: the same code does not work twice.
    expect((await typeCode(browser, code)).status).toBe(400);
    expect((await signInFrom(browser, '192.0.2.50', username)).status).toBe(303);
    const unlock = (await audits('web.sign-in-unlock')).at(-1)!;
    expect(JSON.parse(unlock.details)).toMatchObject({ via: 'chat-code', wasLocked: true });
    expect((await audits('web.unlock-code.send')).length).toBeGreaterThan(0);
  });

  it('asking for a code says the same for an unknown username or one without a chat, sends nothing, and at most one a minute', async () => {
    const before = await db().outboxMessage.count();
    await giveWebAccount(db(), 'THCS-TP-013', 'khong-chat');
    const unknown = await askCode(new WebClient(base), 'khong-ai-ca');
    const noChat = await askCode(new WebClient(base), 'khong-chat');
    expect(unknown.status).toBe(200);
    expect(noChat.text.replace(/khong-chat/g, 'X').replace(/name="_csrf" value="[^"]+"/g, '')).toBe(unknown.text.replace(/khong-ai-ca/g, 'X').replace(/name="_csrf" value="[^"]+"/g, ''));
    expect(await db().outboxMessage.count()).toBe(before);
    // Twice within a minute for the owner: one message.
    await askCode(new WebClient(base), username);
    await askCode(new WebClient(base), username);
    expect(await db().outboxMessage.count()).toBeLessThanOrEqual(before + 1);
  });

  it('whoever manages the account unlocks it on the person’s page; audited and told to the person', async () => {
    await lockOut();
    const hotline = new WebClient(base);
    await hotline.signIn(await giveWebAccount(db(), 'SGD-HL1', 'hotline-mo-khoa'));
    const staff = await db().staff.findUniqueOrThrow({ where: { code: 'THCS-TP-012' } });
    const page = await hotline.get(`/staff/${staff.id}`);
    expect(page.text).toContain('Khóa đăng nhập tạm');
    expect(page.text).toContain(`action="/staff/${staff.id}/account/unlock"`);
    const seen = owner.inbox().length;
    const done = await hotline.follow(await hotline.post(`/staff/${staff.id}/account/unlock`));
    expect(done.text).toContain('Đã gỡ khóa đăng nhập tạm thời');
    expect((await signInFrom(new WebClient(base), '192.0.2.51', username)).status).toBe(303);
    const unlock = (await audits('web.sign-in-unlock')).at(-1)!;
    expect(unlock.actor).toBe('web:hotline-mo-khoa');
    expect(JSON.parse(unlock.details)).toMatchObject({ via: 'manager', wasLocked: true });
    await owner.expectMessage(/vừa được gỡ khóa/, seen);
  });
});
