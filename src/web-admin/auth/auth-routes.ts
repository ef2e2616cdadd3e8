// Sign-in, sign-out and password change. Sign-in answers the same for an unknown username
// and a wrong password (and takes as long), counts failures per username and per address,
// and opens a brand-new session; the sign-in form has its own CSRF token in a cookie.
import { randomBytes } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { isAppError } from '../../core/app-error.js';
import { audit } from '../../db/audit.js';
import type { Db } from '../../db/prisma.js';
import { changeOwnPassword, normaliseUsername } from '../../use-cases/web-accounts.js';
import type { Logger } from '../../infra/logger.js';
import { clearCookie, cookiesOf, setCookie } from '../cookies.js';
import { html, page, type SafeHtml } from '../html.js';
import { emptyFormIfNone, expectFormBody } from '../request-body.js';
import { csrfField, sendAdminPage, setFlash } from '../layout.js';
import { assertCsrf, parseCookies, requireViewer, sameToken, viewerOf } from './guard.js';
import { DECOY_HASH, verifyPassword } from '../../infra/password.js';
import { closeSession, openSession } from '../../use-cases/web-auth/sessions.js';
import { claimAttempt, recordFailure, recordSuccess, type ThrottleKey } from '../../use-cases/web-auth/sign-in-throttle.js';
import { redeemUnlockCode, sendUnlockCode, UNLOCK_CODE_MINUTES } from './sign-in-unlock.js';
import { DEVICE_COOKIE_MAX_AGE_MS, trustDevice, trustedDeviceKey } from './trusted-devices.js';

export interface AuthDeps {
  db: Db;
  now(): Date;
  logger: Logger;
  /** Delivers queued chat messages now (the unlock code) rather than at the outbox's next round. */
  kickOutbox?(): void;
}

