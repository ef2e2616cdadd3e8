// R6: one lesson or one topic per lesson-plan file. Finds the lessons of a file from the
// skeleton every lesson plan has — its own objectives section ("I. Mục tiêu", "A. MỤC TIÊU",
// "I/ Mục đích – yêu cầu", "YÊU CẦU CẦN ĐẠT", Word-numbered "Mục tiêu") followed by its own
// equipment or activities section — and names each from the header block above it (title,
// subject line of a weekly bundle, day header, "Tiết N", "Ngày soạn").
//
// What is inside one lesson is not a new lesson: per-period "Tiết N" / "Ngày soạn" /
// "Ngày dạy" lines, the 5512 activity parts "a) Mục tiêu … d) Tổ chức thực hiện" (also when
// numbered "1. Mục tiêu:" or left bare), bullets starting with "Vận dụng"/"Luyện tap", the
// activity cycle repeated each period, exercises "Bài 1.", cover pages, tables of contents and
// appendices that repeat the title. A file is refused only when sure: two or more complete
// skeletons with different titles. Anything less certain is accepted and shown to the reviewer.
import { linesOf, type DocumentLine } from './document-text.js';

export interface FoundLesson {
  /** The lesson's title as the file gives it ("Tập đọc: NGHÌN NĂM VĂN HIẾN"), or null. */
  title: string | null;
  /** Index (in the analysed lines) of the first line of the lesson's header block. */
  start: number;
  /** The same start as an index into the extracted paragraphs (empty ones counted): where a split cuts. */
  startParagraph?: number;
  /** Index of its objectives heading. */
  objectives: number;
  /** The objectives heading as written, for people to find it in the file. */
  heading: string;
}

export type LessonCount =
  | { verdict: 'UNKNOWN' }
  | { verdict: 'ONE'; title: string | null; lessons?: FoundLesson[] }
  | {
      verdict: 'SEVERAL';
      count: number;
      titles: string[];
      signs: string[];
      /** SURE: refused (R6). UNSURE: accepted, and the reviewer is told what looked like several lessons. Absent in records made before it existed (those were refused). */
      confidence?: 'SURE' | 'UNSURE';
      lessons?: FoundLesson[];
    };

/** "I." / "I/" / "A." / "1." / bullets before a heading; the heading words come after. */
const MARKER = /^\s*(?:([ivxlIVXL]+|[A-Za-zĐđ]|\d{1,2})\s*[.):/\-–]\s*|[*•+\-–]\s*)?/u;
const OBJECTIVES_WORDS = /^(?:muc tieu|yeu cau can dat|muc dich\s*[-–,]?\s*yeu cau)(?:\s+(?:bai hoc|cua bai(?: hoc)?|day hoc|chu de|can dat|cua chu de|giao duc))?\s*(?:[:.\-–]|$)/;
const EQUIPMENT = /^(?:thiet bi|chuan bi|do dung|phuong tien|hoc lieu|tai lieu va thiet bi|cac ki nang song|cac ky nang song)\b/;
const ACTIVITIES = /^(?:tien trinh|(?:cac )?hoat dong day\s*[-–]?\s*(?:va\s+)?hoc|cac hoat dong(?:\s+(?:chu yeu|tren lop|day hoc))?\s*(?:[:.]|$)|to chuc (?:cac )?hoat dong day|noi dung va tien trinh|cac buoc len lop|len lop)/;
const ACTIVITY_PARTS = /^(?:noi dung|san pham|to chuc thuc hien|cach tien hanh|phuong phap)\b/;

/** A table-of-contents entry: "I. Mục tiêu ........ 2". */
const TOC_ENTRY = /(?:\.{3,}|…{2,}|_{3,}|\t)\s*\d{1,3}\s*$/;

interface Heading {
  line: DocumentLine;
  /** Roman "I"/capital "A": a section heading. Otherwise bare (Word list numbering or none) or digit-numbered. */
  numbered: boolean;
  words: string;
}

function headingOf(line: DocumentLine): Heading | null {
  if (line.text.length > 240 || TOC_ENTRY.test(line.text)) return null;
  const m = MARKER.exec(line.text)!;
  const marker = m[1];
  if (m[0].trim() && !marker) return null; // a bullet: "- Mục tiêu", "* Mục tiêu:"
  if (marker && /^[a-zđ]$/u.test(marker) && !/^[ivxl]$/.test(marker)) return null; // "a) Mục tiêu": part a) of an activity
  const words = line.folded.slice(m[0].length).trimStart();
  const numbered = marker !== undefined && (/^[IVXL]+$/i.test(marker) || /^[A-Z]$/.test(marker));
  return { line, numbered, words };
}

