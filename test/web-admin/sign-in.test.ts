// Sign-in, sessions and CSRF of the web admin, through real HTTP as a browser would use them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, TEST_PASSWORD, WebClient } from '../support/web-client.js';
import { createWebAccount } from '../../src/use-cases/web-accounts.js';
import { sessionIdOf } from '../../src/use-cases/web-auth/sessions.js';
import { housekeeping } from '../../src/use-cases/scheduled/housekeeping.js';

let h: WebHarness;
let base: string;

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  await giveWebAccount(h.product.db, 'SGD-HL1', 'hotline');
  await giveWebAccount(h.product.db, 'THCS-TP-004', 'tuan');
});
afterAll(async () => {
  await h?.stop();
});

const client = () => new WebClient(base);

describe('signing in', () => {
  it('signed out, admin pages send to the sign-in page and remember where to return', async () => {
    const res = await client().get('/records?state=APPROVED');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login?next=%2Frecords%3Fstate%3DAPPROVED');
    const post = await client().post('/staff/1', { fullName: 'x' });
    expect(post.status).toBe(401);
  });

  it('a correct password opens a session with a secure cookie and returns to the page asked for', async () => {
    const c = client();
    const form = await c.get('/login?next=%2Frecords');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const res = await c.request('POST', '/login', new URLSearchParams({ _csrf: csrf, username: 'Hotline ', password: TEST_PASSWORD, next: '/records' }));
    expect(res.status).toBe(303);
    expect(res.location).toBe('/records');
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('hscm_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const page = await c.get('/password');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tạ Minh Hiếu');
    const account = await h.product.db.webAccount.findUniqueOrThrow({ where: { username: 'hotline' } });
    expect(account.lastSignInAt).not.toBeNull();
    expect(await h.product.db.auditLog.count({ where: { action: 'web.sign-in', entityId: String(account.id) } })).toBeGreaterThan(0);
  });

  it('never redirects away from the product after sign-in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const c = client();
      const form = await c.get('/login');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
      const res = await c.request('POST', '/login', new URLSearchParams({ _csrf: csrf, username: 'hotline', password: TEST_PASSWORD, next }));
      expect(res.location).toBe('/');
    }
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const wrong = await client().signIn('tuan', 'sai-mat-khau-roi');
    const unknown = await client().signIn('khong-ai-ca', 'sai-mat-khau-roi');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(unknown.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('locks a username after 5 failures, even with the right password, and says for how long', async () => {
    await giveWebAccount(h.product.db, 'THCS-TP-005', 'lan');
    for (let i = 0; i < 5; i++) expect((await client().signIn('lan', `sai-${i}-mat-khau`)).status).toBe(401);
    const locked = await client().signIn('lan');
    expect(locked.status).toBe(429);
    expect(locked.text).toMatch(/Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1[45] phút/);
    // Another person is not locked out by it.
    const other = client();
    await other.signIn('tuan');
    expect(other.signedIn).toBe(true);
  });

  it('refuses a sign-in post without the form token (login CSRF)', async () => {
    const c = client();
    const res = await c.request('POST', '/login', new URLSearchParams({ username: 'hotline', password: TEST_PASSWORD }));
    expect(res.status).toBe(403);
    expect(c.cookies.has('hscm_session')).toBe(false);
  });

  it('ignores a session token planted before sign-in (fixation) and issues a new one', async () => {
    const c = client();
    c.cookies.set('hscm_session', 'planted-token-chosen-by-an-attacker-000000000');
    await c.signIn('tuan');
    const issued = c.cookies.get('hscm_session')!;
    expect(issued).not.toBe('planted-token-chosen-by-an-attacker-000000000');
    expect(await h.product.db.webSession.findUnique({ where: { id: sessionIdOf('planted-token-chosen-by-an-attacker-000000000') } })).toBeNull();
    // Only a hash of the token is stored.
    expect(await h.product.db.webSession.findUnique({ where: { id: issued } })).toBeNull();
    expect(await h.product.db.webSession.findUnique({ where: { id: sessionIdOf(issued) } })).not.toBeNull();
  });
});

describe('sessions and forms', () => {
  it('sign-out ends the session on the server, not only in the browser', async () => {
    const c = client();
    await c.signIn('tuan');
    const token = c.cookies.get('hscm_session')!;
    expect((await c.post('/logout')).location).toBe('/login');
    const replay = new WebClient(base);
    replay.cookies.set('hscm_session', token);
    expect((await replay.get('/password')).status).toBe(303);
  });

  it('refuses a form without the session token, or posted from another site', async () => {
    const c = client();
    await c.signIn('tuan');
    expect((await c.post('/logout', { _csrf: 'gia-mao' })).status).toBe(403);
    expect((await c.post('/logout', {}, { origin: 'https://evil.example' })).status).toBe(403);
    // Still signed in: nothing happened.
    expect((await c.get('/password')).status).toBe(200);
  });

  it('a new account must choose its own password first; the change opens a new session and closes the others', async () => {
    const staff = await h.product.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-006' } });
    const issued = await createWebAccount(h.product.db, { staffId: staff.id, username: 'thang', actor: 'test' });
    const other = client();
    await other.signIn('thang', issued.temporaryPassword);
    const c = client();
    const first = await c.signIn('thang', issued.temporaryPassword);
    expect(first.text).toContain('hãy đặt mật khẩu của riêng thầy/cô');
    expect((await c.get('/records')).location).toBe('/password');

    const tooShort = await c.post('/password', { current: issued.temporaryPassword, next: 'ngan', confirm: 'ngan' });
    expect(tooShort.text).toContain('Mật khẩu phải có ít nhất 10 ký tự.');
    const before = c.cookies.get('hscm_session');
    const done = await c.post('/password', { current: issued.temporaryPassword, next: 'Mot mat khau dai 2026', confirm: 'Mot mat khau dai 2026' });
    expect(done.status).toBe(303);
    expect(c.cookies.get('hscm_session')).not.toBe(before);
    expect((await c.get('/password')).status).toBe(200);
    expect((await other.get('/password')).status).toBe(303);
    const again = client();
    await again.signIn('thang', 'Mot mat khau dai 2026');
    expect(again.signedIn).toBe(true);
  });

  it('a deactivated person is signed out at once', async () => {
    const c = client();
    await c.signIn('tuan');
    await h.product.db.staff.update({ where: { code: 'THCS-TP-004' }, data: { active: false } });
    try {
      expect((await c.get('/password')).status).toBe(303);
      expect((await client().signIn('tuan')).status).toBe(401);
    } finally {
      await h.product.db.staff.update({ where: { code: 'THCS-TP-004' }, data: { active: true } });
    }
  });

  it('expired sessions and old failure counts are cleared by the minutely housekeeping', async () => {
    const c = client();
    await c.signIn('hotline');
    const id = sessionIdOf(c.cookies.get('hscm_session')!);
    await housekeeping(h.product.db, new Date());
    expect(await h.product.db.webSession.findUnique({ where: { id } })).not.toBeNull();
    await housekeeping(h.product.db, new Date(Date.now() + 13 * 3_600_000));
    expect(await h.product.db.webSession.findUnique({ where: { id } })).toBeNull();
    expect(await h.product.db.signInThrottle.count({ where: { key: 'user:lan' } })).toBe(0);
  });

  it('pages are not framed by other sites and scripts come only from the product', async () => {
    const res = await client().get('/login');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
