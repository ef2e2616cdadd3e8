// The request rules of issue 17, each against the finding it fixes, on the web app alone
// (createApp on a real database and file store; no chat, no queues): bodies that are not the
// route's form refused before the handler (the CSRF hole of multipart), client errors as
// 400/413/415 with the Vietnamese page and a warn line (never 500), downloads behind their
// page's guard, and the caching, HSTS and cookie rules of an https deployment.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/prisma.js';
import { LocalFileStore } from '../../src/storage/local-file-store.js';
import { createWebAccount } from '../../src/use-cases/web-accounts.js';
import { createApp } from '../../src/web-admin/create-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { giveWebAccount, TEST_PASSWORD, WebClient } from '../support/web-client.js';

let database: TestDatabase;
let db: Db;
const servers: http.Server[] = [];
/** Log lines of the apps, as pino wrote them. */
const lines: Array<{ level: number; msg: string }> = [];
let plain: string;
let https: string;

async function serve(publicUrl: string): Promise<string> {
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  const app = createApp({
    db, logger, fileStore: new LocalFileStore(path.join(database.dir, 'files')), now: () => new Date(), publicUrl, cityName: 'Hải Phòng',
    pingRedis: async () => true, channels: { telegram: false, zalo: false }, telegramBotUsername: () => undefined, queueCounts: async () => ({}),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  database = createTestDatabase({ roster: true });
  db = createDb(database.url);
  fs.mkdirSync(path.join(database.dir, 'files'), { recursive: true });
  plain = await serve('http://127.0.0.1');
  https = await serve('https://hscm.example.vn');
  await giveWebAccount(db, 'THCS-TP-007', 'quan-tri-truong');
  await giveWebAccount(db, 'THCS-TP-009', 'giao-vien-9');
}, 60_000);

afterAll(async () => {
  for (const server of servers) await new Promise((r) => server.close(r));
  await db?.$disconnect();
  await database?.drop();
});

const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i;

/** The bodies of the issue: multipart with only a boundary, JSON, plain text, no content type, nothing. */
const ODD_BODIES: Array<[string, Record<string, string>, string | undefined]> = [
  ['multipart', { 'content-type': 'multipart/form-data; boundary=XyZ' }, '--XyZ--\r\n'],
  ['JSON', { 'content-type': 'application/json' }, '{"username":"a","password":"b"}'],
  ['text/plain', { 'content-type': 'text/plain' }, 'username=a&password=b'],
  ['no content type', {}, 'username=a&password=b'],
  ['no body', {}, undefined],
];

describe('bodies that are not the route’s form (findings 1 and 5)', () => {
  it('the issue’s request — a school admin’s multipart reset without a token — is refused (415) and resets nothing', async () => {
    const admin = new WebClient(plain);
    await admin.signIn('quan-tri-truong');
    const staff = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-009' }, include: { webAccount: true } });
    const res = await admin.request('POST', `/staff/${staff.id}/account/reset`, '--XyZ--\r\n', { 'content-type': 'multipart/form-data; boundary=XyZ' });
    expect(res.status).toBe(415);
    expect(res.text).toContain('không đúng dạng biểu mẫu');
    expect(res.text).not.toMatch(/Mật khẩu tạm/);
    const after = await db.webAccount.findUniqueOrThrow({ where: { staffId: staff.id } });
    expect(after.passwordHash).toBe(staff.webAccount!.passwordHash);
    // With the session's token inside, it is still not the form this route takes.
    const form = new FormData();
    form.append('_csrf', admin.csrf);
    expect((await admin.request('POST', `/staff/${staff.id}/account/reset`, form)).status).toBe(415);
    expect((await db.webAccount.findUniqueOrThrow({ where: { staffId: staff.id } })).passwordHash).toBe(staff.webAccount!.passwordHash);
  });

  it('POST /login, /password and /logout with multipart, JSON, text, no content type or no body: 403/415 with the Vietnamese page and a warn line, never 500', async () => {
    const signedIn = new WebClient(plain);
    await signedIn.signIn('giao-vien-9');
    lines.length = 0;
    for (const client of [new WebClient(plain), signedIn]) {
      for (const route of ['/login', '/password', '/logout']) {
        for (const [label, headers, body] of ODD_BODIES) {
          const res = await client.request('POST', route, body, headers);
          const where = `${route} ${label} (${client === signedIn ? 'signed in' : 'anonymous'})`;
          expect(res.status, where).toBeLessThan(500);
          expect(body === undefined ? [401, 403] : [415], where).toContain(res.status);
          expect(res.headers.get('content-type'), where).toContain('text/html');
          expect(res.text, where).toMatch(VIETNAMESE);
        }
      }
    }
    expect(lines.filter((l) => l.level >= 50), JSON.stringify(lines.filter((l) => l.level >= 50))).toEqual([]);
    expect(lines.filter((l) => l.level === 40 && l.msg === 'refused a malformed request').length).toBeGreaterThanOrEqual(24);
    // Still signed in: nothing of it was a sign-out.
    expect((await signedIn.get('/password')).status).toBe(200);
  });

  it('an oversized sign-in form is 413 with the Vietnamese page and a warn line', async () => {
    lines.length = 0;
    const res = await new WebClient(plain).request('POST', '/login', new URLSearchParams({ username: 'x'.repeat(40_000) }));
    expect(res.status).toBe(413);
    expect(res.text).toContain('Dữ liệu gửi lên quá lớn');
    expect(lines.some((l) => l.level === 40)).toBe(true);
    expect(lines.some((l) => l.level >= 50)).toBe(false);
  });
});

describe('downloads behind their page’s guard (finding 6)', () => {
  it('/dashboard.xlsx: anonymous → sign-in with the way back; a temporary password → /password, as the page does', async () => {
    const anonymous = await new WebClient(plain).get('/dashboard.xlsx');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe('/login?next=%2Fdashboard.xlsx');
    const staff = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-001' } });
    const issued = await createWebAccount(db, { staffId: staff.id, username: 'hieu-truong-tam', actor: 'test' });
    const fresh = new WebClient(plain);
    await fresh.signIn('hieu-truong-tam', issued.temporaryPassword);
    for (const path of ['/dashboard', '/dashboard.xlsx']) {
      const res = await fresh.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location, path).toBe('/password');
    }
  });
});

