// Single-use links to the web upload page, bound to one person and to the chat that asked
// for them (where the confirmation goes). The token is 256 random bits; only its hash is kept.
import { channelOf } from '../core/vocabulary.js';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../core/app-error.js';
import type { Channel } from '../core/vocabulary.js';
import type { Db } from '../db/prisma.js';

export const UPLOAD_LINK_HOURS = 24;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueUploadLink(
  db: Db,
  input: { staffId: number; channel: Channel; chatId: string; publicUrl: string; hours?: number; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  await db.uploadLink.create({
    data: {
      tokenHash: hash(token), staffId: input.staffId, channel: input.channel, chatId: input.chatId,
      expiresAt: new Date(now.getTime() + (input.hours ?? UPLOAD_LINK_HOURS) * 3_600_000),
    },
  });
  return new URL(`/u/${token}`, input.publicUrl).toString();
}

export interface OpenUploadLink {
  id: number;
  staffId: number;
  channel: Channel;
  chatId: string;
}

/** A link already spent (also when two uploads race for it): one sentence, with what to do next. */
export const LINK_USED = 'Liên kết này đã được dùng để nộp hồ sơ. Mỗi liên kết chỉ dùng một lần; vui lòng xin liên kết mới từ trợ lý.';

/** The link behind a token, if it may still be used. */
export async function openUploadLink(db: Db, token: string, now = new Date()): Promise<OpenUploadLink> {
  const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await db.uploadLink.findUnique({ where: { tokenHash: hash(token) } }) : null;
  if (!link) throw new AppError('NOT_FOUND', 'Liên kết tải tệp không đúng. Vui lòng xin liên kết mới từ trợ lý.');
  if (link.usedAt) throw new AppError('CONFLICT', LINK_USED);
  if (link.expiresAt <= now) throw new AppError('CONFLICT', 'Liên kết này đã hết hạn. Vui lòng xin liên kết mới từ trợ lý.');
  return { id: link.id, staffId: link.staffId, channel: channelOf(link.channel), chatId: link.chatId };
}

/** Marks the link used; false if another request used it first. */
export async function consumeUploadLink(db: Db, id: number, now = new Date()): Promise<boolean> {
  const { count } = await db.uploadLink.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  return count === 1;
}

/** Gives a consumed link back when the upload it carried was refused, so the user can retry. */
export async function releaseUploadLink(db: Db, id: number): Promise<void> {
  await db.uploadLink.update({ where: { id }, data: { usedAt: null } });
}
