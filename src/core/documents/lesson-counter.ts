// R6: one lesson or one topic per lesson-plan file. Counts the lesson plans in a file from
// the signs that only a new plan has (plan-structure.md, "One lesson per file"):
// - a title block ("TÊN BÀI DẠY:", "Bài 4: …", "Chủ đề 2: …") followed by its own objectives
//   section ("I. Mục tiêu");
// - a repeated "Thời gian thực hiện" or "Ngày soạn" line;
// - the four activities starting again after "Vận dụng".
// A topic taught over several periods ("(3 tiết)", "Tiết 1, 2, 3") shows none of these, and a
// repeated "Tiết n" alone proves nothing. Unknown (no text) is never a refusal.
import { hasLetterNumbering, linesOf, withoutNumbering, type DocumentLine } from './document-text.js';

export type LessonCount =
  | { verdict: 'UNKNOWN' }
  | { verdict: 'ONE'; title: string | null }
  | { verdict: 'SEVERAL'; count: number; titles: string[]; signs: string[] };

const TITLE = /^(?:ten bai day|ten bai hoc|ten chu de|bai day)\s*[:.]\s*\S|^(?:bai|chu de|chuyen de)\s*\d+\s*[:.\-–]\s*\S|^tiet\s*\d+(?:\s*[,\-–]\s*\d+)*\s*[:.\-–]?\s*(?:bai|chu de)\s*\d+/;
const OBJECTIVES = /^muc tieu(?: bai hoc| cua bai(?: hoc)?| day hoc| chu de)?\s*[:.]?$/;
const TIME = /^thoi gian thuc hien\b/;
const PREPARED = /^ngay soan\b/;
const OPENING = /^(?:hoat dong\s*\d+\s*[:.\-–]?\s*)?(?:mo dau|khoi dong|xac dinh van de|dat van de)\b/;
const APPLICATION = /^(?:hoat dong\s*\d+\s*[:.\-–]?\s*)?van dung\b/;

export function countLessons(paragraphs: readonly string[] | readonly DocumentLine[]): LessonCount {
  const lines = linesOf(paragraphs);
  if (lines.reduce((n, l) => n + l.text.length, 0) < 40) return { verdict: 'UNKNOWN' };
  const titles = lines.filter((l) => TITLE.test(l.folded) && l.text.length <= 200);
  const objectives = lines.filter(isObjectivesHeading);
  const starts = titledStarts(titles, objectives);
  const times = lines.filter((l) => TIME.test(l.folded)).length;
  const prepared = lines.filter((l) => PREPARED.test(l.folded)).length;
  const restarts = activityRestarts(lines);
  const signs: string[] = [];
  if (starts.length >= 2) signs.push(`${starts.length} tên bài, mỗi bài có phần Mục tiêu riêng`);
  if (times >= 2) signs.push(`${times} dòng “Thời gian thực hiện”`);
  if (prepared >= 2) signs.push(`${prepared} dòng “Ngày soạn”`);
  if (restarts > 0 && objectives.length >= 2) signs.push('các hoạt động Mở đầu … Vận dụng lặp lại');
  if (signs.length === 0) {
    const title = (starts[0] ?? titles[0])?.text;
    return { verdict: 'ONE', title: title ? shorten(title) : null };
  }
  const count = Math.max(starts.length, times, prepared, restarts > 0 ? Math.min(objectives.length, restarts + 1) : 0);
  const named = starts.length >= 2 ? starts : distinctTitles(titles);
  return { verdict: 'SEVERAL', count, titles: named.slice(0, count).map((t) => shorten(t.text)), signs };
}

/** "I. Mục tiêu" at section level; an activity's "a) Mục tiêu" is not a new plan. */
function isObjectivesHeading(line: DocumentLine): boolean {
  return line.text.length <= 60 && !hasLetterNumbering(line.folded) && OBJECTIVES.test(withoutNumbering(line.folded));
}

/** Title lines that are followed by an objectives heading before the next title. */
function titledStarts(titles: DocumentLine[], objectives: DocumentLine[]): DocumentLine[] {
  return titles.filter((title, i) => {
    const next = titles[i + 1]?.index ?? Infinity;
    return objectives.some((o) => o.index > title.index && o.index < next);
  });
}

/** How often an opening activity comes again after an application activity. */
function activityRestarts(lines: DocumentLine[]): number {
  let seenApplication = false;
  let restarts = 0;
  for (const line of lines) {
    if (line.text.length > 150) continue;
    const heading = withoutNumbering(line.folded);
    if (APPLICATION.test(heading)) seenApplication = true;
    else if (seenApplication && OPENING.test(heading)) {
      restarts++;
      seenApplication = false;
    }
  }
  return restarts;
}

function distinctTitles(titles: DocumentLine[]): DocumentLine[] {
  const seen = new Set<string>();
  return titles.filter((t) => !seen.has(t.folded) && seen.add(t.folded));
}

/** "TÊN BÀI DẠY: BÀI 4: PHÂN THỨC" → "BÀI 4: PHÂN THỨC", kept short for a chat message. */
function shorten(text: string): string {
  const title = text.replace(/^\s*(?:tên bài dạy|tên bài học|tên chủ đề|bài dạy)\s*[:.]\s*/iu, '');
  return title.length > 60 ? `${title.slice(0, 57)}…` : title;
}
