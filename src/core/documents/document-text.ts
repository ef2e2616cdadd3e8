// Text of a document as the checks read it: one entry per paragraph, table cell or PDF
// line, in reading order. Each line also comes folded (no diacritics, lower case) so that
// headings match however they were typed.
import { foldVietnamese } from '../text.js';

export interface DocumentLine {
  text: string;
  folded: string;
  index: number;
  /** Index of the paragraph (or cell, or PDF line) it came from, empty ones counted. */
  paragraph: number;
}

/** Lines from paragraphs; lines already made are passed through (fold once, check many times). */
export function linesOf(paragraphs: readonly string[] | readonly DocumentLine[]): DocumentLine[] {
  if (paragraphs.length > 0 && typeof paragraphs[0] !== 'string') return paragraphs as DocumentLine[];
  const lines: DocumentLine[] = [];
  for (const [paragraph, p] of (paragraphs as readonly string[]).entries()) {
    // Control characters (section and page marks of .doc files) are not text.
    const text = p.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
    if (text) lines.push({ text, folded: foldVietnamese(text), index: lines.length, paragraph });
  }
  return lines;
}

/** Strips a heading's numbering: "I.", "1)", "II -", "a.", "*", "-" at the start. */
export function withoutNumbering(folded: string): string {
  return folded.replace(/^(?:[ivx]+|\d+(?:\.\d+)*|[a-z])\s*[.):\-–]\s*/, '').replace(/^[*•\-–]\s*/, '');
}

/** Whether a line starts with an activity-level letter ("a)", "b.") rather than a section number. */
export function hasLetterNumbering(folded: string): boolean {
  return /^[a-h]\s*[.)]\s*/.test(folded);
}
