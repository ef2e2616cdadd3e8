// The last step of a submission, whatever the channel: the file is stored and read, the plan
// is described. Refuses what is not a document and a lesson-plan file holding several plans (R6)
// — the one place every channel passes —, attaches the
// checklist and duplicate findings, and records the submission.
import { AppError } from '../core/app-error.js';
import { checkSummary, fileRefusal, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db, DbTx } from '../db/prisma.js';
import { submitPlan, type PlanDetails, type SubmitResult } from './submit-plan.js';

export interface CheckedFile {
  staffId: number;
  channel: Channel;
  intakeId?: number;
  file: { sha256: string; size: number; originalName: string; mimeType?: string | null; channelFileRef?: string | null };
  details: PlanDetails;
  analysis: DocumentAnalysis;
  now?: Date;
  /** Written in the plan's own transaction (an intake's end and its chat's state). */
  withinTransaction?: (tx: DbTx) => Promise<void>;
}

export async function recordCheckedFile(db: Db, input: CheckedFile): Promise<SubmitResult> {
  const refusal = fileRefusal(input.analysis, input.details.kind);
  if (refusal) throw new AppError('INVALID_INPUT', refusal, { rule: 'R6' });
  const checklist = input.analysis.checklists[input.details.kind] ?? [];
  return submitPlan(db, {
    ...input,
    checkReport: { readability: input.analysis.readability, lessons: input.analysis.lessons, checklist },
    checkSummary: checkSummary(input.analysis, input.details.kind),
  });
}
