// Splits a .docx holding several lessons into one .docx per lesson: the lessons are found by the
// same checks as any upload (analyseText), the body is cut at their starts (docx-split.ts), and
// every other entry of the package (styles, numbering, images, headers, relationships) is
// copied as it is. Reads within the same limits as the text extractor; run it in a worker.
import fs from 'node:fs/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { analyseText } from '../core/documents/document-analysis.js';
import { splitDocumentXml } from '../core/documents/docx-split.js';
import { decodeLegacyText } from '../core/documents/legacy-encoding.js';
import { lessonDate } from '../core/documents/lesson-dates.js';
import { detectFormat } from './detect-format.js';
import { DEFAULT_LIMITS, type ExtractionLimits } from './extraction.js';
import { docxParagraphs } from './zip-document.js';

export interface SplitPart {
  title: string | null;
  docx: Buffer;
  /** The teaching date the lesson's text gives (d/m[/yyyy], see lesson-dates.ts), if any. */
  dateText?: string;
}

export type SplitResult =
  | { status: 'SPLIT'; parts: SplitPart[] }
  /** Not a .docx, too large, or fewer than two lessons found: nothing to split. */
  | { status: 'NOT_SPLIT'; reason: 'NOT_DOCX' | 'TOO_LARGE' | 'ONE_LESSON' | 'CORRUPT' | 'TIMEOUT' };

export async function splitDocx(file: string, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<SplitResult> {
  const handle = await fs.open(file, 'r');
  const head = Buffer.alloc(8);
  const { bytesRead } = await handle.read(head, 0, 8, 0);
  await handle.close();
  if (detectFormat(head.subarray(0, bytesRead)) !== 'ZIP') return { status: 'NOT_SPLIT', reason: 'NOT_DOCX' };
  let entries: Array<{ name: string; data: Buffer }>;
  try {
    entries = await readAll(file, limits);
  } catch (error) {
    return { status: 'NOT_SPLIT', reason: (error as Error).message === 'TOO_LARGE' ? 'TOO_LARGE' : 'CORRUPT' };
  }
  const document = entries.find((e) => e.name === 'word/document.xml');
  if (!document) return { status: 'NOT_SPLIT', reason: 'NOT_DOCX' };
  const xml = document.data.toString('utf8');
  const paragraphs = docxParagraphs(xml);
  const lessons = analyseText('DOCX', paragraphs).lessons;
  if (lessons.verdict !== 'SEVERAL' || !lessons.lessons || lessons.lessons.some((l) => l.startParagraph === undefined)) return { status: 'NOT_SPLIT', reason: 'ONE_LESSON' };
  const bodies = splitDocumentXml(xml, lessons.lessons.map((l) => l.startParagraph!));
  if (!bodies || bodies.length !== lessons.lessons.length) return { status: 'NOT_SPLIT', reason: 'ONE_LESSON' };
  const text = decodeLegacyText(paragraphs).paragraphs;
  const starts = lessons.lessons.map((l) => l.startParagraph!);
  const parts = await Promise.all(
    bodies.map(async (body, i) => {
      const dateText = lessonDate(text, starts[i]!, starts[i + 1] ?? text.length);
      return { title: lessons.lessons![i]!.title, docx: await zipWith(entries, body), ...(dateText ? { dateText } : {}) };
    }),
  );
  return { status: 'SPLIT', parts };
}

function zipWith(entries: Array<{ name: string; data: Buffer }>, documentXml: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.name === 'word/document.xml' ? Buffer.from(documentXml, 'utf8') : e.data, e.name, { mtime: new Date(0) });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Every entry, inflated with a byte budget shared by the whole archive (a zip bomb stops early). */
function readAll(file: string, limits: ExtractionLimits): Promise<Array<{ name: string; data: Buffer }>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('CORRUPT'));
      if (zip.entryCount > limits.maxZipEntries) {
        zip.close();
        return reject(new Error('TOO_LARGE'));
      }
      const out: Array<{ name: string; data: Buffer }> = [];
      let budget = limits.maxUncompressedBytes;
      const fail = (e: Error) => {
        zip.close();
        reject(e);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return void zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('CORRUPT'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => {
            budget -= c.length;
            if (budget < 0) {
              stream.destroy();
              fail(new Error('TOO_LARGE'));
            } else chunks.push(c);
          });
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on('error', fail);
        });
      });
      zip.on('end', () => {
        zip.close();
        resolve(out);
      });
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}
