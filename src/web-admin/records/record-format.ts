// How the records pages write plans' facts: short kind names for tables, channels, Vietnamese
// dates and times, file sizes.
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { PLAN_STATE_LABELS, type PlanKind, type PlanState } from '../../core/vocabulary.js';
import { html, type SafeHtml } from '../html.js';

/** Table cells are narrow; the full name (PLAN_KIND_LABELS) goes on the plan's page. */
export const PLAN_KIND_SHORT: Record<PlanKind, string> = {
  SCHOOL_PLAN: 'KH nhà trường',
  GROUP_TEACHING_PLAN: 'KH dạy học của tổ',
  GROUP_ACTIVITIES_PLAN: 'KH hoạt động giáo dục',
  TEACHER_PLAN: 'KH giáo viên',
  LESSON_PLAN: 'KH bài dạy',
};

const CHANNEL_LABELS: Record<string, string> = {
  TELEGRAM: 'Telegram',
  ZALO: 'Zalo',
  WEB: 'Trang web',
  CLI: 'Dòng lệnh quản trị',
};

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

export function stateBadge(state: string): SafeHtml {
  const label = PLAN_STATE_LABELS[state as PlanState] ?? state;
  return html`<span class="badge ${state}">${label}</span>`;
}

export const lateBadge = html`<span class="badge bad">Trễ hạn</span>`;

/** `14:05 28/11/2026`, in Vietnam time. */
export function formatVnDateTime(instant: Date): string {
  return `${vnTimeOf(instant)} ${formatVnDate(vnDateOf(instant))}`;
}

/** `1,5 MB`, with the Vietnamese decimal comma. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${unit}`;
}