export function authRouter(deps: AuthDeps): Router {
  const router = express.Router();
  // A url-encoded form or nothing; any other body is refused (415) before a handler runs.
  const form: RequestHandler[] = [expectFormBody(), express.urlencoded({ extended: false, limit: '20kb' }), emptyFormIfNone];

  router.get('/login', (req, res) => {
    if (res.locals.viewer) return res.redirect(303, safeNext(req.query.next));
    res.type('html').send(loginPage(loginToken(req, res), String(req.query.next ?? '')));
  });

  router.post('/login', ...form, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const next = String(body.next ?? '');
    const token = loginCookie(req);
    if (!token || !sameToken(body._csrf, token)) {
      return res.status(403).type('html').send(loginPage(loginToken(req, res), next, 'Biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.'));
    }
    const username = normaliseUsername(String(body.username ?? '')).slice(0, 60);
    const password = String(body.password ?? '').slice(0, 200);
    const now = deps.now();
    const address = req.ip ?? 'unknown';
    const account = username ? await deps.db.webAccount.findUnique({ where: { username }, include: { staff: true } }) : null;
    // The owner's own browser is counted apart: strangers' failures never lock them out there.
    const deviceToken = parseCookies(req.headers.cookie)[cookiesOf(req).name('device')];
    const device = await trustedDeviceKey(deps.db, deviceToken, account?.id, now);
    const keys: ThrottleKey[] = device ? [device] : [`user:${username}`, `ip:${address}`];
    const locked = await claimAttempt(deps.db, keys, now);
    if (locked) {
      await auditLocks(deps, locked.newlyLocked, { username, accountId: account?.id, address, until: locked.until });
      const minutes = Math.max(1, Math.ceil((locked.until.getTime() - now.getTime()) / 60_000));
      return res.status(429).type('html').send(loginPage(token, next, html`Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.
<br>Đây là tài khoản của thầy/cô? <a href="/login/unlock?${new URLSearchParams({ username, next }).toString()}">Mở khóa ngay bằng mã gửi qua Telegram hoặc Zalo</a>, hoặc nhờ tổ hỗ trợ của Sở mở khóa.`));
    }
    const passwordOk = await verifyPassword(password, account?.passwordHash ?? DECOY_HASH);
    if (!account || !passwordOk || !account.active || !account.staff.active) {
      const newlyLocked = await recordFailure(deps.db, keys, now);
      await auditLocks(deps, newlyLocked, { username, accountId: account?.id, address, until: new Date(now.getTime() + 15 * 60_000) });
      return res.status(401).type('html').send(loginPage(token, next, 'Tên đăng nhập hoặc mật khẩu không đúng.'));
    }
    await recordSuccess(deps.db, username, keys);
    const session = await openSession(deps.db, account.id, now);
    await deps.db.$transaction(async (tx) => {
      await tx.webAccount.update({ where: { id: account.id }, data: { lastSignInAt: now } });
      await audit(tx, { actor: `web:${username}`, action: 'web.sign-in', entityType: 'WebAccount', entityId: account.id });
    });
    setCookie(res, 'session', session.token, { expires: session.expiresAt });
    setCookie(res, 'device', await trustDevice(deps.db, deviceToken, account.id, now), { maxAge: DEVICE_COOKIE_MAX_AGE_MS });
    clearCookie(res, 'loginCsrf');
    res.redirect(303, account.mustChangePassword ? '/password' : safeNext(next));
  });

  // The owner of a locked account unlocks it with a code sent to their chat (sign-in-unlock.ts).
  router.get('/login/unlock', (req, res) => {
    res.type('html').send(unlockPage(loginToken(req, res), { username: String(req.query.username ?? '').slice(0, 60), next: String(req.query.next ?? '') }));
  });

  router.post('/login/unlock', ...form, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const next = String(body.next ?? '');
    const username = normaliseUsername(String(body.username ?? '')).slice(0, 60);
    const token = loginCookie(req);
    if (!token || !sameToken(body._csrf, token)) {
      return res.status(403).type('html').send(unlockPage(loginToken(req, res), { username, next, error: 'Biểu mẫu đã hết hạn. Vui lòng thử lại.' }));
    }
    const now = deps.now();
    const address = req.ip ?? 'unknown';
    if (body.code === undefined) {
      // Asking for codes is limited per address too: nobody sends everyone's chat a message a minute.
      const limited = await claimAttempt(deps.db, [`send:${address}`], now);
      const sent = limited ? 'limited' : await sendUnlockCode(deps.db, { username, address, now });
      if (sent === 'sent') deps.kickOutbox?.();
      deps.logger.info({ username, address, sent }, 'sign-in unlock code asked for');
      return res.type('html').send(unlockPage(token, { username, next, codeAsked: true }));
    }
    const result = await redeemUnlockCode(deps.db, { username, code: String(body.code).slice(0, 20), address, now });
    if (!result.ok) return res.status(400).type('html').send(unlockPage(token, { username, next, codeAsked: true, error: result.message }));
    const deviceToken = parseCookies(req.headers.cookie)[cookiesOf(req).name('device')];
    setCookie(res, 'device', await trustDevice(deps.db, deviceToken, result.accountId, now), { maxAge: DEVICE_COOKIE_MAX_AGE_MS });
    res.type('html').send(loginPage(token, next, undefined, 'Đã mở khóa. Thầy/cô đăng nhập được ngay trên trình duyệt này bằng mật khẩu của mình.'));
  });

  router.post('/logout', ...form, requireViewer, async (req, res) => {
    const viewer = viewerOf(res);
    assertCsrf(viewer, (req.body as Record<string, unknown>)._csrf);
    await closeSession(deps.db, viewer.sessionId);
    clearCookie(res, 'session');
    res.redirect(303, '/login');
  });

  router.get('/password', requireViewer, (req, res) => passwordPage(req, res));
  router.post('/password', ...form, requireViewer, async (req, res) => {
    const viewer = viewerOf(res);
    const body = req.body as Record<string, string | undefined>;
    assertCsrf(viewer, body._csrf);
    if (body.next !== body.confirm) return passwordPage(req, res, 'Hai lần nhập mật khẩu mới không giống nhau.');
    try {
      await changeOwnPassword(deps.db, { accountId: viewer.accountId, current: body.current ?? '', next: body.next ?? '', keepSessionId: viewer.sessionId });
    } catch (error) {
      if (isAppError(error)) return passwordPage(req, res, error.userMessage);
      throw error;
    }
    // A new session after a change of credentials.
    await closeSession(deps.db, viewer.sessionId);
    const session = await openSession(deps.db, viewer.accountId, deps.now());
    setCookie(res, 'session', session.token, { expires: session.expiresAt });
    setFlash(res, 'ok', 'Đã đổi mật khẩu.');
    res.redirect(303, '/');
  });
  return router;
}

function loginCookie(req: Request): string | undefined {
  return parseCookies(req.headers.cookie)[cookiesOf(req).name('loginCsrf')];
}

