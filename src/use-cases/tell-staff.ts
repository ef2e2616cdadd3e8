// Changes to a person's rights and credentials made by someone else are told to that person
// in their chat, in the same transaction as the change (through the outbox): a role given or
// taken, a password reset, an account created or closed, a new link code. Whoever took over
// an account, or gave themselves a role, cannot do it unnoticed by its owner.
import { randomUUID } from 'node:crypto';
import type { DbTx } from '../db/prisma.js';
import { queueForStaff } from './outbox.js';

const REPORT = 'Nếu thầy/cô không biết về thay đổi này, xin báo ngay người quản trị phần mềm của trường hoặc tổ hỗ trợ của Sở.';

/** Who made a change, as the person told about it knows them (`web:<username>` → their name). */
export async function changerName(tx: DbTx, by: string): Promise<string> {
  if (by.startsWith('web:')) {
    const account = await tx.webAccount.findUnique({ where: { username: by.slice(4) }, include: { staff: { select: { fullName: true } } } });
    if (account) return account.staff.fullName;
  }
  return 'tổ hỗ trợ của Sở';
}

/**
 * Queues the notice for the person's chat (the one they used last). Sent at once, quiet hours
 * or not: it is about their own account, and now is when they can still react. False when
 * the person has linked no chat.
 */
export async function tellStaff(tx: DbTx, input: { staffId: number; by: string; what: string }): Promise<boolean> {
  const who = await changerName(tx, input.by);
  const text = `${input.what}\nNgười thực hiện: ${who}.\n${REPORT}`;
  const queued = await queueForStaff(tx, { staffId: input.staffId, key: `notice:${randomUUID()}`, message: { type: 'text', text }, asked: true });
  return queued !== null;
}
