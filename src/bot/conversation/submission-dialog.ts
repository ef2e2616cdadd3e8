// A teacher sends a file. The handler checks what it can at once and hands the file to the
// intake job ("Đang kiểm tra tệp…"); the job downloads, stores and reads it, then the
// conversation asks only what neither the caption, the file name nor the document itself
// said; the last answer files the plan.
import { randomBytes } from 'node:crypto';
import { isAppError } from '../../core/app-error.js';
import { vnDateOf } from '../../core/calendar.js';
import { refusalReason, severalLessonsMessage, type DocumentAnalysis } from '../../core/documents/document-analysis.js';
import { sameSubject } from '../../core/org.js';
import { displayFileName } from '../../core/text.js';
import type { Channel } from '../../core/vocabulary.js';
import type { Db } from '../../db/prisma.js';
import { crashPoint } from '../../infra/crash-points.js';
import { loadSubmitterContext } from '../../db/submitter-context.js';
import { queueForChat, type ChatButton } from '../../use-cases/outbox.js';
import { recordCheckedFile } from '../../use-cases/record-checked-file.js';
import { readHints } from './caption-hints.js';
import { ConversationStore } from './conversation-store.js';
import type { Turn } from './handle-inbound.js';
import type { IncomingFile, Reply } from './inbound.js';
import { applyAnswer, FlowSchema, grades, nextQuestion, type Flow, type SubmitterContext } from './submission-flow.js';
import { ALLOWED_EXTENSIONS, CHAT_UPLOAD_LINK_HOURS, textOnlyTexts, texts } from './texts.js';

export async function onDocument(turn: Turn, file: IncomingFile, caption: string | undefined): Promise<Reply[]> {
  const { deps, inbound } = turn;
  const state = await turn.store.get(inbound.channel, inbound.chatId);
  if (state?.type === 'FLOW' || state?.type === 'CHECKING') return [{ type: 'text', text: texts.busyWithFile(state.type === 'FLOW' ? state.flow.file.name : state.fileName) }];
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(ext) || !file.name.includes('.')) {
    return [{ type: 'text', text: texts.wrongType(file.name.includes('.') ? ext : '?') }];
  }
  if (file.size !== null && file.size > deps.maxDownloadBytes) {
    return [{ type: 'text', text: texts.tooLarge(file.size / 1024 / 1024, await deps.uploadLink(turn.staffId, inbound)) }];
  }
  const who = await loadSubmitterContext(deps.db, turn.staffId);
  if (!who || who.kinds.length === 0) return [{ type: 'text', text: texts.noSubmitRole }];
  const flow = startFlow(file, caption, who, vnDateOf(deps.now()));
  const intake = await deps.db.intake.create({
    data: {
      staffId: turn.staffId, channel: inbound.channel, chatId: inbound.chatId, fileRef: file.ref, originalName: flow.file.name,
      declaredSize: file.size, mimeType: file.mime, details: JSON.stringify(flow),
    },
  });
  await turn.store.set(inbound.channel, inbound.chatId, turn.staffId, { type: 'CHECKING', intakeId: intake.id, fileName: flow.file.name });
  // The intake is recorded: if the queue is down, the sweeper hands it over once it is back.
  await deps.enqueueIntake(intake.id).catch((err: Error) => deps.logger.warn({ err: err.message, intakeId: intake.id }, 'intake not queued yet'));
  return [{ type: 'text', text: texts.checking(flow.file.name) }];
}

/** Channels that cannot hand a file to the bot (Zalo) send people to the upload page instead. */
export async function uploadLinkReply(turn: Turn, note?: string): Promise<Reply[]> {
  const who = await loadSubmitterContext(turn.deps.db, turn.staffId);
  if (!who || who.kinds.length === 0) return [{ type: 'text', text: [note, texts.noSubmitRole].filter(Boolean).join('\n') }];
  const link = await turn.deps.uploadLink(turn.staffId, turn.inbound, CHAT_UPLOAD_LINK_HOURS);
  if (!link) return [{ type: 'text', text: [note, texts.noSubmitRole].filter(Boolean).join('\n') }];
  return [{ type: 'text', text: [note, textOnlyTexts.uploadLink(link)].filter(Boolean).join('\n') }];
}

