// Small pieces shared by the organisation and staff pages: who may open them at all, the
// audit name of the viewer, how a form's outcome is reported, and how inactive rows look.
import type { Request, Response } from 'express';
import { AppError, isAppError } from '../../core/app-error.js';
import { managesAnything } from '../../core/admin-rights.js';
import { NOT_FOUND_MESSAGE, type Changer } from '../../use-cases/admin-change.js';
import { viewerOf, type Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, setFlash } from '../layout.js';
import { parseId } from '../../core/ids.js';

/** The management pages are for the hotline team and school admins only. */
export function managerOf(res: Response): Viewer {
  const viewer = viewerOf(res);
  if (!managesAnything(viewer.actor)) throw new AppError('FORBIDDEN', 'Trang này dành cho tổ hỗ trợ và giáo viên quản trị phần mềm của trường.');
  return viewer;
}

export function changerOf(viewer: Viewer): Changer {
  return { actor: viewer.actor, by: `web:${viewer.username}` };
}

export function notFound(): AppError {
  return new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
}

/** A numeric id from the URL; anything else is simply not found. */
export function idParam(req: Request, name = 'id'): number {
  const id = parseId((req.params as Record<string, string | undefined>)[name]);
  if (id === null) throw notFound();
  return id;
}

/**
 * Runs a change from a small form and goes back to `back` with its outcome as a flash:
 * input and conflict problems are explained there; missing rights are a 403/404 page.
 */
export async function applyChange(res: Response, back: string, change: () => Promise<string>): Promise<void> {
  try {
    setFlash(res, 'ok', await change());
  } catch (error) {
    if (!isAppError(error) || (error.code !== 'INVALID_INPUT' && error.code !== 'CONFLICT')) throw error;
    setFlash(res, 'error', error.userMessage);
  }
  res.redirect(303, back);
}

/** Inline style of rows and names that are no longer active (greyed, still readable). */
export const OFF_STYLE = 'color:#52606d;background:#fafbfc'; // 6:1, still set apart from active rows by the background

export function stateBadge(active: boolean): SafeHtml {
  return active ? html`` : html` <span class="badge">Ngừng hoạt động</span>`;
}

/** A one-button form that posts `active=0|1` (deactivate / reactivate). */
export function activeToggle(viewer: Viewer, action: string, active: boolean, what: string, confirmText?: string): SafeHtml {
  return html`<form method="post" action="${action}">${csrfField(viewer)}<input type="hidden" name="active" value="${active ? '0' : '1'}">
<button type="submit" class="${active ? 'danger' : 'secondary'}"${active && confirmText ? html` data-confirm="${confirmText}"` : ''}>${active ? `Ngừng hoạt động ${what}` : `Kích hoạt lại ${what}`}</button></form>`;
}

/** Asks before destructive buttons that carry `data-confirm` (the pages work without it). */
export const CONFIRM_SCRIPT = html`<script src="/assets/confirm.js" defer></script>`;
