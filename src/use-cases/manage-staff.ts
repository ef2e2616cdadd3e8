// Staff records: created, edited, deactivated and reactivated by the hotline team (everyone,
// office accounts included) or a school's admin (people of their school only). Deactivating
// keeps the person's plans, decisions and chat links; it closes their web account, and the
// chat stops treating them as linked, so they can no longer submit or review.
import { storedSubjects } from '../db/stored-json.js';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { canManageCity, canManageSchool, canManageStaff } from '../core/admin-rights.js';
import { normalisePhone } from '../core/phone.js';
import { foldVietnamese } from '../core/text.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';
import { loadStaffPlacement } from '../read-models/scope-filters.js';
import { ActiveChange, forbidden, idField, optionalTextField, parseInput, textField, type Changer } from './admin-change.js';
import { setWebAccountActive } from './web-accounts.js';

const STAFF_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ProfileFields = z.object({
  code: textField('mã cán bộ', 40).refine((s) => STAFF_CODE.test(s), 'Mã cán bộ gồm 2–40 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.'),
  fullName: textField('họ và tên', 120),
  phone: optionalTextField('số điện thoại', 30).transform((raw, ctx) => {
    if (raw === null) return null;
    const phone = normalisePhone(raw);
    if (!phone) ctx.addIssue({ code: 'custom', message: `Số điện thoại "${raw}" không hợp lệ (ví dụ 0912 345 678).` });
    return phone;
  }),
  email: optionalTextField('email', 120).refine((s) => s === null || EMAIL.test(s), 'Email không hợp lệ.'),
  subjects: z.string().optional().transform((s, ctx) => subjectList(s ?? '', ctx)),
});

const NewStaff = ProfileFields.extend({
  /** `s:<schoolId>` for a school's person, `u:<unitId>` for an office account. */
  place: z.string({ error: 'Hãy chọn trường hoặc đơn vị.' }).regex(/^[su]:\d+$/, 'Hãy chọn trường hoặc đơn vị.'),
});

/** "Toán; Tin học" → ["Toán", "Tin học"]: the roster's separators, duplicates dropped. */
function subjectList(text: string, ctx: z.RefinementCtx): string[] {
  const items = text.split(/[;,\n]/).map((s) => s.normalize('NFC').trim().replace(/\s+/g, ' ')).filter(Boolean);
  const unique = items.filter((s, i) => items.findIndex((t) => foldVietnamese(t) === foldVietnamese(s)) === i);
  if (unique.length > 12) ctx.addIssue({ code: 'custom', message: 'Tối đa 12 môn.' });
  if (unique.some((s) => s.length > 60)) ctx.addIssue({ code: 'custom', message: 'Tên môn dài quá 60 ký tự.' });
  return unique;
}

export async function createStaff(db: Db, changer: Changer, input: unknown): Promise<{ id: number }> {
  const fields = parseInput(NewStaff, input);
  const placeId = Number(fields.place.slice(2));
  const where = fields.place.startsWith('s:') ? { schoolId: placeId, unitId: null } : { schoolId: null, unitId: placeId };
  if (where.schoolId != null) {
    if (!canManageSchool(changer.actor, where.schoolId)) throw forbidden('Bạn chỉ thêm được cán bộ của trường mình.');
    if (!(await db.school.findFirst({ where: { id: where.schoolId, active: true } }))) throw new AppError('INVALID_INPUT', 'Hãy chọn một trường đang hoạt động.');
  } else {
    if (!canManageCity(changer.actor)) throw forbidden('Chỉ tổ hỗ trợ của Sở tạo tài khoản cơ quan quản lý.');
    if (!(await db.orgUnit.findFirst({ where: { id: where.unitId!, active: true } }))) throw new AppError('INVALID_INPUT', 'Hãy chọn một đơn vị đang hoạt động.');
  }
  await assertUnique(db, changer, fields, null);
  const { place: _, subjects, ...profile } = fields;
  return db.$transaction(async (tx) => {
    const staff = await tx.staff.create({ data: { ...profile, subjects: JSON.stringify(subjects), ...where } });
    await audit(tx, { actor: changer.by, action: 'staff.create', entityType: 'Staff', entityId: staff.id, details: { ...profile, subjects, ...where } });
    return { id: staff.id };
  });
}

