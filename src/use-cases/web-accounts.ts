// Web admin accounts: made by the hotline (first one by the CLI) or a school admin for their
// people, with a temporary password given once; the owner must choose their own at first
// sign-in. Resetting a password or deactivating an account signs it out everywhere.
import { AppError } from '../core/app-error.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import { tellStaff } from './tell-staff.js';
import { hashPassword, passwordProblem, temporaryPassword, verifyPassword } from '../infra/password.js';

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export function normaliseUsername(name: string): string {
  return name.trim().toLowerCase();
}

export interface IssuedAccount {
  username: string;
  temporaryPassword: string;
}

export async function createWebAccount(db: Db, input: { staffId: number; username: string; actor: string }): Promise<IssuedAccount> {
  const username = normaliseUsername(input.username);
  if (!USERNAME.test(username)) {
    throw new AppError('INVALID_INPUT', 'Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.');
  }
  const staff = await db.staff.findFirst({ where: { id: input.staffId, active: true }, include: { webAccount: true } });
  if (!staff) throw new AppError('NOT_FOUND', 'Không tìm thấy cán bộ này (hoặc đã ngừng hoạt động).');
  if (staff.webAccount) throw new AppError('CONFLICT', `${staff.fullName} đã có tài khoản "${staff.webAccount.username}".`);
  if (await db.webAccount.findUnique({ where: { username } })) throw new AppError('CONFLICT', `Tên đăng nhập "${username}" đã có người dùng.`);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const account = await tx.webAccount.create({ data: { staffId: staff.id, username, passwordHash, mustChangePassword: true } });
    await audit(tx, { actor: input.actor, action: 'web-account.create', entityType: 'WebAccount', entityId: account.id, details: { username, staffId: staff.id } });
    await tellStaff(tx, { staffId: staff.id, by: input.actor, what: `Một tài khoản trang quản trị web vừa được tạo cho thầy/cô (tên đăng nhập: ${username}); mật khẩu tạm thời do người tạo trao tận tay.` });
  });
  return { username, temporaryPassword: password };
}

export async function resetWebPassword(db: Db, input: { accountId: number; actor: string }): Promise<IssuedAccount> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const account = await db.$transaction(async (tx) => {
    const updated = await tx.webAccount.update({ where: { id: input.accountId }, data: { passwordHash, mustChangePassword: true } });
    await tx.webSession.deleteMany({ where: { accountId: updated.id } });
    await tx.trustedDevice.deleteMany({ where: { accountId: updated.id } });
    await audit(tx, { actor: input.actor, action: 'web-account.reset-password', entityType: 'WebAccount', entityId: updated.id });
    await tellStaff(tx, { staffId: updated.staffId, by: input.actor, what: 'Mật khẩu trang quản trị web của thầy/cô vừa được cấp lại; mọi phiên đăng nhập trước đó đã bị đóng.' });
    return updated;
  });
  return { username: account.username, temporaryPassword: password };
}

export async function setWebAccountActive(db: Db, input: { accountId: number; active: boolean; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const account = await tx.webAccount.update({ where: { id: input.accountId }, data: { active: input.active } });
    if (!input.active) {
      await tx.webSession.deleteMany({ where: { accountId: input.accountId } });
      await tx.trustedDevice.deleteMany({ where: { accountId: input.accountId } });
    }
    await audit(tx, { actor: input.actor, action: input.active ? 'web-account.enable' : 'web-account.disable', entityType: 'WebAccount', entityId: input.accountId });
    await tellStaff(tx, { staffId: account.staffId, by: input.actor, what: input.active ? 'Tài khoản trang quản trị web của thầy/cô vừa được mở lại.' : 'Tài khoản trang quản trị web của thầy/cô vừa bị khóa.' });
  });
}

/** The owner changes their password; every other session of theirs is closed. */
export async function changeOwnPassword(
  db: Db,
  input: { accountId: number; current: string; next: string; keepSessionId: string },
): Promise<void> {
  const account = await db.webAccount.findUniqueOrThrow({ where: { id: input.accountId } });
  if (!(await verifyPassword(input.current, account.passwordHash))) throw new AppError('INVALID_INPUT', 'Mật khẩu hiện tại không đúng.');
  const problem = passwordProblem(input.next, account.username);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  if (input.next === input.current) throw new AppError('INVALID_INPUT', 'Mật khẩu mới phải khác mật khẩu hiện tại.');
  const passwordHash = await hashPassword(input.next);
  await db.$transaction(async (tx) => {
    await tx.webAccount.update({ where: { id: account.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.webSession.deleteMany({ where: { accountId: account.id, id: { not: input.keepSessionId } } });
    await audit(tx, { actor: `web:${account.username}`, action: 'web-account.change-password', entityType: 'WebAccount', entityId: account.id });
  });
}
