// The chat's side of a submission: what a channel can tell at once about a file (its type, its
// size against the channel's limit), then the intake use cases do the rest — receive it
// (src/use-cases/intake/receive-intake.ts), check it in a job, ask, refuse or file it
// (advance-intake.ts). This module only turns their outcomes into replies.
import { hasAllowedExtension } from '../../core/plan-files.js';
import { loadSubmitterContext } from '../../read-models/submitter-context.js';
import { answerIntake } from '../../use-cases/intake/advance-intake.js';
import { receiveIntake } from '../../use-cases/intake/receive-intake.js';
import type { IncomingFile, Reply } from './inbound.js';
import { CHAT_UPLOAD_LINK_HOURS, channelTexts, textOnlyTexts, texts } from './texts.js';
import type { Turn } from './turn.js';

export async function onDocument(turn: Turn, file: IncomingFile, caption: string | undefined): Promise<Reply[]> {
  const { deps, inbound } = turn;
  if (!hasAllowedExtension(file.name)) {
    return [{ type: 'text', text: texts.wrongType(file.name.includes('.') ? (file.name.toLowerCase().split('.').pop() ?? '?') : '?') }];
  }
  if (file.size !== null && file.size > deps.maxDownloadBytes) {
    return [{ type: 'text', text: texts.tooLarge(file.size / 1024 / 1024, await deps.uploadLink(turn.staffId, inbound)) }];
  }
  const received = await receiveIntake(deps.db, { staffId: turn.staffId, channel: inbound.channel, chatId: inbound.chatId, file, caption, now: deps.now() });
  if (received.type === 'noRole') return [{ type: 'text', text: texts.noSubmitRole }];
  if (received.type === 'busy') return [{ type: 'text', text: texts.busyWithFile(received.fileName) }];
  // The intake is recorded: if the queue is down, the sweeper hands it over once it is back.
  await deps.enqueueIntake(received.intakeId).catch((err: Error) => deps.logger.warn({ err: err.message, intakeId: received.intakeId }, 'intake not queued yet'));
  return [{ type: 'text', text: texts.checking(received.fileName) }];
}

/** Channels that cannot hand a file to the bot (Zalo) send people to the upload page instead. */
export async function uploadLinkReply(turn: Turn, note?: string): Promise<Reply[]> {
  const who = await loadSubmitterContext(turn.deps.db, turn.staffId);
  if (!who || who.kinds.length === 0) return [{ type: 'text', text: [note, texts.noSubmitRole].filter(Boolean).join('\n') }];
  const link = await turn.deps.uploadLink(turn.staffId, turn.inbound, CHAT_UPLOAD_LINK_HOURS);
  if (!link) return [{ type: 'text', text: [note, texts.noSubmitRole].filter(Boolean).join('\n') }];
  return [{ type: 'text', text: [note, textOnlyTexts.uploadLink(link)].filter(Boolean).join('\n') }];
}

/** A pressed question button (`f:<nonce>:<value>`) or typed text while the chat is in a submission. */
export async function onFlowAnswer(turn: Turn, input: { button?: string; text?: string }): Promise<Reply[]> {
  const { inbound, deps } = turn;
  const pressed = input.button !== undefined;
  const [, nonce, value] = pressed ? (/^f:([^:]+):(.+)$/.exec(input.button!) ?? []) : [];
  if (pressed && (!nonce || !value)) return [{ type: 'toast', text: texts.staleButton }, { type: 'closeButtons' }];
  const outcome = await answerIntake(deps.db, {
    channel: inbound.channel, chatId: inbound.chatId, staffId: turn.staffId, now: deps.now(),
    button: pressed ? { nonce: nonce!, value: value! } : undefined, text: input.text,
  });
  switch (outcome.type) {
    case 'still-checking':
      return pressed ? [{ type: 'toast', text: texts.stillChecking }] : [{ type: 'text', text: texts.stillChecking }];
    case 'stale':
      return [{ type: 'toast', text: texts.staleButton }, { type: 'closeButtons' }];
    case 'nothing-asked':
      return pressed ? [{ type: 'toast', text: texts.staleButton }, { type: 'closeButtons' }] : [{ type: 'text', text: channelTexts(turn.caps).notUnderstood }];
    case 'invalid':
      return pressed ? [{ type: 'toast', text: outcome.message, alert: true }] : [{ type: 'text', text: outcome.message }];
    case 'moved-on':
      // The teacher chose to split: the intake's job cuts the file (the sweeper would, later).
      if (outcome.next?.requeue) await deps.enqueueIntake(outcome.next.requeue).catch((err: Error) => deps.logger.warn({ err: err.message }, 'intake not queued yet'));
      deps.notifyOutbox();
      return [...(pressed ? [{ type: 'closeButtons' } as const] : []), ...(outcome.next ? [{ type: 'text', text: outcome.next.text, buttons: outcome.next.buttons } as const] : [])];
  }
}
