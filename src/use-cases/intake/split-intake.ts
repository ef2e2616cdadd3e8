// "Tách thành N giáo án": a .docx refused for holding several lessons is cut into one .docx per
// lesson (the document's own styles, tables and images kept), each part stored by its hash and
// checked like any upload. The parts ride on the intake's flow until the teacher has confirmed
// the titles and dates; then advance-intake.ts files them all in one transaction.
//
// Two ways in: the chat (the teacher answers the several-lessons question; the intake goes back
// to CHECKED and its job cuts the file here) and the web upload page (it cuts the file itself and
// opens an intake in the chat the link came from, where the questions are asked).
import { addDays, parseVnDate, vnDateOf } from '../../core/calendar.js';
import { fileRefusal, type DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { FlowSchema, type Flow, type SplitPart } from '../../core/submission-flow.js';
import { displayFileName } from '../../core/text.js';
import type { Channel } from '../../core/vocabulary.js';
import { ConversationStore } from '../../db/conversation-store.js';
import type { Db } from '../../db/prisma.js';
import type { SplitResult } from '../../documents/split-docx.js';
import { crashPoint } from '../../infra/crash-points.js';
import type { FileStore } from '../../storage/file-store.js';
import { continueAfterCheck } from './advance-intake.js';
import { LINK_USED } from '../upload-links.js';
import { refuseIntake } from './end-intake.js';
import { sentenceCase } from './flow-start.js';
import { busyWith } from './receive-intake.js';
import { awaitsParts, splitTexts } from './split-texts.js';

export interface SplitDeps {
  fileStore: FileStore;
  /** Cuts a stored .docx into its lessons (a worker: TextExtractor.split). */
  splitFile(file: string): Promise<SplitResult>;
  analyseFile(file: string): Promise<DocumentAnalysis>;
}

/**
 * Cuts the stored file, stores each part by its hash and checks it. Every part must read as one
 * lesson, or nothing is offered (`null`): a split the checker itself would refuse helps nobody.
 * Safe to run again: the same bytes give the same hashes, and the store keeps one copy.
 */
export async function cutIntoParts(deps: SplitDeps, sha256: string, originalName: string, today: string): Promise<SplitPart[] | null> {
  const result = await deps.splitFile(await deps.fileStore.localPath(sha256));
  if (result.status !== 'SPLIT') return null;
  const stem = displayFileName(originalName).replace(/\.docx$/i, '');
  const parts: SplitPart[] = [];
  for (const [i, part] of result.parts.entries()) {
    const stored = await deps.fileStore.put(part.docx);
    const analysis = await deps.analyseFile(await deps.fileStore.localPath(stored.sha256));
    if (analysis.readability.status !== 'TEXT' || fileRefusal(analysis, 'LESSON_PLAN')) return null;
    // A date long past is a bundle reused from another year: not proposed.
    const written = part.dateText ? parseVnDate(part.dateText, today) : null;
    const date = written && written >= addDays(today, -30) ? written : null;
    parts.push({
      sha256: stored.sha256, size: stored.size, name: displayFileName(`${stem} - bài ${i + 1}.docx`),
      title: sentenceCase((part.title ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)) || `Bài ${i + 1}`,
      ...(date ? { date } : {}),
      analysis: JSON.stringify(analysis),
    });
  }
  return parts;
}

/**
 * The intake's job, for an intake whose teacher chose to split: cuts the file, records the parts
 * on the intake (conditionally: a cancel meanwhile wins), then asks the first split question.
 */
export async function splitCheckedIntake(db: Db, deps: SplitDeps, intakeId: number, now: Date): Promise<void> {
  const intake = await db.intake.findUnique({ where: { id: intakeId } });
  if (!intake || intake.status !== 'CHECKED' || !intake.fileSha256) return;
  const flow = FlowSchema.parse(JSON.parse(intake.details));
  if (!awaitsParts(flow)) return;
  const parts = await cutIntoParts(deps, intake.fileSha256, intake.originalName, vnDateOf(now));
  crashPoint('after-split-stored');
  if (!parts) return void (await refuseIntake(db, intake, splitTexts.failed, { queue: true }));
  const next: Flow = { ...flow, split: { ...flow.split, parts } };
  await db.intake.updateMany({ where: { id: intakeId, status: 'CHECKED' }, data: { details: JSON.stringify(next) } });
}

export type WebSplit =
  | { type: 'opened'; count: number }
  | { type: 'not-split'; message: string }
  | { type: 'busy'; fileName: string };

/**
 * The upload page's "Tách thành từng giáo án": the parts are cut here, then an intake is opened
 * in the chat the link came from (its questions are asked there) — recorded as checked, with its
 * parts, and moved on at once as the intake's job would.
 */
export async function openSplitFromWeb(
  db: Db,
  deps: SplitDeps,
  input: {
    staffId: number; channel: Channel; chatId: string; flow: Flow; analysis: DocumentAnalysis; now: Date;
    file: { sha256: string; size: number; name: string; mime: string | null };
    /** Spends the upload link in the same step; false when another request used it first. */
    consumeLink(): Promise<boolean>;
  },
): Promise<WebSplit> {
  const parts = await cutIntoParts(deps, input.file.sha256, input.file.name, vnDateOf(input.now));
  if (!parts) return { type: 'not-split', message: splitTexts.failed };
  const busy = await busyWith(db, input.channel, input.chatId);
  if (busy) return { type: 'busy', fileName: busy };
  if (!(await input.consumeLink())) return { type: 'not-split', message: LINK_USED };
  const flow: Flow = { ...input.flow, file: { ref: `web:${input.file.sha256}`, name: displayFileName(input.file.name), size: input.file.size, mime: input.file.mime }, kind: 'LESSON_PLAN', title: undefined, resubmitAnswered: true, split: { parts } };
  const intakeId = await db.$transaction(async (tx) => {
    const intake = await tx.intake.create({
      data: {
        staffId: input.staffId, channel: input.channel, chatId: input.chatId, fileRef: flow.file.ref, originalName: flow.file.name,
        declaredSize: input.file.size, mimeType: input.file.mime, details: JSON.stringify(flow), fileSha256: input.file.sha256, fileSize: input.file.size,
        analysis: JSON.stringify(input.analysis), status: 'CHECKED',
      },
    });
    await new ConversationStore(tx).set(input.channel, input.chatId, input.staffId, { type: 'CHECKING', intakeId: intake.id, fileName: flow.file.name });
    return intake.id;
  });
  // Left CHECKED by a crash here, the sweeper hands it to the intake's job, which asks the same question.
  await continueAfterCheck(db, intakeId, input.now);
  return { type: 'opened', count: parts.length };
}
