// Sign-in, sign-out and password change. Sign-in answers the same for an unknown username
// and a wrong password (and takes as long), counts failures per username and per address,
// and opens a brand-new session; the sign-in form has its own CSRF token in a cookie.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { isAppError } from '../../core/app-error.js';
import { audit } from '../../db/audit.js';
import type { Db } from '../../db/prisma.js';
import { changeOwnPassword, normaliseUsername } from '../../use-cases/web-accounts.js';
import { html, page, type SafeHtml } from '../html.js';
import { csrfField, sendAdminPage, setFlash } from '../layout.js';
import { parseCookies, requireViewer, sameToken, viewerOf } from './guard.js';
import { DECOY_HASH, verifyPassword } from '../../infra/password.js';
import { closeSession, openSession, SESSION_COOKIE } from './sessions.js';
import { claimAttempt, recordFailure, recordSuccess, type ThrottleKey } from './sign-in-throttle.js';

const LOGIN_CSRF_COOKIE = 'hscm_login_csrf';

export interface AuthDeps {
  db: Db;
  now(): Date;
  /** Cookies get the Secure flag when the product is served over https. */
  secureCookies: boolean;
}

export function authRouter(deps: AuthDeps): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '20kb' });

  router.get('/login', (req, res) => {
    if (res.locals.viewer) return res.redirect(303, safeNext(req.query.next));
    res.type('html').send(loginPage(loginToken(req, res, deps), String(req.query.next ?? '')));
  });

  router.post('/login', form, async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const next = String(body.next ?? '');
    const token = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
    if (!token || !sameToken(body._csrf, token)) {
      return res.status(403).type('html').send(loginPage(loginToken(req, res, deps), next, 'Biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.'));
    }
    const username = normaliseUsername(String(body.username ?? '')).slice(0, 60);
    const password = String(body.password ?? '').slice(0, 200);
    const now = deps.now();
    const address: ThrottleKey = `ip:${req.ip ?? 'unknown'}`;
    const keys: ThrottleKey[] = [`user:${username}`, address];
    const locked = await claimAttempt(deps.db, keys, now);
    if (locked) {
      const minutes = Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 60_000));
      return res.status(429).type('html').send(loginPage(token, next, `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút hoặc liên hệ tổ hỗ trợ.`));
    }
    const account = username ? await deps.db.webAccount.findUnique({ where: { username }, include: { staff: true } }) : null;
    const passwordOk = await verifyPassword(password, account?.passwordHash ?? DECOY_HASH);
    if (!account || !passwordOk || !account.active || !account.staff.active) {
      await recordFailure(deps.db, keys, now);
      return res.status(401).type('html').send(loginPage(token, next, 'Tên đăng nhập hoặc mật khẩu không đúng.'));
    }
    await recordSuccess(deps.db, username, address);
    const session = await openSession(deps.db, account.id, now);
    await deps.db.$transaction(async (tx) => {
      await tx.webAccount.update({ where: { id: account.id }, data: { lastSignInAt: now } });
      await audit(tx, { actor: `web:${username}`, action: 'web.sign-in', entityType: 'WebAccount', entityId: account.id });
    });
    res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(deps, session.expiresAt));
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
    res.redirect(303, account.mustChangePassword ? '/password' : safeNext(next));
  });

  router.post('/logout', form, requireViewer, async (req, res) => {
    const viewer = viewerOf(res);
    if (!sameToken((req.body as Record<string, unknown>)._csrf, viewer.csrfToken)) return res.status(403).type('text').send('Yêu cầu không hợp lệ.');
    await closeSession(deps.db, viewer.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  router.get('/password', requireViewer, (req, res) => passwordPage(req, res));
  router.post('/password', form, requireViewer, async (req, res) => {
    const viewer = viewerOf(res);
    const body = req.body as Record<string, string | undefined>;
    if (!sameToken(body._csrf, viewer.csrfToken)) return res.status(403).type('text').send('Yêu cầu không hợp lệ.');
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
    res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(deps, session.expiresAt));
    setFlash(res, 'ok', 'Đã đổi mật khẩu.');
    res.redirect(303, '/');
  });
  return router;
}

function sessionCookieOptions(deps: AuthDeps, expires: Date) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies, path: '/', expires };
}

function loginToken(req: Request, res: Response, deps: AuthDeps): string {
  const existing = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/', maxAge: 3_600_000 });
  return token;
}

/** Only our own paths: `?next=//evil.example` must not send anyone away. */
export function safeNext(next: unknown): string {
  const value = typeof next === 'string' ? next : '';
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

function loginPage(csrf: string, next: string, error?: string): string {
  return page('Đăng nhập', html`<h1>Đăng nhập</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login" class="card">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
<label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" required autofocus>
<label for="password">Mật khẩu</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button></form>
<p class="hint">Chưa có tài khoản hoặc quên mật khẩu? Liên hệ giáo viên quản trị phần mềm của trường hoặc tổ hỗ trợ của Sở.</p>`);
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
