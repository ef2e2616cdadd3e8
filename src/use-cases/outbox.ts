// Messages are written to the outbox inside the transaction of the change they report, and
// delivered after commit by the delivery job: a crash never sends news of something that did
// not happen, nor loses news of something that did.
import { channelOf } from '../core/vocabulary.js';
import { z } from 'zod';
import type { Channel } from '../core/vocabulary.js';
import { readStoredJson } from '../db/stored-json.js';
import type { Db, DbTx } from '../db/prisma.js';

export interface ChatButton {
  text: string;
  /** Opaque callback data (≤ 64 bytes): looked up, never trusted. */
  data: string;
}

export type OutgoingMessage =
  | { type: 'text'; text: string; buttons?: ChatButton[][] }
  /** A file: by the platform's own reference when it came through that platform, else from our store. */
  | {
      type: 'document';
      fileRef?: string;
      stored?: { sha256: string; name: string };
      caption: string;
      buttons?: ChatButton[][];
      /** The version this file is: channels that cannot send files (Zalo) link to its review page instead. */
      plan?: { submissionId: number; refCode: string };
    }
  /** Replaces the text of a message sent earlier from the outbox, and removes its buttons. */
  | { type: 'edit'; outboxId: number; text: string };

const ButtonRows = z.array(z.array(z.object({ text: z.string(), data: z.string() })));
/** The stored payload, checked when read back (loose: fields added by a newer release pass through). */
const OutgoingMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string(), buttons: ButtonRows.optional() }),
  z.looseObject({
    type: z.literal('document'), fileRef: z.string().optional(), stored: z.object({ sha256: z.string(), name: z.string() }).optional(),
    caption: z.string(), buttons: ButtonRows.optional(), plan: z.object({ submissionId: z.number().int(), refCode: z.string() }).optional(),
  }),
  z.looseObject({ type: z.literal('edit'), outboxId: z.number().int(), text: z.string() }),
]);

/** An outbox row's payload as a message; throws (naming the row) when it is not one. */
export function storedMessage(payload: string, outboxId: number): OutgoingMessage {
  return readStoredJson(OutgoingMessageSchema, payload, `OutboxMessage ${outboxId}`) as OutgoingMessage;
}

/**
 * Queues a message for a staff member on the chat they used last. Returns the outbox row id,
 * or null when the person has linked no chat (they cannot be reached; callers may say so).
 */
export async function queueForStaff(
  tx: DbTx,
  input: {
    staffId: number;
    key: string;
    /** A function when the wording depends on the channel (known only here): see channel-words.ts. */
    message: OutgoingMessage | ((channel: Channel) => OutgoingMessage);
    notBefore?: Date;
    asked?: boolean;
    bulk?: boolean;
  },
): Promise<{ id: number; channel: Channel; chatId: string } | null> {
  const identity = await tx.chatIdentity.findFirst({ where: { staffId: input.staffId }, orderBy: { lastUsedAt: 'desc' } });
  if (!identity) return null;
  const channel = channelOf(identity.channel);
  const message = typeof input.message === 'function' ? input.message(channel) : input.message;
  return queueForChat(tx, { ...input, message, channel, chatId: identity.chatId });
}

export async function queueForChat(
  tx: DbTx | Db,
  input: {
    channel: Channel;
    chatId: string;
    staffId?: number;
    key: string;
    message: OutgoingMessage;
    notBefore?: Date;
    /** A reply to what the person just did: not held back by quiet hours. */
    asked?: boolean;
    /**
     * Nobody is waiting for it right now (admin notices and the like): delivered behind replies,
     * review requests and decisions. Scheduled rounds are bulk too (written in run-due-work).
     */
    bulk?: boolean;
  },
): Promise<{ id: number; channel: Channel; chatId: string }> {
  const row = await tx.outboxMessage.upsert({
    where: { idempotencyKey: input.key },
    update: {},
    create: {
      idempotencyKey: input.key,
      channel: input.channel,
      chatId: input.chatId,
      staffId: input.staffId ?? null,
      payload: JSON.stringify(input.message),
      notBefore: input.notBefore ?? new Date(),
      // Edits change a message already received; they ring no phone.
      respectQuietHours: !input.asked && input.message.type !== 'edit',
      bulk: input.bulk ?? false,
    },
  });
  return { id: row.id, channel: input.channel, chatId: input.chatId };
}
