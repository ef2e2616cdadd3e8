// The outcome of reading a file's text.

export type ReadableFormat = 'DOCX' | 'ODT' | 'PDF' | 'DOC';
export type OtherFormat = 'XLSX' | 'PPTX' | 'ODF_OTHER' | 'OLE_OTHER' | 'RTF';

export type Extraction =
  | { status: 'TEXT'; format: ReadableFormat; paragraphs: string[]; pages?: number }
  /** A document we accept but could not read: stored, flagged for the reviewer, never refused for it. */
  | { status: 'UNREADABLE'; format: ReadableFormat | OtherFormat | 'ZIP'; reason: 'ENCRYPTED' | 'CORRUPT' | 'NO_TEXT' | 'TOO_LARGE' | 'TIMEOUT' | 'NOT_ANALYSED' }
  /** Not a document at all. */
  | { status: 'REFUSED'; reason: 'EMPTY' | 'EXECUTABLE' | 'NOT_A_DOCUMENT' };

/** Limits on what one file may cost to read. */
export interface ExtractionLimits {
  /** Most entries a zip-based document may have. */
  maxZipEntries: number;
  /** Most bytes all entries may claim uncompressed, and the text entry may really inflate to. */
  maxUncompressedBytes: number;
  /** Most PDF pages read. */
  maxPdfPages: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxZipEntries: 5000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxPdfPages: 300,
};
