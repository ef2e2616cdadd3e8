// The dashboard pages: the schools of the viewer's scope, then one school by group with the
// names of who still owes what. Figure tables scroll sideways on a phone (school names stay
// in view), name lists read as cards (table.stack); the main figures are cards above them.
import { endOfVnDay, formatVnDate } from '../../core/calendar.js';
import type { ComplianceCounts } from '../../core/compliance.js';
import { daysUntil } from '../../core/schedule.js';
import { ANNUAL_KINDS, PLAN_KIND_LABELS, PLAN_STATE_LABELS, SCHOOL_LEVEL_LABELS, type SchoolLevel } from '../../core/vocabulary.js';
import { html, type SafeHtml } from '../html.js';
import type { CityReport, LessonLine, LessonList, OwedLine, SchoolReport, YearInfo } from './compliance-report.js';
import { LESSON_LIST_LIMIT } from './compliance-report.js';
import { dashboardQuery, type DashboardParams } from './dashboard-params.js';

// Laptop: one table whose headings wrap, so all ten figures fit 1366 px without scrolling.
// Phone: each row is a card — the school or group on top, then its figures three a line, each
// under its own label (data-label) — so nothing needs scrolling sideways.
const STYLE = html`<style>
.compliance th,.compliance td{padding:.45rem .5rem}.compliance thead td.corner{background:#f0f4f8}.compliance thead th{white-space:normal;vertical-align:bottom}
.compliance th.group{text-align:center;border-left:2px solid #d9e2ec}.compliance td.first,.compliance th.first{border-left:2px solid #d9e2ec}
.compliance tfoot th,.compliance tfoot td{border-top:2px solid #9aa5b1;font-weight:700;background:#f0f4f8}
.compliance td.zero{color:#616e7c}.compliance tbody th{font-weight:600;background:none;white-space:normal;min-width:10rem}
.compliance .narrow{display:none;font-weight:400}
@media (max-width:40rem){.compliance .wide{display:none}.compliance .narrow{display:block}
.compliance thead{display:none}.compliance,.compliance tbody,.compliance tfoot{display:block}
.compliance tr{display:grid;grid-template-columns:repeat(3,1fr);border-bottom:1px solid #e4e7eb;padding:.3rem 0}
.compliance tr>th{grid-column:1/-1;border:0;min-width:0}.compliance tr>td{border:0;text-align:left;padding:.15rem .5rem}
.compliance td.first{border-left:0}.compliance td[data-label]::before{content:attr(data-label);display:block;font-size:.75rem;font-weight:400;color:#52606d}
.compliance tfoot td{border-top:0}}
</style>`;

export const ANNUAL_COLUMNS = ['Phải nộp', 'Chờ duyệt', 'Đã duyệt', 'Bị trả lại', 'Chưa nộp', 'Quá hạn'] as const;
export const LESSON_COLUMNS = ['Chờ duyệt', 'Đã duyệt', 'Bị trả lại', 'Trễ hạn'] as const;
export const ANNUAL_HEADING = 'Kế hoạch năm học (nhà trường, tổ, giáo viên)';
export const LESSON_HEADING = 'Kế hoạch bài dạy';

/** The ten figures of a line, in column order. */
export function figures(c: ComplianceCounts): number[] {
  const a = c.annual;
  const l = c.lesson;
  return [a.obligations, a.submitted, a.approved, a.returned, a.missing, a.overdue, l.submitted, l.approved, l.returned, l.late];
}

const ALERT_COLUMNS = new Set([5, 9]); // overdue, late lesson plans

/** Each figure's label on a phone card, where the table's two-row head is not shown. */
const CARD_LABELS = [...ANNUAL_COLUMNS.map((c) => `Năm học · ${c.toLocaleLowerCase('vi')}`), ...LESSON_COLUMNS.map((c) => `Bài dạy · ${c.toLocaleLowerCase('vi')}`)];

function cells(c: ComplianceCounts): SafeHtml[] {
  return figures(c).map((n, i) => {
    const cls = `num${i === 0 || i === 6 ? ' first' : ''}${n === 0 ? ' zero' : ''}`;
    return html`<td class="${cls}" data-label="${CARD_LABELS[i]}">${ALERT_COLUMNS.has(i) && n > 0 ? html`<span class="badge bad">${n}</span>` : n}</td>`;
  });
}

