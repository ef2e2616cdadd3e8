// School years: their dates, the annual deadline (R4) and the reminder settings, for the hotline
// team. Settings take effect without a restart (see the notice on the pages).
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/app-error.js';
import { defaultSchoolYear, formatVnDate, schoolYearNameOf, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { describeQuietHours, formatReminderOffsets, MAX_NUDGE_AFTER_HOURS, MAX_REMINDER_OFFSET_DAYS, nextSchoolYearName } from '../../core/school-year-rules.js';
import {
  createSchoolYear, findSchoolYear, listSchoolYears, readNewYear, readYearSettings, updateSchoolYear, type SchoolYearView,
} from '../../use-cases/school-year-settings.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, sendAdminPage, setFlash } from '../layout.js';
import { requireOperator } from './operator-guard.js';
import { parseId } from '../../core/ids.js';

type Values = Record<string, string>;
type Errors = Partial<Record<string, string>>;

export function yearsRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use('/years', requireOperator);

  router.get('/years', async (req, res) => {
    const years = await listSchoolYears(deps.db);
    sendAdminPage(req, res, 'years', 'Năm học', yearList(years, currentYearName(deps)));
  });

  router.get('/years/new', async (req, res) => {
    const name = nextSchoolYearName((await listSchoolYears(deps.db)).map((y) => y.name), vnDateOf(deps.now()));
    sendNewYearForm(req, res, deps, { name, ...defaultSchoolYear(name) }, {});
  });

  router.post('/years/new', async (req, res) => {
    const body = formValues(req);
    const reading = readNewYear(body);
    if (!reading.ok) return sendNewYearForm(req, res, deps, body, reading.errors, 400);
    const result = await createSchoolYear(deps.db, { year: reading.value, actor: `web:${viewerOf(res).username}` });
    if ('error' in result) return sendNewYearForm(req, res, deps, body, { name: result.error }, 409);
    setFlash(res, 'ok', `Đã mở năm học ${reading.value.name}. Kiểm tra hạn nộp và các cài đặt nhắc nhở bên dưới.`);
    res.redirect(303, `/years/${result.id}`);
  });

  router.get('/years/:id', async (req, res) => {
    const year = await findSchoolYear(deps.db, idParam(req));
    sendSettingsForm(req, res, deps, year, storedValues(year), {});
  });

  router.post('/years/:id', async (req, res) => {
    const year = await findSchoolYear(deps.db, idParam(req));
    const body = formValues(req);
    const reading = readYearSettings(year.name, body);
    if (!reading.ok) return sendSettingsForm(req, res, deps, year, body, reading.errors, 400);
    const changed = await updateSchoolYear(deps.db, { yearId: year.id, settings: reading.value, actor: `web:${viewerOf(res).username}` });
    setFlash(res, 'ok', changed.length > 0 ? `Đã lưu cài đặt năm học ${year.name}. Thay đổi có hiệu lực ngay.` : 'Không có gì thay đổi.');
    res.redirect(303, `/years/${year.id}`);
  });

  return router;
}

function idParam(req: Request): number {
  const id = parseId(req.params.id);
  if (id === null) throw new AppError('NOT_FOUND', 'Không tìm thấy năm học này.');
  return id;
}

/** The form's text fields as typed (the CSRF token aside), to show them again with the errors. */
function formValues(req: Request): Values {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values: Values = {};
  for (const [key, value] of Object.entries(body)) if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  return values;
}

function currentYearName(deps: AdminDeps): string {
  return schoolYearNameOf(vnDateOf(deps.now()));
}

function storedValues(year: SchoolYearView): Values {
  return {
    startsOn: year.startsOn, endsOn: year.endsOn, annualDeadline: year.annualDeadline,
    reminderOffsetsDays: formatReminderOffsets(year.reminderOffsetsDays), reminderTime: year.reminderTime,
    quietStart: year.quietStart, quietEnd: year.quietEnd, digestTime: year.digestTime, nudgeAfterHours: String(year.nudgeAfterHours),
  };
}

const APPLIES_AT_ONCE = html`<p class="notice">Thay đổi có hiệu lực ngay, không cần khởi động lại hệ thống: lịch nhắc việc
đọc lại cài đặt của năm học hiện hành mỗi phút, và giờ yên lặng được áp dụng cho tin gửi đi chậm nhất sau một phút.</p>`;

