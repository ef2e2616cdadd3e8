// The document analysis is stored as JSON with the intake and the submission; it is checked on
// the way back in, so that a row written by an older release (or damaged) reads as "not
// analysed" instead of breaking the step that reads it.
import { z } from 'zod';
import type { DocumentAnalysis } from '../../core/documents/document-analysis.js';

const AnalysisShape = z.object({
  readability: z.object({ status: z.enum(['TEXT', 'UNREADABLE', 'REFUSED']) }).passthrough(),
  lessons: z.object({ verdict: z.string() }).passthrough(),
  checklists: z.record(z.string(), z.array(z.unknown())),
  hints: z.object({}).passthrough(),
});

export function parseAnalysis(stored: string | null): DocumentAnalysis | null {
  if (!stored) return null;
  try {
    const parsed = AnalysisShape.safeParse(JSON.parse(stored));
    return parsed.success ? (parsed.data as unknown as DocumentAnalysis) : null;
  } catch {
    return null;
  }
}