/**
 * Column heads. The lead columns' headings sit in the second row, under an empty corner: a
 * heading spanning both rows is overlapped by the second row's box, where contrast checkers
 * cannot see its background.
 */
function tableHead(leadLabels: string[]): SafeHtml {
  const lead = leadLabels.map((label, i) => html`<th class="${i === 0 ? 'lead' : 'wide'}">${label}</th>`);
  return html`<thead><tr><td colspan="${leadLabels.length}" class="corner"></td><th colspan="6" class="group">${ANNUAL_HEADING}</th><th colspan="4" class="group">${LESSON_HEADING}</th></tr>
<tr>${lead}${ANNUAL_COLUMNS.map((c, i) => html`<th class="num${i === 0 ? ' first' : ''}">${c}</th>`)}${LESSON_COLUMNS.map((c, i) => html`<th class="num${i === 0 ? ' first' : ''}">${c}</th>`)}</tr></thead>`;
}

function stats(total: ComplianceCounts, extra: SafeHtml = html``): SafeHtml {
  const stat = (value: number, label: string, tone = '') => html`<div class="stat"><b>${value}</b><span class="${tone}">${label}</span></div>`;
  return html`<div class="stats">${extra}
${stat(total.annual.obligations, 'Kế hoạch năm học phải nộp')}
${stat(total.annual.approved, 'Kế hoạch năm học đã duyệt')}
${stat(total.annual.missing, 'Kế hoạch năm học chưa nộp')}
${stat(total.annual.overdue, 'Quá hạn (chưa nộp hoặc bị trả lại)')}
${stat(total.lesson.submitted, 'Kế hoạch bài dạy chờ duyệt')}
${stat(total.lesson.late, 'Kế hoạch bài dạy trễ hạn')}</div>`;
}

function deadlineState(year: YearInfo, now: Date): string {
  const date = formatVnDate(year.annualDeadline);
  if (now >= endOfVnDay(year.annualDeadline)) return `${date} — đã qua; mọi hồ sơ còn nợ đều tính là quá hạn.`;
  const days = daysUntil(year.annualDeadline, now);
  return `${date} — ${days === 0 ? 'hôm nay là ngày cuối' : `còn ${days} ngày`}.`;
}

function deadlineLine(year: YearInfo, now: Date): SafeHtml {
  return html`Hạn nộp kế hoạch năm học ${year.name}: ${deadlineState(year, now)}`;
}

const EXPLANATION = html`<p class="hint">“Phải nộp” là số kế hoạch mà Ban giám hiệu, tổ trưởng và từng giáo viên phải nộp theo danh sách cán bộ hiện tại;
“Chưa nộp” là số chưa có hồ sơ nào; “Quá hạn” là số còn nợ (chưa nộp hoặc bị trả lại) sau hạn nộp. Số hồ sơ theo trạng thái được cập nhật ngay;
số phải nộp theo danh sách cán bộ cập nhật mỗi phút. Kế hoạch bài dạy “trễ hạn” là bài chưa được duyệt trước ngày dạy.</p>`;

function subjectsNotice(subjects: readonly string[] | undefined): SafeHtml {
  if (!subjects) return html``;
  return html`<p class="notice">Số liệu chỉ gồm môn ${subjects.join(', ')}: kế hoạch của giáo viên và của tổ, nhóm dạy các môn này.</p>`;
}

function yearSelect(years: YearInfo[], chosen: YearInfo): SafeHtml {
  return html`<div><label for="year">Năm học</label><select id="year" name="year">${years.map(
    (y) => html`<option value="${y.id}"${y.id === chosen.id ? html` selected` : ''}>${y.name}</option>`,
  )}</select></div>`;
}

function ignoredNotice(ignored: string[]): SafeHtml {
  return ignored.length > 0 ? html`<p class="notice">Bỏ qua giá trị không hợp lệ: ${ignored.join(', ')}.</p>` : html``;
}

function levelLabel(level: string): string {
  return SCHOOL_LEVEL_LABELS[level as SchoolLevel] ?? level;
}

