// `npm run cli -- check-file <file|folder>… [--kind …] [--json]`: what the assistant would say
// about files, for the hotline ("why was my file refused?"), for reviewers trying the checker
// on a folder of real files, and for scripts. Needs no database.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { refusalReason, refusesSeveralLessons, severalLessonsMessage, unreadableReason, unsureLessonsNote, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import { missingParts } from '../core/documents/structure-check.js';
import { PLAN_KINDS, PLAN_KIND_LABELS, type PlanKind, planKindOf } from '../core/vocabulary.js';
import { TextExtractor } from '../documents/text-extractor.js';
import { usage, type CliIo } from './help.js';

const KIND_NAMES: Record<string, PlanKind> = {
  lesson: 'LESSON_PLAN', khbd: 'LESSON_PLAN',
  teacher: 'TEACHER_PLAN', 'khgd-gv': 'TEACHER_PLAN',
  'group-teaching': 'GROUP_TEACHING_PLAN', khdh: 'GROUP_TEACHING_PLAN',
  'group-activities': 'GROUP_ACTIVITIES_PLAN', hdgd: 'GROUP_ACTIVITIES_PLAN',
  school: 'SCHOOL_PLAN', 'khgd-truong': 'SCHOOL_PLAN',
};

/** Files a folder holds, at most this deep and this many (a mistyped "/" must not read the disk). */
const MAX_DEPTH = 4;
const MAX_FILES = 5000;

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
  /** Lessons found, how sure, and what the reviewer would be told when not sure. */
  lessons: { count: number | null; confidence: 'SURE' | 'UNSURE' | null; titles: string[]; reviewerNote: string | null };
  /** Required parts of the chosen kind's checklist not found (advisory). */
  missing: string[];
  analysis: DocumentAnalysis;
}

export async function checkFile(file: string, kindArg?: PlanKind, extractor?: TextExtractor): Promise<FileReport> {
  const own = extractor ?? new TextExtractor();
  try {
    const analysis = await own.analyse(path.resolve(file));
    return reportOf(file, fs.statSync(file).size, analysis, kindArg);
  } finally {
    if (!extractor) await own.close();
  }
}

export function reportOf(file: string, size: number, analysis: DocumentAnalysis, kindArg?: PlanKind): FileReport {
  const kind = kindArg ?? analysis.hints.kind ?? 'LESSON_PLAN';
  const refusal = refusalReason(analysis.readability) ?? (kind === 'LESSON_PLAN' ? severalLessonsMessage(analysis.lessons) : null);
  const l = analysis.lessons;
  const lessons: FileReport['lessons'] =
    l.verdict === 'SEVERAL'
      ? { count: l.count, confidence: refusesSeveralLessons(l) ? 'SURE' : 'UNSURE', titles: l.titles, reviewerNote: unsureLessonsNote(l) }
      : l.verdict === 'ONE'
        ? { count: 1, confidence: 'SURE', titles: l.title ? [l.title] : [], reviewerNote: null }
        : { count: null, confidence: null, titles: [], reviewerNote: null };
  const missing = missingParts(analysis.checklists[kind] ?? []).map((m) => m.label);
  return { file, size, kind, accepted: !refusal, refusal, lessons, missing, analysis };
}

export function describeReport(r: FileReport): string[] {
  const a = r.analysis;
  const lines = [`Tệp: ${r.file} (${(r.size / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB)`];
  const read = a.readability;
  lines.push(read.status === 'TEXT' ? `Đọc được nội dung: có (${read.format})` : `Đọc được nội dung: không (${read.status === 'UNREADABLE' ? unreadableReason(read.reason) : refusalReason(read)})`);
  if (a.legacyText) lines.push(`Phông chữ cũ đã chuyển sang Unicode: ${Object.entries(a.legacyText).map(([e, n]) => `${e === 'VNI' ? 'VNI' : 'TCVN3 (ABC)'} ${n} đoạn`).join(', ')}`);
  if (a.lessons.verdict === 'SEVERAL') {
    const sure = refusesSeveralLessons(a.lessons);
    lines.push(`Số kế hoạch bài dạy: ${a.lessons.count} — ${a.lessons.titles.join('; ')} (dấu hiệu: ${a.lessons.signs.join('; ')}; ${sure ? 'chắc chắn' : 'chưa chắc chắn'})`);
  } else if (a.lessons.verdict === 'ONE') lines.push(`Số kế hoạch bài dạy: 1${a.lessons.title ? ` — ${a.lessons.title}` : ''}`);
  else lines.push('Số kế hoạch bài dạy: không xác định (không có nội dung chữ)');
  const found = a.lessons.verdict !== 'UNKNOWN' ? a.lessons.lessons ?? [] : [];
  if (found.length > 1) found.forEach((f, i) => lines.push(`  ${i + 1}. ${f.title ?? '(không rõ tên)'} — bắt đầu ở đoạn ${f.start + 1}, phần “${f.heading.slice(0, 40)}”`));
  const h = a.hints;
  const hintParts = [h.kind && `loại: ${PLAN_KIND_LABELS[h.kind]}`, h.title && `tên bài: ${h.title}`, h.subject && `môn: ${h.subject}`, h.grade && `lớp: ${h.grade}`].filter(Boolean);
  lines.push(`Thông tin đọc từ tệp: ${hintParts.length > 0 ? hintParts.join('; ') : 'không có'}`);
  const checklist = a.checklists[r.kind];
  if (checklist) {
    lines.push(`Kiểm tra cấu trúc (${PLAN_KIND_LABELS[r.kind]}; chỉ là gợi ý):`);
    for (const item of checklist) lines.push(`  ${item.found ? '✔' : item.optional ? '–' : '✘'} ${item.label}${!item.found && item.optional ? ' (có thể không có)' : ''}`);
  }
  if (r.lessons.reviewerNote) lines.push(`Ghi chú cho người duyệt: ${r.lessons.reviewerNote}`);
  lines.push(r.accepted ? 'Kết luận: trợ lý sẽ nhận tệp này.' : `Kết luận: trợ lý sẽ từ chối tệp này — ${r.refusal}`);
  return lines;
}