/** Every lock a sign-in attempt set is in the audit log: which key, whose, from where, until when. */
async function auditLocks(deps: AuthDeps, keys: readonly ThrottleKey[], about: { username: string; accountId?: number; address: string; until: Date }): Promise<void> {
  for (const key of keys) {
    const kind = key.slice(0, key.indexOf(':'));
    deps.logger.warn({ kind, username: about.username, address: about.address, until: about.until }, 'sign-in locked');
    await deps.db.$transaction((tx) => audit(tx, {
      actor: 'system', action: 'web.sign-in-lock',
      entityType: kind === 'ip' ? 'Address' : 'WebAccount', entityId: kind === 'ip' ? about.address : about.accountId ?? null,
      details: { lock: kind === 'ip' ? 'address' : kind === 'device' ? 'device' : 'username', username: about.username, address: about.address, until: about.until.toISOString() },
    }));
  }
}

function loginToken(req: Request, res: Response): string {
  const existing = parseCookies(req.headers.cookie)[cookiesOf(req).name('loginCsrf')];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(res, 'loginCsrf', token, { maxAge: 3_600_000 });
  return token;
}

/** Only our own paths: `?next=//evil.example` must not send anyone away. */
export function safeNext(next: unknown): string {
  const value = typeof next === 'string' ? next : '';
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

function loginPage(csrf: string, next: string, error?: string | SafeHtml, notice?: string): string {
  return page('Đăng nhập', html`<h1>Đăng nhập</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
<form method="post" action="/login" class="card">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
<label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus>
<label for="password">Mật khẩu</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button></form>
<p class="hint">Chưa có tài khoản hoặc quên mật khẩu? Liên hệ giáo viên quản trị phần mềm của trường hoặc tổ hỗ trợ của Sở.</p>`);
}

function unlockPage(csrf: string, o: { username: string; next: string; codeAsked?: boolean; error?: string }): string {
  const intro = o.codeAsked
    ? html`<p class="notice">Nếu tài khoản <strong>${o.username}</strong> đã liên kết Telegram hoặc Zalo, trợ lý vừa gửi mã mở khóa (6 chữ số) vào đó; mã có hiệu lực ${UNLOCK_CODE_MINUTES} phút. Không thấy tin nhắn sau một phút? Bấm "Gửi lại mã".</p>`
    : html`<p>Tài khoản bị khóa tạm vì đăng nhập sai nhiều lần? Trợ lý gửi mã mở khóa vào Telegram hoặc Zalo đã liên kết với tài khoản; nhập mã ở đây để mở khóa ngay trên trình duyệt này.</p>`;
  const codeForm = o.codeAsked
    ? html`<form method="post" action="/login/unlock" class="card">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${o.next}"><input type="hidden" name="username" value="${o.username}">
<label for="code">Mã mở khóa</label><input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required autofocus>
<button type="submit">Mở khóa</button></form>`
    : '';
  return page('Mở khóa đăng nhập', html`<h1>Mở khóa đăng nhập</h1>
${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}${intro}${codeForm}
<form method="post" action="/login/unlock" class="card">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${o.next}">
<label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" value="${o.username}" autocomplete="username" autocapitalize="none" required>
<button type="submit" class="${o.codeAsked ? 'secondary' : ''}">${o.codeAsked ? 'Gửi lại mã' : 'Gửi mã mở khóa'}</button></form>
<p class="hint">Chưa liên kết Telegram hoặc Zalo? Nhờ giáo viên quản trị phần mềm của trường hoặc tổ hỗ trợ của Sở mở khóa trên trang của thầy/cô. <a href="/login?${new URLSearchParams({ next: o.next }).toString()}">Quay lại đăng nhập</a></p>`);
}

function passwordPage(req: Request, res: Response, error?: string): void {
  const viewer = viewerOf(res);
  const intro: SafeHtml = viewer.mustChangePassword
    ? html`<p class="notice">Đây là lần đăng nhập đầu tiên (hoặc mật khẩu vừa được cấp lại): hãy đặt mật khẩu của riêng thầy/cô.</p>`
    : html``;
  sendAdminPage(req, res, 'account', 'Đổi mật khẩu', html`<h1>Đổi mật khẩu</h1>${intro}
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/password" class="card" style="max-width:28rem">${csrfField(viewer)}
<label for="current">Mật khẩu hiện tại</label><input type="password" id="current" name="current" autocomplete="current-password" required>
<label for="next">Mật khẩu mới</label><input type="password" id="next" name="next" autocomplete="new-password" minlength="10" required>
<p class="hint">Ít nhất 10 ký tự, không chứa tên đăng nhập.</p>
<label for="confirm">Nhập lại mật khẩu mới</label><input type="password" id="confirm" name="confirm" autocomplete="new-password" minlength="10" required>
<button type="submit">Lưu mật khẩu</button></form>`, error ? 400 : 200);
}
