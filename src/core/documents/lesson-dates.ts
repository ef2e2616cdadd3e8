// The teaching date a lesson's own text gives, so that a split file's lessons need not all be
// asked: "Ngày dạy: 12/9/2026", "Ngày giảng: 12/9", or the day header a weekly bundle puts
// above the day's lessons ("Thứ hai ngày 7/9/2026", "Thứ Hai, ngày 7 tháng 9 năm 2026").
// Never the day it was prepared ("Ngày soạn"). Pure; the text is d/m[/yyyy], resolved against
// today by the caller (parseVnDate), as a typed date is.
import { foldVietnamese } from '../text.js';

const TAUGHT = /^(?:[-•+*]\s*)?ngay (?:day|giang|thuc hien)\b/;
const DAY_HEADER = /^thu (?:hai|ba|tu|nam|sau|bay|[2-7])\b.{0,12}\bngay\b/;
/** A date standing alone: not part of a class name ("8A1") nor of a range of periods ("1 - 2"). */
const NUMERIC = /(?<![\w/.-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\w/])/;
const WORDS = /ngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?/;

/** The date written on a "Ngày dạy" line or a day header, as d/m[/yyyy]; null when none. */
export function dateOnLine(line: string): string | null {
  const folded = foldVietnamese(line);
  if (!TAUGHT.test(folded) && !DAY_HEADER.test(folded)) return null;
  const m = WORDS.exec(folded) ?? NUMERIC.exec(folded.slice(folded.indexOf('ngay')));
  if (!m) return null;
  return [m[1], m[2], m[3]].filter(Boolean).join('/');
}

/**
 * The date of the lesson that runs over `paragraphs[start, end)`: its own "Ngày dạy" line near
 * its head, else the nearest day header at or above its start (a bundle names the day once,
 * above that day's first lesson).
 */
export function lessonDate(paragraphs: readonly string[], start: number, end: number): string | null {
  for (let i = start; i < Math.min(end, start + 25); i++) {
    const line = paragraphs[i] ?? '';
    if (TAUGHT.test(foldVietnamese(line))) {
      const date = dateOnLine(line);
      if (date) return date;
    }
  }
  for (let i = Math.min(start + 5, end - 1); i >= 0; i--) {
    const line = paragraphs[i] ?? '';
    if (DAY_HEADER.test(foldVietnamese(line))) return dateOnLine(line);
  }
  return null;
}
