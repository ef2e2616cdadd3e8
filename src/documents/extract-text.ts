// Reads the text of a .docx, .odt, .pdf or legacy .doc file within limits. Runs inside a
// worker thread (text-extractor.ts), so a hostile file can cost a worker, never the bot.
import fs from 'node:fs/promises';
import { detectFormat } from './detect-format.js';
import { DEFAULT_LIMITS, type Extraction, type ExtractionLimits } from './extraction.js';
import { readOle } from './ole-document.js';
import { readPdf } from './pdf-document.js';
import { readZipDocument } from './zip-document.js';

export async function extractText(file: string, limits: ExtractionLimits = DEFAULT_LIMITS): Promise<Extraction> {
  const handle = await fs.open(file, 'r');
  const head = Buffer.alloc(8);
  const { bytesRead } = await handle.read(head, 0, 8, 0);
  await handle.close();
  switch (detectFormat(head.subarray(0, bytesRead))) {
    case 'EMPTY':
      return { status: 'REFUSED', reason: 'EMPTY' };
    case 'EXECUTABLE':
      return { status: 'REFUSED', reason: 'EXECUTABLE' };
    case 'UNKNOWN':
      return { status: 'REFUSED', reason: 'NOT_A_DOCUMENT' };
    case 'RTF':
      return { status: 'UNREADABLE', format: 'RTF', reason: 'NOT_ANALYSED' };
    case 'ZIP':
      return readZipDocument(file, limits);
    case 'PDF':
      return readPdf(file, limits);
    case 'OLE':
      return readOle(file);
  }
}
