// One plan: its facts, every version with the automatic checks, a download link and "Xem nhanh"
// (with what changed since the version before), every decision, and where an approved school
// plan was reported (R9).
import { formatVnDate } from '../../core/calendar.js';
import { displayFileName } from '../../core/text.js';
import { PLAN_KIND_LABELS, type PlanKind } from '../../core/vocabulary.js';
import type { PlanRecord } from '../../read-models/records-plan.js';
import { html, type SafeHtml } from '../html.js';
import { checkReportView } from './check-report-view.js';
import { channelLabel, formatSize, formatVnDateTime, lateBadge, stateBadge } from './record-format.js';

const BASIS_LABELS: Record<string, string> = {
  REVIEW: 'Phê duyệt theo phân cấp',
  SCHOOL_COUNCIL: 'Hội đồng trường',
};

const ACTION_LABELS: Record<string, { label: string; badge: string }> = {
  APPROVE: { label: 'Duyệt', badge: 'good' },
  RETURN: { label: 'Trả lại', badge: 'bad' },
};

type Submission = PlanRecord['submissions'][number];

export interface PlanViewOptions {
  /** "Xem nhanh" links (the product renders files): off where no renderer is wired. */
  previews?: boolean;
}

export function planView(plan: PlanRecord, options: PlanViewOptions = {}): SafeHtml {
  const kind = PLAN_KIND_LABELS[plan.kind as PlanKind] ?? plan.kind;
  return html`<p class="no-print"><a href="/records">← Danh sách hồ sơ</a></p>
<h1>${kind} — ${plan.refCode}</h1>
<section class="card">${facts(plan, kind)}</section>
${awaitingCard(plan)}
<h2>Các lần nộp</h2>
${plan.submissions.map((s) => versionCard(plan, s, options.previews ?? false))}
<h2>Quyết định</h2>
${decisions(plan)}
${plan.kind === 'SCHOOL_PLAN' ? reports(plan) : ''}`;
}

const RULE_NOTES: Partial<Record<string, string>> = {
  SUBGROUP_OR_GROUP_HEADS: 'tổ trưởng, nhóm trưởng phụ trách',
  BOARD_FALLBACK: 'Ban giám hiệu (tổ chưa có tổ trưởng, nhóm trưởng khác người nộp)',
  SCHOOL_BOARD: 'Ban giám hiệu',
};

/** A waiting plan says who must decide it now; a plan nobody can decide says what to do. */
function awaitingCard(plan: PlanRecord): SafeHtml {
  const waiting = plan.awaiting;
  if (!waiting) return html``;
  if (waiting.reviewers.length === 0) {
    return html`<p class="error" role="status">Hồ sơ đang chờ duyệt nhưng trường chưa có ai có quyền duyệt loại hồ sơ này
(chưa giao vai trò tổ trưởng, nhóm trưởng hoặc Ban giám hiệu). Quản trị phần mềm của trường hoặc tổ hỗ trợ cần giao vai trò ở trang Cán bộ, giáo viên.</p>`;
  }
  const note = RULE_NOTES[waiting.rule] ?? (waiting.rule.startsWith('SCHOOL_COUNCIL') ? 'Hiệu trưởng, thay mặt Hội đồng trường' : '');
  return html`<section class="card notice"><h2 style="margin-top:0">Đang chờ ai duyệt</h2>
<p>${waiting.reviewers.length === 1 ? 'Người cần duyệt hoặc trả lại hồ sơ này bây giờ:' : 'Một trong những người sau cần duyệt hoặc trả lại hồ sơ này bây giờ:'}${note ? html` <span class="hint">(${note})</span>` : ''}</p>
<ul>${waiting.reviewers.map((r) => html`<li><b>${r.fullName}</b> (${r.code})${r.roles.length > 0 ? html` — ${r.roles.join(', ')}` : ''}</li>`)}</ul></section>`;
}

