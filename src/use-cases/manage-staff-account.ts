// A person's web admin account, handled by whoever manages the person: created with a
// temporary password (username defaults to the staff code), password reset, disabled or
// enabled. Nobody handles their own account here: they use "Đổi mật khẩu".
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import { unlockUser } from './web-auth/sign-in-throttle.js';
import { tellStaff } from './tell-staff.js';
import { ActiveChange, forbidden, parseInput, type Changer } from './admin-change.js';
import { manageableStaff } from './manage-staff.js';
import { createWebAccount, resetWebPassword, setWebAccountActive, type IssuedAccount } from './web-accounts.js';

const NewAccount = z.object({ username: z.string().optional().transform((s) => s?.trim() ?? '') });

export async function createStaffAccount(db: Db, changer: Changer, staffId: number, input: unknown): Promise<IssuedAccount> {
  const staff = await otherManageableStaff(db, changer, staffId);
  if (!staff.active) throw new AppError('CONFLICT', 'Người này đang ngừng hoạt động: hãy kích hoạt lại trước khi tạo tài khoản.');
  const { username } = parseInput(NewAccount, input);
  return createWebAccount(db, { staffId: staff.id, username: username || staff.code.toLowerCase(), actor: changer.by });
}

export async function resetStaffPassword(db: Db, changer: Changer, staffId: number): Promise<IssuedAccount> {
  const account = await accountOf(db, changer, staffId);
  return resetWebPassword(db, { accountId: account.id, actor: changer.by });
}

export async function setStaffAccountActive(db: Db, changer: Changer, staffId: number, input: unknown): Promise<boolean> {
  const account = await accountOf(db, changer, staffId);
  const { active } = parseInput(ActiveChange, input);
  if (account.active === active) return active;
  if (active && !account.staff.active) throw new AppError('CONFLICT', 'Người này đang ngừng hoạt động: hãy kích hoạt lại người này trước.');
  await setWebAccountActive(db, { accountId: account.id, active, actor: changer.by });
  return active;
}

async function otherManageableStaff(db: Db, changer: Changer, staffId: number) {
  const staff = await manageableStaff(db, changer, staffId);
  if (staff.id === changer.actor.staffId) throw forbidden('Tài khoản của chính mình: hãy dùng trang "Đổi mật khẩu".');
  return staff;
}

async function accountOf(db: Db, changer: Changer, staffId: number) {
  const staff = await otherManageableStaff(db, changer, staffId);
  const account = await db.webAccount.findUnique({ where: { staffId: staff.id }, include: { staff: { select: { active: true } } } });
  if (!account) throw new AppError('NOT_FOUND', 'Người này chưa có tài khoản web.');
  return account;
}

/**
 * Lifts the person's sign-in lock (their username's, from too many wrong passwords): whoever
 * manages the account may, for an owner kept out by a stranger's guesses. Audited, and told.
 */
export async function unlockStaffSignIn(db: Db, changer: Changer, staffId: number, now: Date): Promise<boolean> {
  const account = await accountOf(db, changer, staffId);
  return db.$transaction(async (tx) => {
    const wasLocked = await unlockUser(tx, account.username, now);
    await tx.signInUnlockCode.deleteMany({ where: { accountId: account.id } });
    await audit(tx, { actor: changer.by, action: 'web.sign-in-unlock', entityType: 'WebAccount', entityId: account.id, details: { via: 'manager', wasLocked } });
    if (wasLocked) await tellStaff(tx, { staffId: account.staffId, by: changer.by, what: 'Đăng nhập trang quản trị web của thầy/cô vừa được gỡ khóa (tài khoản bị khóa tạm vì đăng nhập sai nhiều lần).' });
    return wasLocked;
  });
}
