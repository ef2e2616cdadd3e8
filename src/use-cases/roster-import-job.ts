// The background import of a confirmed roster preview (the web's "Nhập vào hệ thống"): the
// job carries the preview's audit-row id; the file, the school, the column choices and the
// importer all come from the database, and the importer's rights are checked again now.
import { loadActor } from '../read-models/org-loader.js';
import type { Db } from '../db/prisma.js';
import type { RowError } from '../roster/roster-plan.js';
import type { FileStore } from '../storage/file-store.js';
import type { ChangeCounts } from './import-roster.js';
import { importRosterUpload } from './import-roster-upload.js';
import { loadRosterPreview } from './roster-previews.js';

/** What the job returns (kept by the queue for the result page): errors capped. */
export type RosterJobResult =
  | { ok: true; people: number; changes: ChangeCounts; notes: RowError[]; schoolCodes?: string[] }
  | { ok: false; errors: RowError[]; errorCount: number };

const MAX_KEPT_ERRORS = 500;

export async function runRosterImportJob(
  deps: { db: Db; fileStore: FileStore; cityName: string; now(): Date },
  previewId: number,
  onProgress: (p: { done: number; total: number }) => Promise<void>,
): Promise<RosterJobResult> {
  const preview = await loadRosterPreview(deps.db, previewId, deps.now());
  const refuse = (message: string): RosterJobResult => ({ ok: false, errors: [{ rowNumber: 0, message }], errorCount: 1 });
  if (!preview || !(await deps.fileStore.exists(preview.sha256))) {
    return refuse('Bản kiểm tra này không còn hiệu lực (đã quá hạn). Vui lòng tải tệp lên và kiểm tra lại.');
  }
  const username = preview.actorLabel.replace(/^web:/, '');
  const account = await deps.db.webAccount.findUnique({ where: { username }, select: { staffId: true } });
  const actor = account ? await loadActor(deps.db, account.staffId) : null;
  if (!actor) return refuse('Tài khoản đã kiểm tra tệp này không còn dùng được. Vui lòng đăng nhập lại và kiểm tra lại tệp.');
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.fileStore.open(preview.sha256)) chunks.push(chunk as Buffer);
  const result = await importRosterUpload(deps.db, {
    content: Buffer.concat(chunks), format: preview.format, actor, actorLabel: preview.actorLabel, cityName: deps.cityName,
    dryRun: false, choices: preview.choices, schoolCode: preview.schoolCode,
    onProgress: (done, total) => onProgress({ done, total }),
  });
  return result.ok
    ? { ok: true, people: result.people, changes: result.changes, notes: result.notes.slice(0, MAX_KEPT_ERRORS), schoolCodes: result.schoolCodes }
    : { ok: false, errors: result.errors.slice(0, MAX_KEPT_ERRORS), errorCount: result.errors.length };
}
