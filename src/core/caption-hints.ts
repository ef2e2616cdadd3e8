// Reads what a teacher already said about a file, in its caption or its name, so the bot
// asks only the rest: "KHBD Toán 8 - Bài 5: Phân thức - 20/9" names the kind, subject,
// grade, lesson and teaching date.
import { parseVnDate, type IsoDate } from './calendar.js';
import { foldVietnamese } from './text.js';
import type { PlanKind } from './vocabulary.js';

export interface FileHints {
  kind?: PlanKind;
  subject?: string;
  grade?: number;
  title?: string;
  teachingDate?: IsoDate;
}

/** Short names teachers use, folded, for the subject they stand for (folded). */
const SUBJECT_ALIASES: Record<string, string[]> = {
  'ngu van': ['van', 'nv'],
  'tieng anh': ['anh', 'ta', 'english'],
  'vat li': ['ly', 'li', 'vat ly'],
  'hoa hoc': ['hoa'],
  'sinh hoc': ['sinh'],
  'lich su': ['su'],
  'dia li': ['dia', 'dia ly'],
  'khoa hoc tu nhien': ['khtn'],
  'giao duc cong dan': ['gdcd'],
  'tin hoc': ['tin'],
  'giao duc the chat': ['the duc', 'gdtc'],
  'hoat dong trai nghiem, huong nghiep': ['hdtn', 'trai nghiem'],
};

const KIND_PATTERNS: Array<[PlanKind, RegExp]> = [
  ['LESSON_PLAN', /\b(khbd|ke hoach bai day|giao an)\b/],
  ['SCHOOL_PLAN', /\b(khgd|ke hoach giao duc) (cua )?(nha truong|truong)\b/],
  ['GROUP_ACTIVITIES_PLAN', /\b(hdgd|to chuc cac hoat dong giao duc|hoat dong giao duc)\b/],
  ['GROUP_TEACHING_PLAN', /\b(khdh|ke hoach day hoc)\b/],
  ['TEACHER_PLAN', /\b(khgd|ke hoach giao duc)\b/],
];

export function readHints(text: string, subjects: readonly string[], today: IsoDate): FileHints {
  const clean = text.replace(/\.(docx?|pdf|odt|xlsx?|pptx?)$/i, '').replace(/[_]+/g, ' ');
  // "Toan8" → "toan 8": teachers glue grade to subject in file names.
  const folded = foldVietnamese(clean).replace(/([a-z])(\d)/g, '$1 $2');
  const hints: FileHints = {};
  hints.kind = KIND_PATTERNS.find(([, re]) => re.test(folded))?.[0];
  const subject = findSubject(folded, subjects);
  if (subject) hints.subject = subject;
  const grade = /\b(?:lop|khoi|k)\s*(\d{1,2})\b/.exec(folded)?.[1] ?? (subject ? gradeAfterSubject(folded, subject) : undefined);
  if (grade && Number(grade) >= 6 && Number(grade) <= 12) hints.grade = Number(grade);
  const title = /((?:Bài|Chủ đề|Chuyên đề|Tiết)\s*\d+[^–\-\n]*?)(?:\s+[–-]\s+|$)/iu.exec(clean)?.[1]?.trim();
  // Longer than a plan's title may be (a 1,000-character caption): asked for instead.
  if (title && title.length <= 200) hints.title = title;
  const date = /(?:^|\s|[–-])(\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)\s*$/.exec(clean.trim())?.[1];
  const teachingDate = date ? parseVnDate(date, today) : null;
  if (teachingDate) hints.teachingDate = teachingDate;
  return hints;
}

function findSubject(folded: string, subjects: readonly string[]): string | undefined {
  const words = ` ${folded.replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ')} `;
  const ordered = [...subjects].sort((a, b) => b.length - a.length);
  for (const subject of ordered) {
    const key = foldVietnamese(subject);
    const names = [key, ...(SUBJECT_ALIASES[key] ?? [])];
    if (names.some((n) => words.includes(` ${n} `) || words.includes(` ${n.replace(/ /g, '')} `))) return subject;
  }
  return undefined;
}

function gradeAfterSubject(folded: string, subject: string): string | undefined {
  const key = foldVietnamese(subject);
  for (const name of [key, ...(SUBJECT_ALIASES[key] ?? [])]) {
    const m = new RegExp(`\\b${name}\\s*(\\d{1,2})\\b`).exec(folded);
    if (m) return m[1];
  }
  return undefined;
}
