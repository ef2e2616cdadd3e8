// Roles of a person: given and taken away by whoever manages them, within what the core
// allows them to assign (a school admin: school roles in their own school; the hotline team:
// any role). Scopes and their natural key are those of the roster import, so re-importing
// the roster recognises a role given here.
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { canAssignRole, SCHOOL_ADMIN_ASSIGNS } from '../core/admin-rights.js';
import { isSchoolRole, scopeForRole, scopeKeyOf, type Placement, type SchoolPlace } from '../core/role-scope.js';
import { foldVietnamese } from '../core/text.js';
import { ROLES, ROLE_LABELS, type Role, type UnitKind, roleOf, unitKindOf } from '../core/vocabulary.js';
import { audit } from '../db/audit.js';
import type { Db, DbTx } from '../db/prisma.js';
import { tellStaff } from './tell-staff.js';
import { forbidden, idField, parseInput, type Changer } from './admin-change.js';
import { manageableStaff } from './manage-staff.js';

const NewRole = z.object({
  role: z.enum(ROLES, { error: 'Hãy chọn vai trò.' }),
  /** `g:<groupId>` or `s:<subgroupId>`; empty for school-wide and office roles. */
  place: z.string().optional().transform((s) => s ?? '').pipe(z.string().regex(/^([gs]:\d+)?$/, 'Hãy chọn tổ hoặc nhóm.')),
  subjects: z.string().optional().transform((s) =>
    (s ?? '').split(/[;,\n]/).map((t) => t.normalize('NFC').trim().replace(/\s+/g, ' ')).filter(Boolean)
      .filter((t, i, all) => all.findIndex((u) => foldVietnamese(u) === foldVietnamese(t)) === i)),
});

/** Roles whose holder may not take them away from themselves: they would lock themselves out. */
const KEEP_OWN: readonly Role[] = ['SCHOOL_ADMIN', 'HOTLINE_ADMIN'];

export async function addRole(db: Db, changer: Changer, staffId: number, input: unknown): Promise<{ id: number }> {
  const staff = await manageableStaff(db, changer, staffId);
  const fields = parseInput(NewRole, input);
  // A school role for someone without a school is refused below as invalid, not as forbidden.
  const rightsSchool = isSchoolRole(fields.role) ? staff.schoolId : null;
  if ((rightsSchool != null || !isSchoolRole(fields.role)) && !canAssignRole(changer.actor, fields.role, rightsSchool)) {
    throw forbidden(!isSchoolRole(fields.role)
      ? 'Chỉ tổ hỗ trợ của Sở giao được vai trò ở cơ quan quản lý.'
      : SCHOOL_ADMIN_ASSIGNS.includes(fields.role)
        ? 'Bạn chỉ giao được vai trò trong trường mình quản lý.'
        : `Vai trò "${ROLE_LABELS[fields.role]}" chỉ tổ hỗ trợ của Sở giao được; thầy/cô giao được vai trò giáo viên, tổ trưởng, nhóm trưởng. Hãy liên hệ tổ hỗ trợ của Sở.`);
  }
  const placement = await placementOf(db, staff);
  const place = await placeIn(db, staff.schoolId, fields.place);
  const subjects = fields.role === 'DIVISION_SPECIALIST' ? fields.subjects : [];
  const result = scopeForRole(fields.role, placement, place, subjects);
  if (!result.ok) throw new AppError('INVALID_INPUT', result.reason);
  const scopeKey = scopeKeyOf(result.scope);
  const twin = await db.roleAssignment.findUnique({ where: { staffId_role_scopeKey: { staffId: staff.id, role: fields.role, scopeKey } } });
  if (twin) throw new AppError('CONFLICT', `${staff.fullName} đã có vai trò "${ROLE_LABELS[fields.role]}" ở đúng nơi này.`);
  return db.$transaction(async (tx) => {
    const role = await tx.roleAssignment.create({
      data: { staffId: staff.id, role: fields.role, ...result.scope, scopeKey, subjects: JSON.stringify(subjects) },
    });
    await audit(tx, {
      actor: changer.by, action: 'role.add', entityType: 'Staff', entityId: staff.id,
      details: { roleId: role.id, role: fields.role, ...result.scope, subjects },
    });
    await tellStaff(tx, { staffId: staff.id, by: changer.by, what: `Vai trò của thầy/cô vừa được thay đổi: thêm vai trò "${ROLE_LABELS[fields.role]}"${await placeLabel(tx, result.scope)}.` });
    return { id: role.id };
  });
}

