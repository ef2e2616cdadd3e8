// The mobile upload page behind a single-use link: for files over the chat's limit and for
// Zalo, which cannot receive documents. It asks the same questions as the chat and runs the
// same checks (completeFlow); the assistant confirms in the chat the link came from.
import busboy from 'busboy';
import express, { type Request, type Response, type Router } from 'express';
import { isAppError } from '../core/app-error.js';
import { formatVnDate, vnDateOf } from '../core/calendar.js';
import { displayFileName } from '../core/text.js';
import { PLAN_KIND_LABELS } from '../core/vocabulary.js';
import { randomBytes } from 'node:crypto';
import { completeFlow, grades, type Flow, type Step, type SubmitterContext } from '../core/submission-flow.js';
import { ALLOWED_EXTENSIONS } from '../core/plan-files.js';
import type { Db } from '../db/prisma.js';
import { loadSubmitterContext } from '../read-models/submitter-context.js';
import type { Logger } from '../infra/logger.js';
import type { FileStore, StoredFile } from '../storage/file-store.js';
import { contestableRefusal, fileRefusal, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import type { TextExtractor } from '../documents/text-extractor.js';
import { analyse } from '../use-cases/intake/check-intake.js';
import { intakeTexts } from '../use-cases/intake/intake-texts.js';
import { openSplitFromWeb } from '../use-cases/intake/split-intake.js';
import { splitTexts, splittableCount } from '../use-cases/intake/split-texts.js';
import { recordCheckedFile } from '../use-cases/record-checked-file.js';
import { consumeUploadLink, LINK_USED, openUploadLink, releaseUploadLink, type OpenUploadLink } from '../use-cases/upload-links.js';
import { html, page, raw, type SafeHtml } from './html.js';
import { expectFormBody } from './request-body.js';

export interface UploadPageDeps {
  db: Db;
  fileStore: FileStore;
  logger: Logger;
  extractor: TextExtractor;
  /** Largest file accepted through the web (bytes). */
  maxBytes: number;
  /** Called after a submission is recorded, so its messages go out at once. */
  afterSubmit(): void;
  now(): Date;
}

export function uploadPageRouter(deps: UploadPageDeps): Router {
  const router = express.Router();
  router.get('/u/:token', async (req, res) => {
    const link = await openOrExplain(deps, req, res);
    if (!link) return;
    const who = await loadSubmitterContext(deps.db, link.staffId);
    if (!who || who.kinds.length === 0) return void res.status(403).send(page('Không có quyền', message('error', intakeTexts.noSubmitRole)));
    const name = (await deps.db.staff.findUniqueOrThrow({ where: { id: link.staffId } })).fullName;
    res.send(page('Nộp hồ sơ', form(who, name, vnDateOf(deps.now()), deps.maxBytes)));
  });
  router.post('/u/:token', expectFormBody('multipart'), async (req, res) => {
    const link = await openOrExplain(deps, req, res);
    if (!link) return;
    const outcome = await receive(deps, req, link).catch((error: unknown) => {
      if (isAppError(error)) return { error: error.userMessage };
      throw error;
    });
    if ('error' in outcome) return void res.status(400).send(page('Chưa nộp được', message('error', outcome.error, true)));
    if ('split' in outcome) {
      return void res.send(page('Đã tách tệp', message('ok', `✂️ Trợ lý đã tách tệp thành ${outcome.split} giáo án (mỗi bài một tệp, giữ nguyên trình bày) và nhắn danh sách tên bài vào ${chatName(link)}.\nThầy/cô mở ${chatName(link)} để xác nhận tên bài và ngày dạy của từng bài. Chưa giáo án nào được nộp cho đến khi thầy/cô xác nhận.`)));
    }
    res.send(page('Đã nộp', message('ok', `Đã nhận hồ sơ. Mã hồ sơ: ${outcome.refCode}.\nTrợ lý sẽ báo kết quả trong ứng dụng chat của thầy/cô.`)));
  });
  return router;
}

async function openOrExplain(deps: UploadPageDeps, req: Request, res: Response): Promise<OpenUploadLink | null> {
  try {
    return await openUploadLink(deps.db, String(req.params.token), deps.now());
  } catch (error) {
    if (!isAppError(error)) throw error;
    res.status(error.code === 'NOT_FOUND' ? 404 : 410).send(page('Liên kết không dùng được', message('error', error.userMessage)));
    return null;
  }
}

interface Received {
  fields: Record<string, string>;
  file?: StoredFile & { name: string; mime: string };
  problem?: string;
}

function chatName(link: OpenUploadLink): string {
  return link.channel === 'ZALO' ? 'Zalo' : 'Telegram';
}

async function receive(deps: UploadPageDeps, req: Request, link: OpenUploadLink): Promise<{ refCode: string } | { error: string } | { split: number }> {
  const who = await loadSubmitterContext(deps.db, link.staffId);
  if (!who) return { error: intakeTexts.noSubmitRole };
  const today = vnDateOf(deps.now());
  const got = await parseUpload(deps, req, (fields) => check(fields, who, today));
  if (got.problem) return { error: got.problem };
  if (!got.file) return { error: 'Chưa chọn tệp kế hoạch.' };
  const done = check(got.fields, who, today);
  if (!done.ok) return { error: done.message };
  const analysis = await analyse({ fileStore: deps.fileStore, analyseFile: (f) => deps.extractor.analyse(f) }, got.file.sha256);
  // Refused before the single-use link is spent, so the person can pick another file.
  const contested = got.fields.oneLesson === '1' && contestableRefusal(analysis, done.flow.kind);
  const refusal = fileRefusal(analysis, done.flow.kind, contested);
  if (refusal) {
    const contestable = contestableRefusal(analysis, done.flow.kind);
    const parts = contestable ? splittableCount(analysis) : null;
    const format = analysis.readability.status === 'TEXT' ? analysis.readability.format : '';
    if (got.fields.split === '1' && parts) return splitFromPage(deps, link, done.flow, analysis, got.file);
    const splitHint = parts
      ? ` Để trợ lý tách thành ${parts} giáo án (mỗi bài một tệp, giữ nguyên trình bày), đánh dấu ô “Tách thành từng giáo án” rồi nộp lại: trợ lý sẽ hỏi tên bài và ngày dạy trong ${chatName(link)}.`
      : contestable ? ` ${splitTexts.notSplit(format)}` : '';
    const contestHint = contestable ? ' Nếu tệp thực ra chỉ có một bài dạy, đánh dấu ô “Tệp này chỉ có một bài dạy” rồi nộp lại.' : '';
    return { error: refusal + splitHint + contestHint };
  }
  if (done.flow.title === SPLIT_TITLE_PENDING) return { error: 'Tệp này chỉ có một bài dạy nên không cần tách: vui lòng nhập tên bài dạy rồi nộp lại.' };
  if (!(await consumeUploadLink(deps.db, link.id, deps.now()))) return { error: LINK_USED };
  try {
    const result = await recordCheckedFile(deps.db, {
      staffId: link.staffId, channel: 'WEB',
      file: { sha256: got.file.sha256, size: got.file.size, originalName: got.file.name, mimeType: got.file.mime },
      details: { ...done.flow, groupId: done.flow.groupId ?? null, subgroupId: done.flow.subgroupId ?? null },
      analysis,
      lessonsContested: contested,
      now: deps.now(),
    });
    deps.afterSubmit();
    return { refCode: result.refCode };
  } catch (error) {
    await releaseUploadLink(deps.db, link.id);
    throw error;
  }
}

/** "Tách thành từng giáo án": the parts are cut here and the questions go on in the chat the link came from. */
async function splitFromPage(
  deps: UploadPageDeps, link: OpenUploadLink, flow: Flow, analysis: DocumentAnalysis, file: StoredFile & { name: string; mime: string },
): Promise<{ error: string } | { split: number }> {
  const opened = await openSplitFromWeb(deps.db, { fileStore: deps.fileStore, splitFile: (f) => deps.extractor.split(f), analyseFile: (f) => deps.extractor.analyse(f) }, {
    staffId: link.staffId, channel: link.channel, chatId: link.chatId, now: deps.now(), analysis,
    flow: { ...flow, nonce: randomBytes(6).toString('base64url'), teachingDate: undefined },
    file: { sha256: file.sha256, size: file.size, name: file.name, mime: file.mime },
    consumeLink: () => consumeUploadLink(deps.db, link.id, deps.now()),
  });
  if (opened.type === 'busy') return { error: `Thầy/cô đang nộp dở tệp “${opened.fileName}” trong ${chatName(link)}. Vui lòng trả lời câu hỏi ở đó, hoặc gõ ${link.channel === 'ZALO' ? '“huy”' : '/huy'} để bỏ, rồi nộp lại.` };
  if (opened.type === 'not-split') return { error: opened.message };
  deps.afterSubmit();
  return { split: opened.count };
}

/** Stands for the title the form left empty because the teacher asked for a split. */
const SPLIT_TITLE_PENDING = '(tách thành từng giáo án)';

/** Validates the form's answers with the chat's own questions. */
function check(fields: Record<string, string>, who: SubmitterContext, today: string) {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.teachingDate ?? '');
  const answers: Partial<Record<Step, { button?: string; text?: string }>> = {
    RESUBMIT: { button: fields.resubmit ? `P${fields.resubmit}` : 'N' },
    KIND: { button: fields.kind },
    SUBJECT: { text: fields.subject },
    GRADE: { button: fields.grade },
    // Splitting, the titles come from the document (asked in the chat); a single lesson still needs one (see receive).
    TITLE: { text: fields.title?.trim() || (fields.split === '1' ? SPLIT_TITLE_PENDING : fields.title) },
    DATE: { text: date ? `${date[3]}/${date[2]}/${date[1]}` : fields.teachingDate },
  };
  const start = { nonce: 'web', file: { ref: 'web', name: 'web', size: null, mime: null } };
  return completeFlow(start, who, today, answers);
}

