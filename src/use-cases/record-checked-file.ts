// The last step of a submission, whatever the channel: the file is stored and read, the plan
// is described. Refuses what is not a document and a lesson-plan file holding several plans (R6)
// — the one place every channel passes —, attaches the
// checklist and duplicate findings, and records the submission.
import { AppError } from '../core/app-error.js';
import { checkSummary, contestableRefusal, fileRefusal, type DocumentAnalysis } from '../core/documents/document-analysis.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db, DbTx } from '../db/prisma.js';
import { submitPlan, submitPlans, type PlanDetails, type SubmitInput, type SubmitResult } from './submit-plan.js';

export interface CheckedFile {
  staffId: number;
  channel: Channel;
  intakeId?: number;
  file: { sha256: string; size: number; originalName: string; mimeType?: string | null; channelFileRef?: string | null };
  details: PlanDetails;
  analysis: DocumentAnalysis;
  /** The teacher contested an R6 refusal ("Tệp này chỉ có một bài dạy"): filed with the verdict and the contest for the reviewer. */
  lessonsContested?: boolean;
  /** One lesson cut from a file holding several ("Tách thành N giáo án"): said to the teacher and the reviewer, kept in the report. */
  splitFrom?: { name: string; sha256: string; part: number; of: number };
  now?: Date;
  /** Written in the plan's own transaction (an intake's end and its chat's state). */
  withinTransaction?: (tx: DbTx) => Promise<void>;
}

export async function recordCheckedFile(db: Db, input: CheckedFile): Promise<SubmitResult> {
  return submitPlan(db, checked(input));
}

/**
 * The lessons cut from one file, each checked and filed as its own plan — all in one
 * transaction with `withinTransaction` (the intake's end): either every part is filed or none.
 */
export async function recordCheckedFiles(db: Db, inputs: CheckedFile[], withinTransaction: (tx: DbTx) => Promise<void>): Promise<SubmitResult[]> {
  return submitPlans(db, inputs.map(checked), withinTransaction);
}

/** The checks every file passes before it is filed (R6 refusal, checklist, report, summary). */
function checked(input: CheckedFile): SubmitInput {
  const contested = input.lessonsContested === true && input.details.kind === 'LESSON_PLAN' && contestableRefusal(input.analysis, input.details.kind);
  const refusal = fileRefusal(input.analysis, input.details.kind, contested);
  if (refusal) throw new AppError('INVALID_INPUT', refusal, { rule: 'R6' });
  const checklist = input.analysis.checklists[input.details.kind] ?? [];
  const { lessonsContested: _, splitFrom, ...rest } = input;
  const summary = checkSummary(input.analysis, input.details.kind, contested);
  return {
    ...rest,
    checkReport: {
      readability: input.analysis.readability, lessons: input.analysis.lessons, checklist,
      ...(contested ? { lessonsContested: true } : {}), ...(splitFrom ? { splitFrom } : {}),
    },
    checkSummary: splitFrom ? `✂️ Bài ${splitFrom.part}/${splitFrom.of} tách từ tệp “${splitFrom.name}”.\n${summary}` : summary,
  };
}