export async function onFlowAnswer(turn: Turn, input: { button?: string; text?: string }): Promise<Reply[]> {
  const { inbound, deps } = turn;
  const state = await turn.store.get(inbound.channel, inbound.chatId);
  const pressed = input.button !== undefined;
  if (state?.type === 'CHECKING') return pressed ? [{ type: 'toast', text: texts.stillChecking }] : [{ type: 'text', text: texts.stillChecking }];
  if (state?.type !== 'FLOW') return pressed ? [{ type: 'toast', text: texts.staleButton }, { type: 'closeButtons' }] : [{ type: 'text', text: texts.notUnderstood }];
  const who = await loadSubmitterContext(deps.db, turn.staffId);
  if (!who) return [{ type: 'text', text: texts.noSubmitRole }];
  let value: string | undefined;
  if (pressed) {
    const [, nonce, v] = /^f:([^:]+):(.+)$/.exec(input.button!) ?? [];
    if (nonce !== state.flow.nonce || !v) return [{ type: 'toast', text: texts.staleButton }, { type: 'closeButtons' }];
    value = v;
  }
  const answer = applyAnswer(state.flow, state.step, { button: value, text: input.text }, who, vnDateOf(deps.now()));
  if (!answer.ok) return pressed ? [{ type: 'toast', text: answer.message, alert: true }] : [{ type: 'text', text: answer.message }];
  const step = await advanceIntake(deps.db, state.intakeId, answer.flow, who, deps.now());
  deps.notifyOutbox();
  return [...(pressed ? [{ type: 'closeButtons' } as const] : []), ...(step.reply ? [step.reply] : [])];
}

/**
 * Called by the intake job once the file is stored and read: folds what the document says
 * into the flow, then asks the next question (through the outbox) or files the plan.
 */
export async function resumeAfterCheck(db: Db, intakeId: number, now: Date): Promise<void> {
  const intake = await db.intake.findUniqueOrThrow({ where: { id: intakeId } });
  const who = await loadSubmitterContext(db, intake.staffId);
  const flow = FlowSchema.parse(JSON.parse(intake.details));
  const analysis = JSON.parse(intake.analysis ?? 'null') as DocumentAnalysis | null;
  const step = who ? await advanceIntake(db, intakeId, withDocumentHints(flow, analysis, who), who, now, intake) : await refuse(db, intakeId, texts.noSubmitRole);
  if (!step.reply) return;
  await queueForChat(db, {
    channel: intake.channel as Channel, chatId: intake.chatId, staffId: intake.staffId, key: `intake:${intakeId}:${step.key}`, asked: true,
    message: { type: 'text', text: step.reply.text, buttons: step.reply.buttons },
  });
}

type Step = { key: string; reply?: Extract<Reply, { type: 'text' }> };
type IntakeRow = Awaited<ReturnType<Db['intake']['findUniqueOrThrow']>>;

