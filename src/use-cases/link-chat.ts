// Links a chat account to a staff member (R2): by a one-time code, or on Telegram by the
// user's own phone number. One chat account per person per channel and one person per chat
// account: linking again moves the link.
import { AppError } from '../core/app-error.js';
import { normalisePhone } from '../core/phone.js';
import type { Channel } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import { lockRow } from '../db/concurrency.js';
import type { Db, DbTx } from '../db/prisma.js';
import { hashLinkCode } from './issue-link-code.js';

export interface ChatAccount {
  channel: Channel;
  externalUserId: string;
  chatId: string;
}

const ASK_ADMIN = 'Thầy/cô vui lòng liên hệ giáo viên quản trị phần mềm của trường để được cấp mã liên kết.';

export async function linkByCode(db: Db, account: ChatAccount, code: string, now = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    const row = await tx.linkCode.findUnique({ where: { codeHash: hashLinkCode(code) }, include: { staff: true } });
    if (!row || !row.staff.active) throw new AppError('NOT_FOUND', `Mã liên kết không đúng. ${ASK_ADMIN}`);
    if (row.usedAt) throw new AppError('CONFLICT', `Mã liên kết này đã được sử dụng. ${ASK_ADMIN}`);
    if (row.expiresAt <= now) throw new AppError('CONFLICT', `Mã liên kết này đã hết hạn. ${ASK_ADMIN}`);
    // Conditional update: of two chats racing with one code, only one marks it used.
    const used = await tx.linkCode.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (used.count !== 1) throw new AppError('CONFLICT', `Mã liên kết này đã được sử dụng. ${ASK_ADMIN}`);
    await attach(tx, account, row.staffId, 'code');
    return row.staffId;
  });
}

export async function linkByPhone(db: Db, account: ChatAccount, rawPhone: string): Promise<number> {
  const phone = normalisePhone(rawPhone);
  const staff = phone ? await db.staff.findFirst({ where: { phone, active: true } }) : null;
  if (!staff) {
    throw new AppError('NOT_FOUND', `Số điện thoại ${phone ?? rawPhone} chưa có trong danh sách cán bộ, giáo viên. ${ASK_ADMIN}`);
  }
  await db.$transaction((tx) => attach(tx, account, staff.id, 'phone'));
  return staff.id;
}

async function attach(tx: DbTx, account: ChatAccount, staffId: number, how: 'code' | 'phone'): Promise<void> {
  // Two chats linking one person at once take turns (PostgreSQL): the second moves the link.
  await lockRow(tx, 'Staff', 'id', staffId);
  await tx.chatIdentity.deleteMany({
    where: {
      channel: account.channel,
      OR: [{ externalUserId: account.externalUserId }, { staffId }],
    },
  });
  await tx.chatIdentity.create({
    data: { channel: account.channel, externalUserId: account.externalUserId, chatId: account.chatId, staffId },
  });
  await audit(tx, {
    actor: `staff:${staffId}`,
    action: `chat.link.${how}`,
    entityType: 'Staff',
    entityId: staffId,
    details: { channel: account.channel, externalUserId: account.externalUserId },
  });
}

/** The staff member linked to a chat account, if any; marks the channel as last used. */
export async function staffOfChat(db: Db, channel: Channel, externalUserId: string): Promise<number | null> {
  const identity = await db.chatIdentity.findUnique({
    where: { channel_externalUserId: { channel, externalUserId } },
    include: { staff: { select: { active: true } } },
  });
  if (!identity || !identity.staff.active) return null;
  return identity.staffId;
}
