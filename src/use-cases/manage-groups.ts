// Subject groups (tổ) and sub-groups (nhóm) of a school: created, renamed, moved and
// deactivated by the school's admin or the hotline team. Names are compared as the roster
// import compares them (without diacritics or case), so an import finds what was made here.
// Filed plans never move: they keep the school, group and sub-group they were filed under.
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { canManageCity, canManageSchool } from '../core/admin-rights.js';
import { scopeKeyOf } from '../core/role-scope.js';
import { foldVietnamese } from '../core/text.js';
import { audit } from '../db/audit.js';
import type { Db, DbTx } from '../db/prisma.js';
import { ActiveChange, forbidden, idField, names, optionalTextField, parseInput, textField, type Changer } from './admin-change.js';

const GroupName = z.object({ name: textField('tên tổ', 120) });
const SubgroupFields = z.object({ subject: textField('môn của nhóm', 80), name: optionalTextField('tên nhóm', 120) });
const ToSchool = z.object({ schoolId: idField });
const ToGroup = z.object({ groupId: idField });

function requireSchool(changer: Changer, schoolId: number): void {
  if (!canManageSchool(changer.actor, schoolId)) throw forbidden('Bạn chỉ quản lý tổ, nhóm của trường mình.');
}

export async function createGroup(db: Db, changer: Changer, schoolId: number, input: unknown): Promise<{ id: number }> {
  requireSchool(changer, schoolId);
  const school = await db.school.findUnique({ where: { id: schoolId } });
  if (!school) throw new AppError('NOT_FOUND', 'Không tìm thấy trường này.');
  if (!school.active) throw new AppError('CONFLICT', 'Trường đang ngừng hoạt động: không thêm tổ mới.');
  const { name } = parseInput(GroupName, input);
  await assertGroupNameFree(db, schoolId, name, null);
  return db.$transaction(async (tx) => {
    const group = await tx.group.create({ data: { schoolId, name } });
    await audit(tx, { actor: changer.by, action: 'group.create', entityType: 'Group', entityId: group.id, details: { schoolId, name } });
    return { id: group.id };
  });
}

export async function renameGroup(db: Db, changer: Changer, groupId: number, input: unknown): Promise<void> {
  const group = await groupOrFail(db, groupId);
  requireSchool(changer, group.schoolId);
  const { name } = parseInput(GroupName, input);
  if (name === group.name) return;
  await assertGroupNameFree(db, group.schoolId, name, group.id);
  await db.$transaction(async (tx) => {
    await tx.group.update({ where: { id: group.id }, data: { name } });
    await audit(tx, { actor: changer.by, action: 'group.rename', entityType: 'Group', entityId: group.id, details: { before: group.name, after: name } });
  });
}

/** Refused while active people hold roles in the group: move them or remove those roles first. */
export async function setGroupActive(db: Db, changer: Changer, groupId: number, input: unknown): Promise<boolean> {
  const group = await groupOrFail(db, groupId);
  requireSchool(changer, group.schoolId);
  const { active } = parseInput(ActiveChange, input);
  if (group.active === active) return active;
  if (!active) await assertNobodyActive(db, { groupId: group.id }, 'Tổ');
  await db.$transaction(async (tx) => {
    await tx.group.update({ where: { id: group.id }, data: { active } });
    await audit(tx, { actor: changer.by, action: active ? 'group.reactivate' : 'group.deactivate', entityType: 'Group', entityId: group.id });
  });
  return active;
}

/**
 * Moves a group, with its sub-groups and its people, to another school (e.g. when schools
 * merge): the hotline team only, since it concerns two schools. Its people's roles in the
 * group follow it, and so does their record's school; someone who also holds other roles in
 * the old school must be sorted out first. Filed plans stay with the old school.
 */
