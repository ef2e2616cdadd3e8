// Where each chat is in its conversation, kept in the database so that a flow survives a
// restart of the bot. Stored data is validated on the way back in. Works on the client or
// inside a transaction, so that an intake's end and the chat's next state commit together.
import { z } from 'zod';
import { FlowSchema, STEPS } from '../core/submission-flow.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db, DbTx } from './prisma.js';

const StateSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CHECKING'), intakeId: z.number().int(), fileName: z.string() }),
  z.object({ type: z.literal('FLOW'), step: z.enum(STEPS), flow: FlowSchema, intakeId: z.number().int() }),
  z.object({ type: z.literal('RETURN_REASON'), submissionId: z.number().int(), refCode: z.string() }),
]);
export type ConversationState = z.infer<typeof StateSchema>;

export class ConversationStore {
  constructor(private readonly db: Db | DbTx) {}

  async get(channel: Channel, chatId: string): Promise<ConversationState | null> {
    const row = await this.db.conversation.findUnique({ where: { channel_chatId: { channel, chatId } } });
    if (!row) return null;
    const parsed = StateSchema.safeParse({ type: row.step, ...(parseJson(row.data) as object) });
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

  /** Clears the chat's state only while it is about this intake (the chat may have moved on). */
  async clearIntake(channel: Channel, chatId: string, intakeId: number): Promise<void> {
    const state = await this.get(channel, chatId);
    if (state && 'intakeId' in state && state.intakeId === intakeId) await this.clear(channel, chatId);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
