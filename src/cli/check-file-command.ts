// `npm run cli -- check-file <path> [--kind …] [--json]`: what the assistant would say about a
// file, for the hotline ("why was my file refused?") and for scripts.
import fs from 'node:fs';
import path from 'node:path';
import { refusalReason, severalLessonsMessage, unreadableReason, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import { PLAN_KINDS, PLAN_KIND_LABELS, type PlanKind, planKindOf } from '../core/vocabulary.js';
import { TextExtractor } from '../documents/text-extractor.js';

const KIND_NAMES: Record<string, PlanKind> = {
  lesson: 'LESSON_PLAN', khbd: 'LESSON_PLAN',
  teacher: 'TEACHER_PLAN', 'khgd-gv': 'TEACHER_PLAN',
  'group-teaching': 'GROUP_TEACHING_PLAN', khdh: 'GROUP_TEACHING_PLAN',
  'group-activities': 'GROUP_ACTIVITIES_PLAN', hdgd: 'GROUP_ACTIVITIES_PLAN',
  school: 'SCHOOL_PLAN', 'khgd-truong': 'SCHOOL_PLAN',
};

export function kindOfArgument(value: string | undefined): PlanKind | undefined | null {
  if (!value) return undefined;
  const upper = value.toUpperCase();
  if ((PLAN_KINDS as readonly string[]).includes(upper)) return planKindOf(upper);
  return KIND_NAMES[value.toLowerCase()] ?? null;
}

export interface FileReport {
  file: string;
  size: number;
  kind: PlanKind;
  accepted: boolean;
  refusal: string | null;
  analysis: DocumentAnalysis;
}

export async function checkFile(file: string, kindArg?: PlanKind): Promise<FileReport> {
  const extractor = new TextExtractor();
  try {
    const analysis = await extractor.analyse(path.resolve(file));
    const kind = kindArg ?? analysis.hints.kind ?? 'LESSON_PLAN';
    const refusal = refusalReason(analysis.readability) ?? (kind === 'LESSON_PLAN' ? severalLessonsMessage(analysis.lessons) : null);
    return { file, size: fs.statSync(file).size, kind, accepted: !refusal, refusal, analysis };
  } finally {
    await extractor.close();
  }
}

export function describeReport(r: FileReport): string[] {
  const a = r.analysis;
  const lines = [`Tệp: ${r.file} (${(r.size / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB)`];
  const read = a.readability;
  lines.push(read.status === 'TEXT' ? `Đọc được nội dung: có (${read.format})` : `Đọc được nội dung: không (${read.status === 'UNREADABLE' ? unreadableReason(read.reason) : refusalReason(read)})`);
  if (a.lessons.verdict === 'SEVERAL') lines.push(`Số kế hoạch bài dạy: ${a.lessons.count} — ${a.lessons.titles.join('; ')} (dấu hiệu: ${a.lessons.signs.join('; ')})`);
  else if (a.lessons.verdict === 'ONE') lines.push(`Số kế hoạch bài dạy: 1${a.lessons.title ? ` — ${a.lessons.title}` : ''}`);
  else lines.push('Số kế hoạch bài dạy: không xác định (không có nội dung chữ)');
  const h = a.hints;
  const hintParts = [h.kind && `loại: ${PLAN_KIND_LABELS[h.kind]}`, h.title && `tên bài: ${h.title}`, h.subject && `môn: ${h.subject}`, h.grade && `lớp: ${h.grade}`].filter(Boolean);
  lines.push(`Thông tin đọc từ tệp: ${hintParts.length > 0 ? hintParts.join('; ') : 'không có'}`);
  const checklist = a.checklists[r.kind];
  if (checklist) {
    lines.push(`Kiểm tra cấu trúc (${PLAN_KIND_LABELS[r.kind]}):`);
    for (const item of checklist) lines.push(`  ${item.found ? '✔' : item.optional ? '–' : '✘'} ${item.label}${!item.found && item.optional ? ' (có thể không có)' : ''}`);
  }
  lines.push(r.accepted ? 'Kết luận: trợ lý sẽ nhận tệp này.' : `Kết luận: trợ lý sẽ từ chối tệp này — ${r.refusal}`);
  return lines;
}
