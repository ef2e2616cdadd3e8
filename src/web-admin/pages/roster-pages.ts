// Roster import and export in the browser: the same checks and the same `Dòng N: …` messages
// as the CLI, a dry run before anything is written, and an export in exactly the import format.
// The hotline team works on the whole city; a school's admin on their own school.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isHotline, managesAnything } from '../../core/admin-rights.js';
import { managedSchoolsFilter } from '../../read-models/scope-filters.js';
import { formatRowErrors } from '../../roster/row-errors.js';
import type { RosterJobResult } from '../../use-cases/roster-import-job.js';
import { AppError } from '../../core/app-error.js';
import { vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { audit } from '../../db/audit.js';
import { loadRosterForExport } from '../../read-models/roster-export-source.js';
import { cellsInOrder, ROSTER_HEADERS, rosterRowsOf } from '../../roster/export-roster.js';
import type { RosterFormat } from '../../roster/read-roster-file.js';
import { ROSTER_COLUMN_NOTES } from '../../roster/roster-column-notes.js';
import { IMPORT_FIELDS, ROSTER_COLUMNS, type ImportField, type RosterColumn } from '../../roster/roster-columns.js';
import { writeRosterFile } from '../../roster/write-roster-file.js';
import { SHA256_PATTERN } from '../../storage/file-store.js';
import { totalChanges, type ChangeCounts } from '../../use-cases/import-roster.js';
import { importRosterUpload, type RosterUploadResult } from '../../use-cases/import-roster-upload.js';
import {
  findRosterPreview, parseChoices, recordRosterPreview, rosterPreviewOwner, ROSTER_PREVIEW_MINUTES, type RosterPreviewRecord,
} from '../../use-cases/roster-previews.js';
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
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv; charset=utf-8',
};

/** Errors listed on one page; a file with more is mostly wrong in the same way. */
const MAX_ERRORS_SHOWN = 300;