describe('caching, HSTS and cookies (finding 7)', () => {
  it('over https: admin pages and downloads are no-store, HSTS is sent, every cookie is __Host- and Secure (the flash too)', async () => {
    const c = new WebClient(https);
    const login = await c.request('GET', '/login');
    expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.getSetCookie().every((l) => l.startsWith('__Host-') && /;\s*Secure/i.test(l) && /Path=\//.test(l) && !/Domain=/i.test(l))).toBe(true);
    await c.signIn('quan-tri-truong', TEST_PASSWORD);
    expect(c.cookies.has('__Host-hscm_session')).toBe(true);
    expect(c.cookies.has('hscm_session')).toBe(false);
    for (const path of ['/staff', '/records', '/roster/export.csv', '/roster/template.xlsx']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toMatch(/no-store/);
    }
    const staff = await db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-009' } });
    const res = await c.post(`/staff/${staff.id}/account/active`, { active: '0' });
    expect(res.status).toBe(303);
    const flash = res.headers.getSetCookie().find((l) => l.includes('hscm_flash='))!;
    expect(flash).toMatch(/^__Host-hscm_flash=/);
    expect(flash).toMatch(/;\s*Secure/i);
    await c.post(`/staff/${staff.id}/account/active`, { active: '1' });
    // A cookie without the prefix (planted over plain http, or by a neighbouring subdomain) is not a session.
    const planted = new WebClient(https);
    planted.cookies.set('hscm_session', c.cookies.get('__Host-hscm_session')!);
    expect((await planted.get('/staff')).status).toBe(303);
  });

  it('over plain http: no HSTS, no Secure (a browser would drop it), plain cookie names; pages still no-store, assets cacheable', async () => {
    const login = await new WebClient(plain).request('GET', '/login');
    expect(login.headers.get('strict-transport-security')).toBeNull();
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.getSetCookie().some((l) => l.startsWith('hscm_login_csrf=') && !/Secure/i.test(l))).toBe(true);
    const asset = await fetch(`${plain}/assets/confirm.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=3600/);
  });
});
