// Downloading a version's file: only for viewers who may read the plan, always as an
// attachment with a type chosen by us (never sniffed, never rendered in our origin), under a
// name that cannot break the header, and written to the audit log.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { isAppError } from '../../core/app-error.js';
import { displayFileName } from '../../core/text.js';
import { audit } from '../../db/audit.js';
import { loadVisibleSubmission } from '../../read-models/records-plan.js';
import type { FileStore } from '../../storage/file-store.js';
import type { Logger } from '../../infra/logger.js';
import type { AdminDeps } from '../admin-deps.js';
import type { Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { sendAdminPage } from '../layout.js';

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The type for a file name's extension; anything else is plain bytes. */
export function contentTypeOf(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * `attachment` with an ASCII fallback (diacritics dropped, anything else that could end or
 * bend the quoted string replaced) and the real name in RFC 5987 `filename*`.
 */
export function contentDisposition(originalName: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const name = displayFileName(originalName);
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function sendPlanFile(deps: AdminDeps, viewer: Viewer, planId: number, version: number, req: Request, res: Response): Promise<void> {
  const { plan, submission } = await loadVisibleSubmission(deps.db, viewer.actor, planId, version);
  const stream = await openStored(deps.fileStore, submission.fileSha256);
  if (!stream) {
    deps.logger.error({ planId, version, submissionId: submission.id, sha256: submission.fileSha256, viewer: viewer.username }, 'stored file missing');
    return sendAdminPage(req, res, 'records', 'Không tải được tệp', missingFilePage(plan, version), 410);
  }
  await sendStoredFile(deps.logger, req, res, stream, submission, () =>
    audit(deps.db, {
      actor: `web:${viewer.username}`, action: 'plan.download', entityType: 'Submission', entityId: submission.id,
      details: { planId: plan.id, refCode: plan.refCode, version, sha256: submission.fileSha256 },
    }),
  );
}

/**
 * Sends an open stored file as an attachment. A GET is audited first (a failed audit sends
 * nothing); a HEAD asks about the file without taking it, so it is not audited. `inlinePdf`:
 * the caller checked from its content that the file is a PDF; the browser shows it with its own
 * viewer, still typed by us, never sniffed, never framed (the app's headers).
 */
export async function sendStoredFile(
  logger: Logger,
  req: Request,
  res: Response,
  stream: Readable,
  file: { originalName: string; fileSize: number; id: number },
  auditDownload: () => Promise<unknown>,
  options: { inlinePdf?: boolean } = {},
): Promise<void> {
  const taken = req.method !== 'HEAD';
  if (taken) {
    await auditDownload().catch((error: unknown) => {
      stream.destroy();
      throw error;
    });
  }
  res.status(200);
  res.setHeader('Content-Type', options.inlinePdf ? 'application/pdf' : contentTypeOf(file.originalName));
  res.setHeader('Content-Length', String(file.fileSize));
  res.setHeader('Content-Disposition', contentDisposition(file.originalName, options.inlinePdf ? 'inline' : 'attachment'));
  res.setHeader('X-Content-Type-Options', 'nosniff');

  res.setHeader('Cache-Control', 'private, no-store');
  if (!taken) {
    stream.destroy();
    return void res.end();
  }
  await pipeline(stream, res).catch((error: unknown) => logger.warn({ err: error, submissionId: file.id }, 'file download interrupted'));
}

/** The stored file, or null when it is missing from the store. */
export async function openStored(store: FileStore, sha256: string): Promise<Readable | null> {
  try {
    return await store.open(sha256);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export function missingFilePage(plan: { id: number; refCode: string }, version: number): SafeHtml {
  return html`<div class="card"><p class="error">Tệp của lần nộp ${version} (hồ sơ ${plan.refCode}) không còn trong kho lưu trữ nên không tải về được.</p>
<p>Vui lòng báo tổ hỗ trợ (Hotline) kèm mã hồ sơ ${plan.refCode}. Lỗi đã được ghi lại.</p><p><a href="/plans/${plan.id}">← Quay lại hồ sơ</a></p></div>`;
}