export async function updateStaff(db: Db, changer: Changer, staffId: number, input: unknown): Promise<void> {
  const staff = await manageableStaff(db, changer, staffId);
  const fields = parseInput(ProfileFields, input);
  await assertUnique(db, changer, fields, staff.id);
  const { subjects, ...profile } = fields;
  const before = { code: staff.code, fullName: staff.fullName, phone: staff.phone, email: staff.email, subjects: storedSubjects(staff.subjects) };
  await db.$transaction(async (tx) => {
    await tx.staff.update({ where: { id: staff.id }, data: { ...profile, subjects: JSON.stringify(subjects) } });
    await audit(tx, { actor: changer.by, action: 'staff.update', entityType: 'Staff', entityId: staff.id, details: { before, after: fields } });
  });
}

/**
 * Deactivating keeps every row that plans, decisions and the audit log refer to. The web
 * account is disabled and signed out; chat links stay on record but are no longer honoured.
 */
export async function setStaffActive(db: Db, changer: Changer, staffId: number, input: unknown): Promise<boolean> {
  const staff = await manageableStaff(db, changer, staffId);
  if (staff.id === changer.actor.staffId) throw forbidden('Không thể tự ngừng hoạt động tài khoản của mình.');
  const { active } = parseInput(ActiveChange, input);
  if (staff.active === active) return active;
  if (active && staff.schoolId != null && !(await db.school.findFirst({ where: { id: staff.schoolId, active: true } }))) {
    throw new AppError('CONFLICT', 'Trường của người này đang ngừng hoạt động: hãy nhờ tổ hỗ trợ kích hoạt lại trường trước.');
  }
  await db.$transaction(async (tx) => {
    await tx.staff.update({ where: { id: staff.id }, data: { active } });
    await audit(tx, { actor: changer.by, action: active ? 'staff.reactivate' : 'staff.deactivate', entityType: 'Staff', entityId: staff.id });
  });
  if (!active) await closeAccountsOf(db, changer, [staff.id]);
  return active;
}

/** Web accounts of deactivated people: disabled and signed out everywhere. */
export async function closeAccountsOf(db: Db, changer: Changer, staffIds: number[]): Promise<void> {
  if (staffIds.length === 0) return;
  const accounts = await db.webAccount.findMany({ where: { staffId: { in: staffIds }, active: true }, select: { id: true } });
  for (const account of accounts) await setWebAccountActive(db, { accountId: account.id, active: false, actor: changer.by });
}

/** The staff row, if the changer may manage this person; 404 for unknown ids, 403 otherwise. */
export async function manageableStaff(db: Db, changer: Changer, staffId: number) {
  const id = parseInput(idField, staffId);
  const [staff, placement] = await Promise.all([db.staff.findUnique({ where: { id } }), loadStaffPlacement(db, id)]);
  if (!staff || !placement) throw new AppError('NOT_FOUND', 'Không tìm thấy cán bộ này.');
  if (!canManageStaff(changer.actor, placement)) {
    throw forbidden(placement.holdsBoardRole && !placement.holdsOfficeRole
      ? 'Người này thuộc ban giám hiệu: hồ sơ, vai trò, tài khoản, số điện thoại và mã liên kết của họ do tổ hỗ trợ của Sở quản lý. Hãy liên hệ tổ hỗ trợ của Sở.'
      : 'Bạn không quản lý người này (người của trường khác hoặc tài khoản cơ quan).');
  }
  return staff;
}

/** Codes and phones are unique; say who holds them when the changer may know that person. */
async function assertUnique(db: Db, changer: Changer, fields: { code: string; phone: string | null }, exceptId: number | null): Promise<void> {
  const clashes = await Promise.all([
    db.staff.findUnique({ where: { code: fields.code } }).then((s) => (s && s.id !== exceptId ? { what: `Mã cán bộ ${fields.code}`, s } : null)),
    fields.phone
      ? db.staff.findUnique({ where: { phone: fields.phone } }).then((s) => (s && s.id !== exceptId ? { what: `Số điện thoại ${fields.phone}`, s } : null))
      : null,
  ]);
  const clash = clashes.find((c) => c !== null);
  if (!clash) return;
  const placement = await loadStaffPlacement(db, clash.s.id);
  const known = placement !== null && canManageStaff(changer.actor, placement);
  const holder = known
    ? `"${clash.s.fullName}" (mã ${clash.s.code}${clash.s.active ? '' : ', đang ngừng hoạt động'})`
    : 'một người khác trong hệ thống (liên hệ tổ hỗ trợ nếu cần kiểm tra)';
  throw new AppError('CONFLICT', `${clash.what} đang thuộc ${holder}. Mỗi người có một mã và một số điện thoại riêng.`);
}