function fact(label: string, value: SafeHtml | string | number | null | undefined): SafeHtml {
  return value === null || value === undefined || value === '' ? html`` : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function facts(plan: PlanRecord, kind: string): SafeHtml {
  const late = plan.lateAt ? html`${lateBadge} Đến ngày dạy${plan.teachingDate ? ` (${formatVnDate(plan.teachingDate)})` : ''} vẫn chưa được duyệt.` : 'Không';
  return html`<dl class="facts">
${fact('Mã hồ sơ', plan.refCode)}
${fact('Loại hồ sơ', kind)}
${fact('Năm học', plan.schoolYear.name)}
${fact('Trường', plan.school.name)}
${fact('Tổ chuyên môn', plan.group?.name)}
${fact('Nhóm chuyên môn', plan.subgroup?.name)}
${fact('Người nộp', `${plan.owner.fullName} (${plan.owner.code})`)}
${fact('Môn học', plan.subject)}
${fact('Lớp', plan.grade)}
${fact('Tên bài, chủ đề', plan.title)}
${fact('Ngày dạy', plan.teachingDate ? formatVnDate(plan.teachingDate) : null)}
${fact('Trạng thái', stateBadge(plan.state))}
${plan.kind === 'LESSON_PLAN' ? fact('Trễ hạn', late) : ''}
${fact('Lần nộp hiện tại', plan.currentVersion)}
</dl>`;
}

function versionCard(plan: PlanRecord, s: Submission, previews: boolean): SafeHtml {
  const name = displayFileName(s.originalName);
  const href = `/plans/${plan.id}/versions/${s.version}`;
  const earlier = plan.submissions.find((e) => e.version === s.version - 1);
  const read = previews
    ? html`<p class="row no-print"><a class="button" href="${href}/preview">Xem nhanh lần nộp ${s.version}</a>${earlier
        ? html` <a class="button secondary" href="${href}/preview#changes">Đã sửa gì so với lần nộp ${earlier.version}${earlier.decision?.action === 'RETURN' ? ' (bị trả lại)' : ''}</a>`
        : ''}</p>`
    : '';
  return html`<section class="card">
<h3>Lần nộp ${s.version}${s.version === plan.currentVersion ? html` <span class="hint">(hiện tại)</span>` : ''}</h3>
${read}
<dl class="facts">
${fact('Tệp', html`<a href="${href}/file" download>${name}</a> <span class="hint">(${formatSize(s.fileSize)})</span>`)}
${fact('Ngày nộp', formatVnDateTime(s.submittedAt))}
${fact('Nộp qua', channelLabel(s.channel))}
${fact('Người nộp', plan.nameOf.get(s.submittedById) ?? `#${s.submittedById}`)}
${fact('Kiểm tra tự động', checkReportView(s.checkReport, plan.kind === 'LESSON_PLAN'))}
${fact('Kết quả', outcome(plan, s))}
</dl></section>`;
}

/** What became of a version: its decision in one line, or that it still waits (or was replaced). */
function outcome(plan: PlanRecord, s: Submission): SafeHtml {
  const d = s.decision;
  if (!d) return s.version === plan.currentVersion ? html`<span class="badge wait">Chờ duyệt</span>` : html`<span class="hint">Không có quyết định</span>`;
  const action = ACTION_LABELS[d.action] ?? { label: d.action, badge: '' };
  const who = plan.nameOf.get(d.deciderId) ?? `#${d.deciderId}`;
  return html`<span class="badge ${action.badge}">${action.label}</span> ${who}, ${formatVnDateTime(d.decidedAt)}${d.basis === 'SCHOOL_COUNCIL' ? ' (Hội đồng trường)' : ''}${d.reason ? html`<br>Lý do: ${d.reason}` : ''}`;
}

function decisions(plan: PlanRecord): SafeHtml {
  const decided = plan.submissions.flatMap((s) => (s.decision ? [{ version: s.version, ...s.decision }] : []));
  if (decided.length === 0) return html`<p class="hint">Chưa có quyết định nào.</p>`;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th class="num">Lần nộp</th><th>Kết quả</th><th>Người quyết định</th><th>Căn cứ</th><th>Lý do</th><th>Thời gian</th></tr></thead>
<tbody>${decided.map((d) => {
    const action = ACTION_LABELS[d.action] ?? { label: d.action, badge: '' };
    return html`<tr><td data-label="Lần nộp" class="num">${d.version}</td><td data-label="Kết quả"><span class="badge ${action.badge}">${action.label}</span></td>
<td data-label="Người quyết định">${plan.nameOf.get(d.deciderId) ?? `#${d.deciderId}`}</td><td data-label="Căn cứ">${BASIS_LABELS[d.basis] ?? d.basis}</td>
<td data-label="Lý do">${d.reason ?? ''}</td><td data-label="Thời gian">${formatVnDateTime(d.decidedAt)}</td></tr>`;
  })}</tbody></table></div>`;
}

function reports(plan: PlanRecord): SafeHtml {
  const body =
    plan.reports.length === 0
      ? html`<p class="hint">Chưa gửi báo cáo (kế hoạch được gửi tới đơn vị quản lý sau khi Hội đồng trường thông qua).</p>`
      : html`<div class="table-wrap"><table class="stack"><thead><tr><th class="num">Lần nộp</th><th>Gửi tới</th><th>Thời gian</th></tr></thead>
<tbody>${plan.reports.map((r) => html`<tr><td data-label="Lần nộp" class="num">${r.submission.version}</td><td data-label="Gửi tới">${r.unit.name}</td><td data-label="Thời gian">${formatVnDateTime(r.reportedAt)}</td></tr>`)}</tbody></table></div>`;
  return html`<h2>Báo cáo đơn vị quản lý</h2>${body}`;
}