/** `charts`: the leaders' charts (leader-charts.ts), shown between the figures and the table. */
export function cityView(report: CityReport, ignored: string[], now: Date, charts: SafeHtml = html``): SafeHtml {
  const p = report.params;
  const keep: DashboardParams = { year: report.year.id, unit: p.unit, level: p.level };
  const filters = html`<form class="card filters no-print" method="get" action="/dashboard">
${yearSelect(report.years, report.year)}
${report.units.length > 1
    ? html`<div><label for="unit">Đơn vị quản lý</label><select id="unit" name="unit"><option value="">Tất cả</option>${report.units.map(
        (u) => html`<option value="${u.id}"${u.id === p.unit ? html` selected` : ''}>${u.name}</option>`,
      )}</select></div>`
    : ''}
${report.levels.length > 1
    ? html`<div><label for="level">Cấp học</label><select id="level" name="level"><option value="">Tất cả</option>${report.levels.map(
        (l) => html`<option value="${l}"${l === p.level ? html` selected` : ''}>${levelLabel(l)}</option>`,
      )}</select></div>`
    : ''}
<div><label for="sort">Sắp xếp</label><select id="sort" name="sort">${(
    [['name', 'Theo tên trường'], ['overdue', 'Nhiều hồ sơ quá hạn trước'], ['missing', 'Nhiều hồ sơ chưa nộp trước'], ['late', 'Nhiều bài dạy trễ hạn trước']] as const
  ).map(([value, label]) => html`<option value="${value}"${value === (p.sort ?? 'name') ? html` selected` : ''}>${label}</option>`)}</select></div>
<div><button type="submit">Xem</button></div></form>`;
  const rows = report.lines.map(
    ({ school, counts }) => html`<tr><th class="lead"><a href="/dashboard/schools/${school.id}${dashboardQuery({ year: report.year.id })}">${school.name}</a>
<span class="narrow hint">${school.unitName} · ${levelLabel(school.level)}</span></th>
<td class="wide">${school.unitName}</td><td class="wide">${levelLabel(school.level)}</td>${cells(counts)}</tr>`,
  );
  const table =
    report.lines.length === 0
      ? html`<p class="card">Không có trường nào phù hợp với bộ lọc.</p>`
      : html`<div class="table-wrap"><table class="compliance">${tableHead(['Trường', 'Đơn vị quản lý', 'Cấp học'])}
<tbody>${rows}</tbody>
<tfoot><tr><th class="lead">Tổng cộng (${report.lines.length} trường)</th><td class="wide"></td><td class="wide"></td>${cells(report.total)}</tr></tfoot></table></div>`;
  return html`${STYLE}<h1>Tình hình nộp hồ sơ — năm học ${report.year.name}</h1>
${ignoredNotice(ignored)}${subjectsNotice(report.subjects)}${filters}
${stats(report.total, html`<div class="stat"><b>${report.lines.length}</b><span>Trường</span></div>`)}
<p class="hint">${deadlineLine(report.year, now)}</p>
<p class="row no-print"><a class="button secondary" href="/dashboard.xlsx${dashboardQuery({ ...keep, sort: p.sort })}">Tải về tệp Excel</a></p>
${charts}${table}${EXPLANATION}`;
}