/** Streams the multipart body: fields first (the form puts the file last), then the file into the store. */
function parseUpload(deps: UploadPageDeps, req: Request, validate: (fields: Record<string, string>) => { ok: boolean; message?: string }): Promise<Received> {
  return new Promise((resolve, reject) => {
    const received: Received = { fields: {} };
    let pending: Promise<void> = Promise.resolve();
    let parser: busboy.Busboy;
    try {
      // Browsers send the file's name as raw UTF-8; busboy would read it as Latin-1 ("ToÃ¡n").
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 1000, fileSize: deps.maxBytes + 1 } });
    } catch {
      resolve({ fields: {}, problem: 'Dữ liệu gửi lên không đúng định dạng.' });
      return;
    }
    parser.on('field', (name, value) => (received.fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const filename = info.filename ?? '';
      const ext = filename.toLowerCase().split('.').pop() ?? '';
      const valid = validate(received.fields);
      if (!filename) received.problem = 'Chưa chọn tệp kế hoạch.';
      else if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(ext)) received.problem = `Không nhận tệp “.${ext}”. Chỉ nhận Word, PDF, OpenDocument, Excel, PowerPoint.`;
      else if (!valid.ok) received.problem = valid.message;
      if (received.problem) return void stream.resume();
      pending = deps.fileStore.put(stream, { maxBytes: deps.maxBytes }).then(
        (stored) => void (received.file = { ...stored, name: displayFileName(filename), mime: info.mimeType }),
        (error) => {
          stream.resume();
          if (isAppError(error) && error.code === 'INVALID_INPUT') received.problem = `Tệp vượt quá ${Math.round(deps.maxBytes / 1024 / 1024)} MB.`;
          else if (isAppError(error)) received.problem = error.userMessage;
          else throw error;
        },
      );
    });
    parser.on('error', reject);
    parser.on('close', () => pending.then(() => resolve(received), reject));
    req.pipe(parser);
  });
}


