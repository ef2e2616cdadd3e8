// The Vietnamese texts that describe a plan in notifications. One place, so the reviewer, the
// submitter and the supervising unit read the same words.
import { formatVnDate } from '../core/calendar.js';
import { PLAN_KIND_LABELS, type PlanKind, planKindOf } from '../core/vocabulary.js';
import type { ChatButton } from './outbox.js';

export interface PlanFacts {
  refCode: string;
  kind: string;
  version: number;
  ownerName: string;
  schoolName: string;
  groupName?: string | null;
  subject?: string | null;
  grade?: number | null;
  title?: string | null;
  teachingDate?: string | null;
  schoolYear: string;
}

export function describePlan(p: PlanFacts): string {
  const lines = [
    `📄 ${PLAN_KIND_LABELS[planKindOf(p.kind)]}`,
    `Mã hồ sơ: ${p.refCode}${p.version > 1 ? ` (lần nộp thứ ${p.version})` : ''}`,
    `Người nộp: ${p.ownerName}`,
    p.groupName ? `Tổ: ${p.groupName}` : `Trường: ${p.schoolName}`,
  ];
  if (p.subject) lines.push(`Môn: ${p.subject}${p.grade ? ` · Lớp ${p.grade}` : ''}`);
  if (p.title) lines.push(`Bài: ${p.title}`);
  if (p.teachingDate) lines.push(`Ngày dạy: ${formatVnDate(p.teachingDate)}`);
  else lines.push(`Năm học: ${p.schoolYear}`);
  return lines.join('\n');
}

export function reviewButtons(submissionId: number, kind: string): ChatButton[][] {
  const approve = kind === 'SCHOOL_PLAN' ? '✅ Hội đồng trường đã thông qua' : '✅ Duyệt';
  return [[{ text: approve, data: `d:${submissionId}:a` }, { text: '↩️ Trả lại', data: `d:${submissionId}:r` }]];
}