function yearList(years: SchoolYearView[], current: string): SafeHtml {
  const rows = years.map((y) => html`<tr>
<td data-label="Năm học"><a href="/years/${y.id}"><b>${y.name}</b></a>${y.name === current ? html` <span class="badge good">Đang áp dụng</span>` : ''}<br>
<span class="hint">${formatVnDate(y.startsOn)} – ${formatVnDate(y.endsOn)}</span></td>
<td data-label="Hạn nộp hồ sơ đầu năm"><b>${formatVnDate(y.annualDeadline)}</b></td>
<td data-label="Nhắc nhở">${y.reminderOffsetsDays.length > 0 ? `Trước hạn ${formatReminderOffsets(y.reminderOffsetsDays)} ngày, lúc ${y.reminderTime}` : `Không nhắc trước hạn (quá hạn: ${y.reminderTime})`}<br>
<span class="hint">Danh sách chờ duyệt lúc ${y.digestTime}; nhắc người duyệt sau ${y.nudgeAfterHours} giờ</span></td>
<td data-label="Giờ yên lặng">${describeQuietHours(y.quietStart, y.quietEnd)}</td>
<td><a class="button secondary" href="/years/${y.id}">Sửa</a></td>
</tr>`);
  const missingCurrent = !years.some((y) => y.name === current);
  return html`<h1>Năm học</h1>
${APPLIES_AT_ONCE}
${missingCurrent ? html`<p class="notice">Năm học hiện hành (${current}) chưa có; hệ thống sẽ tự tạo với hạn nộp mặc định 15/9 ở lượt kiểm tra kế tiếp.</p>` : ''}
<div class="table-wrap"><table class="stack">
<thead><tr><th>Năm học</th><th>Hạn nộp hồ sơ đầu năm</th><th>Nhắc nhở</th><th>Giờ yên lặng</th><th><span class="sr-only">Thao tác</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="hint">Năm học hiện hành được chọn theo ngày: từ 01/08 năm trước đến 31/07 năm sau. Mở trước năm học mới để đặt hạn nộp
và để giáo viên nộp được kế hoạch bài dạy có ngày dạy trong năm học đó.</p>
<p><a class="button" href="/years/new">Mở năm học mới</a></p>`;
}

interface FieldSpec {
  name: string;
  label: string;
  type: 'date' | 'time' | 'text' | 'number';
  hint?: SafeHtml | string;
  attrs?: SafeHtml;
}