function message(kind: 'ok' | 'error', text: string, back = false): SafeHtml {
  // A <div>, not a <p>: a <pre> inside a <p> closes it, leaving an empty coloured box above the text.
  return html`<div class="card"><div class="${kind}"><pre style="margin:0">${text}</pre></div>${back ? raw('<p><a href="">← Quay lại để sửa</a></p>') : ''}</div>`;
}

function form(who: SubmitterContext, name: string, today: string, maxBytes: number): SafeHtml {
  const subjects = [...new Set([...who.teaching.map((t) => t.subject), ...who.headedGroups.flatMap((g) => g.subgroups.map((s) => s.subject))])];
  const option = (value: string | number, label: string) => html`<option value="${value}">${label}</option>`;
  return html`<h1>Nộp hồ sơ chuyên môn</h1>
<div class="card"><p class="hint">Người nộp: <strong>${name}</strong>. Liên kết chỉ dùng một lần.</p>
<form method="post" enctype="multipart/form-data">
${who.returned.length > 0 ? html`<label for="resubmit">Nộp lại hồ sơ bị trả lại?</label>
<select id="resubmit" name="resubmit"><option value="">Không, đây là hồ sơ mới</option>${who.returned.map((r) => option(r.planId, `${r.label} (${r.refCode})`))}</select>` : ''}
<label for="kind">Loại hồ sơ</label>
<select id="kind" name="kind">${who.kinds.map((k) => option(k, PLAN_KIND_LABELS[k]))}</select>
${subjects.length > 0 ? html`<label for="subject">Môn học</label><select id="subject" name="subject">${subjects.map((s) => option(s, s))}</select>` : ''}
<div id="lesson">
<label for="grade">Lớp</label><select id="grade" name="grade">${grades(who.schoolLevel).map((g) => option(g, `Lớp ${g}`))}</select>
<label for="title">Tên bài dạy hoặc chủ đề</label><input id="title" name="title" type="text" maxlength="200" placeholder="Ví dụ: Bài 5: Phân thức" aria-describedby="title-hint">
<p class="hint" id="title-hint">Không cần khi tách thành từng giáo án.</p>
<label for="teachingDate">Ngày dạy</label><input id="teachingDate" name="teachingDate" type="date" value="${today}">
<p class="hint">Hôm nay: ${formatVnDate(today)}</p>
<label><input type="checkbox" name="split" value="1"> Tách thành từng giáo án</label>
<p class="hint">Khi tệp Word (.docx) có nhiều bài dạy: trợ lý tách mỗi bài thành một tệp (giữ nguyên trình bày), rồi hỏi tên bài và ngày dạy trong ứng dụng chat để nộp từng giáo án.</p>
<label><input type="checkbox" name="oneLesson" value="1"> Tệp này chỉ có một bài dạy</label>
<p class="hint">Chỉ đánh dấu khi trợ lý từ chối vì cho rằng tệp có nhiều bài dạy mà thầy/cô thấy không đúng: tệp được nộp kèm ghi chú cho người duyệt.</p>
</div>
<label for="file">Tệp kế hoạch (tối đa ${Math.round(maxBytes / 1024 / 1024)} MB)</label>
<input id="file" name="file" type="file" required accept="${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',')}">
<button type="submit">Nộp hồ sơ</button>
</form></div>
<script src="/assets/upload.js"></script>`;
}
