// The middle and the end of an intake: once the file is read (by its job) and after each
// answer of the person, either ask the next question, refuse the file, or file the plan.
// Each of these commits in one transaction with the intake's status and the chat's state:
// asked → WAITING + the question; refused → REFUSED + the reason; filed → the plan, its
// messages, DONE and the chat freed. A crash before the commit leaves the step to be done
// again (the job runs again, the chat update is redelivered); after it, nothing is left over.
import { channelOf } from '../../core/vocabulary.js';
import { isAppError } from '../../core/app-error.js';
import { vnDateOf } from '../../core/calendar.js';
import { foldVietnamese } from '../../core/text.js';
import { contestableRefusal, fileRefusal, type DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { isIntakeEnded, OPEN_INTAKE } from '../../core/intake-state.js';
import { applyAnswer, FlowSchema, nextQuestion, severalLessonsQuestion, type Flow, type NextQuestion, type SubmitterContext } from '../../core/submission-flow.js';
import type { Channel } from '../../core/vocabulary.js';
import { ConversationStore } from '../../db/conversation-store.js';
import type { Db, DbTx } from '../../db/prisma.js';
import { loadSubmitterContext } from '../../read-models/submitter-context.js';
import { crashPoint } from '../../infra/crash-points.js';
import { queueForChat, type ChatButton } from '../outbox.js';
import { recordCheckedFile, recordCheckedFiles } from '../record-checked-file.js';
import { cancelChat, refuseIntake, type IntakeRef } from './end-intake.js';
import { withDocumentHints } from './flow-start.js';
import { parseAnalysis } from './stored-analysis.js';
import { intakeTexts } from './intake-texts.js';
import { awaitsParts, noSplitNote, splitTexts, splittableCount } from './split-texts.js';

type IntakeRow = Awaited<ReturnType<Db['intake']['findUniqueOrThrow']>>;

/** What the person is to be told next, if anything (a filed plan's confirmation goes through the outbox). */
export interface NextMessage {
  text: string;
  buttons?: ChatButton[][];
  /** The intake went back to its job (to cut the file into lessons): the caller queues it. */
  requeue?: number;
}

/** Who gets the next message: queued in the step's own transaction (job), or answered in the chat (update handler). */
type Via = 'outbox' | 'reply';

/** Called by the intake's job once the file is read. */
export async function continueAfterCheck(db: Db, intakeId: number, now: Date): Promise<void> {
  const intake = await db.intake.findUnique({ where: { id: intakeId } });
  if (!intake || intake.status !== 'CHECKED') return;
  const who = await loadSubmitterContext(db, intake.staffId);
  if (!who) return void (await refuseIntake(db, intake, intakeTexts.noSubmitRole, { queue: true }));
  const flow = withDocumentHints(FlowSchema.parse(JSON.parse(intake.details)), parseAnalysis(intake.analysis), who);
  await advance(db, intake, flow, who, now, 'outbox');
}

export type AnswerOutcome =
  | { type: 'nothing-asked' }
  | { type: 'still-checking' }
  | { type: 'stale' }
  | { type: 'invalid'; message: string }
  | { type: 'moved-on'; next: NextMessage | null };

/** The person's answer to the question their chat is at: a pressed button's value (with its flow's nonce), or typed text. */
export async function answerIntake(
  db: Db,
  input: { channel: Channel; chatId: string; staffId: number; button?: { nonce: string; value: string }; text?: string; now: Date },
): Promise<AnswerOutcome> {
  const store = new ConversationStore(db);
  const state = await store.get(input.channel, input.chatId);
  if (state?.type === 'CHECKING') {
    const intake = await db.intake.findUnique({ where: { id: state.intakeId }, select: { status: true } });
    if (intake && !isIntakeEnded(intake.status)) return { type: 'still-checking' };
    await store.clearIntake(input.channel, input.chatId, state.intakeId); // mended: the chat is free again
    return { type: 'nothing-asked' };
  }
  if (state?.type !== 'FLOW') return input.button ? { type: 'stale' } : { type: 'nothing-asked' };
  if (input.button && input.button.nonce !== state.flow.nonce) return { type: 'stale' };
  const intake = await db.intake.findUnique({ where: { id: state.intakeId } });
  if (!intake || isIntakeEnded(intake.status)) {
    await store.clearIntake(input.channel, input.chatId, state.intakeId);
    return input.button ? { type: 'stale' } : { type: 'nothing-asked' };
  }
  const who = await loadSubmitterContext(db, input.staffId);
  if (!who) return { type: 'moved-on', next: { text: await refuseIntake(db, intake, intakeTexts.noSubmitRole, { queue: false }) } };
  if ((state.step === 'SPLIT_TITLES' || state.step === 'SPLIT_DATES') && (input.button?.value === 'CANCEL' || /^huy\b/.test(foldVietnamese(input.text ?? '')))) {
    await cancelChat(db, input.channel, input.chatId);
    return { type: 'moved-on', next: { text: splitTexts.cancelled(intake.originalName, input.channel === 'ZALO') } };
  }
  const answer = applyAnswer(state.flow, state.step, { button: input.button?.value, text: input.text }, who, vnDateOf(input.now));
  if (!answer.ok) return { type: 'invalid', message: answer.message };
  return { type: 'moved-on', next: await advance(db, intake, answer.flow, who, input.now, 'reply') };
}

async function advance(db: Db, intake: IntakeRow, flow: Flow, who: SubmitterContext, now: Date, via: Via): Promise<NextMessage | null> {
  const analysis = parseAnalysis(intake.analysis);
  // A file being split is not refused for its lessons: each part is checked on its own.
  const refusal = analysis && !flow.split && fileRefusal(analysis, flow.kind, flow.lessonsContested === true);
  // R6 is the checker's own judgement: before refusing, the teacher may contest it in one tap, or have it split.
  const contest = refusal && analysis && flow.lessonsContested === undefined && contestableRefusal(analysis, flow.kind);
  if (refusal && !contest) return { text: await refuseIntake(db, intake, refusal, { queue: via === 'outbox' }) };
  if (awaitsParts(flow)) return backToJob(db, intake, flow, analysis);
  const options = { typedOnly: channelOf(intake.channel) === 'ZALO' };
  const question: NextQuestion = contest
    ? severalLessonsQuestion(refusal, noSplitNote(analysis), splittableCount(analysis), options)
    : nextQuestion(flow, who, vnDateOf(now), options);
  if (question.type === 'ASK') {
    const buttons: ChatButton[][] = question.buttons.map((row) => row.map((b) => ({ text: b.text, data: `f:${flow.nonce}:${b.value}` })));
    const next = { text: `📎 ${flow.file.name}\n${question.text}`, buttons };
    const asked = await db.$transaction(async (tx) => {
      const { count } = await tx.intake.updateMany({ where: { id: intake.id, status: { in: [...OPEN_INTAKE] } }, data: { details: JSON.stringify(flow), status: 'WAITING' } });
      if (count !== 1) return false; // ended meanwhile (cancelled, given up, another copy filed it)
      await new ConversationStore(tx).set(channelOf(intake.channel), intake.chatId, intake.staffId, { type: 'FLOW', step: question.step, flow, intakeId: intake.id });
      if (via === 'outbox') await queueText(tx, intake, `ask:${flow.nonce}:${question.step}`, next);
      return true;
    });
    return asked && via === 'reply' ? next : null;
  }
  if (question.flow.split?.parts) return fileParts(db, intake, question.flow, now, via);
  return file(db, intake, question.flow, analysis, now, via);
}

/**
 * The teacher chose to split in the chat: the file is cut by the intake's job (it has the store
 * and the reader), so the intake goes back to CHECKED — work in hand, which the sweeper takes up
 * again after a crash — and the chat waits as for any file being checked.
 */
async function backToJob(db: Db, intake: IntakeRow, flow: Flow, analysis: DocumentAnalysis | null): Promise<NextMessage | null> {
  const moved = await db.$transaction(async (tx) => {
    const { count } = await tx.intake.updateMany({
      where: { id: intake.id, status: { in: [...OPEN_INTAKE] } },
      data: { details: JSON.stringify(flow), status: 'CHECKED', attempts: 0 },
    });
    if (count !== 1) return false;
    await new ConversationStore(tx).set(channelOf(intake.channel), intake.chatId, intake.staffId, { type: 'CHECKING', intakeId: intake.id, fileName: intake.originalName });
    return true;
  });
  return moved ? { text: splitTexts.splitting(splittableCount(analysis) ?? 2), requeue: intake.id } : { text: intakeTexts.alreadyEnded };
}

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Files every part of a split file as its own lesson plan, in ONE transaction with the intake's
 * end and the chat's state: a crash (kill -9) anywhere before the commit leaves nothing filed
 * and the question still open, so answering again files them all; after it, the intake is DONE
 * and a replay files nothing (markFiled finds it ended and rolls the whole transaction back).
 */
async function fileParts(db: Db, intake: IntakeRow, ready: Flow & Required<Pick<Flow, 'kind'>>, now: Date, via: Via): Promise<NextMessage | null> {
  const parts = ready.split!.parts!;
  const dates = ready.split!.dates ?? [];
  try {
    await recordCheckedFiles(
      db,
      parts.map((part, i) => ({
        staffId: intake.staffId, channel: channelOf(intake.channel),
        file: { sha256: part.sha256, size: part.size, originalName: part.name, mimeType: DOCX_MIME },
        details: { kind: 'LESSON_PLAN', groupId: ready.groupId ?? null, subgroupId: ready.subgroupId ?? null, subject: ready.subject ?? null, grade: ready.grade ?? null, title: part.title, teachingDate: dates[i] ?? null },
        analysis: parseAnalysis(part.analysis) ?? { readability: { status: 'UNREADABLE', format: 'DOCX', reason: 'NOT_ANALYSED' }, lessons: { verdict: 'UNKNOWN' }, checklists: {}, hints: {} },
        splitFrom: { name: intake.originalName, sha256: intake.fileSha256!, part: i + 1, of: parts.length },
        now,
      })),
      (tx) => markFiled(tx, intake, ready),
    );
  } catch (error) {
    if (error instanceof IntakeEnded) return via === 'reply' ? { text: intakeTexts.alreadyEnded } : null;
    if (!isAppError(error)) throw error;
    return { text: await refuseIntake(db, intake, error.userMessage, { queue: via === 'outbox' }) };
  }
  crashPoint('after-submission-commit');
  return via === 'reply' ? { text: `✂️ Đã nộp ${parts.length} giáo án tách từ tệp “${intake.originalName}”; xác nhận của từng giáo án được gửi ngay sau đây.` } : null;
}

async function file(db: Db, intake: IntakeRow, ready: Flow & Required<Pick<Flow, 'kind'>>, analysis: DocumentAnalysis | null, now: Date, via: Via): Promise<NextMessage | null> {
  try {
    await recordCheckedFile(db, {
      staffId: intake.staffId, channel: channelOf(intake.channel), intakeId: intake.id,
      file: { sha256: intake.fileSha256!, size: intake.fileSize!, originalName: intake.originalName, mimeType: intake.mimeType, channelFileRef: intake.fileRef },
      details: { kind: ready.kind, groupId: ready.groupId ?? null, subgroupId: ready.subgroupId ?? null, subject: ready.subject ?? null, grade: ready.grade ?? null, title: ready.title ?? null, teachingDate: ready.teachingDate ?? null },
      analysis: analysis ?? { readability: { status: 'UNREADABLE', format: 'ZIP', reason: 'NOT_ANALYSED' }, lessons: { verdict: 'UNKNOWN' }, checklists: {}, hints: {} },
      lessonsContested: ready.lessonsContested === true,
      now,
      // The intake's end commits with the plan: no crash can leave a filed plan with an open intake or a held chat.
      withinTransaction: (tx) => markFiled(tx, intake, ready),
    });
  } catch (error) {
    if (error instanceof IntakeEnded) return via === 'reply' ? { text: intakeTexts.alreadyEnded } : null;
    if (!isAppError(error)) throw error;
    return { text: await refuseIntake(db, intake, error.userMessage, { queue: via === 'outbox' }) };
  }
  crashPoint('after-submission-commit');
  return null;
}

class IntakeEnded extends Error {
  override name = 'IntakeEnded';
}

async function markFiled(tx: DbTx, intake: IntakeRef, ready: Flow): Promise<void> {
  const { count } = await tx.intake.updateMany({
    where: { id: intake.id, status: { in: [...OPEN_INTAKE] } },
    data: { status: 'DONE', details: JSON.stringify(ready), finishedAt: new Date() },
  });
  if (count !== 1) throw new IntakeEnded(`intake ${intake.id} ended before it was filed`);
  await new ConversationStore(tx).clearIntake(channelOf(intake.channel), intake.chatId, intake.id);
}

async function queueText(tx: DbTx, intake: IntakeRef, key: string, message: NextMessage): Promise<void> {
  await queueForChat(tx, {
    channel: channelOf(intake.channel), chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intake.id}:${key}`, asked: true,
    message: { type: 'text', text: message.text, buttons: message.buttons },
  });
}

