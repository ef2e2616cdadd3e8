// Where each chat is in its conversation, kept in the database so that a flow survives a
// restart of the bot. Stored data is validated on the way back in.
import { z } from 'zod';
import type { Channel } from '../../core/vocabulary.js';
import type { Db } from '../../db/prisma.js';
import { FlowSchema } from './submission-flow.js';

const StateSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CHECKING'), intakeId: z.number().int(), fileName: z.string() }),
  z.object({ type: z.literal('FLOW'), step: z.enum(['RESUBMIT', 'KIND', 'SUBJECT', 'GRADE', 'TITLE', 'DATE']), flow: FlowSchema, intakeId: z.number().int() }),
  z.object({ type: z.literal('RETURN_REASON'), submissionId: z.number().int(), refCode: z.string() }),
]);
export type ConversationState = z.infer<typeof StateSchema>;

export class ConversationStore {
  constructor(private readonly db: Db) {}

  async get(channel: Channel, chatId: string): Promise<ConversationState | null> {
    const row = await this.db.conversation.findUnique({ where: { channel_chatId: { channel, chatId } } });
    if (!row) return null;
    const parsed = StateSchema.safeParse({ type: row.step, ...JSON.parse(row.data) });
    return parsed.success ? parsed.data : null;
  }

  async set(channel: Channel, chatId: string, staffId: number, state: ConversationState): Promise<void> {
    const { type, ...data } = state;
    const fields = { staffId, step: type, data: JSON.stringify(data) };
    await this.db.conversation.upsert({
      where: { channel_chatId: { channel, chatId } },
      update: fields,
      create: { channel, chatId, ...fields },
    });
  }

  async clear(channel: Channel, chatId: string): Promise<boolean> {
    const { count } = await this.db.conversation.deleteMany({ where: { channel, chatId } });
    return count > 0;
  }
}
