// A person hands in a file through a chat: the file is recorded as an intake and the chat
// waits for its check ("Đang kiểm tra tệp…"). The intake's job does the rest (check-intake.ts).
import { vnDateOf } from '../../core/calendar.js';
import { isIntakeEnded } from '../../core/intake-state.js';
import type { Channel } from '../../core/vocabulary.js';
import { ConversationStore } from '../../db/conversation-store.js';
import type { Db, DbTx } from '../../db/prisma.js';
import { loadSubmitterContext } from '../../read-models/submitter-context.js';
import { startFlow, type HandedFile } from './flow-start.js';

export type Received = { type: 'received'; intakeId: number; fileName: string } | { type: 'busy'; fileName: string } | { type: 'noRole' };

export interface ReceiveInput {
  staffId: number;
  channel: Channel;
  chatId: string;
  file: HandedFile;
  caption?: string;
  now: Date;
}

/**
 * The file the chat is still busy with, or null when it is free. A chat whose intake has
 * ended (filed, refused, given up — say a crash came between the end and the chat's state)
 * is free: its stale state is mended here, so nobody is ever held by a finished file.
 */
export async function busyWith(db: Db | DbTx, channel: Channel, chatId: string): Promise<string | null> {
  const store = new ConversationStore(db);
  const state = await store.get(channel, chatId);
  if (state?.type !== 'CHECKING' && state?.type !== 'FLOW') return null;
  const intake = await db.intake.findUnique({ where: { id: state.intakeId }, select: { status: true } });
  if (intake && !isIntakeEnded(intake.status)) return state.type === 'FLOW' ? state.flow.file.name : state.fileName;
  await store.clearIntake(channel, chatId, state.intakeId);
  return null;
}

export async function receiveIntake(db: Db, input: ReceiveInput): Promise<Received> {
  const who = await loadSubmitterContext(db, input.staffId);
  if (!who || who.kinds.length === 0) return { type: 'noRole' };
  const flow = startFlow(input.file, input.caption, who, vnDateOf(input.now));
  return db.$transaction(async (tx) => {
    const store = new ConversationStore(tx);
    const state = await store.get(input.channel, input.chatId);
    // The same file again (the platform redelivered an update whose answer a crash cut off): the same intake.
    if (state?.type === 'CHECKING' || state?.type === 'FLOW') {
      const same = await tx.intake.findFirst({ where: { id: state.intakeId, fileRef: input.file.ref, staffId: input.staffId } });
      if (same && !isIntakeEnded(same.status)) return { type: 'received', intakeId: same.id, fileName: same.originalName } as const;
    }
    const busy = await busyWith(tx, input.channel, input.chatId);
    if (busy) return { type: 'busy', fileName: busy } as const;
    const intake = await tx.intake.create({
      data: {
        staffId: input.staffId, channel: input.channel, chatId: input.chatId, fileRef: input.file.ref, originalName: flow.file.name,
        declaredSize: input.file.size, mimeType: input.file.mime, details: JSON.stringify(flow),
      },
    });
    await store.set(input.channel, input.chatId, input.staffId, { type: 'CHECKING', intakeId: intake.id, fileName: flow.file.name });
    return { type: 'received', intakeId: intake.id, fileName: flow.file.name } as const;
  });
}
