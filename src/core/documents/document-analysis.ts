// Everything the checks learn from a file, kept with the intake and summarised for the
// teacher and the reviewer. Pure: built from the extracted text.
import type { PlanKind } from '../vocabulary.js';
import { PLAN_KINDS } from '../vocabulary.js';
import { documentHints, type DocumentHints } from './document-hints.js';
import { linesOf } from './document-text.js';
import { decodeLegacyText, type LegacyEncoding } from './legacy-encoding.js';
import { countLessons, type LessonCount } from './lesson-counter.js';
import { checkStructure, missingParts, type ChecklistItem } from './structure-check.js';

export type Readability =
  | { status: 'TEXT'; format: string }
  | { status: 'UNREADABLE'; format: string; reason: string }
  | { status: 'REFUSED'; reason: 'EMPTY' | 'EXECUTABLE' | 'NOT_A_DOCUMENT' };

export interface DocumentAnalysis {
  readability: Readability;
  lessons: LessonCount;
  /** The checklist for every kind, so the kind may be chosen after the file was read. */
  checklists: Partial<Record<PlanKind, ChecklistItem[]>>;
  hints: DocumentHints;
  /** Paragraphs converted from legacy 8-bit fonts (VNI, TCVN3) before the checks; absent when none. */
  legacyText?: Partial<Record<LegacyEncoding, number>>;
}

export function analyseText(format: string, paragraphs: readonly string[]): DocumentAnalysis {
  // Everything downstream reads Unicode: legacy VNI/TCVN3 words are converted first.
  const decoded = decodeLegacyText(paragraphs);
  const lines = linesOf(decoded.paragraphs);
  const legacy = Object.fromEntries(Object.entries(decoded.converted).filter(([, n]) => n > 0));
  return {
    readability: { status: 'TEXT', format },
    lessons: countLessons(lines),
    checklists: Object.fromEntries(PLAN_KINDS.map((k) => [k, checkStructure(lines, k)])),
    hints: documentHints(lines),
    ...(Object.keys(legacy).length > 0 ? { legacyText: legacy } : {}),
  };
}

/** Whether the lesson count is sure enough to refuse the file (R6). Older records without a confidence were refused. */
export function refusesSeveralLessons(lessons: LessonCount): boolean {
  return lessons.verdict === 'SEVERAL' && lessons.confidence !== 'UNSURE';
}

export function analyseWithoutText(readability: Exclude<Readability, { status: 'TEXT' }>): DocumentAnalysis {
  return { readability, lessons: { verdict: 'UNKNOWN' }, checklists: {}, hints: {} };
}

const UNREADABLE_REASONS: Record<string, string> = {
  ENCRYPTED: 'tệp được đặt mật khẩu',
  CORRUPT: 'tệp bị hỏng hoặc không đúng định dạng',
  NO_TEXT: 'tệp không có chữ (có thể là ảnh chụp hoặc bản scan)',
  TOO_LARGE: 'tệp quá phức tạp hoặc quá lớn để đọc',
  TIMEOUT: 'đọc tệp quá lâu',
  NOT_ANALYSED: 'trợ lý chưa hỗ trợ đọc loại tệp này',
};

/** Why a file could not be read, in words. */
export function unreadableReason(reason: string): string {
  return UNREADABLE_REASONS[reason] ?? reason;
}

/** Why a file is not a document at all, for the refusal message. */
export function refusalReason(readability: Readability): string | null {
  if (readability.status !== 'REFUSED') return null;
  return {
    EMPTY: 'Tệp rỗng (0 byte).',
    EXECUTABLE: 'Nội dung tệp là một chương trình máy tính, không phải tài liệu.',
    NOT_A_DOCUMENT: 'Nội dung tệp không phải tài liệu Word, PDF, OpenDocument, Excel hay PowerPoint.',
  }[readability.reason];
}

/** R6: the refusal for a lesson-plan file holding several plans, naming what was found. */
export function severalLessonsMessage(lessons: LessonCount): string | null {
  if (lessons.verdict !== 'SEVERAL' || !refusesSeveralLessons(lessons)) return null;
  return `Tệp có ${lessons.count} kế hoạch bài dạy: ${numbered(lessons.titles)}. Theo quy định, mỗi tệp kế hoạch bài dạy chỉ chứa 01 bài học hoặc 01 chủ đề; thầy/cô vui lòng tách thành từng tệp rồi gửi lại.`;
}

/** At most 12 titles in a sentence (a weekly bundle may hold 20 lessons; the plan page lists all). */
function numbered(titles: readonly string[], most = 12): string {
  const shown = titles.slice(0, most).map((t, i) => `(${i + 1}) ${t}`).join('; ');
  return titles.length > most ? `${shown}; … và ${titles.length - most} bài khác` : shown;
}

/** For the reviewer when the checker saw what may be several lessons but was not sure enough to refuse. */
export function unsureLessonsNote(lessons: LessonCount): string | null {
  if (lessons.verdict !== 'SEVERAL' || refusesSeveralLessons(lessons)) return null;
  return `❓ Tệp có thể chứa ${lessons.count} bài dạy (${numbered(lessons.titles)}) — trợ lý chưa chắc nên vẫn nhận; người duyệt vui lòng xem lại (${lessons.signs.join('; ')}).`;
}

/**
 * The one rule deciding whether a file is refused, wherever it comes from (chat or web): not a
 * document at all, or a lesson-plan file holding several plans (R6). `kind` may still be
 * unknown (asked later): then only the first applies.
 */
export function fileRefusal(analysis: DocumentAnalysis, kind: PlanKind | undefined, contested = false): string | null {
  return refusalReason(analysis.readability) ?? (kind === 'LESSON_PLAN' && !contested ? severalLessonsMessage(analysis.lessons) : null);
}

/** Whether the only reason to refuse is R6's verdict, which the teacher may contest ("Tệp này chỉ có một bài dạy"). */
export function contestableRefusal(analysis: DocumentAnalysis, kind: PlanKind | undefined): boolean {
  return !refusalReason(analysis.readability) && kind === 'LESSON_PLAN' && severalLessonsMessage(analysis.lessons) !== null;
}

/** For the reviewer when the teacher contested a refusal: the checker's verdict and the teacher's word. */
export function contestNote(lessons: LessonCount): string {
  const found = lessons.verdict === 'SEVERAL' ? `${lessons.count} bài (${numbered(lessons.titles)})` : 'nhiều bài';
  return `⚠️ Trợ lý thấy tệp có ${found}; giáo viên khẳng định tệp chỉ có một bài dạy. Người duyệt vui lòng kiểm tra.`;
}

/** The short checklist shown with the plan, for the chosen kind. */
export function checkSummary(analysis: DocumentAnalysis, kind: PlanKind, contested = false): string {
  const r = analysis.readability;
  if (r.status !== 'TEXT') {
    return `⚠️ Không đọc được nội dung (${r.status === 'UNREADABLE' ? unreadableReason(r.reason) : 'không phải tài liệu'}); người duyệt cần mở tệp để kiểm tra.`;
  }
  const missing = missingParts(analysis.checklists[kind] ?? []);
  const summary = missing.length === 0
    ? '🔎 Kiểm tra tự động: có đủ các phần theo mẫu.'
    : `🔎 Kiểm tra tự động — chưa thấy: ${missing.map((m) => m.label).join('; ')}. (Chỉ là gợi ý, không bắt buộc theo mẫu.)`;
  const unsure = kind === 'LESSON_PLAN' ? (contested ? contestNote(analysis.lessons) : unsureLessonsNote(analysis.lessons)) : null;
  return unsure ? `${summary}\n${unsure}` : summary;
}