function field(spec: FieldSpec, values: Values, errors: Errors): SafeHtml {
  const id = `f-${spec.name}`;
  const error = errors[spec.name];
  const describedBy = [error ? `${id}-error` : '', spec.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return html`<div>
<label for="${id}">${spec.label}</label>
<input id="${id}" name="${spec.name}" type="${spec.type}" value="${values[spec.name] ?? ''}" ${spec.attrs ?? ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>
${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
</div>`;
}

function formErrorsSummary(errors: Errors): SafeHtml {
  return Object.keys(errors).length > 0 ? html`<p class="error" role="alert">Chưa lưu: vui lòng sửa các mục được đánh dấu bên dưới.</p>` : html``;
}

const DATE_FIELDS = (name: string): FieldSpec[] => {
  const span = defaultSchoolYear(name);
  return [
    { name: 'startsOn', label: 'Ngày bắt đầu năm học', type: 'date', attrs: html`required` },
    { name: 'endsOn', label: 'Ngày kết thúc năm học', type: 'date', attrs: html`required` },
    {
      name: 'annualDeadline', label: 'Hạn nộp hồ sơ đầu năm', type: 'date', attrs: html`required`,
      hint: `Kế hoạch của trường, của tổ và của giáo viên phải được nộp trước hết ngày này (ngày/tháng/năm); phải nằm trong năm học, từ ${formatVnDate(span.startsOn)} đến ${formatVnDate(span.endsOn)}.`,
    },
  ];
};

function sendNewYearForm(req: Request, res: Response, deps: AdminDeps, values: Values, errors: Errors, status = 200): void {
  const name = /^\d{4}-\d{4}$/.test(values.name ?? '') ? values.name! : currentYearName(deps);
  const body = html`<h1>Mở năm học mới</h1>
${formErrorsSummary(errors)}
<form method="post" action="/years/new" class="card" novalidate>${csrfField(viewerOf(res))}
${field({ name: 'name', label: 'Tên năm học', type: 'text', hint: 'Hai năm liền nhau, ví dụ 2027-2028.', attrs: html`required inputmode="numeric" autocomplete="off"` }, values, errors)}
${DATE_FIELDS(name).map((f) => field(f, values, errors))}
<p class="hint">Giờ nhắc, giờ yên lặng và các cài đặt khác được chép từ năm học gần nhất; có thể sửa ngay sau khi mở.</p>
<div class="row"><button type="submit">Mở năm học</button><a class="button secondary" href="/years">Huỷ</a></div>
</form>`;
  sendAdminPage(req, res, 'years', 'Mở năm học mới', body, status);
}

function sendSettingsForm(req: Request, res: Response, deps: AdminDeps, year: SchoolYearView, values: Values, errors: Errors, status = 200): void {
  const current = year.name === currentYearName(deps);
  const body = html`<h1>Năm học ${year.name}${current ? html` <span class="badge good">Đang áp dụng</span>` : ''}</h1>
${APPLIES_AT_ONCE}
${formErrorsSummary(errors)}
<form method="post" action="/years/${year.id}" novalidate>${csrfField(viewerOf(res))}
<section class="card"><h2>Thời gian và hạn nộp</h2>
${DATE_FIELDS(year.name).map((f) => field(f, values, errors))}
<p class="hint">Hiện đang lưu: năm học từ ${formatVnDate(year.startsOn)} đến ${formatVnDate(year.endsOn)}, hạn nộp <b>${formatVnDate(year.annualDeadline)}</b>.</p>
<p class="hint">Đổi hạn nộp thì các đợt nhắc được tính lại theo hạn mới; đợt nhắc nào theo hạn mới có giờ gửi đã qua trong vòng 12 giờ
sẽ được gửi ngay ở lượt kiểm tra kế tiếp.</p>
</section>
<section class="card"><h2>Nhắc nhở</h2>
${field({
    name: 'reminderOffsetsDays', label: 'Nhắc trước hạn nộp (số ngày)', type: 'text', attrs: html`inputmode="numeric" autocomplete="off"`,
    hint: `Những ngày trước hạn nộp mà trợ lý nhắc người chưa nộp, cách nhau bởi dấu phẩy, ví dụ 7, 3, 1, 0 (0 là sáng ngày hết hạn). Mỗi số là số nguyên từ 0 đến ${MAX_REMINDER_OFFSET_DAYS}, không lặp lại. Để trống: không nhắc trước hạn. Ngày sau hạn nộp luôn có thông báo quá hạn.`,
  }, values, errors)}
${field({ name: 'reminderTime', label: 'Giờ gửi nhắc nhở', type: 'time', attrs: html`required`, hint: 'Giờ gửi các đợt nhắc hạn nộp, thông báo quá hạn, và nhắc kế hoạch bài dạy của ngày hôm sau chưa được duyệt.' }, values, errors)}
${field({ name: 'digestTime', label: 'Giờ gửi danh sách chờ duyệt', type: 'time', attrs: html`required`, hint: 'Mỗi ngày vào giờ này, người duyệt nhận danh sách hồ sơ đang chờ mình duyệt.' }, values, errors)}
${field({
    name: 'nudgeAfterHours', label: 'Nhắc người duyệt sau (giờ)', type: 'number', attrs: html`required min="1" max="${MAX_NUDGE_AFTER_HOURS}" step="1"`,
    hint: `Hồ sơ chờ duyệt quá số giờ này thì người duyệt được nhắc một lần; chờ gấp đôi thì Ban giám hiệu được báo. Từ 1 đến ${MAX_NUDGE_AFTER_HOURS} giờ.`,
  }, values, errors)}
<p class="hint">Đổi giờ trong ngày: danh sách chờ duyệt và lời nhắc kế hoạch bài dạy của hôm nay được gửi theo giờ mới, kể cả khi đã gửi
theo giờ cũ (ngay ở lượt kiểm tra kế tiếp nếu giờ mới đã qua trong vòng 12 giờ). Lời nhắc hạn nộp đã gửi thì không gửi lại.</p>
</section>
<section class="card"><h2>Giờ yên lặng</h2>
<p class="hint">Trong giờ yên lặng, thông báo (nhắc hạn, danh sách chờ duyệt, hồ sơ mới cần duyệt…) được giữ lại và gửi khi hết giờ yên lặng;
tin trả lời cho việc người dùng vừa làm vẫn gửi ngay. Giờ bắt đầu sau giờ kết thúc nghĩa là qua đêm (ví dụ 21:00 đến 06:30 sáng hôm sau).
<b>Giờ bắt đầu bằng giờ kết thúc (ví dụ 00:00 và 00:00) nghĩa là không có giờ yên lặng.</b></p>
<div class="filters">
${field({ name: 'quietStart', label: 'Bắt đầu', type: 'time', attrs: html`required` }, values, errors)}
${field({ name: 'quietEnd', label: 'Kết thúc', type: 'time', attrs: html`required` }, values, errors)}
</div>
<p class="hint">Hiện đang lưu: ${describeQuietHours(year.quietStart, year.quietEnd)}. Tin đã bị giữ lại trước khi đổi vẫn chờ đến giờ kết thúc cũ.</p>
</section>
<div class="row"><button type="submit">Lưu cài đặt</button><a class="button secondary" href="/years">Về danh sách năm học</a></div>
<p class="hint">Lần sửa gần nhất: ${vnTimeOf(year.updatedAt)} ngày ${formatVnDate(vnDateOf(year.updatedAt))}. Mọi thay đổi được ghi vào <a href="/audit?entityType=SchoolYear&amp;entityId=${year.id}">nhật ký</a>.</p>
</form>`;
  sendAdminPage(req, res, 'years', `Năm học ${year.name}`, body, status);
}