/** One row per file: file, verdict, lessons, confidence, missing items. */
export function reportTable(reports: readonly FileReport[]): string[] {
  // Paths shown without the folder they share.
  const dirs = reports.map((r) => path.dirname(r.file));
  let common = dirs[0] ?? '';
  while (common && !dirs.every((d) => d === common || d.startsWith(common + path.sep))) common = path.dirname(common) === common ? '' : path.dirname(common);
  const rows = reports.map((r) => [
    common ? path.relative(common, r.file) : r.file,
    r.accepted ? (r.lessons.reviewerNote ? 'nhận, báo người duyệt' : 'nhận') : 'từ chối',
    r.lessons.count === null ? '?' : String(r.lessons.count),
    r.lessons.confidence === null ? '—' : r.lessons.confidence === 'SURE' ? 'chắc chắn' : 'chưa chắc',
    r.analysis.readability.status !== 'TEXT' ? 'không đọc được nội dung' : r.missing.length === 0 ? '—' : r.missing.join('; '),
  ]);
  const header = ['Tệp', 'Kết luận', 'Số bài', 'Độ chắc chắn', 'Chưa thấy (gợi ý)'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const cell = (text: string, i: number) => (i === header.length - 1 ? text : (text.length > widths[i]! ? `${text.slice(0, widths[i]! - 1)}…` : text.padEnd(widths[i]!)));
  const line = (row: string[]) => row.map(cell).join('  ').trimEnd();
  const refused = reports.filter((r) => !r.accepted).length;
  const unsure = reports.filter((r) => r.accepted && r.lessons.reviewerNote).length;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${reports.length} tệp: ${reports.length - refused} nhận (${unsure} cần người duyệt xem số bài), ${refused} từ chối.`];
}

/** The files named on the command line, folders expanded (sorted, hidden files skipped). */
export function filesOf(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || files.length >= MAX_FILES) continue;
      const full = path.join(dir, entry.name);
      if (entry.isFile()) files.push(full);
      else if (entry.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (stat?.isFile()) files.push(p);
    else if (stat?.isDirectory()) walk(p, 1);
    else missing.push(p);
  }
  return { files, missing };
}

/** The command (exit 0: all would be accepted; 1: some would be refused; 2: usage). */
export async function runCheckFileCommand(io: CliIo, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { kind: { type: 'string' }, json: { type: 'boolean' } } });
  } catch (error) {
    return usage(io, `Tuỳ chọn không hợp lệ: ${(error as Error).message}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length === 0) return usage(io, 'Thiếu đường dẫn tệp cần kiểm tra.');
  const kind = kindOfArgument(values.kind);
  if (kind === null) return usage(io, `Loại hồ sơ "${values.kind}" không hợp lệ.`);
  const { files, missing } = filesOf(positionals);
  if (missing.length > 0) return usage(io, `Không tìm thấy tệp ${missing.join(', ')}.`);
  if (files.length === 0) return usage(io, 'Thư mục không có tệp nào.');
  const extractor = new TextExtractor({ threads: Math.min(2, files.length) });
  try {
    const reports = await Promise.all(files.map((f) => checkFile(f, kind, extractor)));
    const single = files.length === 1 && fs.statSync(positionals[0]!).isFile();
    if (values.json) io.out(JSON.stringify(single ? reports[0] : reports, null, 2));
    else (single ? describeReport(reports[0]!) : reportTable(reports)).forEach((l) => io.out(l));
    return reports.every((r) => r.accepted) ? 0 : 1;
  } finally {
    await extractor.close();
  }
}
