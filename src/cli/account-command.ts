// Web admin accounts from the command line: the first hotline account is made here, and a
// locked-out hotline member can be given a new temporary password.
import { AppError } from '../core/app-error.js';
import type { Db } from '../db/prisma.js';
import { createWebAccount, normaliseUsername, resetWebPassword } from '../use-cases/web-accounts.js';
import { findStaffByPhoneOrCode } from '../use-cases/issue-link-code.js';

export async function runCreateAccount(db: Db, key: string, username: string | undefined, publicUrl: string): Promise<string[]> {
  const staff = await findStaffByPhoneOrCode(db, key);
  const issued = await createWebAccount(db, { staffId: staff.id, username: username ?? staff.code, actor: 'cli' });
  return describe(`Đã tạo tài khoản web cho ${staff.fullName} (${staff.code}).`, issued, publicUrl);
}

export async function runResetPassword(db: Db, username: string, publicUrl: string): Promise<string[]> {
  const account = await db.webAccount.findUnique({ where: { username: normaliseUsername(username) }, include: { staff: true } });
  if (!account) throw new AppError('NOT_FOUND', `Không có tài khoản web "${username}".`);
  const issued = await resetWebPassword(db, { accountId: account.id, actor: 'cli' });
  return describe(`Đã cấp lại mật khẩu cho ${account.staff.fullName}; mọi phiên đăng nhập cũ đã bị đóng.`, issued, publicUrl);
}

function describe(headline: string, issued: { username: string; temporaryPassword: string }, publicUrl: string): string[] {
  return [
    headline,
    `  Địa chỉ:        ${publicUrl}/login`,
    `  Tên đăng nhập:  ${issued.username}`,
    `  Mật khẩu tạm:   ${issued.temporaryPassword}`,
    'Mật khẩu tạm chỉ hiện một lần; lần đăng nhập đầu tiên hệ thống sẽ yêu cầu đặt mật khẩu mới.',
  ];
}
