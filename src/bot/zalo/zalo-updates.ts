// Zalo updates → the conversation's channel-neutral events. Zalo has no update id: a message
// id identifies an update, so a redelivered webhook or poll is recognised.
import { z } from 'zod';
import type { Inbound, InboundEvent } from '../conversation/inbound.js';
import { textEvent } from '../conversation/text-commands.js';

/** What a Zalo update must look like before anything reads it; anything else is ignored. */
export const ZaloUpdateSchema = z.object({
  event_name: z.string().max(100),
  message: z.object({
    message_id: z.union([z.string().min(1).max(200), z.number()]).transform(String),
    chat: z.object({ id: z.union([z.string().min(1).max(200), z.number()]).transform(String), chat_type: z.string().optional() }),
    from: z.object({ id: z.union([z.string().min(1).max(200), z.number()]).transform(String), is_bot: z.boolean().optional() }).passthrough(),
    text: z.string().max(10_000).optional(),
  }).passthrough(),
});
export type ParsedZaloUpdate = z.infer<typeof ZaloUpdateSchema>;

export function inboundOfZalo(raw: unknown): Inbound | null {
  const parsed = ZaloUpdateSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { event_name: name, message: m } = parsed.data;
  // The assistant works in private chats only, and never answers bots.
  if ((m.chat.chat_type ?? 'PRIVATE').toUpperCase() !== 'PRIVATE' || m.from.is_bot) return null;
  return { channel: 'ZALO', externalUserId: m.from.id, chatId: m.chat.id, updateId: m.message_id, event: eventOf(name, m.text) };
}

function eventOf(name: string, text: string | undefined): InboundEvent {
  switch (name) {
    case 'message.text.received':
      return text?.trim() ? textEvent(text, { bareWords: true }) : { type: 'other' };
    case 'message.image.received':
      return { type: 'photo' };
    // A file (or anything else Zalo does not hand to bots) arrives as "unsupported".
    case 'message.unsupported.received':
      return { type: 'attachment' };
    default:
      return { type: 'other' };
  }
}
