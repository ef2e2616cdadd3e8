// The assistant's conversation, written once for every chat channel: who is writing, what
// they want, and what to answer. Adapters call `handleInbound` with a translated update.
import { isAppError } from '../../core/app-error.js';
import type { Channel } from '../../core/vocabulary.js';
import type { Db } from '../../db/prisma.js';
import { describeProfile, loadStaffProfile } from '../../read-models/staff-profile.js';
import { looksLikeLinkCode } from '../../use-cases/issue-link-code.js';
import { linkByCode, linkByPhone, staffOfChat } from '../../use-cases/link-chat.js';
import { ConversationStore } from '../../db/conversation-store.js';
import { cancelChat } from '../../use-cases/intake/end-intake.js';
import { splitTexts } from '../../use-cases/intake/split-texts.js';
import { floodNotice } from './flood-guard.js';
import type { ChannelCapabilities, Inbound, Reply } from './inbound.js';
import { myStatus } from './status-dialog.js';
import { onDecisionText, onReviewButton, onReturnReason, pendingReviews } from './review-dialog.js';
import { onDocument, onFlowAnswer, uploadLinkReply } from './submission-dialog.js';
import { channelTexts, textOnlyTexts, texts } from './texts.js';
import type { ConversationDeps, Turn } from './turn.js';

export type { ConversationDeps, Turn } from './turn.js';

/** Handles one update once; returns the replies to send in the same chat. */
export async function handleInbound(deps: ConversationDeps, inbound: Inbound, caps: ChannelCapabilities): Promise<Reply[]> {
  if (!(await claimUpdate(deps.db, inbound))) return [];
  const replies = await handleClaimed(deps, inbound, caps);
  await markDone(deps.db, inbound);
  return replies;
}

async function handleClaimed(deps: ConversationDeps, inbound: Inbound, caps: ChannelCapabilities): Promise<Reply[]> {
  // After the claim: a dropped event stays recorded as processed, and a redelivery is not counted twice.
  const flood = (await deps.floodGuard?.check(inbound)) ?? { type: 'allow' };
  if (flood.type === 'drop') return [];
  if (flood.type === 'refuse') return replyForError(inbound, floodNotice(flood.waitMs));
  try {
    return await respond(deps, inbound, caps);
  } catch (error) {
    if (isAppError(error)) return replyForError(inbound, error.userMessage);
    // Let a redelivery of this update try again.
    await deps.db.processedUpdate.deleteMany({ where: { channel: inbound.channel, updateId: inbound.updateId } });
    throw error;
  }
}

async function respond(deps: ConversationDeps, inbound: Inbound, caps: ChannelCapabilities): Promise<Reply[]> {
  const { event } = inbound;
  const account = { channel: inbound.channel, externalUserId: inbound.externalUserId, chatId: inbound.chatId };
  if (event.type === 'start' && event.payload) return greet(deps.db, caps, await linkByCode(deps.db, account, event.payload, deps.now()));
  if (event.type === 'contact') {
    if (!event.ownContact) return [{ type: 'text', text: texts.notOwnContact, askContact: true }];
    return greet(deps.db, caps, await linkByPhone(deps.db, account, event.phone));
  }
  const staffId = await staffOfChat(deps.db, inbound.channel, inbound.externalUserId);
  if (staffId === null) return unlinked(deps, inbound, caps);
  await touchIdentity(deps.db, inbound);
  const turn: Turn = { deps, store: new ConversationStore(deps.db), inbound, caps, staffId };
  return route(turn);
}

async function route(turn: Turn): Promise<Reply[]> {
  const { event } = turn.inbound;
  const words = channelTexts(turn.caps);
  switch (event.type) {
    case 'start':
      return greet(turn.deps.db, turn.caps, turn.staffId, true);
    case 'command':
      return onCommand(turn, event.command);
    case 'document':
      return onDocument(turn, event.file, event.caption);
    case 'button':
      return event.data.startsWith('d:') ? onReviewButton(turn, event.data) : onFlowAnswer(turn, { button: event.data });
    case 'text':
      return onText(turn, event.text);
    case 'decide':
      return onDecisionText(turn, event);
    case 'attachment':
      return uploadLinkReply(turn, textOnlyNote);
    case 'photo':
      return [{ type: 'text', text: words.photo }];
    default:
      return [{ type: 'text', text: words.unsupported }];
  }
}

async function onCommand(turn: Turn, command: string): Promise<Reply[]> {
  switch (command) {
    case 'cancel': {
      const state = await turn.store.get(turn.inbound.channel, turn.inbound.chatId);
      const had = await cancelChat(turn.deps.db, turn.inbound.channel, turn.inbound.chatId);
      // A file being split says that none of its lessons was filed, and how to go on.
      const split = state?.type === 'FLOW' && state.flow.split ? splitTexts.cancelled(state.flow.file.name, !turn.caps.buttons) : null;
      return [{ type: 'text', text: had ? (split ?? texts.cancelled) : texts.nothingToCancel, removeKeyboard: true }];
    }
    case 'submit':
      return turn.caps.documents ? [{ type: 'text', text: texts.submitHowTo }] : uploadLinkReply(turn);
    case 'status':
      return myStatus(turn);
    case 'pending':
      return pendingReviews(turn);
    default:
      return [{ type: 'text', text: channelTexts(turn.caps).help }];
  }
}

