// Schools: the hotline team creates them, renames them, changes their level, moves them to
// another supervising unit and deactivates them. A school's plans always keep their school:
// moving changes who supervises the school from now on, not what was filed.
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { canManageCity } from '../core/admin-rights.js';
import { SCHOOL_LEVELS } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import type { Db, DbTx } from '../db/prisma.js';
import { flagField, forbidden, idField, parseInput, textField, type Changer } from './admin-change.js';
import { closeAccountsOf } from './manage-staff.js';

const SCHOOL_CODE = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;

const SchoolFields = z.object({
  name: textField('tên trường', 160),
  level: z.enum(SCHOOL_LEVELS, { error: 'Cấp học phải là THCS, THPT hoặc phổ thông nhiều cấp học.' }),
});

const NewSchool = SchoolFields.extend({
  code: textField('mã trường', 40)
    .transform((s) => s.toUpperCase())
    .refine((s) => SCHOOL_CODE.test(s), 'Mã trường gồm 2–40 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ THCS-TP).'),
  supervisingUnitId: idField,
});

const Move = z.object({ supervisingUnitId: idField });

/** Deactivating a school takes its people with it, so the form asks for a ticked confirmation. */
const SchoolActiveChange = z.object({ active: flagField, confirm: z.literal('1').optional() });

function requireCityManager(changer: Changer): void {
  if (!canManageCity(changer.actor)) throw forbidden('Chỉ tổ hỗ trợ của Sở được tạo, sửa, chuyển hoặc ngừng hoạt động trường.');
}

export async function createSchool(db: Db, changer: Changer, input: unknown): Promise<{ id: number }> {
  requireCityManager(changer);
  const fields = parseInput(NewSchool, input);
  const twin = await db.school.findUnique({ where: { code: fields.code } });
  if (twin) throw new AppError('CONFLICT', `Mã trường ${fields.code} đã dùng cho "${twin.name}".`);
  await supervisorOrFail(db, fields.supervisingUnitId);
  return db.$transaction(async (tx) => {
    const school = await tx.school.create({ data: fields });
    await audit(tx, { actor: changer.by, action: 'school.create', entityType: 'School', entityId: school.id, details: fields });
    return { id: school.id };
  });
}

export async function updateSchool(db: Db, changer: Changer, schoolId: number, input: unknown): Promise<void> {
  requireCityManager(changer);
  const school = await schoolOrFail(db, schoolId);
  const fields = parseInput(SchoolFields, input);
  await db.$transaction(async (tx) => {
    await tx.school.update({ where: { id: school.id }, data: fields });
    await audit(tx, {
      actor: changer.by, action: 'school.update', entityType: 'School', entityId: school.id,
      details: { before: { name: school.name, level: school.level }, after: fields },
    });
  });
}

/**
 * The new unit supervises the school from now on: it sees all the school's records (also the
 * earlier ones) and receives its next school-plan reports; reports already sent stay recorded
 * as sent to the old unit.
 */
export async function moveSchool(db: Db, changer: Changer, schoolId: number, input: unknown): Promise<void> {
  requireCityManager(changer);
  const school = await schoolOrFail(db, schoolId);
  const { supervisingUnitId } = parseInput(Move, input);
  if (supervisingUnitId === school.supervisingUnitId) return;
  await supervisorOrFail(db, supervisingUnitId);
  await db.$transaction(async (tx) => {
    await tx.school.update({ where: { id: school.id }, data: { supervisingUnitId } });
    await audit(tx, {
      actor: changer.by, action: 'school.move', entityType: 'School', entityId: school.id,
      details: { fromUnitId: school.supervisingUnitId, toUnitId: supervisingUnitId },
    });
  });
}

/**
 * Deactivating a school stops its reminders and hides it from pickers; its plans, decisions
 * and reports stay. Its people (those whose record is in the school) are deactivated with it
 * and their web accounts closed. Reactivating the school brings nobody back by itself.
 */
export async function setSchoolActive(db: Db, changer: Changer, schoolId: number, input: unknown): Promise<{ staffDeactivated: number }> {
  requireCityManager(changer);
  const school = await schoolOrFail(db, schoolId);
  const { active, confirm } = parseInput(SchoolActiveChange, input);
  if (!active && !confirm) throw new AppError('INVALID_INPUT', 'Hãy đánh dấu ô xác nhận trước khi ngừng hoạt động trường.');
  if (school.active === active) return { staffDeactivated: 0 };
  const people = active ? [] : await db.staff.findMany({ where: { schoolId: school.id, active: true }, select: { id: true } });
  await db.$transaction(async (tx) => {
    await tx.school.update({ where: { id: school.id }, data: { active } });
    await deactivatePeople(tx, changer, people.map((p) => p.id), `school:${school.id}`);
    await audit(tx, {
      actor: changer.by, action: active ? 'school.reactivate' : 'school.deactivate', entityType: 'School', entityId: school.id,
      details: active ? {} : { staffDeactivated: people.map((p) => p.id) },
    });
  });
  await closeAccountsOf(db, changer, people.map((p) => p.id));
  return { staffDeactivated: people.length };
}

async function deactivatePeople(tx: DbTx, changer: Changer, staffIds: number[], because: string): Promise<void> {
  if (staffIds.length === 0) return;
  await tx.staff.updateMany({ where: { id: { in: staffIds } }, data: { active: false } });
  for (const id of staffIds) {
    await audit(tx, { actor: changer.by, action: 'staff.deactivate', entityType: 'Staff', entityId: id, details: { with: because } });
  }
}

async function schoolOrFail(db: Db, schoolId: number) {
  const school = await db.school.findUnique({ where: { id: schoolId } });
  if (!school) throw new AppError('NOT_FOUND', 'Không tìm thấy trường này.');
  return school;
}

/** A school reports to an active supervising unit, or to the Division (THPT, multi-level). */
async function supervisorOrFail(db: Db, unitId: number) {
  const unit = await db.orgUnit.findFirst({ where: { id: unitId, active: true, kind: { in: ['SUPERVISING', 'DIVISION'] } } });
  if (!unit) throw new AppError('INVALID_INPUT', 'Hãy chọn một đơn vị quản lý đang hoạt động.');
  return unit;
}
