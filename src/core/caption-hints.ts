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
  /** Two or more subjects were possible and none was named with "môn": the bot asks which (subject stays unset). */
  subjectChoices?: string[];
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
  const found = findSubject(folded, subjects);
  const subject = found.length === 1 ? found[0] : undefined;
  if (subject) hints.subject = subject;
  else if (found.length > 1) hints.subjectChoices = found;
  const grade = /\b(?:lop|khoi(?: lop)?|k)\s*:?\s*(\d{1,2})(?:[a-z]\d{0,2})?\b/.exec(folded)?.[1] ?? (subject ? gradeAfterSubject(folded, subject) : undefined);
  if (grade && Number(grade) >= 6 && Number(grade) <= 12) hints.grade = Number(grade);
  const title = /((?:Bài|Chủ đề|Chuyên đề|Tiết)\s*\d+[^–\-\n]*?)(?:\s+[–-]\s+|$)/iu.exec(clean)?.[1]?.trim();
  // Longer than a plan's title may be (a 1,000-character caption): asked for instead.
  if (title && title.length <= 200) hints.title = title;
  const date = /(?:^|\s|[–-])(\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)\s*$/.exec(clean.trim())?.[1];
  const teachingDate = date ? parseVnDate(date, today) : null;
  if (teachingDate) hints.teachingDate = teachingDate;
  return hints;
}

/**
 * The subject a caption names. An explicit "môn X" wins; a subject that only appears in a
 * group's name ("tổ Toán – Tin") counts only when nothing else names one; two possible
 * subjects are all returned, so the bot asks instead of filing the plan in the wrong slot.
 */
function findSubject(folded: string, subjects: readonly string[]): string[] {
  const words = ` ${folded.replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim()} `;
  const names = subjects.map((subject) => {
    const key = foldVietnamese(subject);
    return { subject, names: [key, ...(SUBJECT_ALIASES[key] ?? [])].flatMap((n) => [n, n.replace(/ /g, '')]) };
  });
  const explicit = matches(words, names, (n) => [` mon ${n} `, ` mon hoc ${n} `]);
  if (explicit.length > 0) return explicit;
  const { outside, group } = splitGroupName(words, names);
  const named = matches(outside, names, (n) => [` ${n} `]);
  if (named.length > 0) return named;
  return matches(group, names, (n) => [` ${n} `]);
}

type SubjectNames = Array<{ subject: string; names: string[] }>;

/** Subjects whose names appear, longest names first, each span used once. */
function matches(text: string, names: SubjectNames, forms: (name: string) => string[]): string[] {
  let rest = text;
  const found: string[] = [];
  const all = names.flatMap(({ subject, names: ns }) => ns.map((n) => ({ subject, n }))).sort((a, b) => b.n.length - a.n.length);
  for (const { subject, n } of all) {
    for (const form of forms(n)) {
      const i = rest.indexOf(form);
      if (i < 0) continue;
      rest = `${rest.slice(0, i)} # ${rest.slice(i + form.length)}`;
      if (!found.includes(subject)) found.push(subject);
    }
  }
  return found.sort((a, b) => names.findIndex((n) => n.subject === a) - names.findIndex((n) => n.subject === b));
}

/** Separates "tổ Toán – Tin" (a group's name) from the rest of a caption. */
function splitGroupName(words: string, names: SubjectNames): { outside: string; group: string } {
  const tokens = words.trim().split(' ');
  const nameWords = new Set(names.flatMap((n) => n.names.flatMap((x) => x.split(' '))).concat(['va', 'chuyen', 'mon']));
  const outside: string[] = [];
  const group: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'to' && nameWords.has(tokens[i + 1] ?? '')) {
      group.push('#');
      while (i + 1 < tokens.length && nameWords.has(tokens[i + 1]!)) group.push(tokens[++i]!);
      group.push('#');
      outside.push('#');
    } else outside.push(tokens[i]!);
  }
  return { outside: ` ${outside.join(' ')} `, group: ` ${group.join(' ')} ` };
}

function gradeAfterSubject(folded: string, subject: string): string | undefined {
  const key = foldVietnamese(subject);
  for (const name of [key, ...(SUBJECT_ALIASES[key] ?? [])]) {
    const m = new RegExp(`\\b${name}\\s*(\\d{1,2})\\b`).exec(folded);
    if (m) return m[1];
  }
  return undefined;
}
