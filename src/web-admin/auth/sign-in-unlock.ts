// The owner lifts a sign-in lock themselves: a six-digit code goes to the Telegram or Zalo
// chats linked to the account, and typed on the sign-in page it unlocks the username and
// trusts that browser. The code alone signs nobody in (the password is still needed), so a
// stranger who asks for one only sends the owner a message they can ignore — at most one a
// minute. Five wrong codes spend it. Requests, unlocks and refusals are audited.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../core/vocabulary.js';
import { audit } from '../../db/audit.js';
import type { Db } from '../../db/prisma.js';
import { queueForChat } from '../../use-cases/outbox.js';
import { unlockUser } from '../../use-cases/web-auth/sign-in-throttle.js';

export const UNLOCK_CODE_MINUTES = 10;
const RESEND_AFTER_MS = 60_000;
const MAX_TRIES = 5;

function hashOf(accountId: number, code: string): Buffer {
  return createHash('sha256').update(`${accountId}:${code}`).digest();
}

/**
 * Sends a new code to the account's linked chats. The answer never says whether the username
 * exists or has a chat (the page says the same either way); the result is for tests and logs.
 */
export async function sendUnlockCode(db: Db, input: { username: string; address: string; now: Date }): Promise<'sent' | 'no-account' | 'no-chat' | 'too-soon'> {
  const { now } = input;
  const account = input.username ? await db.webAccount.findUnique({ where: { username: input.username }, include: { staff: { select: { id: true, active: true } } } }) : null;
  if (!account || !account.active || !account.staff.active) return 'no-account';
  const chats = await db.chatIdentity.findMany({ where: { staffId: account.staffId, unreachableAt: null } });
  if (chats.length === 0) return 'no-chat';
  const previous = await db.signInUnlockCode.findUnique({ where: { accountId: account.id } });
  if (previous && now.getTime() - previous.sentAt.getTime() < RESEND_AFTER_MS) return 'too-soon';
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + UNLOCK_CODE_MINUTES * 60_000);
  const text = `Mã mở khóa đăng nhập trang quản trị web: ${code}\nMã có hiệu lực ${UNLOCK_CODE_MINUTES} phút. Nhập mã trên trang đăng nhập để mở khóa tài khoản ${account.username}, rồi đăng nhập bằng mật khẩu của thầy/cô.\nNếu thầy/cô không yêu cầu mã này, hãy bỏ qua tin nhắn: chỉ có mã thì không ai đăng nhập được. Nếu tin này lặp lại nhiều lần, xin báo tổ hỗ trợ của Sở.`;
  await db.$transaction(async (tx) => {
    const data = { codeHash: hashOf(account.id, code).toString('hex'), expiresAt, attempts: 0, sentAt: now };
    await tx.signInUnlockCode.upsert({ where: { accountId: account.id }, create: { accountId: account.id, ...data }, update: data });
    for (const chat of chats) {
      await queueForChat(tx, {
        channel: chat.channel as Channel, chatId: chat.chatId, staffId: account.staffId,
        key: `unlock:${account.id}:${now.getTime()}:${chat.id}`, message: { type: 'text', text }, asked: true,
      });
    }
    await audit(tx, { actor: `web:${account.username}`, action: 'web.unlock-code.send', entityType: 'WebAccount', entityId: account.id, details: { address: input.address, chats: chats.length } });
  });
  return 'sent';
}

export type RedeemResult = { ok: true; accountId: number; wasLocked: boolean } | { ok: false; message: string };

/** Checks a typed code; the right one unlocks the username (the caller trusts the browser). */
export async function redeemUnlockCode(db: Db, input: { username: string; code: string; address: string; now: Date }): Promise<RedeemResult> {
  const { now } = input;
  const again = 'Hãy bấm "Gửi lại mã" để nhận mã mới.';
  const account = input.username ? await db.webAccount.findUnique({ where: { username: input.username } }) : null;
  const row = account ? await db.signInUnlockCode.findUnique({ where: { accountId: account.id } }) : null;
  if (!account || !row || row.expiresAt <= now) return { ok: false, message: `Mã không đúng hoặc đã hết hạn. ${again}` };
  if (row.attempts >= MAX_TRIES) return { ok: false, message: `Đã nhập sai mã quá nhiều lần. ${again}` };
  const typed = input.code.replace(/\s+/g, '');
  const right = /^\d{6}$/.test(typed) && timingSafeEqual(hashOf(account.id, typed), Buffer.from(row.codeHash, 'hex'));
  if (!right) {
    await db.signInUnlockCode.update({ where: { accountId: account.id }, data: { attempts: { increment: 1 } } });
    return { ok: false, message: `Mã không đúng. Thầy/cô còn ${Math.max(0, MAX_TRIES - row.attempts - 1)} lần nhập; hoặc ${again.toLowerCase()}` };
  }
  const wasLocked = await db.$transaction(async (tx) => {
    await tx.signInUnlockCode.delete({ where: { accountId: account.id } });
    const locked = await unlockUser(tx, account.username, now);
    await audit(tx, { actor: `web:${account.username}`, action: 'web.sign-in-unlock', entityType: 'WebAccount', entityId: account.id, details: { via: 'chat-code', wasLocked: locked, address: input.address } });
    return locked;
  });
  return { ok: true, accountId: account.id, wasLocked };
}
