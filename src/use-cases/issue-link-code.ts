// One-time codes that link a chat account to a staff member (R2). The code is shown once;
// only its hash is kept. Issuing a new code retires the person's unused older ones.
import { createHash, randomInt } from 'node:crypto';
import { AppError } from '../core/app-error.js';
import { normalisePhone } from '../core/phone.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import { tellStaff } from './tell-staff.js';

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. Fits a deep-link payload. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;
export const DEFAULT_LINK_CODE_HOURS = 72;

export function hashLinkCode(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

export function looksLikeLinkCode(text: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LINK_CODE_LENGTH}}$`).test(text.trim().toUpperCase());
}

export interface IssuedLinkCode {
  code: string;
  expiresAt: Date;
  staff: { id: number; code: string; fullName: string };
}

export async function issueLinkCode(
  db: Db,
  input: { staffId: number; issuedBy: string; hours?: number; now?: Date },
): Promise<IssuedLinkCode> {
  const now = input.now ?? new Date();
  const staff = await db.staff.findFirst({ where: { id: input.staffId, active: true } });
  if (!staff) throw new AppError('NOT_FOUND', 'Không tìm thấy cán bộ, giáo viên này (hoặc đã ngừng hoạt động).');
  const code = Array.from({ length: LINK_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = new Date(now.getTime() + (input.hours ?? DEFAULT_LINK_CODE_HOURS) * 3_600_000);
  await db.$transaction(async (tx) => {
    await tx.linkCode.updateMany({ where: { staffId: staff.id, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.linkCode.create({ data: { codeHash: hashLinkCode(code), staffId: staff.id, expiresAt, issuedBy: input.issuedBy } });
    await audit(tx, { actor: input.issuedBy, action: 'link-code.issue', entityType: 'Staff', entityId: staff.id });
    // Whoever holds the code can link another chat account in this person's name.
    await tellStaff(tx, { staffId: staff.id, by: input.issuedBy, what: 'Một mã liên kết chat mới vừa được cấp cho thầy/cô; các mã cũ chưa dùng không còn hiệu lực. Ai có mã này có thể liên kết một tài khoản chat khác dưới tên thầy/cô.' });
  });
  return { code, expiresAt, staff: { id: staff.id, code: staff.code, fullName: staff.fullName } };
}

/** Finds a staff member by phone number or staff code, as the hotline types it. */
export async function findStaffByPhoneOrCode(db: Db, key: string) {
  const phone = normalisePhone(key);
  const staff =
    (phone ? await db.staff.findUnique({ where: { phone } }) : null) ??
    (await db.staff.findUnique({ where: { code: key.trim() } }));
  if (!staff) throw new AppError('NOT_FOUND', `Không có ai có số điện thoại hoặc mã cán bộ "${key}".`);
  return staff;
}