function isObjectives(h: Heading): boolean {
  if (!OBJECTIVES_WORDS.test(h.words)) return false;
  // A numbered heading may carry text after its colon ("I/ Mục tiêu : - HS biết:"); a bare one is a heading only when short.
  return h.numbered ? /^(?:i|a)\s*[.):/\-–]/i.test(h.line.text.trimStart()) : h.line.text.length <= 90;
}

function sectionKind(line: DocumentLine): 'EQUIPMENT' | 'ACTIVITIES' | 'SECTION' | 'PART' | null {
  const h = headingOf(line);
  if (!h || line.text.length > 160) return null;
  if (EQUIPMENT.test(h.words)) return 'EQUIPMENT';
  if (ACTIVITIES.test(h.words)) return 'ACTIVITIES';
  if (ACTIVITY_PARTS.test(h.words)) return 'PART';
  if (h.numbered && /^(?:ii|iii|iv|b|c)\s*[.):/\-–]/i.test(line.text.trimStart())) return 'SECTION';
  return null;
}

// Header-block lines, folded.
const DATE = /^(?:thu\s+(?:hai|ba|tu|nam|sau|bay|2|3|4|5|6|7)\b|chu nhat\b|ngay\s+(?:soan|day|giang|thuc hien|lap|\d)|(?:soan|day|giang)\s*(?:ngay)?\s*:|\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?\s*$|tuan\s*(?:\d|hoc\b))/;
const PERIOD = /^\(?\s*tiet\s*(?:\d|ppct|theo|bao giang|thu)/;
const SCHOOL = /^(?:so giao duc|phong giao duc|truong|to\s*[:\-–]|to chuyen mon|ho (?:va )?ten|giao vien(?: day)?\s*[:\-]|gv\s*:|nguoi (?:soan|day)|ubnd|uy ban|cong hoa|doc lap|nam hoc)/;
const META = /^(?:mon(?:\s*hoc)?(?:\s*\/\s*hoat dong giao duc)?\s*[:\-–]|lop\s*[:\d]|khoi\s*[:\d]|thoi gian(?: thuc hien)?\s*[:(\d]|thoi luong|so tiet|ke hoach (?:bai day|bai giang|bai hoc|day hoc)|giao an|phan mon|bo sach|sach\s|chuong\s*\w*\s*[:.]|phan\s+\w+\s*[:.])/;
const AUTHOR = /^(?:theo\s|\(.*\)$|\[.*\]$)/;
const TITLE_LABEL = /^(?:ten bai(?: day| hoc)?|ten chu de|bai day|bai hoc|bai|chu de|chuyen de|§)\s*(?:\d+[a-z]?)?\s*[:.\-–]\s*\S|^(?:bai|chu de|chuyen de)\s*\d+\b|^§\s*\d+/;
const CONTENT = /^(?:[-+*•–]|\d{1,2}\s*[.)]\s|\d{1,2}\s*[.)]?$|[a-h]\s*[.)]|hoat dong\s*\d|buoc\s*\d|gv\b|hs\b)/;

const SUBJECTS = new Set([
  'toan', 'tieng viet', 'tap doc', 'chinh ta', 'luyen tu va cau', 'ke chuyen', 'tap lam van', 'tap viet', 'dao duc', 'khoa hoc',
  'lich su', 'dia li', 'dia ly', 'lich su va dia li', 'lich su va dia ly', 'ki thuat', 'ky thuat', 'mi thuat', 'my thuat', 'am nhac',
  'the duc', 'tin hoc', 'tieng anh', 'ngu van', 'vat li', 'vat ly', 'hoa hoc', 'sinh hoc', 'giao duc cong dan', 'gdcd', 'cong nghe',
  'khoa hoc tu nhien', 'khtn', 'hoat dong trai nghiem', 'hdtn', 'giao duc the chat', 'tu nhien va xa hoi', 'tn va xh', 'tnxh',
  'sinh hoat', 'sinh hoat lop', 'chao co', 'hoc van', 'ngoai ngu', 'luyen toan', 'luyen tieng viet', 'giao duc dia phuong',
  'hoat dong ngoai gio len lop', 'hdngll', 'tin hoc va cong nghe', 'nghe thuat', 'giao duc kinh te va phap luat', 'quoc phong',
]);

function subjectOf(folded: string): string | null {
  const clean = folded.replace(/^(?:mon(?:\s*hoc)?\s*[:\-–]\s*|phan mon\s*[:\-–]\s*)/, '').replace(/[\s:.\-–]+$/, '').replace(/\s*\(.*\)$/, '').trim();
  return SUBJECTS.has(clean) ? clean : null;
}