export async function removeRole(db: Db, changer: Changer, staffId: number, roleId: number): Promise<void> {
  const staff = await manageableStaff(db, changer, staffId);
  const role = await db.roleAssignment.findFirst({ where: { id: parseInput(idField, roleId), staffId: staff.id } });
  if (!role) throw new AppError('NOT_FOUND', 'Không tìm thấy vai trò này.');
  if (!canAssignRole(changer.actor, roleOf(role.role), role.schoolId)) throw forbidden('Bạn không được bỏ vai trò này: vai trò ban giám hiệu, quản trị và vai trò ở cơ quan quản lý do tổ hỗ trợ của Sở thay đổi.');
  if (staff.id === changer.actor.staffId && KEEP_OWN.includes(roleOf(role.role))) {
    throw forbidden('Không thể tự bỏ quyền quản trị của mình: hãy nhờ người quản trị khác hoặc tổ hỗ trợ.');
  }
  await db.$transaction(async (tx) => {
    await tx.roleAssignment.delete({ where: { id: role.id } });
    await audit(tx, {
      actor: changer.by, action: 'role.remove', entityType: 'Staff', entityId: staff.id,
      details: { roleId: role.id, role: role.role, schoolId: role.schoolId, groupId: role.groupId, subgroupId: role.subgroupId, unitId: role.unitId, subjects: JSON.parse(role.subjects) },
    });
    await tellStaff(tx, { staffId: staff.id, by: changer.by, what: `Vai trò của thầy/cô vừa được thay đổi: bỏ vai trò "${ROLE_LABELS[role.role as Role] ?? role.role}"${await placeLabel(tx, role)}.` });
  });
}

/** " (Tổ Toán – Tin, Trường THCS Trần Phú)": where a role applies, for the person's notice. */
async function placeLabel(tx: DbTx, scope: { schoolId?: number | null; groupId?: number | null; subgroupId?: number | null; unitId?: number | null }): Promise<string> {
  const [subgroup, group, school, unit] = await Promise.all([
    scope.subgroupId ? tx.subgroup.findUnique({ where: { id: scope.subgroupId } }) : null,
    scope.groupId ? tx.group.findUnique({ where: { id: scope.groupId } }) : null,
    scope.schoolId ? tx.school.findUnique({ where: { id: scope.schoolId } }) : null,
    scope.unitId ? tx.orgUnit.findUnique({ where: { id: scope.unitId } }) : null,
  ]);
  const parts = [subgroup?.name, group?.name, school?.name, unit?.name].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

async function placementOf(db: Db, staff: { schoolId: number | null; unitId: number | null }): Promise<Placement> {
  if (staff.schoolId != null) return { kind: 'SCHOOL', schoolId: staff.schoolId };
  if (staff.unitId != null) {
    const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: staff.unitId } });
    return { kind: 'UNIT', unitId: unit.id, unitKind: unitKindOf(unit.kind) };
  }
  return { kind: 'NONE' };
}

/** The group or sub-group picked in the form; it must be active and in the person's school. */
async function placeIn(db: Db, schoolId: number | null, place: string): Promise<SchoolPlace> {
  if (!place) return null;
  const id = Number(place.slice(2));
  const invalid = new AppError('INVALID_INPUT', 'Tổ hoặc nhóm đã chọn không thuộc trường của người này hoặc đang ngừng hoạt động.');
  if (schoolId == null) throw invalid;
  if (place.startsWith('g:')) {
    const group = await db.group.findFirst({ where: { id, schoolId, active: true } });
    if (!group) throw invalid;
    return { groupId: group.id, subgroupId: null };
  }
  const subgroup = await db.subgroup.findFirst({ where: { id, active: true, group: { schoolId, active: true } } });
  if (!subgroup) throw invalid;
  return { groupId: subgroup.groupId, subgroupId: subgroup.id };
}
