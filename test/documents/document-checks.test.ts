// The document checks on a corpus of realistic plans generated here, read through the real
// extractor (worker threads, real .docx/.pdf/.odt files) as the intake job reads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLessons } from '../../src/core/documents/lesson-counter.js';
import { documentHints } from '../../src/core/documents/document-hints.js';
import { checkStructure, missingParts } from '../../src/core/documents/structure-check.js';
import type { Extraction } from '../../src/documents/extraction.js';
import { TextExtractor } from '../../src/documents/text-extractor.js';
import * as corpus from '../support/plan-corpus.js';

let dir: string;
let extractor: TextExtractor;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-docs-'));
  extractor = new TextExtractor({ timeoutMs: 30_000 });
});
afterAll(async () => {
  await extractor.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function read(content: Buffer | Promise<Buffer>): Promise<Extraction> {
  const file = path.join(dir, `f${n++}`);
  fs.writeFileSync(file, await content);
  return extractor.extract(file);
}

async function textOf(content: Buffer | Promise<Buffer>): Promise<string[]> {
  const result = await read(content);
  if (result.status !== 'TEXT') throw new Error(`expected text, got ${JSON.stringify(result)}`);
  return result.paragraphs;
}

const T = (k: number) => Array.from({ length: k }, (_, i) => `Bài ${i + 4}: ${['Phân thức', 'Phép cộng phân thức', 'Phép nhân phân thức', 'Phép chia phân thức', 'Biến đổi biểu thức'][i]}`);

// One plan per file, however it is written (must pass).
const singles: Array<[string, () => Promise<Buffer>]> = [
  ['a standard lesson (.docx)', () => corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức' }))],
  ['upper-case headings, Word list numbering, “Khởi động”, “Luyện tập – Vận dụng” merged', () => corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức', upperCaseHeadings: true, numbered: false, opening: 'Khởi động', mergedPracticeApplication: true }))],
  ['no “Vận dụng”, with “Tiết 1/Tiết 2” headings', () => corpus.toDocx(corpus.lessonPlan({ title: 'Bài 6: Hình thang', withApplication: false, periodHeadings: true }))],
  ['a topic over 3 periods (.docx)', () => corpus.toDocx(corpus.topicPlan(3))],
  ['a topic over 4 periods (.pdf)', () => corpus.toPdf(corpus.topicPlan(4))],
  ['a standard lesson (.pdf)', () => corpus.toPdf(corpus.lessonPlan({ title: 'Bài 5: Phân thức' }))],
  ['a standard lesson (.odt)', () => corpus.toOdt(corpus.lessonPlan({ title: 'Bài 5: Phân thức' }))],
  ['a bare title line, no “Ngày soạn”, long activities', () => corpus.toDocx(corpus.lessonPlan({ title: 'Bài 7: Đa thức', titleLabel: false, preparedDate: null, filler: 12 }))],
];

// Several plans pasted into one file (must be refused, naming what was found).
const severals: Array<[string, number, () => Promise<Buffer>]> = [
  ['2 lessons (.docx)', 2, () => corpus.toDocx(corpus.severalLessons(T(2)))],
  ['3 lessons (.docx)', 3, () => corpus.toDocx(corpus.severalLessons(T(3)))],
  ['5 lessons (.pdf)', 5, () => corpus.toPdf(corpus.severalLessons(T(5)))],
  ['2 lessons, bare titles, no “Ngày soạn”, unnumbered headings', 2, () => corpus.toDocx(corpus.severalLessons(T(2), { titleLabel: false, preparedDate: null, numbered: false }))],
  ['3 lessons (.odt)', 3, () => corpus.toOdt(corpus.severalLessons(T(3)))],
  ['4 lessons, upper-case, “Khởi động”', 4, () => corpus.toDocx(corpus.severalLessons(T(4), { upperCaseHeadings: true, opening: 'Khởi động' }))],
];

describe('lesson counter (R6) on real files', () => {
  it.each(singles)('one plan: %s', async (_, make) => {
    expect(countLessons(await textOf(make()))).toMatchObject({ verdict: 'ONE' });
  });

  it.each(severals)('several plans: %s', async (_, count, make) => {
    const result = countLessons(await textOf(make()));
    expect(result).toMatchObject({ verdict: 'SEVERAL', count });
    if (result.verdict === 'SEVERAL') expect(result.titles).toEqual(T(count).map((t) => t.toLocaleUpperCase('vi')));
  });

  it('no text is unknown, never a refusal', () => {
    expect(countLessons([])).toEqual({ verdict: 'UNKNOWN' });
    expect(countLessons(['Trang 1'])).toEqual({ verdict: 'UNKNOWN' });
  });
});

describe('text extraction outcomes', () => {
  it.each([
    ['an image-only (scanned) PDF', () => corpus.toPdf([], { imageOnly: true }), { status: 'UNREADABLE', format: 'PDF', reason: 'NO_TEXT' }],
    ['a password-protected PDF', () => corpus.toPdf(corpus.lessonPlan({ title: 'Bài 1: Mật khẩu' }), { password: 'matkhau' }), { status: 'UNREADABLE', format: 'PDF', reason: 'ENCRYPTED' }],
    ['a password-protected .docx', async () => corpus.encryptedDocx(), { status: 'UNREADABLE', reason: 'ENCRYPTED' }],
    ['a truncated .docx', async () => (await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 1' }))).subarray(0, 2000), { status: 'UNREADABLE', reason: 'CORRUPT' }],
    ['a broken PDF', async () => Buffer.from('%PDF-1.7\n1 0 obj garbage'), { status: 'UNREADABLE', format: 'PDF', reason: 'CORRUPT' }],
    ['a zip bomb shaped like a .docx', () => corpus.zipBomb(300), { status: 'UNREADABLE', reason: 'TOO_LARGE' }],
    ['a zip with 6,000 entries', () => corpus.manyEntries(6_000), { status: 'UNREADABLE', reason: 'TOO_LARGE' }],
    ['an empty file', async () => Buffer.alloc(0), { status: 'REFUSED', reason: 'EMPTY' }],
    ['an executable renamed .docx', async () => corpus.renamedExe(), { status: 'REFUSED', reason: 'EXECUTABLE' }],
    ['random bytes', async () => Buffer.from('xin chào, đây không phải tài liệu'), { status: 'REFUSED', reason: 'NOT_A_DOCUMENT' }],
  ] as Array<[string, () => Promise<Buffer>, Partial<Extraction>]>)('%s', async (_, make, expected) => {
    expect(await read(make())).toMatchObject(expected);
  });

  it('after every hostile file the extractor still reads the next one', async () => {
    await read(corpus.zipBomb(300));
    await read(corpus.encryptedDocx());
    expect(countLessons(await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 2: Tiếp tục' }))))).toMatchObject({ verdict: 'ONE' });
  });

  it('a file that takes too long is given up, not waited for', async () => {
    const slow = new TextExtractor({ timeoutMs: 1 });
    const file = path.join(dir, 'slow.pdf');
    fs.writeFileSync(file, await corpus.toPdf(corpus.severalLessons(T(5))));
    expect(await slow.extract(file)).toMatchObject({ status: 'UNREADABLE', reason: 'TIMEOUT' });
    await slow.close();
  });

  it('keeps table cells, in reading order', async () => {
    const paragraphs = await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức' })));
    expect(paragraphs).toContain('Hoạt động của GV và HS');
    expect(paragraphs.indexOf('Bước 1: Chuyển giao nhiệm vụ')).toBeGreaterThan(paragraphs.indexOf('d) Tổ chức thực hiện:'));
  });
});

describe('structure checklist (a warning, not a refusal)', () => {
  it('a complete lesson plan has every part', async () => {
    const items = checkStructure(await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức' }))), 'LESSON_PLAN');
    expect(items.filter((i) => !i.found)).toEqual([]);
  });

  it('names the missing parts of a lesson plan; “Vận dụng” is optional', async () => {
    const paragraphs = await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5', missing: ['equipment', 'practice'], withApplication: false })));
    const items = checkStructure(paragraphs, 'LESSON_PLAN');
    expect(missingParts(items).map((i) => i.label)).toEqual(['II. Thiết bị dạy học và học liệu', 'Hoạt động Luyện tập']);
    expect(items.find((i) => i.key === 'application')).toMatchObject({ found: false, optional: true });
  });

  it.each([
    ['TEACHER_PLAN', corpus.teacherPlan],
    ['GROUP_TEACHING_PLAN', corpus.groupTeachingPlan],
    ['GROUP_ACTIVITIES_PLAN', corpus.groupActivitiesPlan],
    ['SCHOOL_PLAN', corpus.schoolPlan],
  ] as const)('%s: the parts of its appendix are found', async (kind, make) => {
    expect(missingParts(checkStructure(await textOf(corpus.toDocx(make())), kind))).toEqual([]);
  });

  it('a lesson plan checked as a teacher plan misses that appendix’s parts', async () => {
    const paragraphs = await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5' })));
    expect(missingParts(checkStructure(paragraphs, 'TEACHER_PLAN')).length).toBeGreaterThan(0);
  });
});

describe('hints from the heading', () => {
  it('reads kind, title, subject and grade from appendix IV’s header', async () => {
    const paragraphs = await textOf(corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 })));
    expect(documentHints(paragraphs)).toEqual({ kind: 'LESSON_PLAN', title: 'BÀI 5: PHÂN THỨC', subject: 'Toán', grade: 8 });
  });
  it('knows the annual plans by their titles', async () => {
    expect(documentHints(corpus.paragraphsOf(corpus.teacherPlan())).kind).toBe('TEACHER_PLAN');
    expect(documentHints(corpus.paragraphsOf(corpus.groupTeachingPlan())).kind).toBe('GROUP_TEACHING_PLAN');
    expect(documentHints(corpus.paragraphsOf(corpus.groupActivitiesPlan())).kind).toBe('GROUP_ACTIVITIES_PLAN');
    expect(documentHints(corpus.paragraphsOf(corpus.schoolPlan())).kind).toBe('SCHOOL_PLAN');
  });
});