export function rosterRouter(deps: AdminDeps): Router {
  const router = express.Router();

  router.get('/roster', async (req, res) => {
    const viewer = rosterManager(res);
    sendAdminPage(req, res, 'roster', 'Nhập danh sách', html`<h1>Nhập danh sách cán bộ, giáo viên</h1>
${uploadCard(viewer, await schoolChoices(deps, viewer))}${downloadsCard()}${columnsCard()}`);
  });

  // A new file (multipart), or the stored one checked again with the mapping step's choices.
  router.post('/roster/preview', async (req, res) => {
    const viewer = rosterManager(res);
    const schools = await schoolChoices(deps, viewer);
    let file: { name: string; format: RosterFormat; content: Buffer; sha256?: string };
    let fields: Record<string, unknown>;
    if (req.is('multipart/form-data')) {
      const upload = await readRosterUpload(req);
      assertCsrf(viewer, upload.fields._csrf);
      if (!upload.file) return sendUploadProblem(req, res, viewer, schools, upload.problem ?? 'Chưa chọn tệp danh sách.');
      file = upload.file;
      fields = upload.fields;
    } else {
      fields = (req.body ?? {}) as Record<string, unknown>;
      const sha256 = typeof fields.file === 'string' && SHA256_PATTERN.test(fields.file) ? fields.file : '';
      const earlier = sha256 ? await findRosterPreview(deps.db, { actorLabel: actorLabel(viewer), sha256, now: deps.now() }) : null;
      if (!earlier || !(await deps.fileStore.exists(earlier.sha256))) throw expiredPreview();
      file = { name: earlier.fileName, format: earlier.format, content: await readStored(deps, earlier.sha256), sha256: earlier.sha256 };
    }
    const schoolCode = chosenSchoolCode(schools, fields.school);
    if (schoolCode === false) return sendUploadProblem(req, res, viewer, schools, 'Trường đã chọn không thuộc quyền quản lý của bạn. Hãy chọn lại trường.');
    const choices = parseChoices(Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (/^col_\d+$/.test(k) ? [[k.slice(4), v]] : []))));
    const { content, format, name } = file;
    const result = await importRosterUpload(deps.db, {
      content, format, actor: viewer.actor, actorLabel: actorLabel(viewer), cityName: deps.cityName, dryRun: true, choices, schoolCode,
    });
    // Kept (by content hash) for the mapping step and the confirmation.
    const sha256 = file.sha256 ?? (await deps.fileStore.put(content)).sha256;
    const preview = await recordRosterPreview(deps.db, {
      actorLabel: actorLabel(viewer), sha256, format, fileName: name, size: content.length, ok: result.ok, now: deps.now(), schoolCode, choices,
    });
    sendAdminPage(req, res, 'roster', 'Kiểm tra danh sách', previewPage(viewer, preview, result, schools), result.ok ? 200 : 422);
  });

  router.post('/roster/import', async (req, res) => {
    const viewer = rosterManager(res);
    const form = z.object({ file: z.string().regex(SHA256_PATTERN) }).safeParse(req.body);
    const preview = form.success
      ? await findRosterPreview(deps.db, { actorLabel: actorLabel(viewer), sha256: form.data.file, now: deps.now() })
      : null;
    if (!preview || !(await deps.fileStore.exists(preview.sha256))) throw expiredPreview();
    // A city's roster takes a while: it runs as a background job whose page shows progress.
    // Without the queue (Redis away) it runs here, as before; nothing is lost either way.
    const jobId = await deps.rosterImports?.start(preview.id).catch((err: unknown) => {
      deps.logger.warn({ err }, 'roster import queue unavailable: importing in the request');
      return undefined;
    });
    if (jobId) return res.redirect(303, `/roster/jobs/${jobId}`);
    const content = await readStored(deps, preview.sha256);
    const result = await importRosterUpload(deps.db, {
      content, format: preview.format, actor: viewer.actor, actorLabel: actorLabel(viewer), cityName: deps.cityName, dryRun: false,
      choices: preview.choices, schoolCode: preview.schoolCode,
    });
    const shown: RosterJobResult = result.ok
      ? { ok: true, people: result.people, changes: result.changes, notes: result.notes, schoolCodes: result.schoolCodes }
      : { ok: false, errors: result.errors, errorCount: result.errors.length };
    sendAdminPage(req, res, 'roster', 'Nhập danh sách', await importedPage(deps, viewer, preview.fileName, shown), result.ok ? 200 : 422);
  });

  router.get('/roster/jobs/:jobId', async (req, res) => {
    const viewer = rosterManager(res);
    const status = await deps.rosterImports?.status(String(req.params.jobId));
    const owner = status ? await rosterPreviewOwner(deps.db, status.previewId) : null;
    if (!status || !owner || owner.actorLabel !== actorLabel(viewer)) {
      throw new AppError('NOT_FOUND', 'Không tìm thấy lần nhập này (đã quá một ngày, hoặc không phải của bạn). Xem kết quả ở danh sách cán bộ, hoặc nhập lại tệp.');
    }
    if (status.state === 'waiting' || status.state === 'active') {
      const p = status.progress;
      const done = p && p.total > 0 ? html`<p><progress max="${p.total}" value="${p.done}"></progress> ${p.done} / ${p.total} người</p>` : html`<p>Đang chuẩn bị…</p>`;
      return sendAdminPage(req, res, 'roster', 'Đang nhập danh sách', html`<meta http-equiv="refresh" content="2">
<h1>Đang nhập danh sách</h1><p class="hint">Tệp: <strong>${owner.fileName}</strong></p>
<div class="card" role="status">${status.state === 'waiting' ? html`<p>Đang chờ đến lượt…</p>` : done}
<p class="hint">Trang tự cập nhật mỗi 2 giây. Tất cả được ghi cùng lúc khi xong, hoặc không ghi gì nếu có lỗi. Có thể đóng trang: việc nhập vẫn tiếp tục.</p>
<p><a href="/roster/jobs/${String(req.params.jobId)}">Cập nhật ngay</a></p></div>`);
    }
    if (status.state === 'failed') deps.logger.error({ jobId: req.params.jobId, reason: status.failedReason }, 'roster import job failed');
    const result: RosterJobResult = status.state === 'completed' && isJobResult(status.result)
      ? status.result
      : { ok: false, errors: [{ rowNumber: 0, message: 'Việc nhập gặp lỗi hệ thống, chưa ghi gì. Vui lòng thử lại; nếu vẫn lỗi, báo Tổ hỗ trợ.' }], errorCount: 1 };
    sendAdminPage(req, res, 'roster', 'Nhập danh sách', await importedPage(deps, viewer, owner.fileName, result), result.ok ? 200 : 422);
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

function expiredPreview(): AppError {
  return new AppError('INVALID_INPUT', 'Bản kiểm tra này không còn hiệu lực (đã quá hạn hoặc không phải của bạn). Vui lòng tải tệp lên và kiểm tra lại.');
}

interface SchoolChoices {
  /** Schools the viewer may import into, by code; `fixed` when there is only one (a school admin). */
  options: Array<{ code: string; name: string }>;
  fixed: boolean;
}

async function schoolChoices(deps: AdminDeps, viewer: Viewer): Promise<SchoolChoices> {
  const rows = await deps.db.school.findMany({ where: { ...managedSchoolsFilter(viewer.actor), active: true }, select: { code: true, name: true }, orderBy: { name: 'asc' } });
  return { options: rows, fixed: !isHotline(viewer.actor) && rows.length === 1 };
}

/** The chosen school's code, undefined for none, false for one the viewer may not choose. */
function chosenSchoolCode(schools: SchoolChoices, field: unknown): string | undefined | false {
  if (schools.fixed) return schools.options[0]!.code;
  const code = typeof field === 'string' ? field.trim() : '';
  if (!code) return undefined;
  return schools.options.some((s) => s.code === code) ? code : false;
}

function sendUploadProblem(req: Request, res: Response, viewer: Viewer, schools: SchoolChoices, problem: string): void {
  sendAdminPage(req, res, 'roster', 'Nhập danh sách', html`<h1>Nhập danh sách cán bộ, giáo viên</h1>
<p class="error" role="alert">${problem}</p>${uploadCard(viewer, schools)}`, 400);
}

function schoolField(schools: SchoolChoices, selected?: string): SafeHtml {
  if (schools.fixed) {
    const only = schools.options[0]!;
    return html`<p>Trường: <strong>${only.name}</strong> (${only.code}). Dòng không ghi mã trường thuộc trường này.</p><input type="hidden" name="school" value="${only.code}">`;
  }
  const options = schools.options.map((s) => html`<option value="${s.code}"${s.code === selected ? html` selected` : ''}>${s.name} (${s.code})</option>`);
  return html`<label for="roster-school">Trường của tệp (khi tệp không có cột “Mã trường”)</label>
<select id="roster-school" name="school"><option value="">— Tệp có cột “Mã trường” (một hay nhiều trường) —</option>${options}</select>`;
}

function uploadCard(viewer: Viewer, schools: SchoolChoices): SafeHtml {
  return html`<div class="card no-print"><h2>Tải tệp lên để kiểm tra</h2>
<p class="hint">Hệ thống tìm dòng tiêu đề (kể cả khi phía trên có quốc hiệu, tên trường), cho xem cách đọc từng cột để sửa nếu cần, rồi kiểm tra mọi dòng. Chưa có gì được ghi cho đến khi bạn bấm “Nhập vào hệ thống”.
Người có trong tệp được cập nhật đúng như tệp (kể cả vai trò); người không có trong tệp được giữ nguyên.</p>
<form method="post" action="/roster/preview" enctype="multipart/form-data">${csrfField(viewer)}
${schoolField(schools)}
<label for="roster-file">Tệp danh sách (.xlsx, .xls hoặc .csv, tối đa ${Math.round(ROSTER_UPLOAD_MAX_BYTES / 1024 / 1024)} MB)</label>
<input id="roster-file" name="file" type="file" required accept=".xlsx,.xls,.csv">
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
<p class="hint">Mỗi người một dòng (người dạy ở hai tổ có thể có hai dòng). Tên cột không phân biệt chữ hoa, chữ thường, dấu, khoảng trắng hay dấu (*); tệp của CSDL ngành, vnEdu, SMAS dùng được như xuất ra (“Họ tên”, “Chức vụ”, “Tổ bộ môn”, “SĐT”, “Mã GV”…). Không có cột chức vụ: mọi người là giáo viên. Tệp CSV có thể ngăn cách bằng dấu phẩy hoặc dấu chấm phẩy.</p>
<div class="table-wrap"><table><thead><tr><th>Cột</th><th>Bắt buộc</th><th>Cách ghi</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function previewPage(viewer: Viewer, preview: RosterPreviewRecord, result: RosterUploadResult, schools: SchoolChoices): SafeHtml {
  const school = preview.schoolCode ? schools.options.find((s) => s.code === preview.schoolCode) : undefined;
  const head = html`<h1>Kiểm tra danh sách</h1><p class="hint">Tệp: <strong>${preview.fileName}</strong>${school ? html` · Trường: <strong>${school.name}</strong> (${school.code})` : ''}</p>`;
  const layout = result.layout ? mappingCard(viewer, preview, result, schools) : '';
  const notes = result.notes.length > 0 ? html`<div class="card"><h2>Hệ thống đã tự xử lý</h2><ul>${formatRowErrors(result.notes).map((l) => html`<li>${l}</li>`)}</ul></div>` : '';
  if (!result.ok) return html`${head}${layout}${errorsCard(result.errors)}${uploadCard(viewer, schools)}`;
  const nothing = totalChanges(result.changes) === 0;
  const confirm = nothing
    ? html`<p class="ok">Kiểm tra xong: ${result.people} người, không có gì thay đổi.</p>`
    : html`<form method="post" action="/roster/import">${csrfField(viewer)}<input type="hidden" name="file" value="${preview.sha256}">
<p class="notice">Chưa ghi gì. Bấm nút dưới đây trước ${vnTimeOf(preview.expiresAt)} (bản kiểm tra giữ ${ROSTER_PREVIEW_MINUTES} phút) để ghi các thay đổi.</p>
<button type="submit">Nhập vào hệ thống</button> <a href="/roster">Huỷ</a></form>`;
  return html`${head}${layout}${notes}<div class="card"><h2>3. Kiểm tra từng dòng</h2><p>Kiểm tra xong (chưa ghi gì): tệp có <strong>${result.people}</strong> người.</p>
${nothing ? '' : changesTable(result.changes)}${confirm}</div>`;
}

/** Rows shown "as they will be imported" in the mapping step. */
const SAMPLE_ROWS = 5;

/** Step 1 and 2: how each column was understood (editable), and the first rows as read. */
function mappingCard(viewer: Viewer, preview: RosterPreviewRecord, result: RosterUploadResult, schools: SchoolChoices): SafeHtml {
  const layout = result.layout!;
  const sample = (result.rows ?? []).filter((r) => Object.values(r.cells).some((v) => v?.trim())).slice(0, SAMPLE_ROWS);
  const fieldOptions = (selected: ImportField | null) => html`<option value="">Bỏ qua</option>${(Object.keys(IMPORT_FIELDS) as ImportField[]).map((f) => html`<option value="${f}"${f === selected ? html` selected` : ''}>${IMPORT_FIELDS[f].header}</option>`)}`;
  const columnRows = layout.columns.filter((c) => c.header || c.field).map((c) => html`<tr><td>${c.letter}</td><td>${c.header || '—'}</td>
<td><select name="col_${c.index}" aria-label="Cột ${c.letter} là">${fieldOptions(c.field)}</select></td></tr>`);
  const used = layout.columns.filter((c) => c.field);
  const sampleTable = sample.length === 0 ? html`<p class="hint">Không có dòng dữ liệu nào dưới dòng tiêu đề.</p>` : html`<div class="table-wrap"><table><thead><tr><th>Dòng</th>${used.map((c) => html`<th>${IMPORT_FIELDS[c.field!].header}</th>`)}</tr></thead>
<tbody>${sample.map((r) => html`<tr><td>${r.rowNumber}</td>${used.map((c) => html`<td>${r.cells[c.field!] ?? ''}</td>`)}</tr>`)}</tbody></table></div>`;
  const skipped = layout.headerRow > 1 ? html` Bỏ qua ${layout.headerRow - 1} dòng phía trên (tiêu đề, quốc hiệu…).` : '';
  const keys = layout.keyRows.length > 0 ? html` Bỏ qua dòng mã cột: dòng ${layout.keyRows.join(', ')}.` : '';
  return html`<div class="card"><h2>1. Cách đọc các cột</h2>
<p>Dòng tiêu đề: <strong>dòng ${layout.headerRow}</strong>.${skipped}${keys} Cột không dùng được bỏ qua (STT, Ngày sinh…).</p>
<form method="post" action="/roster/preview">${csrfField(viewer)}<input type="hidden" name="file" value="${preview.sha256}">
${schools.fixed ? html`<input type="hidden" name="school" value="${schools.options[0]!.code}">` : html`<input type="hidden" name="school" value="${preview.schoolCode ?? ''}">`}
<div class="table-wrap"><table><thead><tr><th>Cột</th><th>Tiêu đề trong tệp</th><th>Hệ thống hiểu là</th></tr></thead><tbody>${columnRows}</tbody></table></div>
<p class="hint">Nếu cột nào bị hiểu sai, chọn lại rồi bấm “Kiểm tra lại”. Chưa có gì được ghi.</p>
<button type="submit" class="secondary">Kiểm tra lại theo cách đọc này</button></form>
<h2>2. Các dòng đầu như sẽ được nhập</h2>${sampleTable}</div>`;
}

async function importedPage(deps: AdminDeps, viewer: Viewer, fileName: string, result: RosterJobResult): Promise<SafeHtml> {
  const head = html`<h1>Nhập danh sách</h1><p class="hint">Tệp: <strong>${fileName}</strong></p>`;
  if (!result.ok) return html`${head}${errorsCard(result.errors, result.errorCount)}${uploadCard(viewer, await schoolChoices(deps, viewer))}`;
  const nothing = totalChanges(result.changes) === 0;
  return html`${head}<div class="card"><p class="ok" role="status">Đã nhập xong: ${result.people} người${nothing ? ', không có gì thay đổi' : ''}.</p>
${nothing ? '' : changesTable(result.changes)}${await linkCodeLinks(deps, viewer, result.schoolCodes ?? [])}</div>`;
}

/** Link lists opened from an import result, at most this many schools by name. */
const MAX_SCHOOL_LINKS = 30;

/**
 * Where to issue chat-link codes next: the unlinked people of the imported school, or of each
 * imported school when the file spans several (a city-wide list would bury them).
 */
async function linkCodeLinks(deps: AdminDeps, viewer: Viewer, schoolCodes: readonly string[]): Promise<SafeHtml> {
  const schools = schoolCodes.length === 0 ? [] : await deps.db.school.findMany({
    where: { AND: [managedSchoolsFilter(viewer.actor), { code: { in: [...schoolCodes] } }, { active: true }] },
    orderBy: { name: 'asc' }, select: { id: true, name: true },
  });
  const all = html`<a href="/links?status=unlinked">Cấp mã liên kết chat cho những người chưa liên kết →</a>`;
  if (schools.length === 0) return html`<p>${all}</p>`;
  if (schools.length === 1) return html`<p><a href="/links?status=unlinked&amp;school=${schools[0]!.id}">Cấp mã liên kết chat cho những người chưa liên kết của ${schools[0]!.name} →</a></p>`;
  const shown = schools.slice(0, MAX_SCHOOL_LINKS);
  return html`<p>Cấp mã liên kết chat cho những người chưa liên kết, theo từng trường trong tệp:</p>
<ul>${shown.map((s) => html`<li><a href="/links?status=unlinked&amp;school=${s.id}">${s.name} →</a></li>`)}</ul>
${schools.length > shown.length ? html`<p class="hint">… và ${schools.length - shown.length} trường khác: ${all}</p>` : ''}`;
}

function errorsCard(errors: ReadonlyArray<{ rowNumber: number; message: string }>, total = errors.length): SafeHtml {
  const lines = formatRowErrors(errors);
  const shown = lines.slice(0, MAX_ERRORS_SHOWN);
  const items = shown.map((l) => html`<li>${l}</li>`);
  const more = lines.length > shown.length ? html`<p class="hint">… và ${lines.length - shown.length} loại lỗi khác.</p>` : '';
  return html`<div class="card"><p class="error" role="alert">Không nhập dữ liệu nào: có ${total} lỗi cần sửa.</p>
<ul class="row-errors">${items}</ul>${more}
<p class="hint">Cách sửa: sửa các dòng trên trong tệp rồi tải lên lại (mọi lỗi của mọi dòng đều đã được liệt kê, lỗi giống nhau gộp một dòng). Nếu một cột bị hiểu sai, chọn lại ở bảng “Cách đọc các cột” và bấm “Kiểm tra lại”.</p></div>`;
}

function isJobResult(value: unknown): value is RosterJobResult {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

function changesTable(changes: ChangeCounts): SafeHtml {
  const rows = (Object.keys(ENTITY_LABELS) as Array<keyof ChangeCounts>)
    .filter((k) => changes[k].created + changes[k].updated + changes[k].removed > 0)
    .map((k) => html`<tr><td>${ENTITY_LABELS[k]}</td><td class="num">${changes[k].created}</td><td class="num">${changes[k].updated}</td><td class="num">${changes[k].removed}</td></tr>`);
  return html`<div class="table-wrap"><table><thead><tr><th>Mục</th><th class="num">Thêm</th><th class="num">Sửa</th><th class="num">Bỏ</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

