// Entry point of the extraction worker threads (see text-extractor.ts). Reading, checking and
// rendering previews and cutting a .docx into its lessons all run here, off the main thread.
import { analyseText, analyseWithoutText, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import { extractText } from './extract-text.js';
import type { Extraction, ExtractionLimits } from './extraction.js';
import { previewDocument, type DocumentPreview } from './preview-document.js';
import { splitDocx, type SplitResult } from './split-docx.js';

export default async function run(task: { file: string; limits: ExtractionLimits; analyse?: boolean; preview?: boolean; split?: boolean }): Promise<Extraction | DocumentAnalysis | DocumentPreview | SplitResult> {
  if (task.preview) return previewDocument(task.file, task.limits);
  if (task.split) return splitDocx(task.file, task.limits);
  const extraction = await extractText(task.file, task.limits);
  return task.analyse ? analysisOf(extraction) : extraction;
}

export function analysisOf(extraction: Extraction): DocumentAnalysis {
  if (extraction.status === 'TEXT') return analyseText(extraction.format, extraction.paragraphs);
  if (extraction.status === 'REFUSED') return analyseWithoutText(extraction);
  return analyseWithoutText({ status: 'UNREADABLE', format: extraction.format, reason: extraction.reason });
}
