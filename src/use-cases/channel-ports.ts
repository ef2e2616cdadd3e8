// What the use cases need from a chat channel (ports the channels implement): sending a message, opening a file a person sent.
import type { Readable } from 'node:stream';
import type { OutgoingMessage } from './outbox.js';

export type DeliveryOutcome =
  | { status: 'SENT'; externalMessageId: string | null }
  /** The person blocked the bot or never started it (Telegram 403). */
  | { status: 'UNREACHABLE'; error: string }
  /** Try again later (network, 5xx, 429 with its retry_after). */
  | { status: 'RETRY'; error: string; retryAfterMs?: number }
  /** The platform refused the message itself; retrying cannot help. */
  | { status: 'FAILED'; error: string };

export interface ChannelSender {
  /** `target`: for an edit, the earlier message and its kind (text or document). */
  send(chatId: string, message: OutgoingMessage, target?: { externalMessageId: string; type: string }, recipient?: { staffId: number | null }): Promise<DeliveryOutcome>;
}

export interface FileSource {
  /** Opens a file the user sent, by the platform's file reference. */
  open(fileRef: string): Promise<Readable>;
}
