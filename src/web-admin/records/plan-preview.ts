// "Xem nhanh" of one version of a plan the viewer may already see (the caller loaded the plan
// through the same scope check as the download): its rendered document, what changed since the
// version before, and its PDF shown inline. Used by the admin's plan page and the signed review
// page alike; only the links and the audit's actor differ.
import type { Request, Response } from 'express';
import { AppError, isAppError } from '../../core/app-error.js';
import { audit } from '../../db/audit.js';
import type { Db } from '../../db/prisma.js';
import type { DocumentPreview } from '../../documents/preview-document.js';
import type { Logger } from '../../infra/logger.js';
import type { PlanRecord } from '../../read-models/records-plan.js';
import type { FileStore } from '../../storage/file-store.js';
import type { PlanFileReader } from '../../use-cases/plan-file-reader.js';
import type { SafeHtml } from '../html.js';
import { openStored, sendStoredFile } from './file-download.js';
import { changesView, previewBody, type PreviewLinks } from './preview-view.js';

type Version = PlanRecord['submissions'][number];

/** The version's preview, or null when its stored file is missing. */
export async function previewOf(reader: PlanFileReader, version: Version): Promise<DocumentPreview | null> {
  try {
    return await reader.preview(version.fileSha256);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * What changed since the version before this one (with its decision: the return reason), or
 * null for a first version. A comparison that cannot be made says so inside the block.
 */
export async function changesSinceEarlier(reader: PlanFileReader, plan: PlanRecord, version: Version, fullPreviewHref?: string): Promise<SafeHtml | null> {
  const earlier = plan.submissions.find((s) => s.version === version.version - 1);
  if (!earlier) return null;
  const d = earlier.decision;
  const decision = d ? { action: d.action, reason: d.reason, decidedAt: d.decidedAt, deciderName: plan.nameOf.get(d.deciderId) ?? 'người duyệt' } : null;
  const changes = await reader.changes(earlier.fileSha256, version.fileSha256).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  return changesView({ version: earlier.version, decision }, changes, fullPreviewHref);
}

/** The body of a preview page, or null when the version's file is missing from the store. */
export async function previewPageBody(reader: PlanFileReader, plan: PlanRecord, version: Version, links: PreviewLinks): Promise<SafeHtml | null> {
  const preview = await previewOf(reader, version);
  if (!preview) return null;
  const changes = await changesSinceEarlier(reader, plan, version);
  return previewBody(plan.refCode, version, preview, links, changes);
}

export interface InlinePdfDeps {
  db: Db;
  fileStore: FileStore;
  logger: Logger;
  reader: PlanFileReader;
}

/**
 * GET/HEAD of a version's PDF, shown by the browser. Only a file whose content is a PDF is sent
 * inline (a name says nothing); for anything else the address does not exist (404, saying why
 * and what to use instead: the pages link to it for PDFs only). Audited as a read.
 * Returns false when the file is missing (the caller answers as its download does).
 */
export async function sendInlinePdf(
  deps: InlinePdfDeps, req: Request, res: Response, plan: { id: number; refCode: string }, version: Version, actor: string, via?: string,
): Promise<boolean> {
  const preview = await previewOf(deps.reader, version);
  if (!preview) return false;
  if (preview.format !== 'PDF') throw new AppError('NOT_FOUND', 'Lần nộp này không phải tệp PDF nên trình duyệt không tự mở được. Vui lòng dùng “Xem nhanh” để đọc nội dung, hoặc tải tệp về.');
  const stream = await openStored(deps.fileStore, version.fileSha256);
  if (!stream) return false;
  await sendStoredFile(deps.logger, req, res, stream, version, () =>
    audit(deps.db, {
      actor, action: 'plan.preview', entityType: 'Submission', entityId: version.id,
      details: { planId: plan.id, refCode: plan.refCode, version: version.version, sha256: version.fileSha256, pdf: true, ...(via ? { via } : {}) },
    }), { inlinePdf: true });
  return true;
}

/** Writes a preview read to the audit log, as downloads are. */
export function auditPreview(db: Db, actor: string, plan: { id: number; refCode: string }, version: Version, via?: string): Promise<unknown> {
  return audit(db, {
    actor, action: 'plan.preview', entityType: 'Submission', entityId: version.id,
    details: { planId: plan.id, refCode: plan.refCode, version: version.version, sha256: version.fileSha256, ...(via ? { via } : {}) },
  });
}
