// The middle and the end of an intake: once the file is read (by its job) and after each
// answer of the person, either ask the next question, refuse the file, or file the plan.
// Each of these commits in one transaction with the intake's status and the chat's state:
// asked → WAITING + the question; refused → REFUSED + the reason; filed → the plan, its
// messages, DONE and the chat freed. A crash before the commit leaves the step to be done
// again (the job runs again, the chat update is redelivered); after it, nothing is left over.
import { channelOf } from '../../core/vocabulary.js';
import { isAppError } from '../../core/app-error.js';
import { vnDateOf } from '../../core/calendar.js';
import { contestableRefusal, fileRefusal, type DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { isIntakeEnded, OPEN_INTAKE } from '../../core/intake-state.js';
import { applyAnswer, FlowSchema, nextQuestion, severalLessonsQuestion, type Flow, type NextQuestion, type SubmitterContext } from '../../core/submission-flow.js';
import type { Channel } from '../../core/vocabulary.js';
import { ConversationStore } from '../../db/conversation-store.js';
import type { Db, DbTx } from '../../db/prisma.js';
import { loadSubmitterContext } from '../../read-models/submitter-context.js';
import { crashPoint } from '../../infra/crash-points.js';
import { queueForChat, type ChatButton } from '../outbox.js';
import { recordCheckedFile } from '../record-checked-file.js';
import { refuseIntake, type IntakeRef } from './end-intake.js';
import { withDocumentHints } from './flow-start.js';
import { parseAnalysis } from './stored-analysis.js';
import { intakeTexts } from './intake-texts.js';

type IntakeRow = Awaited<ReturnType<Db['intake']['findUniqueOrThrow']>>;

/** What the person is to be told next, if anything (a filed plan's confirmation goes through the outbox). */
export interface NextMessage {
  text: string;
  buttons?: ChatButton[][];
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
  const answer = applyAnswer(state.flow, state.step, { button: input.button?.value, text: input.text }, who, vnDateOf(input.now));
  if (!answer.ok) return { type: 'invalid', message: answer.message };
  return { type: 'moved-on', next: await advance(db, intake, answer.flow, who, input.now, 'reply') };
}

async function advance(db: Db, intake: IntakeRow, flow: Flow, who: SubmitterContext, now: Date, via: Via): Promise<NextMessage | null> {
  const analysis = parseAnalysis(intake.analysis);
  const refusal = analysis && fileRefusal(analysis, flow.kind, flow.lessonsContested === true);
  // R6 is the checker's own judgement: before refusing, the teacher may contest it in one tap.
  const contest = refusal && analysis && flow.lessonsContested === undefined && contestableRefusal(analysis, flow.kind);
  if (refusal && !contest) return { text: await refuseIntake(db, intake, refusal, { queue: via === 'outbox' }) };
  const question: NextQuestion = contest ? severalLessonsQuestion(refusal, splitNote(analysis)) : nextQuestion(flow, who, vnDateOf(now));
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
  return file(db, intake, question.flow, analysis, now, via);
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

/** What the teacher can do with the file; .doc and .pdf cannot be cut without losing their layout. */
function splitNote(analysis: DocumentAnalysis): string {
  const format = analysis.readability.status === 'TEXT' ? analysis.readability.format : '';
  return format === 'DOCX'
    ? 'Thầy/cô tách mỗi bài thành một tệp (Word: sao chép từng bài sang tệp mới) rồi gửi lần lượt.'
    : `Tệp ${format === 'PDF' ? 'PDF' : format === 'DOC' ? 'Word cũ (.doc)' : 'này'} không tách tự động được mà giữ nguyên trình bày; thầy/cô tách trong Word rồi gửi từng tệp.`;
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

