// The admin pages' frame: navigation limited to what the signed-in person may use, their
// name, and sign-out. Every admin page goes through `adminPage`.
import { canManageCity, canOperateCity, complianceScope, managesAnything } from '../core/admin-rights.js';
import type { Request, Response } from 'express';
import { parseCookies, viewerOf, type Viewer } from './auth/guard.js';
import { clearCookie, cookiesOf, setCookie } from './cookies.js';
import { html, page, type SafeHtml } from './html.js';

export type Section = 'dashboard' | 'records' | 'org' | 'staff' | 'roster' | 'links' | 'years' | 'audit' | 'queues' | 'account';

const SECTIONS: ReadonlyArray<{ id: Section; href: string; label: string; allowed: (v: Viewer) => boolean }> = [
  { id: 'dashboard', href: '/dashboard', label: 'Tổng quan', allowed: (v) => complianceScope(v.actor) !== null },
  { id: 'records', href: '/records', label: 'Hồ sơ', allowed: () => true },
  { id: 'org', href: '/org', label: 'Đơn vị, trường, tổ', allowed: (v) => managesAnything(v.actor) || canManageCity(v.actor) },
  { id: 'staff', href: '/staff', label: 'Cán bộ, giáo viên', allowed: (v) => managesAnything(v.actor) },
  { id: 'roster', href: '/roster', label: 'Nhập danh sách', allowed: (v) => managesAnything(v.actor) },
  { id: 'links', href: '/links', label: 'Liên kết chat', allowed: (v) => managesAnything(v.actor) },
  { id: 'years', href: '/years', label: 'Năm học', allowed: (v) => canOperateCity(v.actor) },
  { id: 'audit', href: '/audit', label: 'Nhật ký', allowed: (v) => canOperateCity(v.actor) },
  { id: 'queues', href: '/queues', label: 'Hàng đợi', allowed: (v) => canOperateCity(v.actor) },
];

export function sectionsFor(viewer: Viewer): ReadonlyArray<{ id: Section; href: string; label: string }> {
  return SECTIONS.filter((s) => s.allowed(viewer));
}

/** The hidden CSRF field every admin form carries. */
export function csrfField(viewer: Viewer): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">`;
}

export function adminPage(viewer: Viewer, section: Section, title: string, body: SafeHtml): string {
  const links = sectionsFor(viewer).map((s) => html`<a href="${s.href}" class="${s.id === section ? 'on' : ''}">${s.label}</a>`);
  const nav = html`<nav aria-label="Chức năng">${links}</nav>
<div class="who"><a href="/password" title="Đổi mật khẩu">${viewer.staff.fullName}</a>
<form method="post" action="/logout">${csrfField(viewer)}<button type="submit">Đăng xuất</button></form></div>`;
  return page(title, body, { nav });
}

/**
 * A short message shown once on the next page after a redirect ("Đã lưu."). Kept in a
 * cookie our own responses set, not in the URL, so nobody can craft a link that shows text
 * in the product's voice.
 */
export function setFlash(res: Response, kind: 'ok' | 'error', text: string): void {
  const value = Buffer.from(JSON.stringify({ kind, text: text.slice(0, 500) })).toString('base64url');
  setCookie(res, 'flash', value, { maxAge: 60_000 });
}

export function takeFlash(req: Request, res: Response): SafeHtml {
  const value = parseCookies(req.headers.cookie)[cookiesOf(req).name('flash')];
  if (!value) return html``;
  clearCookie(res, 'flash');
  try {
    const { kind, text } = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { kind: string; text: string };
    return html`<p class="${kind === 'ok' ? 'ok' : 'error'}" role="status">${String(text)}</p>`;
  } catch {
    return html``;
  }
}

/** Sends an admin page with the pending flash message on top. */
export function sendAdminPage(req: Request, res: Response, section: Section, title: string, body: SafeHtml, status = 200): void {
  const viewer = viewerOf(res);
  res.status(status).type('html').send(adminPage(viewer, section, title, html`${takeFlash(req, res)}${body}`));
}