export function schoolView(report: SchoolReport, ignored: string[], now: Date): SafeHtml {
  const year = report.year.id;
  const groupLink = (groupId: number) => `/dashboard/schools/${report.school.id}${dashboardQuery({ year, group: groupId })}#con-no`;
  const rows = report.groups.map(
    (g) => html`<tr><th class="lead"><a href="${groupLink(g.groupId)}">${g.name}</a></th>${cells(g.counts)}</tr>`,
  );
  const filters = html`<form class="card filters no-print" method="get" action="/dashboard/schools/${report.school.id}">
${yearSelect(report.years, report.year)}<div><button type="submit">Xem</button></div></form>`;
  const filterNote = report.groupFilter
    ? html`<p class="notice">Đang xem: ${report.groupFilter.name}. <a href="/dashboard/schools/${report.school.id}${dashboardQuery({ year })}#con-no">Xem cả trường</a></p>`
    : html``;
  return html`${STYLE}${report.severalSchools ? html`<p class="no-print"><a href="/dashboard${dashboardQuery({ year })}">← Tất cả các trường</a></p>` : ''}
<h1>${report.school.name} — năm học ${report.year.name}</h1>
${ignoredNotice(ignored)}${subjectsNotice(report.subjects)}
<div class="card"><dl class="facts"><dt>Mã trường</dt><dd>${report.school.code}</dd><dt>Cấp học</dt><dd>${levelLabel(report.school.level)}</dd>
<dt>Đơn vị quản lý</dt><dd>${report.school.unitName}</dd><dt>Hạn nộp</dt><dd>${deadlineState(report.year, now)}</dd></dl></div>
${filters}${stats(report.total)}
<p class="row no-print"><a class="button secondary" href="/dashboard/schools/${report.school.id}.xlsx${dashboardQuery({ year, group: report.groupFilter?.groupId, kind: report.kindFilter ?? undefined })}">Tải về tệp Excel${report.groupFilter || report.kindFilter ? ' (theo bộ lọc đang chọn)' : ''}</a>
<a class="button secondary" href="${recordsLink(report, {})}">Hồ sơ của trường</a></p>
<h2>Theo tổ chuyên môn</h2>
<div class="table-wrap"><table class="compliance">${tableHead(['Tổ chuyên môn'])}<tbody>${rows}</tbody>
<tfoot><tr><th class="lead">Toàn trường</th>${cells(report.total)}</tr></tfoot></table></div>
${EXPLANATION}
<h2 id="con-no">Kế hoạch năm học còn nợ (${report.owed.length})</h2>${filterNote}
${owedKindFilter(report)}
${owedTable(report.owed, report.kindFilter !== null)}
<h2 id="cho-duyet">Kế hoạch bài dạy chờ duyệt, chưa đến ngày dạy (${report.waiting.lines.length + report.waiting.more})</h2>
${lessonTable(report.waiting, 'Không có kế hoạch bài dạy nào đang chờ duyệt.', html`Liệt kê ${LESSON_LIST_LIMIT} bài có ngày dạy gần nhất`, recordsLink(report, { kind: 'LESSON_PLAN', state: 'SUBMITTED' }))}
<h2 id="tre-han">Kế hoạch bài dạy trễ hạn (${report.late.lines.length + report.late.more})</h2>
<p class="hint">Bài chưa được duyệt khi đến ngày dạy (kể cả bài đã được duyệt sau đó); ngày dạy gần đây nhất trước.</p>
${lessonTable(report.late, 'Không có kế hoạch bài dạy nào trễ hạn.', html`Liệt kê ${LESSON_LIST_LIMIT} bài gần đây nhất`, recordsLink(report, { kind: 'LESSON_PLAN', late: '1' }))}`;
}

export const OWED_COLUMNS = ['Người phải nộp', 'Hồ sơ', 'Môn', 'Tổ chuyên môn', 'Tình trạng'] as const;
/** The export's columns: the people's staff codes and phones beside their names. */
export const OWED_EXPORT_COLUMNS = ['Người phải nộp', 'Mã cán bộ', 'Điện thoại', 'Hồ sơ', 'Môn', 'Tổ chuyên môn', 'Tình trạng'] as const;

/** The list by kind of annual plan (the group chosen above is kept). */
function owedKindFilter(report: SchoolReport): SafeHtml {
  const kinds = ANNUAL_KINDS;
  return html`<form class="filters no-print" method="get" action="/dashboard/schools/${report.school.id}#con-no">
<input type="hidden" name="year" value="${report.year.id}">${report.groupFilter ? html`<input type="hidden" name="group" value="${report.groupFilter.groupId}">` : ''}
<div><label for="owed-kind">Loại hồ sơ</label><select id="owed-kind" name="kind"><option value="">Tất cả các loại</option>${kinds.map(
    (k) => html`<option value="${k}"${k === report.kindFilter ? html` selected` : ''}>${PLAN_KIND_LABELS[k]}</option>`,
  )}</select></div><div><button type="submit">Lọc danh sách</button></div></form>`;
}

/** Names with staff code and a phone one tap away (the hotline calls from this list). */
function contactsCell(line: OwedLine): SafeHtml {
  if (line.contacts.length === 0) return html`<b>${peopleLabel(line)}</b>`;
  return html`${line.contacts.map(
    (c, i) => html`${i > 0 ? html`<br>` : ''}<b>${c.fullName}</b> <span class="hint">${c.code}</span>${c.phone ? html` · <a href="tel:${c.phone}">${formatPhone(c.phone)}</a>` : ''}`,
  )}`;
}

