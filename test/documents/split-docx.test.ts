// Splitting a .docx that holds several lessons: each file written is opened again and must hold
// exactly one lesson, with its own tables and images, in the document's styles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../src/core/documents/document-analysis.js';
import { splitDocx } from '../../src/documents/split-docx.js';
import { extractText } from '../../src/documents/extract-text.js';
import { toVni } from '../support/legacy-fonts.js';
import * as corpus from '../support/plan-corpus.js';
import * as layouts from '../support/real-layouts.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function lesson(title: string, withImage: boolean, enc: (s: string) => string = (s) => s) {
  const p = (t: string) => new Paragraph({ children: [new TextRun({ text: enc(t), font: enc === toVni ? 'VNI-Times' : undefined })] });
  return [
    p('Ngày soạn: 05/9/2025'), p(title), p('I. Mục tiêu'), p('- Nhận biết được khái niệm.'), p('II. Thiết bị dạy học và học liệu'),
    ...(withImage ? [new Paragraph({ children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 20, height: 20 } })] })] : []),
    p('III. Tiến trình dạy học'), p('Hoạt động 1: Mở đầu'),
    new Table({ rows: [new TableRow({ children: [new TableCell({ children: [p('Hoạt động của GV và HS')] }), new TableCell({ children: [p('Sản phẩm dự kiến')] })] }), new TableRow({ children: [new TableCell({ children: [p(`Bước 1: Chuyển giao nhiệm vụ — ${title}`)] }), new TableCell({ children: [p(`Kết quả của ${title}`)] })] })] }),
  ];
}

async function bundle(titles: string[], enc?: (s: string) => string): Promise<Buffer> {
  const children = [new Paragraph({ children: [new TextRun('TRƯỜNG THCS LÊ LỢI')] }), ...titles.flatMap((t, i) => lesson(t, i === 1, enc))];
  return Packer.toBuffer(new Document({ styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } }, sections: [{ children }] }));
}

function entriesOf(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => zip.openReadStream(e, (er, s) => {
        if (er || !s) return reject(er);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => { out.set(e.fileName, Buffer.concat(chunks)); zip.readEntry(); });
      }));
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-split-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('splitting a .docx into one file per lesson', () => {
  const titles = ['Bài 1: Tập hợp', 'Bài 2: Tập hợp các số tự nhiên', 'Bài 3: Phép cộng và phép trừ'];

  it('writes one file per lesson, each holding exactly that lesson with its table and image', async () => {
    const file = path.join(dir, 'bundle.docx');
    fs.writeFileSync(file, await bundle(titles));
    const result = await splitDocx(file);
    if (result.status !== 'SPLIT') throw new Error(`not split: ${result.reason}`);
    expect(result.parts.map((p) => p.title)).toEqual(titles);
    for (const [i, part] of result.parts.entries()) {
      const partFile = path.join(dir, `part-${i}.docx`);
      fs.writeFileSync(partFile, part.docx);
      const text = await extractText(partFile);
      if (text.status !== 'TEXT') throw new Error('unreadable part');
      const analysis = analyseText(text.format, text.paragraphs);
      expect(analysis.lessons).toMatchObject({ verdict: 'ONE', title: titles[i] });
      // Its table is there, whole, and no other lesson's.
      expect(text.paragraphs).toContain(`Bước 1: Chuyển giao nhiệm vụ — ${titles[i]}`);
      expect(text.paragraphs).toContain(`Kết quả của ${titles[i]}`);
      expect(text.paragraphs.filter((p) => p.startsWith('Kết quả của'))).toHaveLength(1);
      const entries = await entriesOf(part.docx);
      const xml = entries.get('word/document.xml')!.toString('utf8');
      expect(xml.match(/<w:tbl>/g)).toHaveLength(1);
      expect(xml).toContain('<w:sectPr');
      expect(entries.get('word/styles.xml')!.toString('utf8')).toContain('Times New Roman');
      // The image is in the second lesson, and its relationship still resolves there.
      const embeds = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => m[1]);
      expect(embeds).toHaveLength(i === 1 ? 1 : 0);
      if (i === 1) expect(entries.get('word/_rels/document.xml.rels')!.toString('utf8')).toContain(`Id="${embeds[0]}"`);
    }
    // The school header before the first lesson stays with it.
    const first = await entriesOf(result.parts[0]!.docx);
    expect(first.get('word/document.xml')!.toString('utf8')).toContain('TRƯỜNG THCS LÊ LỢI');
  });

  it('splits a bundle typed in VNI, named in Unicode', async () => {
    const file = path.join(dir, 'vni.docx');
    fs.writeFileSync(file, await bundle(titles.slice(0, 2), toVni));
    const result = await splitDocx(file);
    expect(result).toMatchObject({ status: 'SPLIT', parts: [{ title: titles[0] }, { title: titles[1] }] });
  });

  it('a weekly bundle: one part per lesson, each dated by the day header above it', async () => {
    const week = layouts.weeklyBundle();
    const file = path.join(dir, 'week.docx');
    fs.writeFileSync(file, await corpus.toDocx(week.blocks));
    const result = await splitDocx(file);
    if (result.status !== 'SPLIT') throw new Error(`not split: ${result.reason}`);
    expect(result.parts).toHaveLength(week.lessons);
    expect(result.parts.map((p) => p.dateText)).toEqual(['20/8/2012', '20/8/2012', '21/8/2012', '21/8/2012', '22/8/2012', '22/8/2012']);
    // "Ngày soạn" is not a teaching date: the plain 5512 bundle gives none.
    fs.writeFileSync(file, await corpus.toDocx(corpus.severalLessons(titles)));
    const plain = await splitDocx(file);
    expect(plain.status === 'SPLIT' && plain.parts.map((p) => p.dateText)).toEqual([undefined, undefined, undefined]);
  });

  it('does not split a single lesson, nor what is not a .docx', async () => {
    const single = path.join(dir, 'single.docx');
    fs.writeFileSync(single, await bundle(titles.slice(0, 1)));
    expect(await splitDocx(single)).toEqual({ status: 'NOT_SPLIT', reason: 'ONE_LESSON' });
    const odt = path.join(dir, 'x.odt');
    fs.writeFileSync(odt, await corpus.toOdt(corpus.severalLessons(titles)));
    expect(await splitDocx(odt)).toEqual({ status: 'NOT_SPLIT', reason: 'NOT_DOCX' });
    const pdf = path.join(dir, 'x.pdf');
    fs.writeFileSync(pdf, await corpus.toPdf(corpus.severalLessons(titles)));
    expect(await splitDocx(pdf)).toEqual({ status: 'NOT_SPLIT', reason: 'NOT_DOCX' });
  });
});