/** `loaded`: the intake as the caller has just read it (saves reading it again). */
async function advanceIntake(db: Db, intakeId: number, flow: Flow, who: SubmitterContext, now: Date, loaded?: IntakeRow): Promise<Step> {
  const intake = loaded ?? (await db.intake.findUniqueOrThrow({ where: { id: intakeId } }));
  const store = new ConversationStore(db);
  const analysis = JSON.parse(intake.analysis ?? 'null') as DocumentAnalysis | null;
  const refusal = analysis && (refusalReason(analysis.readability) ?? (flow.kind === 'LESSON_PLAN' ? severalLessonsMessage(analysis.lessons) : null));
  if (refusal) return refuse(db, intakeId, refusal);
  const question = nextQuestion(flow, who, vnDateOf(now));
  if (question.type === 'ASK') {
    await db.intake.update({ where: { id: intakeId }, data: { details: JSON.stringify(flow) } });
    await store.set(intake.channel as Channel, intake.chatId, intake.staffId, { type: 'FLOW', step: question.step, flow, intakeId });
    const buttons: ChatButton[][] = question.buttons.map((row) => row.map((b) => ({ text: b.text, data: `f:${flow.nonce}:${b.value}` })));
    return { key: `ask:${flow.nonce}:${question.step}`, reply: { type: 'text', text: `📎 ${flow.file.name}\n${question.text}`, buttons } };
  }
  const ready = question.flow;
  try {
    await recordCheckedFile(db, {
      staffId: intake.staffId, channel: intake.channel as Channel, intakeId,
      file: { sha256: intake.fileSha256!, size: intake.fileSize!, originalName: intake.originalName, mimeType: intake.mimeType, channelFileRef: intake.fileRef },
      details: { kind: ready.kind, groupId: ready.groupId ?? null, subgroupId: ready.subgroupId ?? null, subject: ready.subject ?? null, grade: ready.grade ?? null, title: ready.title ?? null, teachingDate: ready.teachingDate ?? null },
      analysis: analysis ?? { readability: { status: 'UNREADABLE', format: 'ZIP', reason: 'NOT_ANALYSED' }, lessons: { verdict: 'UNKNOWN' }, checklists: {}, hints: {} },
      now,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return refuse(db, intakeId, error.userMessage);
  }
  crashPoint('after-submission-commit');
  await db.intake.update({ where: { id: intakeId }, data: { status: 'DONE', details: JSON.stringify(ready), finishedAt: new Date() } });
  await store.clear(intake.channel as Channel, intake.chatId);
  return { key: 'filed' };
}

async function refuse(db: Db, intakeId: number, reason: string): Promise<Step> {
  const intake = await db.intake.update({ where: { id: intakeId }, data: { status: 'REFUSED', outcome: reason.slice(0, 500), finishedAt: new Date() } });
  await new ConversationStore(db).clear(intake.channel as Channel, intake.chatId);
  return { key: 'refused', reply: { type: 'text', text: `❌ Chưa nhận tệp “${intake.originalName}”: ${reason}` } };
}

function startFlow(file: IncomingFile, caption: string | undefined, who: SubmitterContext, today: string): Flow {
  const subjects = subjectsOf(who);
  const fromName = readHints(file.name, subjects, today);
  const fromCaption = caption ? readHints(caption, subjects, today) : {};
  const hints = { ...fromName, ...fromCaption };
  const kind = hints.kind && who.kinds.includes(hints.kind) ? hints.kind : who.kinds.length === 1 ? who.kinds[0] : undefined;
  const lesson = kind === 'LESSON_PLAN';
  // A caption naming a returned plan's code ("nộp lại K7F3Q2") resubmits it directly.
  const named = who.returned.find((r) => caption?.toUpperCase().includes(r.refCode));
  return {
    nonce: randomBytes(6).toString('base64url'),
    file: { ref: file.ref, name: displayFileName(file.name), size: file.size, mime: file.mime },
    kind,
    subject: hints.subject,
    grade: lesson ? hints.grade : undefined,
    title: lesson ? fromCaption.title : undefined,
    titleSuggestion: fromCaption.title ?? fromName.title,
    teachingDate: lesson ? hints.teachingDate : undefined,
    ...(named ? { ...named.details, resubmitAnswered: true } : {}),
  };
}

/** What the document's own heading says fills what the caption left open; its title is proposed. */
function withDocumentHints(flow: Flow, analysis: DocumentAnalysis | null, who: SubmitterContext): Flow {
  const hints = analysis?.hints;
  if (!hints) return flow;
  const kind = flow.kind ?? (hints.kind && who.kinds.includes(hints.kind) ? hints.kind : undefined);
  const subject = flow.subject ?? subjectsOf(who).find((s) => hints.subject && sameSubject(s, hints.subject));
  const lesson = kind === 'LESSON_PLAN';
  return {
    ...flow,
    kind,
    subject,
    grade: flow.grade ?? (lesson && hints.grade && grades(who.schoolLevel).includes(hints.grade) ? hints.grade : undefined),
    titleSuggestion: hints.title ? sentenceCase(hints.title) : flow.titleSuggestion,
  };
}

function subjectsOf(who: SubmitterContext): string[] {
  return who.teaching.map((t) => t.subject).concat(who.headedGroups.flatMap((g) => g.subgroups.map((s) => s.subject)));
}

/** "BÀI 5: PHÂN THỨC" → "Bài 5: Phân thức": headings are often typed in capitals. */
function sentenceCase(title: string): string {
  if (title !== title.toLocaleUpperCase('vi')) return title;
  const lower = title.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1).replace(/([:.]\s*)(\p{L})/gu, (_, p, c: string) => p + c.toLocaleUpperCase('vi'));
}

