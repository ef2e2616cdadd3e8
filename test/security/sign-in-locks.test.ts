// Sign-in locks nobody can abuse (issue 17): behind the deployment's proxy each client is its
// own address (TRUST_PROXY); a noisy client behind a school's shared address, or a stranger
// guessing a username, locks out strangers only — never the owner on the browser they signed
// in on before; the owner unlocks from anywhere with a code sent to their linked chat, and
// whoever manages the account unlocks it on the person's page. Every lock and unlock audited.
// On the web harness with the product's TRUST_PROXY; the unlocking (codes sent to the owner's
// chat, the person told of an unlock) needs the chat: pages-in-chat.test.ts in test/web-admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Db } from '../../src/db/prisma.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, TEST_PASSWORD, WebClient, type WebResponse } from '../support/web-client.js';

let h: WebHarness;
let base: string;
let db: Db;

beforeAll(async () => {
  // The test talks to the product from 127.0.0.1, as nginx on the same machine would.
  h = await startWebHarness({ trustProxy: loadConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY });
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