async function onText(turn: Turn, text: string): Promise<Reply[]> {
  const state = await turn.store.get(turn.inbound.channel, turn.inbound.chatId);
  if (state?.type === 'RETURN_REASON') return onReturnReason(turn, state, text);
  if (state?.type === 'FLOW' || state?.type === 'CHECKING') return onFlowAnswer(turn, { text });
  return [{ type: 'text', text: channelTexts(turn.caps).notUnderstood }];
}

async function unlinked(deps: ConversationDeps, inbound: Inbound, caps: ChannelCapabilities): Promise<Reply[]> {
  const { event } = inbound;
  const account = { channel: inbound.channel, externalUserId: inbound.externalUserId, chatId: inbound.chatId };
  if (event.type === 'text' && looksLikeLinkCode(event.text)) return greet(deps.db, caps, await linkByCode(deps.db, account, event.text, deps.now()));
  const notLinked = channelTexts(caps).notLinked;
  if (event.type === 'button') return [{ type: 'toast', text: notLinked, alert: true }];
  if (event.type === 'start') {
    return [caps.contactSharing ? { type: 'text', text: texts.askContact, askContact: true } : { type: 'text', text: texts.askCode }];
  }
  return [{ type: 'text', text: notLinked }];
}

async function greet(db: Db, caps: ChannelCapabilities, staffId: number, again = false): Promise<Reply[]> {
  const profile = await loadStaffProfile(db, staffId);
  const head = again ? 'Tài khoản chat này đang liên kết với:' : '✅ Đã liên kết tài khoản thành công!';
  return [{ type: 'text', text: `${head}\n${describeProfile(profile)}\n\n${channelTexts(caps).help}`, removeKeyboard: true }];
}

const textOnlyNote = textOnlyTexts.fileNotReceived;

/** Claims older than this were made by an earlier process. */
const processStartedAt = new Date();
/**
 * An unfinished claim older than this is abandoned whoever made it: longer than any handler
 * runs (telegraf's handlerTimeout is 30 s), so a process still at work is never overtaken.
 */
export const CLAIM_LEASE_MS = 90_000;
/** How long a redelivery waits for the copy handling it now before asking to be sent again. */
const WAIT_FOR_OTHER_MS = 10_000;

/**
 * The update is being handled by another process (or another request) right now and did not
 * finish while we waited: the platform should deliver it again later (webhook 503), when it is
 * either done (and skipped) or abandoned (and taken over).
 */
export class UpdateInProgress extends Error {
  override name = 'UpdateInProgress';
}

/**
 * Claims the update for this process; false if it is handled already (a redelivery). Several
 * bot processes may receive the same update at once (a webhook retried to another copy): one
 * creates the claim; the others wait for it to be done, then skip it. An unfinished claim is
 * taken over — conditionally, so one redelivery wins — when it was made before this process
 * started (left by a process that died while handling it: kill -9, power cut) or is older than
 * the lease (left by another copy that died). While it is live elsewhere, UpdateInProgress.
 */
async function claimUpdate(db: Db, inbound: Inbound): Promise<boolean> {
  const update = { channel: inbound.channel, updateId: inbound.updateId };
  const giveUpAt = Date.now() + WAIT_FOR_OTHER_MS;
  for (;;) {
    try {
      await db.processedUpdate.create({ data: update });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') throw error;
    }
    const abandoned = { lt: new Date(Date.now() - CLAIM_LEASE_MS) };
    const stale = { OR: [{ processedAt: { lt: processStartedAt } }, { processedAt: abandoned }] };
    const { count } = await db.processedUpdate.updateMany({ where: { ...update, doneAt: null, ...stale }, data: { processedAt: new Date() } });
    if (count === 1) return true;
    const row = await db.processedUpdate.findUnique({ where: { channel_updateId: update }, select: { doneAt: true } });
    if (row?.doneAt) return false;
    if (row && Date.now() > giveUpAt) throw new UpdateInProgress(`${inbound.channel} update ${inbound.updateId} is being handled elsewhere`);
    if (row) await new Promise((r) => setTimeout(r, 100));
    // No row: its handler failed and let it go; claim it again.
  }
}

async function markDone(db: Db, inbound: Inbound): Promise<void> {
  await db.processedUpdate.updateMany({ where: { channel: inbound.channel, updateId: inbound.updateId }, data: { doneAt: new Date() } });
}

async function touchIdentity(db: Db, inbound: Inbound): Promise<void> {
  await db.chatIdentity.update({
    where: { channel_externalUserId: { channel: inbound.channel, externalUserId: inbound.externalUserId } },
    data: { lastUsedAt: new Date(), chatId: inbound.chatId },
  });
}

function replyForError(inbound: Inbound, message: string): Reply[] {
  return inbound.event.type === 'button' ? [{ type: 'toast', text: message.slice(0, 200), alert: true }] : [{ type: 'text', text: message }];
}
