// Per-request identity for the admin pages: reads the session cookie, loads the person's roles
// as a core Actor, and refuses cross-site and token-less form posts (CSRF). Every admin route
// sits behind `requireViewer`; what it may then read or change is decided by src/core.
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../core/app-error.js';
import type { Actor } from '../../core/org.js';
import { loadActor } from '../../read-models/org-loader.js';
import type { Db } from '../../db/prisma.js';
import { cookiesOf } from '../cookies.js';
import { html, page } from '../html.js';
import { bodyKind } from '../request-body.js';
import { findSession } from '../../use-cases/web-auth/sessions.js';

export interface Viewer {
  sessionId: string;
  csrfToken: string;
  accountId: number;
  username: string;
  mustChangePassword: boolean;
  staff: { id: number; code: string; fullName: string };
  actor: Actor;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!(name in out)) out[name] = decodeCookie(part.slice(eq + 1).trim());
  }
  return out;
}

/** A value with a broken %-escape (any cookie of the host, not only ours) is kept as sent, not a 500. */
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Loads the viewer, if signed in, into res.locals.viewer. */
export function loadViewer(db: Db, now: () => Date): RequestHandler {
  return async (req, res, next) => {
    const session = await findSession(db, parseCookies(req.headers.cookie)[cookiesOf(req).name('session')], now());
    if (session) {
      const [actor, staff] = await Promise.all([
        loadActor(db, session.account.staffId),
        db.staff.findUnique({ where: { id: session.account.staffId }, select: { id: true, code: true, fullName: true } }),
      ]);
      if (actor && staff) {
        const viewer: Viewer = {
          sessionId: session.id, csrfToken: session.csrfToken, accountId: session.account.id,
          username: session.account.username, mustChangePassword: session.account.mustChangePassword, staff, actor,
        };
        res.locals.viewer = viewer;
      }
    }
    next();
  };
}

export function viewerOf(res: Response): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) throw new AppError('FORBIDDEN', 'Vui lòng đăng nhập.');
  return viewer;
}

/** Admin pages: signed in, and with a password of their own before anything else. */
export function requireViewer(req: Request, res: Response, next: NextFunction): void {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) {
    if (req.method === 'GET') return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    res.status(401).type('html').send(page('Cần đăng nhập', html`<div class="card"><p class="error">Phiên đăng nhập đã hết. Vui lòng đăng nhập lại rồi gửi lại biểu mẫu.</p><p><a href="/login">Đăng nhập</a></p></div>`));
    return;
  }
  if (viewer.mustChangePassword && req.path !== '/password' && req.path !== '/logout') return res.redirect(303, '/password');
  next();
}

export function sameToken(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Cross-site request forgery, first line: a state-changing request sent by a browser must come
 * from our own pages (its Origin names this host, or the configured public address). Clients
 * that send no Origin (chat platforms' webhooks) pass; forms are then checked by token.
 */
export function checkOrigin(publicUrl: string): RequestHandler {
  const publicHost = new URL(publicUrl).host;
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = req.headers.origin;
    if (origin) {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== req.headers.host && host !== publicHost) {
        res.status(403).type('text').send('Yêu cầu bị từ chối: không gửi từ trang của hệ thống.');
        return;
      }
    }
    next();
  };
}

/**
 * The form token of every state-changing request. Bodies other than a url-encoded form were
 * refused before (expectFormBody), except multipart on the routes that take a file: those
 * read the token from the stream and call assertCsrf before using anything they received.
 */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  if (bodyKind(req) === 'multipart') return next();
  assertCsrf(viewerOf(res), (req.body as Record<string, unknown> | undefined)?._csrf);
  next();
}

export function assertCsrf(viewer: Viewer, token: unknown): void {
  if (!sameToken(token, viewer.csrfToken)) {
    throw new AppError('FORBIDDEN', 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.');
  }
}
