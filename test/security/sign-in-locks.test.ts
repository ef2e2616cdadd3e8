// Sign-in locks nobody can abuse (issue 17): behind the deployment's proxy each client is its
// own address (TRUST_PROXY); a noisy client behind a school's shared address, or a stranger
// guessing a username, locks out strangers only — never the owner on the browser they signed
// in on before; the owner unlocks from anywhere with a code sent to their linked chat, and
// whoever manages the account unlocks it on the person's page. Every lock and unlock audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/prisma.js';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';
import { giveWebAccount, TEST_PASSWORD, WebClient, type WebResponse } from '../support/web-client.js';

let h: ChatHarness;
let base: string;
let db: Db;

beforeAll(async () => {
  // The test talks to the product from 127.0.0.1, as nginx on the same machine would.
  h = await startChatHarness({ TRUST_PROXY: 'loopback' });
  base = `http://127.0.0.1:${h.product.port}`;
  db = h.product.db;
});
afterAll(async () => {
  await h?.stop();
});

/** Signs in through the form as a browser behind the proxy at `address` would (X-Forwarded-For). */
async function signInFrom(c: WebClient, address: string, username: string, password = TEST_PASSWORD): Promise<WebResponse> {
  const form = await c.request('GET', '/login', undefined, { 'x-forwarded-for': address });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  return c.request('POST', '/login', new URLSearchParams({ _csrf: token, username, password }), { 'x-forwarded-for': address });
}

async function inBatches(count: number, work: (i: number) => Promise<void>, size = 5): Promise<void> {
  for (let i = 0; i < count; i += size) await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => work(i + k)));
}

async function signOut(c: WebClient): Promise<void> {
  await c.get('/password');
  expect((await c.post('/logout')).status).toBe(303);
}

const audits = (action: string) => db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

describe('TRUST_PROXY', () => {
  it('is off by default; takes a hop count or addresses; refuses `true`, which would let any client pick its address', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'evil host' })).toThrow(/TRUST_PROXY/);
  });
});

describe('addresses behind the proxy', () => {
  it('30 failures from one client lock that client’s address only, not everyone behind the proxy', async () => {
    await db.signInThrottle.deleteMany();
    const username = await giveWebAccount(db, 'THCS-TP-008', 'proxy-user');
    await inBatches(30, async (i) => void expect((await signInFrom(new WebClient(base), '203.0.113.7', `khong-co-${i}`, 'sai-mat-khau')).status).toBe(401));
    expect((await signInFrom(new WebClient(base), '203.0.113.7', username)).status).toBe(429);
    // Another client of the same nginx signs in.
    const other = new WebClient(base);
    expect((await signInFrom(other, '203.0.113.8', username)).status).toBe(303);
    expect(other.signedIn).toBe(true);
    const locks = await audits('web.sign-in-lock');
    expect(locks.map((a) => [a.entityType, a.entityId])).toContainEqual(['Address', '203.0.113.7']);
  });

  it('a noisy client behind a school’s shared address does not keep out colleagues who signed in there before', async () => {
    await db.signInThrottle.deleteMany();
    const colleague = await giveWebAccount(db, 'THCS-TP-009', 'dong-nghiep');
    const school = '198.51.100.20';
    const browser = new WebClient(base);
    expect((await signInFrom(browser, school, colleague)).status).toBe(303);
    await signOut(browser);
    await inBatches(30, (i) => signInFrom(new WebClient(base), school, `doan-mo-${i}`, 'sai-mat-khau').then(() => undefined));
    const newcomer = await signInFrom(new WebClient(base), school, colleague);
    expect(newcomer.status).toBe(429);
    // A newcomer at the locked address is told how to get in now.
    expect(newcomer.text).toContain('/login/unlock?');
    expect(newcomer.text).toMatch(/Mở khóa ngay bằng mã gửi qua Telegram hoặc Zalo/);
    // The colleague's own browser still signs in.
    expect((await signInFrom(browser, school, colleague)).status).toBe(303);
    expect(browser.signedIn).toBe(true);
  });
});

describe('a stranger guessing a username', () => {
  it('locks the username for strangers only: the owner signs in on their own browser; the lock is audited', async () => {
    await db.signInThrottle.deleteMany();
    const username = await giveWebAccount(db, 'THCS-TP-010', 'chu-tai-khoan');
    const owner = new WebClient(base);
    expect((await signInFrom(owner, '192.0.2.10', username)).status).toBe(303);
    await signOut(owner);
    for (let i = 0; i < 5; i++) expect((await signInFrom(new WebClient(base), '192.0.2.66', username, `doan-${i}-sai`)).status).toBe(401);
    // The stranger, even with the right password, is held back.
    expect((await signInFrom(new WebClient(base), '192.0.2.66', username)).status).toBe(429);
    expect((await signInFrom(new WebClient(base), '192.0.2.67', username)).status).toBe(429);
    // The owner is not.
    expect((await signInFrom(owner, '192.0.2.10', username)).status).toBe(303);
    expect(owner.signedIn).toBe(true);
    const account = await db.webAccount.findUniqueOrThrow({ where: { username } });
    const lock = (await audits('web.sign-in-lock')).find((a) => a.entityId === String(account.id))!;
    expect(JSON.parse(lock.details)).toMatchObject({ lock: 'username', username, address: '192.0.2.66' });
  });

  it('a stolen browser is slowed too: its own five failures lock it', async () => {
    await db.signInThrottle.deleteMany();
    const username = await giveWebAccount(db, 'THCS-TP-011', 'may-bi-mat');
    const browser = new WebClient(base);
    expect((await signInFrom(browser, '192.0.2.30', username)).status).toBe(303);
    await signOut(browser);
    for (let i = 0; i < 5; i++) expect((await signInFrom(browser, '192.0.2.30', username, `sai-${i}-nua`)).status).toBe(401);
    expect((await signInFrom(browser, '192.0.2.30', username)).status).toBe(429);
  });
});

describe('unlocking', () => {
  let owner: TelegramUser;
  let username: string;

  beforeAll(async () => {
    username = await giveWebAccount(db, 'THCS-TP-012', 'mo-khoa');
    owner = await h.linkedUser('THCS-TP-012', 812012);
  });

  async function lockOut(): Promise<void> {
    await db.signInThrottle.deleteMany();
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
    const before = await db.outboxMessage.count();
    await giveWebAccount(db, 'THCS-TP-013', 'khong-chat');
    const unknown = await askCode(new WebClient(base), 'khong-ai-ca');
    const noChat = await askCode(new WebClient(base), 'khong-chat');
    expect(unknown.status).toBe(200);
    expect(noChat.text.replace(/khong-chat/g, 'X').replace(/name="_csrf" value="[^"]+"/g, '')).toBe(unknown.text.replace(/khong-ai-ca/g, 'X').replace(/name="_csrf" value="[^"]+"/g, ''));
    expect(await db.outboxMessage.count()).toBe(before);
    // Twice within a minute for the owner: one message.
    await askCode(new WebClient(base), username);
    await askCode(new WebClient(base), username);
    expect(await db.outboxMessage.count()).toBeLessThanOrEqual(before + 1);
  });

  it('whoever manages the account unlocks it on the person’s page; audited and told to the person', async () => {
    await lockOut();
    const hotline = new WebClient(base);
    await hotline.signIn(await giveWebAccount(db, 'SGD-HL1', 'hotline-mo-khoa'));
    const staff = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-012' } });
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
