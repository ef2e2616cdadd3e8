// The lesson finder on the layouts real teachers' files have (real-layouts.ts), as pure text
// and through real .docx/.pdf files, in Unicode and in the legacy VNI and TCVN3 fonts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseText, checkSummary, severalLessonsMessage, unsureLessonsNote } from '../../src/core/documents/document-analysis.js';
import { TextExtractor } from '../../src/documents/text-extractor.js';
import { toTcvn3, toVni } from '../support/legacy-fonts.js';
import * as corpus from '../support/plan-corpus.js';
import * as layouts from '../support/real-layouts.js';

const analyse = (blocks: corpus.Block[]) => analyseText('DOCX', corpus.paragraphsOf(blocks));
const encode = (blocks: corpus.Block[], enc: (s: string) => string): corpus.Block[] =>
  blocks.map((b) => (typeof b === 'string' ? enc(b) : { table: b.table.map((row) => row.map(enc)) }));

const singles = [layouts.perPeriodLesson(), layouts.perPeriodLesson({ partsNumbered: 'digits' }), layouts.perPeriodLesson({ partsNumbered: 'bare' }), layouts.coverTocAppendix(), layouts.periodTitledLesson()];
const severals = [layouts.weeklyBundle(), layouts.unitFile(), layouts.tableLessons()];

describe('lessons found from their skeleton', () => {
  it.each(singles.map((l) => [l.name, l] as const))('one lesson: %s', (_, layout) => {
    const { lessons } = analyse(layout.blocks);
    expect(lessons).toMatchObject({ verdict: 'ONE', title: layout.titles![0] });
  });

  it.each(severals.map((l) => [l.name, l] as const))('several lessons, refused with their names: %s', (_, layout) => {
    const { lessons } = analyse(layout.blocks);
    expect(lessons).toMatchObject({ verdict: 'SEVERAL', count: layout.lessons, confidence: 'SURE', titles: layout.titles });
    expect(severalLessonsMessage(lessons)).toContain(`(${layout.lessons}) ${layout.titles!.at(-1)}`);
  });

  it('says where each lesson starts: its header block, not only its objectives', () => {
    const paragraphs = corpus.paragraphsOf(layouts.weeklyBundle().blocks);
    const { lessons } = analyseText('DOC', paragraphs);
    if (lessons.verdict !== 'SEVERAL') throw new Error('expected several');
    expect(paragraphs[lessons.lessons![0]!.start]).toBe('Thứ hai ngày 20 tháng 8 năm 2012');
    expect(paragraphs[lessons.lessons![1]!.start]).toBe('Tiết 3: TOÁN');
    expect(lessons.lessons![1]!.heading).toMatch(/^I\/ Mục tiêu/);
  });

  it('per-period plans with one title are counted but not refused: the reviewer is told', () => {
    const analysis = analyse(layouts.samePeriodPlans().blocks);
    expect(analysis.lessons).toMatchObject({ verdict: 'SEVERAL', count: 2, confidence: 'UNSURE' });
    expect(severalLessonsMessage(analysis.lessons)).toBeNull();
    expect(unsureLessonsNote(analysis.lessons)).toMatch(/có thể chứa 2 bài dạy/);
    expect(checkSummary(analysis, 'LESSON_PLAN')).toMatch(/người duyệt vui lòng xem lại/);
  });

  it('"Môn: X – Bài: Y" blocks without objectives are seen and told to the reviewer, not refused', () => {
    const layout = layouts.subjectLessonBlocks();
    const analysis = analyse(layout.blocks);
    expect(analysis.lessons).toMatchObject({ verdict: 'SEVERAL', count: 2, confidence: 'UNSURE', titles: layout.titles });
    expect(severalLessonsMessage(analysis.lessons)).toBeNull();
  });

  it.each([['VNI', toVni], ['TCVN3', toTcvn3]] as const)('a weekly bundle typed in %s is found like the Unicode one', (name, enc) => {
    const layout = layouts.weeklyBundle();
    const analysis = analyse(encode(layout.blocks, enc));
    expect(analysis.legacyText?.[name]).toBeGreaterThan(20);
    expect(analysis.lessons).toMatchObject({ verdict: 'SEVERAL', count: layout.lessons, confidence: 'SURE' });
    if (analysis.lessons.verdict === 'SEVERAL') expect(analysis.lessons.titles.map((t) => t.toLocaleLowerCase('vi'))).toEqual(layout.titles!.map((t) => t.toLocaleLowerCase('vi')));
  });

  it('a single lesson in VNI with per-period headers is one lesson', () => {
    const layout = layouts.perPeriodLesson();
    expect(analyse(encode(layout.blocks, toVni)).lessons).toMatchObject({ verdict: 'ONE', title: layout.titles![0] });
  });
});

describe('through real files', () => {
  let dir: string;
  let extractor: TextExtractor;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-layouts-'));
    extractor = new TextExtractor({ timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await extractor.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  let n = 0;
  async function analyseFile(content: Promise<Buffer>) {
    const file = path.join(dir, `f${n++}`);
    fs.writeFileSync(file, await content);
    return extractor.analyse(file);
  }

  it('a VNI weekly bundle (.docx) is refused with its lessons named', async () => {
    const layout = layouts.weeklyBundle();
    const analysis = await analyseFile(corpus.toDocx(encode(layout.blocks, toVni)));
    expect(analysis.lessons).toMatchObject({ verdict: 'SEVERAL', count: layout.lessons, confidence: 'SURE' });
    expect(analysis.legacyText?.VNI).toBeGreaterThan(0);
  });

  it('a TCVN3 weekly bundle (.odt) is refused', async () => {
    const layout = layouts.weeklyBundle();
    expect((await analyseFile(corpus.toOdt(encode(layout.blocks, toTcvn3)))).lessons).toMatchObject({ verdict: 'SEVERAL', count: layout.lessons });
  });

  it('lessons laid out as tables (.docx) are found table by table', async () => {
    expect((await analyseFile(corpus.toDocx(layouts.tableLessons().blocks))).lessons).toMatchObject({ verdict: 'SEVERAL', count: 2, confidence: 'SURE' });
  });

  it('a per-period single lesson (.pdf) is accepted', async () => {
    expect((await analyseFile(corpus.toPdf(layouts.perPeriodLesson({ partsNumbered: 'digits' }).blocks))).lessons).toMatchObject({ verdict: 'ONE' });
  });
});