export async function moveGroup(db: Db, changer: Changer, groupId: number, input: unknown): Promise<{ peopleMoved: number }> {
  if (!canManageCity(changer.actor)) throw forbidden('Chỉ tổ hỗ trợ của Sở được chuyển tổ sang trường khác.');
  const group = await groupOrFail(db, groupId);
  const { schoolId } = parseInput(ToSchool, input);
  if (schoolId === group.schoolId) return { peopleMoved: 0 };
  const target = await db.school.findFirst({ where: { id: schoolId, active: true } });
  if (!target) throw new AppError('INVALID_INPUT', 'Hãy chọn một trường đang hoạt động.');
  await assertGroupNameFree(db, target.id, group.name, null);
  const roles = await db.roleAssignment.findMany({ where: { groupId: group.id } });
  const people = [...new Set(roles.map((r) => r.staffId))];
  const elsewhere = await db.roleAssignment.findMany({
    where: { staffId: { in: people }, schoolId: group.schoolId, OR: [{ groupId: null }, { groupId: { not: group.id } }] },
    include: { staff: { select: { fullName: true } } },
  });
  if (elsewhere.length > 0) {
    throw new AppError('CONFLICT', `Có người còn vai trò khác ở trường cũ (${names([...new Set(elsewhere.map((r) => r.staff.fullName))])}). Hãy bỏ các vai trò đó (hoặc bỏ họ khỏi tổ) trước khi chuyển tổ.`);
  }
  await db.$transaction(async (tx) => {
    await tx.group.update({ where: { id: group.id }, data: { schoolId: target.id } });
    for (const role of roles) {
      const scope = { schoolId: target.id, groupId: role.groupId, subgroupId: role.subgroupId, unitId: role.unitId };
      await tx.roleAssignment.update({ where: { id: role.id }, data: { schoolId: target.id, scopeKey: scopeKeyOf(scope) } });
    }
    await tx.staff.updateMany({ where: { id: { in: people }, schoolId: group.schoolId }, data: { schoolId: target.id } });
    await audit(tx, {
      actor: changer.by, action: 'group.move', entityType: 'Group', entityId: group.id,
      details: { fromSchoolId: group.schoolId, toSchoolId: target.id, staffIds: people },
    });
  });
  return { peopleMoved: people.length };
}

export async function createSubgroup(db: Db, changer: Changer, groupId: number, input: unknown): Promise<{ id: number }> {
  const group = await groupOrFail(db, groupId);
  requireSchool(changer, group.schoolId);
  if (!group.active) throw new AppError('CONFLICT', 'Tổ đang ngừng hoạt động: không thêm nhóm mới.');
  const fields = parseInput(SubgroupFields, input);
  await assertSubjectFree(db, group.id, fields.subject, null);
  const name = fields.name ?? `Nhóm ${fields.subject}`;
  return db.$transaction(async (tx) => {
    const subgroup = await tx.subgroup.create({ data: { groupId: group.id, subject: fields.subject, name } });
    await audit(tx, { actor: changer.by, action: 'subgroup.create', entityType: 'Subgroup', entityId: subgroup.id, details: { groupId: group.id, subject: fields.subject, name } });
    return { id: subgroup.id };
  });
}

export async function updateSubgroup(db: Db, changer: Changer, subgroupId: number, input: unknown): Promise<void> {
  const subgroup = await subgroupOrFail(db, subgroupId);
  requireSchool(changer, subgroup.group.schoolId);
  const fields = parseInput(SubgroupFields, input);
  await assertSubjectFree(db, subgroup.groupId, fields.subject, subgroup.id);
  const name = fields.name ?? `Nhóm ${fields.subject}`;
  await db.$transaction(async (tx) => {
    await tx.subgroup.update({ where: { id: subgroup.id }, data: { subject: fields.subject, name } });
    await audit(tx, {
      actor: changer.by, action: 'subgroup.update', entityType: 'Subgroup', entityId: subgroup.id,
      details: { before: { subject: subgroup.subject, name: subgroup.name }, after: { subject: fields.subject, name } },
    });
  });
}

export async function setSubgroupActive(db: Db, changer: Changer, subgroupId: number, input: unknown): Promise<boolean> {
  const subgroup = await subgroupOrFail(db, subgroupId);
  requireSchool(changer, subgroup.group.schoolId);
  const { active } = parseInput(ActiveChange, input);
  if (subgroup.active === active) return active;
  if (!active) await assertNobodyActive(db, { subgroupId: subgroup.id }, 'Nhóm');
  await db.$transaction(async (tx) => {
    await tx.subgroup.update({ where: { id: subgroup.id }, data: { active } });
    await audit(tx, { actor: changer.by, action: active ? 'subgroup.reactivate' : 'subgroup.deactivate', entityType: 'Subgroup', entityId: subgroup.id });
  });
  return active;
}