/** 0912345678 → "0912 345 678", easier to read out. */
function formatPhone(phone: string): string {
  return /^\d{10}$/.test(phone) ? `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}` : phone;
}

export function owedStateLabel(line: OwedLine): string {
  const state = line.state === 'MISSING' ? 'Chưa nộp' : 'Bị trả lại, chưa nộp lại';
  return line.overdue ? `${state} — quá hạn` : state;
}

export function peopleLabel(line: OwedLine): string {
  return line.people.length > 0 ? line.people.join(', ') : 'Chưa có người phụ trách (chưa phân công)';
}

function owedTable(lines: OwedLine[], filtered: boolean): SafeHtml {
  if (lines.length === 0) return html`<p class="ok">${filtered ? 'Không còn ai nợ loại kế hoạch này.' : 'Không còn ai nợ kế hoạch năm học.'}</p>`;
  const rows = lines.map(
    (l) => html`<tr><td data-label="${OWED_COLUMNS[0]}">${contactsCell(l)}</td><td data-label="${OWED_COLUMNS[1]}">${PLAN_KIND_LABELS[l.kind]}</td>
${l.subject ? html`<td data-label="${OWED_COLUMNS[2]}">${l.subject}</td>` : html`<td></td>`}${l.groupName ? html`<td data-label="${OWED_COLUMNS[3]}">${l.groupName}</td>` : html`<td></td>`}
<td><span class="badge ${l.overdue || l.state === 'RETURNED' ? 'bad' : 'wait'}">${owedStateLabel(l)}</span>${l.planId ? html` <a href="/plans/${l.planId}">Xem hồ sơ</a>` : ''}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="stack"><thead><tr>${OWED_COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export const LESSON_LIST_COLUMNS = ['Giáo viên', 'Bài dạy', 'Môn, lớp', 'Tổ chuyên môn', 'Ngày dạy', 'Tình trạng', 'Mã hồ sơ'] as const;

export function lessonStateLabel(l: LessonLine): string {
  return `${PLAN_STATE_LABELS[l.state]}${l.late ? ' — trễ hạn' : ''}`;
}

export function subjectGrade(l: LessonLine): string {
  return [l.subject, l.grade ? `lớp ${l.grade}` : null].filter(Boolean).join(', ');
}

/** The records page (issue 6, another section) filtered to this school, year and group. */
function recordsLink(report: SchoolReport, extra: Record<string, string>): string {
  const group: Record<string, string> = report.groupFilter && report.groupFilter.groupId !== 0 ? { group: String(report.groupFilter.groupId) } : {};
  return `/records?${new URLSearchParams({ year: String(report.year.id), school: String(report.school.id), ...group, ...extra }).toString()}`;
}

function lessonTable(list: LessonList, empty: string, cut: SafeHtml, fullList: string): SafeHtml {
  if (list.lines.length === 0) return html`<p class="ok">${empty}</p>`;
  const rows = list.lines.map(
    (l) => html`<tr><td data-label="${LESSON_LIST_COLUMNS[0]}"><b>${l.ownerName}</b></td><td data-label="${LESSON_LIST_COLUMNS[1]}">${l.title ?? ''}</td>
<td data-label="${LESSON_LIST_COLUMNS[2]}">${subjectGrade(l)}</td><td data-label="${LESSON_LIST_COLUMNS[3]}">${l.groupName ?? ''}</td>
<td data-label="${LESSON_LIST_COLUMNS[4]}">${l.teachingDate ? formatVnDate(l.teachingDate) : ''}</td>
<td><span class="badge ${l.state}">${PLAN_STATE_LABELS[l.state]}</span>${l.late ? html` <span class="badge bad">Trễ hạn</span>` : ''}</td>
<td data-label="${LESSON_LIST_COLUMNS[6]}"><a href="/plans/${l.planId}">${l.refCode}</a></td></tr>`,
  );
  return html`<div class="table-wrap"><table class="stack"><thead><tr>${LESSON_LIST_COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>
${list.more > 0 ? html`<p class="hint">${cut}; còn ${list.more} bài khác — <a href="${fullList}">xem đủ ở trang Hồ sơ</a>.</p>` : ''}`;
}
