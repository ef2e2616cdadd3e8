// Entry point of the extraction worker threads (see text-extractor.ts).
import { extractText } from './extract-text.js';
import type { ExtractionLimits } from './extraction.js';

export default function extract(task: { file: string; limits: ExtractionLimits }) {
  return extractText(task.file, task.limits);
}
