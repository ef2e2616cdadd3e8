// A teacher sends a file: check what can be checked at once, ask what cannot be inferred,
// then hand the file to the intake job. Handlers stay short: no download happens here.
import { randomBytes } from 'node:crypto';
import { vnDateOf } from '../../core/calendar.js';
import { loadSubmitterContext } from '../../db/submitter-context.js';
import type { ChatButton } from '../../use-cases/outbox.js';
import { readHints } from './caption-hints.js';
import type { Turn } from './handle-inbound.js';
import type { IncomingFile, Reply } from './inbound.js';
import { applyAnswer, nextQuestion, type Flow, type SubmitterContext } from './submission-flow.js';
import { ALLOWED_EXTENSIONS, texts } from './texts.js';

export async function onDocument(turn: Turn, file: IncomingFile, caption: string | undefined): Promise<Reply[]> {
  const { deps, inbound } = turn;
  const state = await turn.store.get(inbound.channel, inbound.chatId);
  if (state?.type === 'FLOW') return [{ type: 'text', text: texts.busyWithFile(state.flow.file.name) }];
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
  // A caption naming a returned plan's code ("nộp lại K7F3Q2") resubmits it directly.
  const named = who.returned.find((r) => caption?.toUpperCase().includes(r.refCode));
  return advance(turn, who, named ? { ...flow, ...named.details, resubmitAnswered: true } : flow);
}

export async function onFlowAnswer(turn: Turn, input: { button?: string; text?: string }): Promise<Reply[]> {
  const { inbound, deps } = turn;
  const state = await turn.store.get(inbound.channel, inbound.chatId);
  const pressed = input.button !== undefined;
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
  return [...(pressed ? [{ type: 'closeButtons' } as const] : []), ...(await advance(turn, who, answer.flow))];
}

function startFlow(file: IncomingFile, caption: string | undefined, who: SubmitterContext, today: string): Flow {
  const subjects = who.teaching.map((t) => t.subject).concat(who.headedGroups.flatMap((g) => g.subgroups.map((s) => s.subject)));
  const fromName = readHints(file.name, subjects, today);
  const fromCaption = caption ? readHints(caption, subjects, today) : {};
  const hints = { ...fromName, ...fromCaption };
  const kind = hints.kind && who.kinds.includes(hints.kind) ? hints.kind : undefined;
  const lesson = kind === 'LESSON_PLAN' || (!kind && who.kinds.length === 1 && who.kinds[0] === 'LESSON_PLAN');
  return {
    nonce: randomBytes(6).toString('base64url'),
    file: { ref: file.ref, name: cleanName(file.name), size: file.size, mime: file.mime },
    kind: kind ?? (who.kinds.length === 1 ? who.kinds[0] : undefined),
    subject: hints.subject,
    grade: lesson ? hints.grade : undefined,
    title: lesson ? fromCaption.title : undefined,
    titleSuggestion: fromCaption.title ?? fromName.title,
    teachingDate: lesson ? hints.teachingDate : undefined,
  };
}

async function advance(turn: Turn, who: SubmitterContext, flow: Flow): Promise<Reply[]> {
  const { inbound, deps } = turn;
  const question = nextQuestion(flow, who, vnDateOf(deps.now()));
  if (question.type === 'ASK') {
    await turn.store.setFlow(inbound.channel, inbound.chatId, turn.staffId, flow, question.step);
    const buttons: ChatButton[][] = question.buttons.map((row) => row.map((b) => ({ text: b.text, data: `f:${flow.nonce}:${b.value}` })));
    return [{ type: 'text', text: `📎 ${flow.file.name}\n${question.text}`, buttons }];
  }
  const ready = question.flow;
  const intake = await deps.db.intake.create({
    data: {
      staffId: turn.staffId, channel: inbound.channel, chatId: inbound.chatId, fileRef: ready.file.ref,
      originalName: ready.file.name, declaredSize: ready.file.size, mimeType: ready.file.mime,
      details: JSON.stringify({
        kind: ready.kind, groupId: ready.groupId ?? null, subgroupId: ready.subgroupId ?? null, subject: ready.subject ?? null,
        grade: ready.grade ?? null, title: ready.title ?? null, teachingDate: ready.teachingDate ?? null,
      }),
    },
  });
  await turn.store.clear(inbound.channel, inbound.chatId);
  await deps.enqueueIntake(intake.id);
  return [{ type: 'text', text: texts.checking(ready.file.name) }];
}

/** A file name is shown back to people only: strip control characters, keep it short. */
function cleanName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.length > 120 ? `${clean.slice(0, 80)}…${clean.slice(-30)}` : clean || 'tệp';
}