/**
 * Moves a sub-group into another group of the same school (a school reorganising its
 * groups). Its people's roles follow it, so the new group's head reviews from now on; plans
 * already filed stay under the old group.
 */
export async function moveSubgroup(db: Db, changer: Changer, subgroupId: number, input: unknown): Promise<void> {
  const subgroup = await subgroupOrFail(db, subgroupId);
  requireSchool(changer, subgroup.group.schoolId);
  const { groupId } = parseInput(ToGroup, input);
  if (groupId === subgroup.groupId) return;
  const target = await db.group.findFirst({ where: { id: groupId, schoolId: subgroup.group.schoolId, active: true } });
  if (!target) throw new AppError('INVALID_INPUT', 'Hãy chọn một tổ đang hoạt động của cùng trường.');
  await assertSubjectFree(db, target.id, subgroup.subject, null);
  await db.$transaction(async (tx) => {
    await tx.subgroup.update({ where: { id: subgroup.id }, data: { groupId: target.id } });
    await moveRolesToGroup(tx, subgroup.id, target.id);
    await audit(tx, {
      actor: changer.by, action: 'subgroup.move', entityType: 'Subgroup', entityId: subgroup.id,
      details: { fromGroupId: subgroup.groupId, toGroupId: target.id },
    });
  });
}

async function moveRolesToGroup(tx: DbTx, subgroupId: number, groupId: number): Promise<void> {
  const roles = await tx.roleAssignment.findMany({ where: { subgroupId } });
  for (const role of roles) {
    const scope = { schoolId: role.schoolId, groupId, subgroupId, unitId: role.unitId };
    await tx.roleAssignment.update({ where: { id: role.id }, data: { groupId, scopeKey: scopeKeyOf(scope) } });
  }
}

async function groupOrFail(db: Db, groupId: number) {
  const group = await db.group.findUnique({ where: { id: groupId } });
  if (!group) throw new AppError('NOT_FOUND', 'Không tìm thấy tổ này.');
  return group;
}

async function subgroupOrFail(db: Db, subgroupId: number) {
  const subgroup = await db.subgroup.findUnique({ where: { id: subgroupId }, include: { group: true } });
  if (!subgroup) throw new AppError('NOT_FOUND', 'Không tìm thấy nhóm này.');
  return subgroup;
}

/**
 * Names compare as the roster import compares them (no diacritics, no case), and also
 * whatever dash was typed: "Tổ Toán - Tin" is "Tổ Toán – Tin" to a person.
 */
function sameName(a: string, b: string): boolean {
  const key = (s: string) => foldVietnamese(s).replace(/\s*[-‐‑–—]\s*/g, '-');
  return key(a) === key(b);
}

async function assertGroupNameFree(db: Db, schoolId: number, name: string, exceptId: number | null): Promise<void> {
  const groups = await db.group.findMany({ where: { schoolId, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  const twin = groups.find((g) => sameName(g.name, name));
  if (twin) {
    throw new AppError('CONFLICT', `Trường đã có "${twin.name}"${twin.active ? '' : ' (đang ngừng hoạt động — hãy kích hoạt lại tổ đó)'}.`);
  }
}

async function assertSubjectFree(db: Db, groupId: number, subject: string, exceptId: number | null): Promise<void> {
  const subgroups = await db.subgroup.findMany({ where: { groupId, ...(exceptId ? { id: { not: exceptId } } : {}) } });
  const twin = subgroups.find((s) => sameName(s.subject, subject));
  if (twin) {
    throw new AppError('CONFLICT', `Tổ đã có nhóm môn ${twin.subject}${twin.active ? '' : ' (đang ngừng hoạt động — hãy kích hoạt lại nhóm đó)'}.`);
  }
}

async function assertNobodyActive(db: Db, where: { groupId: number } | { subgroupId: number }, what: 'Tổ' | 'Nhóm'): Promise<void> {
  const holders = await db.roleAssignment.findMany({
    where: { ...where, staff: { active: true } },
    include: { staff: { select: { fullName: true } } },
  });
  if (holders.length > 0) {
    const people = [...new Set(holders.map((r) => r.staff.fullName))];
    throw new AppError('CONFLICT', `${what} còn ${people.length} người đang hoạt động (${names(people)}). Hãy chuyển họ sang ${what === 'Tổ' ? 'tổ' : 'nhóm'} khác hoặc bỏ vai trò của họ trước.`);
  }
}
