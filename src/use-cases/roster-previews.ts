// A roster preview, remembered so that the admin can confirm it without uploading again. The
// file waits in the file store under its SHA-256; the audit row says who previewed it and
// until when the confirmation is accepted. A hash nobody previewed — or someone else's — is
// refused.
import { previewDetails } from '../db/stored-json.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import type { RosterFormat } from '../roster/read-roster-file.js';

export const ROSTER_PREVIEW_MINUTES = 30;
const ACTION = 'roster.preview';
const ENTITY = 'RosterUpload';

export interface RosterPreviewRecord {
  sha256: string;
  format: RosterFormat;
  fileName: string;
  expiresAt: Date;
}

export async function recordRosterPreview(
  db: Db,
  input: { actorLabel: string; sha256: string; format: RosterFormat; fileName: string; size: number; ok: boolean; now: Date },
): Promise<RosterPreviewRecord> {
  const expiresAt = new Date(input.now.getTime() + ROSTER_PREVIEW_MINUTES * 60_000);
  await db.$transaction((tx) =>
    audit(tx, {
      actor: input.actorLabel, action: ACTION, entityType: ENTITY, entityId: input.sha256,
      details: { format: input.format, fileName: input.fileName, size: input.size, ok: input.ok, expiresAt: expiresAt.toISOString() },
    }),
  );
  return { sha256: input.sha256, format: input.format, fileName: input.fileName, expiresAt };
}

/** The viewer's own, unexpired preview of this file, or null. */
export async function findRosterPreview(db: Db, input: { actorLabel: string; sha256: string; now: Date }): Promise<RosterPreviewRecord | null> {
  const row = await db.auditLog.findFirst({
    where: { action: ACTION, entityType: ENTITY, entityId: input.sha256, actor: input.actorLabel },
    orderBy: { id: 'desc' },
  });
  if (!row) return null;
  const details = previewDetails(row.details);
  const expiresAt = new Date(details.expiresAt ?? 0);
  if (!(expiresAt > input.now) || (details.format !== 'csv' && details.format !== 'xlsx')) return null;
  return { sha256: input.sha256, format: details.format, fileName: details.fileName ?? '', expiresAt };
}

