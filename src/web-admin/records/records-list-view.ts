// The records list: filters on top, one row per plan, pages cut by id.
import { formatVnDate } from '../../core/calendar.js';
import { PLAN_KIND_LABELS, PLAN_STATES, PLAN_STATE_LABELS, type PlanKind, planKindOf } from '../../core/vocabulary.js';
import type { Option } from '../../read-models/records-options.js';
import { COUNT_BOUND, type RecordRow, type RecordsPage } from '../../read-models/records-query.js';
import { html, type SafeHtml } from '../html.js';
import { formatVnDateTime, lateBadge, PLAN_KIND_SHORT, stateBadge } from './record-format.js';
import { recordsUrl, type RecordsParams } from './records-params.js';

export interface RecordsListModel {
  params: RecordsParams;
  /** The school year shown when none was chosen. */
  defaultYearId?: number;
  years: Option[];
  schools: Option[];
  /** Null: choose a school first. */
  groups: Option[] | null;
  subgroups: Option[] | null;
  subjects: string[];
  /** Kinds the viewer may read somewhere: the kind filter offers only these. */
  kinds: PlanKind[];
  notices: string[];
  page: RecordsPage;
  /** Up to COUNT_BOUND + 1. */
  count: number;
}

export function recordsListView(m: RecordsListModel): SafeHtml {
  return html`<h1>Hồ sơ chuyên môn</h1>
${m.notices.map((n) => html`<p class="notice" role="status">${n}</p>`)}
${filtersForm(m)}
${m.count === 0 ? emptyState(m) : html`<p class="hint">${countLine(m.count)}</p>`}
${m.page.rows.length > 0 ? table(m.page.rows) : ''}
${pager(m)}`;
}

/**
 * Nothing to list: say whether the filters hide plans or none has been handed in yet, and
 * what to do next.
 */
function emptyState(m: RecordsListModel): SafeHtml {
  const chosen = Object.entries(m.params).filter(([key, value]) => value !== undefined && value !== '' && !(key === 'year' && value === m.defaultYearId) && key !== 'page' && key !== 'cursor');
  if (chosen.length > 0) {
    return html`<p class="card">Không có hồ sơ nào khớp bộ lọc đang chọn. <a href="/records">Bỏ mọi bộ lọc</a> để xem tất cả hồ sơ của năm học hiện tại.</p>`;
  }
  return html`<div class="card"><p>Chưa có hồ sơ nào trong năm học này mà bạn được xem.</p>
<p class="hint">Hồ sơ hiện ở đây khi giáo viên, tổ trưởng, Ban giám hiệu nộp qua trợ lý Telegram hoặc Zalo. Người chưa liên kết chat cần mã liên kết
(trang Liên kết chat, hoặc hỏi quản trị phần mềm của trường); năm học khác chọn ở ô “Năm học” phía trên.</p></div>`;
}

function countLine(count: number): string {
  if (count === 0) return 'Không có hồ sơ nào khớp bộ lọc.';
  return count > COUNT_BOUND ? `Hơn ${COUNT_BOUND} hồ sơ khớp bộ lọc (mới nhất trước).` : `${count} hồ sơ khớp bộ lọc (mới nhất trước).`;
}

function select(name: string, label: string, options: Array<{ value: string | number; label: string }>, chosen: string | number | undefined, extra: { all?: string | null; resets?: string } = {}): SafeHtml {
  const opts = options.map((o) => html`<option value="${o.value}"${String(o.value) === String(chosen) ? html` selected` : ''}>${o.label}</option>`);
  return html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"${extra.resets ? html` data-resets="${extra.resets}"` : ''}>
${extra.all === null ? '' : html`<option value="">${extra.all ?? 'Tất cả'}</option>`}${opts}</select></div>`;
}

function placeSelect(name: string, label: string, options: Option[] | null, chosen: number | undefined, parent: string, resets?: string): SafeHtml {
  if (options === null) {
    return html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}" disabled><option value="">Chọn ${parent} trước</option></select></div>`;
  }
  return select(name, label, options.map((o) => ({ value: o.id, label: o.name })), chosen, { resets });
}

