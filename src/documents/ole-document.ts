// Legacy binary Office files (.doc, .xls, .ppt) share the OLE container with password-
// protected modern Office files. .doc text is read with word-extractor; the others are
// accepted without analysis.
import fs from 'node:fs/promises';
import type { Extraction } from './extraction.js';

/** "EncryptionInfo" in UTF-16LE: the stream a password-protected .docx/.xlsx carries. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
const WORD_DOCUMENT = Buffer.from('WordDocument', 'utf16le');

export async function readOle(file: string): Promise<Extraction> {
  const bytes = await fs.readFile(file);
  if (bytes.includes(ENCRYPTION_INFO)) return { status: 'UNREADABLE', format: 'DOC', reason: 'ENCRYPTED' };
  if (!bytes.includes(WORD_DOCUMENT)) return { status: 'UNREADABLE', format: 'OLE_OTHER', reason: 'NOT_ANALYSED' };
  try {
    const { default: WordExtractor } = await import('word-extractor');
    const doc = await new WordExtractor().extract(bytes);
    const paragraphs = [doc.getBody(), doc.getFootnotes()].join('\n').split(/\r?\n|\r/);
    if (paragraphs.join('').trim().length === 0) return { status: 'UNREADABLE', format: 'DOC', reason: 'NO_TEXT' };
    return { status: 'TEXT', format: 'DOC', paragraphs };
  } catch (error) {
    const encrypted = /encrypt|password/i.test(String((error as Error).message));
    return { status: 'UNREADABLE', format: 'DOC', reason: encrypted ? 'ENCRYPTED' : 'CORRUPT' };
  }
}
