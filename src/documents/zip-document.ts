// .docx and .odt are zip archives. Entries are counted and inflated with a byte counter, so a
// zip bomb (a few KB claiming or inflating to gigabytes) is stopped early, whatever its
// headers say.
import yauzl from 'yauzl';
import type { Extraction, ExtractionLimits } from './extraction.js';

class LimitExceeded extends Error {}

export async function readZipDocument(file: string, limits: ExtractionLimits): Promise<Extraction> {
  let entries: Map<string, yauzl.Entry>;
  try {
    entries = await listEntries(file, limits);
  } catch (error) {
    return { status: 'UNREADABLE', format: 'ZIP', reason: error instanceof LimitExceeded ? 'TOO_LARGE' : 'CORRUPT' };
  }
  const textEntry = entries.has('word/document.xml') ? 'word/document.xml' : entries.has('content.xml') ? 'content.xml' : null;
  const format = entries.has('word/document.xml') ? 'DOCX' : entries.has('content.xml') ? 'ODT' : kindOfOtherZip(entries);
  if (!textEntry) return { status: 'UNREADABLE', format, reason: format === 'ZIP' ? 'CORRUPT' : 'NOT_ANALYSED' };
  if (format === 'ODT' && !(await isTextDocument(file, entries))) return { status: 'UNREADABLE', format: 'ODF_OTHER', reason: 'NOT_ANALYSED' };
  try {
    const xml = (await readEntry(file, textEntry, limits.maxUncompressedBytes)).toString('utf8');
    const paragraphs = format === 'DOCX' ? docxParagraphs(xml) : odtParagraphs(xml);
    if (paragraphs.join('').trim().length === 0) return { status: 'UNREADABLE', format: format as 'DOCX' | 'ODT', reason: 'NO_TEXT' };
    return { status: 'TEXT', format: format as 'DOCX' | 'ODT', paragraphs };
  } catch (error) {
    return { status: 'UNREADABLE', format, reason: error instanceof LimitExceeded ? 'TOO_LARGE' : 'CORRUPT' };
  }
}

function kindOfOtherZip(entries: Map<string, yauzl.Entry>): 'XLSX' | 'PPTX' | 'ODF_OTHER' | 'ZIP' {
  const names = [...entries.keys()];
  if (names.some((n) => n.startsWith('xl/'))) return 'XLSX';
  if (names.some((n) => n.startsWith('ppt/'))) return 'PPTX';
  if (entries.has('mimetype')) return 'ODF_OTHER';
  return 'ZIP';
}

async function isTextDocument(file: string, entries: Map<string, yauzl.Entry>): Promise<boolean> {
  if (!entries.has('mimetype')) return true;
  const mimetype = (await readEntry(file, 'mimetype', 200)).toString('utf8');
  return mimetype.startsWith('application/vnd.oasis.opendocument.text');
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))),
  );
}

async function listEntries(file: string, limits: ExtractionLimits): Promise<Map<string, yauzl.Entry>> {
  const zip = await openZip(file);
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new LimitExceeded();
  }
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    let declared = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes * 10) {
        zip.close();
        reject(new LimitExceeded());
        return;
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => {
      zip.close();
      resolve(entries);
    });
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Inflates one entry, stopping as soon as it passes `maxBytes` (headers may lie). */
async function readEntry(file: string, name: string, maxBytes: number): Promise<Buffer> {
  const zip = await openZip(file);
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return void zip.readEntry();
        if (entry.uncompressedSize > maxBytes) return void reject(new LimitExceeded());
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return void reject(err);
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              stream.destroy();
              reject(new LimitExceeded());
            } else chunks.push(chunk);
          });
          stream.on('end', () => resolve(Buffer.concat(chunks)));
          stream.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error(`no entry ${name}`)));
      zip.on('error', reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Paragraphs of word/document.xml, table cells included, in reading order. */
export function docxParagraphs(xml: string): string[] {
  const out: string[] = [];
  for (const match of xml.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const p = match[0];
    let text = '';
    for (const run of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\b[^>]*\/>/g)) {
      text += run[1] !== undefined ? decodeXml(run[1]) : run[2] === 'tab' ? '\t' : ' ';
    }
    out.push(text);
  }
  return out;
}

/** Paragraphs and headings of an OpenDocument text's content.xml. */
export function odtParagraphs(xml: string): string[] {
  const out: string[] = [];
  for (const match of xml.matchAll(/<text:(p|h)\b[^>]*>([\s\S]*?)<\/text:\1>|<text:(?:p|h)\b[^>]*\/>/g)) {
    const inner = (match[2] ?? '').replace(/<text:(?:s|tab|line-break)\b[^>]*\/>/g, ' ').replace(/<[^>]+>/g, '');
    out.push(decodeXml(inner));
  }
  return out;
}

function decodeXml(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (_, dec, hex, name) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[(name as string).toLowerCase()]!;
  });
}