interface HeaderBlock {
  start: number;
  title: string | null;
  /** A recognised header line was found (title label, date, period, school, subject, meta). */
  recognised: boolean;
}

const MAX_HEADER_LINES = 14;

/** Walks up from an objectives heading over the lesson's header block, down to `floor`. */
function headerBlock(lines: DocumentLine[], objectives: number, floor: number): HeaderBlock {
  let start = objectives;
  let subject: string | null = null;
  const titleParts: string[] = [];
  let labelled = false;
  let recognised = false;
  for (let i = objectives - 1; i >= floor && objectives - i <= MAX_HEADER_LINES; i--) {
    const line = lines[i]!;
    const f = line.folded;
    if (line.text.length > 160) break;
    const afterPeriod = PERIOD.test(f) ? f.replace(/^\(?\s*tiet[^:]*[:.\-–]\s*/, '') : null;
    if (afterPeriod !== null) {
      recognised = true;
      const subj = subjectOf(afterPeriod);
      if (subj) subject ??= originalAfterColon(line.text);
      else if (!labelled && afterPeriod !== f && /\p{L}{2,}.*\s\p{L}{2,}/u.test(afterPeriod) && titleParts.length === 0) {
        titleParts.unshift(originalAfterColon(line.text));
        labelled = true;
      }
    } else if (DATE.test(f) || SCHOOL.test(f) || AUTHOR.test(f)) {
      recognised = true;
    } else if (subjectOf(f) && line.text.length <= 60) {
      recognised = true;
      subject ??= line.text.replace(/^[^:]*:\s*/, '').replace(/[\s:.]+$/, '');
    } else if (META.test(f)) {
      recognised = true;
      // "Môn: Toán – Bài: Phép cộng" carries both.
      const bai = /\bbai\s*(?:\d+\s*)?[:.\-–]\s*/.exec(f);
      if (bai && !labelled) {
        titleParts.length = 0;
        titleParts.push(line.text.slice(bai.index + bai[0].length).trim());
        labelled = true;
      }
      const subj = /^mon\s*[:\-–]\s*([^;,\-–]+)/.exec(f);
      if (subj && subjectOf(subj[1]!)) subject ??= line.text.replace(/^[^:\-–]*[:\-–]\s*/, '').split(/[;,\-–]/)[0]!.trim();
    } else if (TITLE_LABEL.test(f)) {
      recognised = true;
      if (!labelled) {
        titleParts.unshift(line.text.replace(/^\s*(?:tên bài dạy|tên bài học|tên bài|tên chủ đề|bài dạy)\s*[:.]\s*/iu, '').trim());
        labelled = true;
      }
    } else if (!CONTENT.test(f) && line.text.length <= 120 && !labelled && titleParts.length < 2 && !ACTIVITIES.test(f)) {
      titleParts.unshift(line.text.trim());
    } else break;
    start = i;
  }
  let title = titleParts.join(' ').replace(/\s+/g, ' ').trim() || null;
  if (title && subject && !labelled) title = `${capitalise(subject)}: ${title}`;
  else if (!title && subject) title = capitalise(subject);
  return { start, title, recognised };
}

function originalAfterColon(text: string): string {
  const i = text.search(/[:.\-–]/);
  return (i >= 0 ? text.slice(i + 1) : text).replace(/[\s:.]+$/, '').trim();
}

function capitalise(text: string): string {
  const t = text.trim();
  return t === t.toLocaleUpperCase('vi') ? t.charAt(0) + t.slice(1).toLocaleLowerCase('vi') : t;
}

/** The lessons of a file: each objectives heading that opens a complete skeleton. */
export function findLessons(paragraphs: readonly string[] | readonly DocumentLine[]): FoundLesson[] {
  const lines = linesOf(paragraphs);
  const candidates: Heading[] = [];
  for (const line of lines) {
    const h = headingOf(line);
    if (h && isObjectives(h)) candidates.push(h);
  }
  const lessons: FoundLesson[] = [];
  let seenActivities = false;
  let floor = 0;
  for (const [k, c] of candidates.entries()) {
    const from = c.line.index + 1;
    const to = candidates[k + 1]?.line.index ?? lines.length;
    let skeleton = false;
    let partFirst = false;
    for (let i = from; i < to && !skeleton && !partFirst; i++) {
      const kind = sectionKind(lines[i]!);
      if (kind === 'EQUIPMENT' || kind === 'ACTIVITIES' || (kind === 'SECTION' && c.numbered)) skeleton = true;
      else if (kind === 'PART') partFirst = true;
    }
    const previous = lessons[lessons.length - 1];
    const block = headerBlock(lines, c.line.index, previous ? previous.objectives + 1 : 0);
    // A bare "Mục tiêu" after the activities began is part a) of an activity unless a header block opens a new lesson.
    const accepted = skeleton && (c.numbered || lessons.length === 0 || !seenActivities || block.recognised);
    if (accepted) {
      const start = Math.max(block.start, floor);
      lessons.push({ title: block.title ? shorten(block.title) : null, start, startParagraph: lines[start]!.paragraph, objectives: c.line.index, heading: c.line.text });
      seenActivities = false;
      floor = c.line.index + 1;
    }
    for (let i = from; i < to; i++) if (sectionKind(lines[i]!) === 'ACTIVITIES') seenActivities = true;
  }
  return lessons;
}

const TITLE_ONLY = /^(?:ten bai day|ten bai hoc|ten chu de)\s*[:.]\s*\S/;
/** "Môn: Toán – Bài: Phép cộng" on one line (bundles without "I." headings). */
const SUBJECT_LESSON = /^mon(?: hoc)?\s*:\s*[^:]{2,40}[-–,;]\s*(?:ten )?bai(?: day| hoc)?\s*(?:\d+\s*)?:\s*\S/;

export function countLessons(paragraphs: readonly string[] | readonly DocumentLine[]): LessonCount {
  const lines = linesOf(paragraphs);
  if (lines.reduce((n, l) => n + l.text.length, 0) < 40) return { verdict: 'UNKNOWN' };
  const lessons = findLessons(lines);
  const titled = lessons.filter((l) => l.title);
  const distinct = new Set(titled.map((l) => fold(l.title!)));
  if (lessons.length >= 2) {
    const sure = distinct.size >= 2;
    const signs = [`${lessons.length} phần “Mục tiêu” mở đầu bài, mỗi phần có thiết bị/hoạt động riêng`];
    if (!sure) signs.push(distinct.size === 0 ? 'không đọc được tên các bài' : 'các phần có cùng tên bài (có thể là một bài dạy nhiều tiết)');
    return { verdict: 'SEVERAL', count: lessons.length, titles: lessons.map((l, i) => l.title ?? `Bài thứ ${i + 1}`), signs, confidence: sure ? 'SURE' : 'UNSURE', lessons };
  }
  // Weaker signs, never a refusal: several "TÊN BÀI DẠY:" labels, or bundles' "Môn: X – Bài: Y" blocks, with different names.
  const labels = lines.filter((l) => (TITLE_ONLY.test(l.folded) || SUBJECT_LESSON.test(l.folded)) && l.text.length <= 200);
  const labelTitles = [...new Map(labels.map((l) => [fold(l.text), l])).values()];
  if (labelTitles.length >= 2) {
    return {
      verdict: 'SEVERAL',
      count: labelTitles.length,
      titles: labelTitles.map((l) => labelTitle(l)),
      signs: [`${labelTitles.length} dòng “Tên bài dạy”/“Môn – Bài” khác nhau nhưng không thấy đủ phần Mục tiêu của từng bài`],
      confidence: 'UNSURE',
      lessons: labelTitles.map((l) => ({ title: labelTitle(l), start: l.index, startParagraph: l.paragraph, objectives: -1, heading: l.text })),
    };
  }
  const title = lessons[0]?.title ?? firstTitle(lines);
  return { verdict: 'ONE', title, lessons };
}

/** "TÊN BÀI DẠY: X" → X; "Môn: Toán – Bài: Y" → "Toán: Y". */
function labelTitle(line: DocumentLine): string {
  const m = /^\s*môn(?: học)?\s*:\s*(.+?)\s*[-–,;]\s*(?:tên )?bài(?: dạy| học)?\s*(?:\d+\s*)?:\s*(.+)$/iu.exec(line.text);
  return shorten(m ? `${m[1]}: ${m[2]}` : line.text.replace(/^[^:.]*[:.]\s*/, ''));
}

function firstTitle(lines: DocumentLine[]): string | null {
  const line = lines.slice(0, 40).find((l) => TITLE_LABEL.test(l.folded) && l.text.length <= 200);
  return line ? shorten(line.text.replace(/^\s*(?:tên bài dạy|tên bài học|tên chủ đề|bài dạy)\s*[:.]\s*/iu, '')) : null;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\(.*?\)/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Kept short for a chat message. */
function shorten(text: string): string {
  const title = text.replace(/\s+/g, ' ').trim();
  return title.length > 80 ? `${title.slice(0, 77)}…` : title;
}
