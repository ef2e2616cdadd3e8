// The last step of a submission, whatever the channel: the file is stored and read, the plan
// is described. Refuses what is not a document and a lesson-plan file holding several plans (R6)
// — the one place every channel passes —, attaches the
// checklist and duplicate findings, and records the submission.
import { AppError } from '../core/app-error.js';
import { checkSummary, contestableRefusal, fileRefusal, type DocumentAnalysis } from '../core/documents/document-analysis.js';
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
  /** The teacher contested an R6 refusal ("Tệp này chỉ có một bài dạy"): filed with the verdict and the contest for the reviewer. */
  lessonsContested?: boolean;
  now?: Date;
  /** Written in the plan's own transaction (an intake's end and its chat's state). */
  withinTransaction?: (tx: DbTx) => Promise<void>;
}

export async function recordCheckedFile(db: Db, input: CheckedFile): Promise<SubmitResult> {
  const contested = input.lessonsContested === true && input.details.kind === 'LESSON_PLAN' && contestableRefusal(input.analysis, input.details.kind);
  const refusal = fileRefusal(input.analysis, input.details.kind, contested);
  if (refusal) throw new AppError('INVALID_INPUT', refusal, { rule: 'R6' });
  const checklist = input.analysis.checklists[input.details.kind] ?? [];
  const { lessonsContested: _, ...rest } = input;
  return submitPlan(db, {
    ...rest,
    checkReport: { readability: input.analysis.readability, lessons: input.analysis.lessons, checklist, ...(contested ? { lessonsContested: true } : {}) },
    checkSummary: checkSummary(input.analysis, input.details.kind, contested),
  });
}
