// A roster preview, remembered so that the admin can re-check it with other column choices
// and confirm it without uploading again. The file waits in the file store under its
// SHA-256; the audit row says who previewed it, for which school, with which column
// choices, and until when the confirmation is accepted. A hash nobody previewed — or
// someone else's — is refused.
import { previewDetails } from '../db/stored-json.js';
import type { Db } from '../db/prisma.js';
import { IMPORT_FIELDS, type ImportField } from '../roster/roster-columns.js';
import { ROSTER_FORMATS, type RosterFormat } from '../roster/read-roster-file.js';
import type { ColumnChoices } from '../roster/roster-layout.js';

export const ROSTER_PREVIEW_MINUTES = 30;
const ACTION = 'roster.preview';
const ENTITY = 'RosterUpload';

export interface RosterPreviewRecord {
  /** The audit row's id: what a background import job carries. */
  id: number;
  sha256: string;
  format: RosterFormat;
  fileName: string;
  expiresAt: Date;
  schoolCode?: string;
  choices: ColumnChoices;
}

export async function recordRosterPreview(
  db: Db,
  input: {
    actorLabel: string; sha256: string; format: RosterFormat; fileName: string; size: number; ok: boolean; now: Date;
    schoolCode?: string; choices?: ColumnChoices;
  },
): Promise<RosterPreviewRecord> {
  const expiresAt = new Date(input.now.getTime() + ROSTER_PREVIEW_MINUTES * 60_000);
  const choices = input.choices ?? {};
  // The audit row itself (not audit()): its id is what the background import carries.
  const row = await db.auditLog.create({
    data: {
      actor: input.actorLabel, action: ACTION, entityType: ENTITY, entityId: input.sha256,
      details: JSON.stringify({
        format: input.format, fileName: input.fileName, size: input.size, ok: input.ok, expiresAt: expiresAt.toISOString(),
        ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}), ...(Object.keys(choices).length > 0 ? { choices } : {}),
      }),
    },
    select: { id: true },
  });
  return { id: row.id, sha256: input.sha256, format: input.format, fileName: input.fileName, expiresAt, schoolCode: input.schoolCode, choices };
}

/** The viewer's own, unexpired preview of this file, or null. */
export async function findRosterPreview(db: Db, input: { actorLabel: string; sha256: string; now: Date }): Promise<RosterPreviewRecord | null> {
  const row = await db.auditLog.findFirst({
    where: { action: ACTION, entityType: ENTITY, entityId: input.sha256, actor: input.actorLabel },
    orderBy: { id: 'desc' },
  });
  return row ? previewOf(row, input.now) : null;
}

/** A preview by its audit-row id (the background import), with who made it. */
export async function loadRosterPreview(db: Db, id: number, now: Date): Promise<(RosterPreviewRecord & { actorLabel: string }) | null> {
  const row = await db.auditLog.findFirst({ where: { id, action: ACTION, entityType: ENTITY } });
  const preview = row ? previewOf(row, now) : null;
  return preview && row ? { ...preview, actorLabel: row.actor } : null;
}

function previewOf(row: { id: number; entityId: string | null; details: string }, now: Date): RosterPreviewRecord | null {
  const details = previewDetails(row.details) as { format?: string; fileName?: string; expiresAt?: string; schoolCode?: unknown; choices?: unknown };
  const expiresAt = new Date(details.expiresAt ?? 0);
  const format = ROSTER_FORMATS.find((f) => f === details.format);
  if (!(expiresAt > now) || !format || !row.entityId) return null;
  return {
    id: row.id, sha256: row.entityId, format, fileName: details.fileName ?? '', expiresAt,
    schoolCode: typeof details.schoolCode === 'string' ? details.schoolCode : undefined,
    choices: typeof details.choices === 'object' && details.choices !== null ? parseChoices(details.choices as Record<string, unknown>) : {},
  };
}

/** Column choices from a form or a stored preview: known fields only, column indexes 0–255. */
export function parseChoices(raw: Record<string, unknown>): ColumnChoices {
  const choices: Record<number, ImportField | null> = {};
  for (const [key, value] of Object.entries(raw)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index > 255) continue;
    if (value === null || value === '') choices[index] = null;
    else if (typeof value === 'string' && Object.hasOwn(IMPORT_FIELDS, value)) choices[index] = value as ImportField;
  }
  return choices;
}

/** Who made a preview and of which file, whatever its age (the background import's page). */
export async function rosterPreviewOwner(db: Db, id: number): Promise<{ actorLabel: string; fileName: string } | null> {
  const row = await db.auditLog.findFirst({ where: { id, action: ACTION, entityType: ENTITY }, select: { actor: true, details: true } });
  if (!row) return null;
  return { actorLabel: row.actor, fileName: previewDetails(row.details).fileName ?? '' };
}

