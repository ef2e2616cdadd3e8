// What a document's heading says about itself (appendix IV's header: "TÊN BÀI DẠY: …",
// "Môn học/Hoạt động giáo dục: Toán; lớp: 8"), so the bot can propose instead of asking.
import { foldVietnamese } from '../text.js';
import type { PlanKind } from '../vocabulary.js';
import { linesOf, type DocumentLine } from './document-text.js';

export interface DocumentHints {
  kind?: PlanKind;
  title?: string;
  subject?: string;
  grade?: number;
}

const HEAD_LINES = 40;

/** "Lớp: 8B", "Lớp 8A1, 8A2", "lớp: 8", "Khối 8", "Khối lớp 8" → 8. */
export const GRADE = /\b(?:lop|khoi(?: lop)?)\s*:?\s*(\d{1,2})(?:[a-z]\d{0,2})?\b/;

const KINDS: Array<[PlanKind, RegExp]> = [
  ['LESSON_PLAN', /\bke hoach bai day\b|^ten bai day\s*[:.]/],
  ['TEACHER_PLAN', /\bke hoach giao duc cua giao vien\b/],
  ['GROUP_TEACHING_PLAN', /\bke hoach day hoc cua to\b/],
  ['GROUP_ACTIVITIES_PLAN', /\bke hoach to chuc cac hoat dong giao duc\b/],
  ['SCHOOL_PLAN', /\bke hoach giao duc (?:cua )?nha truong\b/],
];

export function documentHints(paragraphs: readonly string[] | readonly DocumentLine[]): DocumentHints {
  const head = linesOf(paragraphs).slice(0, HEAD_LINES);
  const hints: DocumentHints = {};
  hints.kind = KINDS.find(([, re]) => head.some((l) => re.test(l.folded)))?.[0];
  const named = head.find((l) => /^ten (?:bai day|bai hoc|chu de)\s*[:.]/.test(l.folded));
  const titled = named ? named.text.replace(/^[^:.]*[:.]\s*/, '') : head.find((l) => /^(?:bai|chu de)\s*\d+\s*[:.\-–]\s*\S/.test(l.folded) && l.text.length <= 150)?.text;
  if (titled) hints.title = titled.trim();
  const subjectLine = head.find((l) => /^mon(?: hoc)?(?:\s*\/\s*hoat dong giao duc)?\s*:/.test(l.folded));
  if (subjectLine) Object.assign(hints, subjectAndGrade(subjectLine.text));
  if (hints.grade === undefined) {
    const grade = head.map((l) => GRADE.exec(l.folded)?.[1]).find(Boolean);
    if (grade && Number(grade) >= 6 && Number(grade) <= 12) hints.grade = Number(grade);
  }
  return hints;
}

/** "Môn học/Hoạt động giáo dục: Toán; lớp: 8" → Toán, 8. */
function subjectAndGrade(text: string): Pick<DocumentHints, 'subject' | 'grade'> {
  const afterLabel = text.slice(text.indexOf(':') + 1);
  const [subjectPart = '', ...rest] = afterLabel.split(/[;,]/);
  const subject = subjectPart.replace(/\s+(?:lớp|khối)\s*:?\s*\d+.*$/iu, '').trim();
  const grade = GRADE.exec(foldVietnamese([subjectPart, ...rest].join(' ')))?.[1];
  const out: Pick<DocumentHints, 'subject' | 'grade'> = {};
  if (subject && subject.length <= 60) out.subject = subject;
  if (grade && Number(grade) >= 6 && Number(grade) <= 12) out.grade = Number(grade);
  return out;
}
