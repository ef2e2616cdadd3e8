// PDF text through Mozilla's pdf.js: lines are rebuilt from the text items' end-of-line marks
// and vertical positions. Password-protected and image-only (scanned) PDFs are reported, not
// guessed at.
import fs from 'node:fs/promises';
import type { Extraction, ExtractionLimits } from './extraction.js';

interface TextItem {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
}

export async function readPdf(file: string, limits: ExtractionLimits): Promise<Extraction> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(await fs.readFile(file));
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false });
  try {
    const doc = await task.promise;
    const paragraphs: string[] = [];
    const pages = Math.min(doc.numPages, limits.maxPdfPages);
    for (let n = 1; n <= pages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      paragraphs.push(...linesOf(content.items as TextItem[]));
    }
    if (paragraphs.join('').trim().length < 20) return { status: 'UNREADABLE', format: 'PDF', reason: 'NO_TEXT' };
    return { status: 'TEXT', format: 'PDF', paragraphs, pages: doc.numPages };
  } catch (error) {
    const name = (error as { name?: string }).name;
    return { status: 'UNREADABLE', format: 'PDF', reason: name === 'PasswordException' ? 'ENCRYPTED' : 'CORRUPT' };
  } finally {
    await task.destroy();
  }
}

function linesOf(items: TextItem[]): string[] {
  const lines: string[] = [];
  let line = '';
  let lastY: number | undefined;
  for (const item of items) {
    const y = item.transform?.[5];
    if (lastY !== undefined && y !== undefined && Math.abs(y - lastY) > 2 && line.trim()) {
      lines.push(line);
      line = '';
    }
    line += item.str;
    lastY = y ?? lastY;
    if (item.hasEOL) {
      lines.push(line);
      line = '';
    }
  }
  if (line.trim()) lines.push(line);
  return lines.filter((l) => l.trim());
}
