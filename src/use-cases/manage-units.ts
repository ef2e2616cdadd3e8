// Supervising units (district offices, ward committees…): the hotline team creates, renames and
// deactivates them. A unit's code comes from its name exactly as the roster import makes it,
// so a later import that names the unit finds it instead of creating a twin.
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { canManageCity } from '../core/admin-rights.js';
import { codeFromName } from '../core/text.js';
import { audit } from '../db/audit.js';
import { ensureRootUnits } from '../db/org-setup.js';
import type { Db } from '../db/prisma.js';
import { ActiveChange, forbidden, names, optionalTextField, parseInput, textField, type Changer } from './admin-change.js';

const UnitFields = z.object({
  name: textField('tên đơn vị', 160),
  typeLabel: optionalTextField('loại đơn vị', 100),
});

function requireCityManager(changer: Changer): void {
  if (!canManageCity(changer.actor)) throw forbidden('Chỉ tổ hỗ trợ của Sở quản lý các đơn vị.');
}

export async function createUnit(db: Db, changer: Changer, input: unknown, cityName: string): Promise<{ id: number }> {
  requireCityManager(changer);
  const fields = parseInput(UnitFields, input);
  const code = codeFromName(fields.name);
  if (!code) throw new AppError('INVALID_INPUT', 'Tên đơn vị cần có chữ hoặc số.');
  const twin = await db.orgUnit.findUnique({ where: { code } });
  if (twin) throw new AppError('CONFLICT', `Đã có đơn vị "${twin.name}" (mã ${code})${twin.active ? '' : ', đang ngừng hoạt động — hãy kích hoạt lại đơn vị đó'}.`);
  return db.$transaction(async (tx) => {
    const roots = await ensureRootUnits(tx, cityName);
    const unit = await tx.orgUnit.create({
      data: { code, name: fields.name, typeLabel: fields.typeLabel, kind: 'SUPERVISING', parentId: roots.departmentId },
    });
    await audit(tx, { actor: changer.by, action: 'unit.create', entityType: 'OrgUnit', entityId: unit.id, details: { code, ...fields } });
    return { id: unit.id };
  });
}

export async function updateUnit(db: Db, changer: Changer, unitId: number, input: unknown): Promise<void> {
  requireCityManager(changer);
  const unit = await supervisingUnit(db, unitId);
  const fields = parseInput(UnitFields, input);
  await db.$transaction(async (tx) => {
    await tx.orgUnit.update({ where: { id: unit.id }, data: fields });
    await audit(tx, {
      actor: changer.by, action: 'unit.update', entityType: 'OrgUnit', entityId: unit.id,
      details: { before: { name: unit.name, typeLabel: unit.typeLabel }, after: fields },
    });
  });
}

/**
 * Deactivating keeps the unit and everything that names it (reports, history). It is refused
 * while the unit still supervises active schools (their reports would go nowhere) or still
 * has active accounts: move or deactivate those first.
 */
export async function setUnitActive(db: Db, changer: Changer, unitId: number, input: unknown): Promise<boolean> {
  requireCityManager(changer);
  const unit = await supervisingUnit(db, unitId);
  const { active } = parseInput(ActiveChange, input);
  if (unit.active === active) return active;
  if (!active) {
    const [schools, accounts] = await Promise.all([
      db.school.findMany({ where: { supervisingUnitId: unit.id, active: true }, select: { name: true }, take: 6 }),
      db.staff.findMany({ where: { unitId: unit.id, active: true }, select: { fullName: true }, take: 6 }),
    ]);
    if (schools.length > 0) {
      throw new AppError('CONFLICT', `Đơn vị còn quản lý trường đang hoạt động (${names(schools.map((s) => s.name))}). Hãy chuyển các trường sang đơn vị khác trước.`);
    }
    if (accounts.length > 0) {
      throw new AppError('CONFLICT', `Đơn vị còn tài khoản đang hoạt động (${names(accounts.map((s) => s.fullName))}). Hãy ngừng hoạt động các tài khoản đó trước.`);
    }
  }
  await db.$transaction(async (tx) => {
    await tx.orgUnit.update({ where: { id: unit.id }, data: { active } });
    await audit(tx, { actor: changer.by, action: active ? 'unit.reactivate' : 'unit.deactivate', entityType: 'OrgUnit', entityId: unit.id });
  });
  return active;
}

async function supervisingUnit(db: Db, unitId: number) {
  const unit = await db.orgUnit.findFirst({ where: { id: unitId, kind: 'SUPERVISING' } });
  if (!unit) throw new AppError('NOT_FOUND', 'Không tìm thấy đơn vị này.');
  return unit;
}