function filtersForm(m: RecordsListModel): SafeHtml {
  const p = m.params;
  const yearOptions = [...m.years.map((y) => ({ value: y.id, label: y.name })), { value: 'all', label: 'Tất cả năm học' }];
  // Narrower columns than the shared .filters: two fields a row on a phone, not one.
  return html`<form class="card filters records-filters" method="get" action="/records" role="search" style="grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr))">
${select('year', 'Năm học', yearOptions, p.year ?? m.defaultYearId ?? 'all', { all: null })}
${select('school', 'Trường', m.schools.map((s) => ({ value: s.id, label: s.name })), p.school, { resets: 'group subgroup' })}
${placeSelect('group', 'Tổ chuyên môn', m.groups, p.group, 'trường', 'subgroup')}
${placeSelect('subgroup', 'Nhóm chuyên môn', m.subgroups, p.subgroup, 'tổ')}
<div><label for="f-teacher">Giáo viên (tên hoặc mã)</label><input id="f-teacher" type="search" name="teacher" maxlength="100" value="${p.teacher ?? ''}" placeholder="VD: nguyen thi ha"></div>
${select('kind', 'Loại hồ sơ', m.kinds.map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] })), p.kind)}
${select('subject', 'Môn học', m.subjects.map((s) => ({ value: s, label: s })), p.subject)}
${select('state', 'Trạng thái', PLAN_STATES.map((s) => ({ value: s, label: PLAN_STATE_LABELS[s] })), p.state)}
<div><label for="f-from">Từ ngày</label><input id="f-from" type="date" name="from" value="${p.from ?? ''}"></div>
<div><label for="f-to">Đến ngày</label><input id="f-to" type="date" name="to" value="${p.to ?? ''}"></div>
<div><label><input type="checkbox" name="late" value="1"${p.late ? html` checked` : ''}> Chỉ hồ sơ trễ hạn</label></div>
<div class="row"><button type="submit">Lọc</button><a class="button secondary" href="/records">Bỏ lọc</a></div>
</form>
<p class="hint">Kế hoạch bài dạy lọc theo ngày dạy; các loại hồ sơ khác lọc theo ngày nộp.</p>
<script src="/assets/records-filters.js" defer></script>`;
}

function table(rows: RecordRow[]): SafeHtml {
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th>Mã</th><th>Loại</th><th>Tên, môn, lớp</th><th>Người nộp</th><th>Trường, tổ</th><th>Trạng thái</th><th class="num">Lần nộp</th><th>Ngày dạy</th><th>Cập nhật</th></tr></thead>
<tbody>${rows.map(row)}</tbody></table></div>`;
}

function row(r: RecordRow): SafeHtml {
  const kind = planKindOf(r.kind);
  const about = [r.subject, r.grade != null ? `Lớp ${r.grade}` : null].filter(Boolean).join(' · ');
  const place = [r.group?.name, r.subgroup?.name].filter(Boolean).join(' / ');
  return html`<tr>
<td data-label="Mã"><a href="/plans/${r.id}">${r.refCode}</a></td>
<td data-label="Loại" title="${PLAN_KIND_LABELS[kind] ?? r.kind}">${PLAN_KIND_SHORT[kind] ?? r.kind}</td>
<td data-label="Tên, môn, lớp">${r.title ?? ''}${about ? html`${r.title ? html`<br>` : ''}<span class="hint">${about}</span>` : ''}</td>
<td data-label="Người nộp">${r.owner.fullName}<br><span class="hint">${r.owner.code}</span></td>
<td data-label="Trường, tổ">${r.school.name}${place ? html`<br><span class="hint">${place}</span>` : ''}</td>
<td data-label="Trạng thái">${stateBadge(r.state)}${r.lateAt ? html` ${lateBadge}` : ''}</td>
<td data-label="Lần nộp" class="num">${r.currentVersion}</td>
<td data-label="Ngày dạy">${r.teachingDate ? formatVnDate(r.teachingDate) : ''}</td>
<td data-label="Cập nhật">${formatVnDateTime(r.updatedAt)}</td>
</tr>`;
}

function pager(m: RecordsListModel): SafeHtml {
  const first = m.params.before !== undefined ? html`<a href="${recordsUrl(m.params)}">« Về đầu</a>` : html`<span></span>`;
  const next = m.page.nextBefore !== undefined ? html`<a href="${recordsUrl(m.params, m.page.nextBefore)}">Trang sau »</a>` : html`<span></span>`;
  return html`<nav class="pager" aria-label="Trang">${first}${next}</nav>`;
}
