// The intake's job: download the file the person sent, store it by its hash, read it in a
// worker (text, lesson count, checklists, hints), then move the intake on (advance-intake.ts).
// Taken up again when the teacher chooses to split the file: it cuts the parts (split-intake.ts).
// Safe to run again after a crash: each step records its result on the intake and is skipped
// once done; every run is counted, so a file that keeps failing (or keeps crashing the
// process) is given up after MAX_INTAKE_RUNS and the person is told.
import { channelOf } from '../../core/vocabulary.js';
import { isAppError } from '../../core/app-error.js';
import type { DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { MAX_INTAKE_RUNS, WORK_IN_HAND } from '../../core/intake-state.js';
import type { Channel } from '../../core/vocabulary.js';
import type { Db } from '../../db/prisma.js';
import type { FileSource } from '../channel-ports.js';
import type { FileStore } from '../../storage/file-store.js';
import { crashPoint } from '../../infra/crash-points.js';
import { continueAfterCheck } from './advance-intake.js';
import { failIntake, refuseIntake } from './end-intake.js';
import { intakeTexts } from './intake-texts.js';
import { splitCheckedIntake } from './split-intake.js';
import type { SplitResult } from '../../documents/split-docx.js';

export interface IntakeDeps {
  db: Db;
  fileStore: FileStore;
  fileSources: Partial<Record<Channel, FileSource>>;
  /** Reads and checks a stored file within limits (a worker pool). */
  analyseFile(file: string): Promise<DocumentAnalysis>;
  /** Cuts a stored .docx into one .docx per lesson, when the teacher chose to split it (a worker). */
  splitFile(file: string): Promise<SplitResult>;
  maxBytes: number;
  now(): Date;
}

export type IntakeOutcome = 'CHECKED' | 'REFUSED' | 'FAILED' | 'SKIPPED';

export async function processIntake(deps: IntakeDeps, intakeId: number): Promise<IntakeOutcome> {
  try {
    return await runIntake(deps, intakeId);
  } catch (error) {
    // Kept for the operations page and for the words of a final "gave up" (a storage failure is said as such).
    await noteIntakeError(deps.db, intakeId, (error as Error).message).catch(() => undefined);
    throw error; // retried by the job
  }
}

async function runIntake(deps: IntakeDeps, intakeId: number): Promise<IntakeOutcome> {
  const { db } = deps;
  const { count } = await db.intake.updateMany({ where: { id: intakeId, status: { in: [...WORK_IN_HAND] } }, data: { attempts: { increment: 1 } } });
  if (count !== 1) return 'SKIPPED'; // ended, or waiting for the person
  let intake = await db.intake.findUniqueOrThrow({ where: { id: intakeId } });
  if (intake.attempts > MAX_INTAKE_RUNS) {
    await failIntake(db, intakeId, intake.outcome ?? `taken up ${intake.attempts - 1} times without finishing`);
    return 'FAILED';
  }
  if (intake.status === 'RECEIVED') {
    if (!intake.fileSha256) {
      const source = deps.fileSources[channelOf(intake.channel)];
      if (!source) throw new Error(`no file source for ${intake.channel}`);
      try {
        const stored = await deps.fileStore.put(await source.open(intake.fileRef), { maxBytes: deps.maxBytes });
        intake = await db.intake.update({ where: { id: intakeId }, data: { fileSha256: stored.sha256, fileSize: stored.size } });
        crashPoint('after-file-stored');
      } catch (error) {
        if (isAppError(error) && error.code === 'INVALID_INPUT') {
          await refuseIntake(db, intake, intakeTexts.tooLargeToStore, { queue: true });
          return 'REFUSED';
        }
        throw error; // retried by the job
      }
    }
    const analysis = await analyse(deps, intake.fileSha256!);
    // Conditional: a copy of this job that gave the intake up (failIntake) meanwhile wins.
    const checked = await db.intake.updateMany({ where: { id: intakeId, status: 'RECEIVED' }, data: { analysis: JSON.stringify(analysis), status: 'CHECKED' } });
    if (checked.count !== 1) return 'SKIPPED';
  }
  // The teacher chose "Tách thành N giáo án": cut, store and check the parts before asking on.
  await splitCheckedIntake(db, deps, intakeId, deps.now());
  await continueAfterCheck(db, intakeId, deps.now());
  return 'CHECKED';
}

export async function analyse(deps: Pick<IntakeDeps, 'fileStore' | 'analyseFile'>, sha256: string): Promise<DocumentAnalysis> {
  return deps.analyseFile(await deps.fileStore.localPath(sha256));
}

async function noteIntakeError(db: Db, intakeId: number, error: string): Promise<void> {
  await db.intake.updateMany({ where: { id: intakeId, status: { in: [...WORK_IN_HAND] } }, data: { outcome: error.slice(0, 500) } });
}
