// Roster import and export in the browser: the same checks and the same `Dòng N: …` messages
// as the CLI, a dry run before anything is written, and an export in exactly the import format.
// The hotline team works on the whole city; a school's admin on their own school.
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { managesAnything } from '../../core/admin-rights.js';
import { AppError } from '../../core/app-error.js';
import { vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { audit } from '../../db/audit.js';
import { loadRosterForExport } from '../../read-models/roster-export-source.js';
import { cellsInOrder, ROSTER_HEADERS, rosterRowsOf } from '../../roster/export-roster.js';
import type { RosterFormat } from '../../roster/read-roster-file.js';
import { ROSTER_COLUMN_NOTES } from '../../roster/roster-column-notes.js';
import { ROSTER_COLUMNS, type RosterColumn } from '../../roster/roster-columns.js';
import { writeRosterFile } from '../../roster/write-roster-file.js';
import { SHA256_PATTERN } from '../../storage/file-store.js';
import { totalChanges, type ChangeCounts, type ImportResult } from '../../use-cases/import-roster.js';
import { importRosterUpload } from '../../use-cases/import-roster-upload.js';
import { findRosterPreview, recordRosterPreview, ROSTER_PREVIEW_MINUTES, type RosterPreviewRecord } from '../../use-cases/roster-previews.js';
import type { AdminDeps } from '../admin-deps.js';
import { assertCsrf, viewerOf, type Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, sendAdminPage } from '../layout.js';
import { readRosterUpload, ROSTER_UPLOAD_MAX_BYTES } from '../roster/read-roster-upload.js';

const ENTITY_LABELS: Record<keyof ChangeCounts, string> = {
  units: 'Đơn vị quản lý',
  schools: 'Trường',
  groups: 'Tổ chuyên môn',
  subgroups: 'Nhóm chuyên môn',
  staff: 'Cán bộ, giáo viên',
  roles: 'Vai trò',
};

const MIME: Record<RosterFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** Errors listed on one page; a file with more is mostly wrong in the same way. */
const MAX_ERRORS_SHOWN = 300;

export function rosterRouter(deps: AdminDeps): Router {
  const router = express.Router();

  router.get('/roster', (req, res) => {
    const viewer = rosterManager(res);
    sendAdminPage(req, res, 'roster', 'Nhập danh sách', html`<h1>Nhập danh sách cán bộ, giáo viên</h1>
${uploadCard(viewer)}${downloadsCard()}${columnsCard()}`);
  });

  router.post('/roster/preview', async (req, res) => {
    const viewer = rosterManager(res);
    const upload = await readRosterUpload(req);
    assertCsrf(viewer, upload.fields._csrf);
    if (!upload.file) return sendUploadProblem(req, res, viewer, upload.problem ?? 'Chưa chọn tệp danh sách.');
    const { content, format, name } = upload.file;
    const result = await importRosterUpload(deps.db, {
      content, format, actor: viewer.actor, actorLabel: actorLabel(viewer), cityName: deps.cityName, dryRun: true,
    });
    // Kept (by content hash) only when there is something to confirm.
    const confirmable = result.ok && totalChanges(result.changes) > 0;
    const sha256 = confirmable ? (await deps.fileStore.put(content)).sha256 : createHash('sha256').update(content).digest('hex');
    const preview = await recordRosterPreview(deps.db, {
      actorLabel: actorLabel(viewer), sha256, format, fileName: name, size: content.length, ok: result.ok, now: deps.now(),
    });
    sendAdminPage(req, res, 'roster', 'Kiểm tra danh sách', previewPage(viewer, preview, result), result.ok ? 200 : 422);
  });

  router.post('/roster/import', async (req, res) => {
    const viewer = rosterManager(res);
    const form = z.object({ file: z.string().regex(SHA256_PATTERN) }).safeParse(req.body);
    const preview = form.success
      ? await findRosterPreview(deps.db, { actorLabel: actorLabel(viewer), sha256: form.data.file, now: deps.now() })
      : null;
    if (!preview || !(await deps.fileStore.exists(preview.sha256))) {
      throw new AppError('INVALID_INPUT', 'Bản kiểm tra này không còn hiệu lực (đã quá hạn hoặc không phải của bạn). Vui lòng tải tệp lên và kiểm tra lại.');
    }
    const content = await readStored(deps, preview.sha256);
    const result = await importRosterUpload(deps.db, {
      content, format: preview.format, actor: viewer.actor, actorLabel: actorLabel(viewer), cityName: deps.cityName, dryRun: false,
    });
    sendAdminPage(req, res, 'roster', 'Nhập danh sách', importedPage(viewer, preview, result), result.ok ? 200 : 422);
  });

  router.get(['/roster/export.xlsx', '/roster/export.csv'], async (req, res) => {
    const viewer = rosterManager(res);
    const format: RosterFormat = req.path.endsWith('.csv') ? 'csv' : 'xlsx';
    const people = await loadRosterForExport(deps.db, viewer.actor);
    const rows = rosterRowsOf(people).map(cellsInOrder);
    const file = await writeRosterFile(rows, format);
    await deps.db.$transaction((tx) =>
      audit(tx, { actor: actorLabel(viewer), action: 'roster.export', entityType: 'Roster', details: { format, people: people.length, rows: rows.length } }),
    );
    sendDownload(res, file, format, `danh-sach-can-bo-${vnDateOf(deps.now())}.${format}`);
  });

  router.get('/roster/template.xlsx', async (_req, res) => {
    rosterManager(res);
    const notes = [
      ['Cột', 'Bắt buộc', 'Cách ghi'],
      ...(Object.keys(ROSTER_COLUMNS) as RosterColumn[]).map((c) => [ROSTER_COLUMNS[c].header, ROSTER_COLUMN_NOTES[c].required, ROSTER_COLUMN_NOTES[c].note]),
      [],
      ['Ví dụ (ghi vào trang “Danh sách”, mỗi người một dòng):'],
      ROSTER_HEADERS,
      ...EXAMPLE_ROWS,
    ];
    const file = await writeRosterFile([], 'xlsx', { title: 'Hướng dẫn', rows: notes });
    sendDownload(res, file, 'xlsx', 'mau-danh-sach-can-bo.xlsx');
  });

  return router;
}

const EXAMPLE_ROWS: string[][] = [
  ['THCS-TP', 'Trường THCS Trần Phú', 'THCS', 'UBND phường Lê Chân', 'Phòng Văn hóa – Xã hội phường', '', '', 'THCS-TP-001', 'Nguyễn Thị Thu Hà', 'Hiệu trưởng', '', '0902345600', ''],
  ['THCS-TP', 'Trường THCS Trần Phú', 'THCS', 'UBND phường Lê Chân', 'Phòng Văn hóa – Xã hội phường', 'Tổ Toán – Tin', 'Toán', 'THCS-TP-003', 'Lê Thị Mai Anh', 'Tổ trưởng', 'Toán', '0932345874', ''],
  ['THCS-TP', 'Trường THCS Trần Phú', 'THCS', 'UBND phường Lê Chân', 'Phòng Văn hóa – Xã hội phường', 'Tổ Toán – Tin', 'Tin học', 'THCS-TP-007', 'Đỗ Thị Hồng Nhung', 'Giáo viên; Quản trị phần mềm', 'Tin học', '0352346422', ''],
];

/** Anyone who manages a school (the hotline team: all of them). */
function rosterManager(res: Response): Viewer {
  const viewer = viewerOf(res);
  if (!managesAnything(viewer.actor)) throw new AppError('FORBIDDEN', 'Bạn không có quyền nhập hoặc xuất danh sách cán bộ, giáo viên.');
  return viewer;
}

function actorLabel(viewer: Viewer): string {
  return `web:${viewer.username}`;
}

async function readStored(deps: AdminDeps, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.fileStore.open(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendDownload(res: Response, file: Buffer, format: RosterFormat, name: string): void {
  res.setHeader('Content-Type', MIME[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(file);
}

function sendUploadProblem(req: Request, res: Response, viewer: Viewer, problem: string): void {
  sendAdminPage(req, res, 'roster', 'Nhập danh sách', html`<h1>Nhập danh sách cán bộ, giáo viên</h1>
<p class="error" role="alert">${problem}</p>${uploadCard(viewer)}`, 400);
}

function uploadCard(viewer: Viewer): SafeHtml {
  return html`<div class="card no-print"><h2>Tải tệp lên để kiểm tra</h2>
<p class="hint">Hệ thống kiểm tra từng dòng và cho xem trước những gì sẽ thay đổi. Chưa có gì được ghi cho đến khi bạn bấm “Nhập vào hệ thống”.
Người có trong tệp được cập nhật đúng như tệp (kể cả vai trò); người không có trong tệp được giữ nguyên.</p>
<form method="post" action="/roster/preview" enctype="multipart/form-data">${csrfField(viewer)}
<label for="roster-file">Tệp danh sách (.xlsx hoặc .csv, tối đa ${Math.round(ROSTER_UPLOAD_MAX_BYTES / 1024 / 1024)} MB)</label>
<input id="roster-file" name="file" type="file" required accept=".xlsx,.csv">
<button type="submit">Kiểm tra tệp</button></form></div>`;
}

function downloadsCard(): SafeHtml {
  return html`<div class="card"><h2>Tải về</h2>
<p class="row"><a class="button secondary" href="/roster/export.xlsx">Danh sách hiện tại (.xlsx)</a>
<a class="button secondary" href="/roster/export.csv">Danh sách hiện tại (.csv)</a>
<a class="button secondary" href="/roster/template.xlsx">Mẫu trống kèm hướng dẫn (.xlsx)</a></p>
<p class="hint">Cách an toàn nhất: tải danh sách hiện tại, sửa trong Excel rồi tải lên lại. Tệp tải về có đúng các cột của mẫu nhập.</p></div>`;
}

function columnsCard(): SafeHtml {
  const rows = (Object.keys(ROSTER_COLUMNS) as RosterColumn[]).map((c) => html`<tr><td><strong>${ROSTER_COLUMNS[c].header}</strong></td><td>${ROSTER_COLUMN_NOTES[c].required}</td><td>${ROSTER_COLUMN_NOTES[c].note}</td></tr>`);
  return html`<h2>Các cột của tệp</h2>
<p class="hint">Mỗi người một dòng (người dạy ở hai tổ có thể có hai dòng). Tên cột không phân biệt chữ hoa, chữ thường hay dấu. Tệp CSV có thể ngăn cách bằng dấu phẩy hoặc dấu chấm phẩy.</p>
<div class="table-wrap"><table><thead><tr><th>Cột</th><th>Bắt buộc</th><th>Cách ghi</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function previewPage(viewer: Viewer, preview: RosterPreviewRecord, result: ImportResult): SafeHtml {
  const head = html`<h1>Kiểm tra danh sách</h1><p class="hint">Tệp: <strong>${preview.fileName}</strong></p>`;
  if (!result.ok) return html`${head}${errorsCard(result.errors)}${uploadCard(viewer)}`;
  const nothing = totalChanges(result.changes) === 0;
  const confirm = nothing
    ? html`<p class="ok">Kiểm tra xong: ${result.people} người, không có gì thay đổi.</p>`
    : html`<form method="post" action="/roster/import">${csrfField(viewer)}<input type="hidden" name="file" value="${preview.sha256}">
<p class="notice">Chưa ghi gì. Bấm nút dưới đây trước ${vnTimeOf(preview.expiresAt)} (bản kiểm tra giữ ${ROSTER_PREVIEW_MINUTES} phút) để ghi các thay đổi.</p>
<button type="submit">Nhập vào hệ thống</button> <a href="/roster">Huỷ</a></form>`;
  return html`${head}<div class="card"><p>Kiểm tra xong (chưa ghi gì): tệp có <strong>${result.people}</strong> người.</p>
${nothing ? '' : changesTable(result.changes)}${confirm}</div>`;
}

function importedPage(viewer: Viewer, preview: RosterPreviewRecord, result: ImportResult): SafeHtml {
  const head = html`<h1>Nhập danh sách</h1><p class="hint">Tệp: <strong>${preview.fileName}</strong></p>`;
  if (!result.ok) return html`${head}${errorsCard(result.errors)}${uploadCard(viewer)}`;
  const nothing = totalChanges(result.changes) === 0;
  return html`${head}<div class="card"><p class="ok" role="status">Đã nhập xong: ${result.people} người${nothing ? ', không có gì thay đổi' : ''}.</p>
${nothing ? '' : changesTable(result.changes)}<p><a href="/links?status=unlinked">Cấp mã liên kết chat cho những người chưa liên kết →</a></p></div>`;
}

function errorsCard(errors: ReadonlyArray<{ rowNumber: number; message: string }>): SafeHtml {
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  const items = shown.map((e) => html`<li>${e.rowNumber > 0 ? `Dòng ${e.rowNumber}: ${e.message}` : e.message}</li>`);
  const more = errors.length > shown.length ? html`<p class="hint">… và ${errors.length - shown.length} lỗi khác.</p>` : '';
  return html`<div class="card"><p class="error" role="alert">Không nhập dữ liệu nào: có ${errors.length} lỗi cần sửa.</p>
<ul class="row-errors">${items}</ul>${more}</div>`;
}

function changesTable(changes: ChangeCounts): SafeHtml {
  const rows = (Object.keys(ENTITY_LABELS) as Array<keyof ChangeCounts>)
    .filter((k) => changes[k].created + changes[k].updated + changes[k].removed > 0)
    .map((k) => html`<tr><td>${ENTITY_LABELS[k]}</td><td class="num">${changes[k].created}</td><td class="num">${changes[k].updated}</td><td class="num">${changes[k].removed}</td></tr>`);
  return html`<div class="table-wrap"><table><thead><tr><th>Mục</th><th class="num">Thêm</th><th class="num">Sửa</th><th class="num">Bỏ</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

