// What the records filters may offer a viewer: only schools, groups and sub-groups where they
// can read some plan, and the teachers of those schools. The list query is scoped by
// visiblePlansFilter anyway; these lists keep the page from naming what the viewer may not see.
import type { Actor } from '../core/org.js';
import { canSeeSchool, visibilityRules } from '../core/visibility.js';
import { foldVietnamese } from '../core/text.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from './prisma.js';

export interface Option {
  id: number;
  name: string;
}

/** Whether the viewer reads plans in every school (leaders, hotline, subject specialists). */
export function readsCityWide(actor: Actor): boolean {
  return visibilityRules(actor).some((r) => r.type === 'ALL' || r.type === 'SUBJECTS');
}

/** Schools where the viewer may read some plan, as a Prisma filter. */
export function visibleSchoolsWhere(actor: Actor): Prisma.SchoolWhereInput {
  if (readsCityWide(actor)) return {};
  const unitIds = visibilityRules(actor).flatMap((r) => (r.type === 'SUPERVISED_SCHOOLS' ? [r.unitId] : []));
  // School roles (board, admin, heads, teachers) carry their school: their own plans, their
  // group's and the school plan all live there.
  const schoolIds = [...new Set(actor.grants.flatMap((g) => (g.schoolId != null ? [g.schoolId] : [])))];
  return { OR: [{ supervisingUnitId: { in: unitIds } }, { id: { in: schoolIds } }] };
}

export async function visibleSchools(db: Db, actor: Actor): Promise<Option[]> {
  return db.school.findMany({ where: visibleSchoolsWhere(actor), select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Groups of a school where the viewer may read plans: all of them if they see the whole school. */
export async function visibleGroups(db: Db, actor: Actor, schoolId: number): Promise<Option[]> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { id: true, supervisingUnitId: true } });
  if (!school) return [];
  const own = actor.grants.flatMap((g) => (g.schoolId === schoolId && g.groupId != null ? [g.groupId] : []));
  const where: Prisma.GroupWhereInput = canSeeSchool(actor, school) ? { schoolId } : { schoolId, id: { in: own } };
  return db.group.findMany({ where, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Sub-groups of a group where the viewer may read plans. */
export async function visibleSubgroups(db: Db, actor: Actor, groupId: number): Promise<Option[]> {
  const group = await db.group.findUnique({ where: { id: groupId }, select: { id: true, school: { select: { id: true, supervisingUnitId: true } } } });
  if (!group) return [];
  const whole = canSeeSchool(actor, group.school) || actor.grants.some((g) => g.role === 'GROUP_HEAD' && g.groupId === groupId);
  const own = actor.grants.flatMap((g) => (g.groupId === groupId && g.subgroupId != null ? [g.subgroupId] : []));
  const where: Prisma.SubgroupWhereInput = whole ? { groupId } : { groupId, id: { in: own } };
  return db.subgroup.findMany({ where, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** The group of a sub-group or the school of a group, to check a filter chosen without its parent. */
export async function schoolOfGroup(db: Db, groupId: number): Promise<number | null> {
  return (await db.group.findUnique({ where: { id: groupId }, select: { schoolId: true } }))?.schoolId ?? null;
}

export async function groupOfSubgroup(db: Db, subgroupId: number): Promise<number | null> {
  return (await db.subgroup.findUnique({ where: { id: subgroupId }, select: { groupId: true } }))?.groupId ?? null;
}

/** Subjects taught in the viewer's schools, for the subject filter. */
export async function visibleSubjects(db: Db, actor: Actor): Promise<string[]> {
  const where: Prisma.SubgroupWhereInput = readsCityWide(actor) ? {} : { group: { school: visibleSchoolsWhere(actor) } };
  const rows = await db.subgroup.findMany({ where, distinct: ['subject'], select: { subject: true } });
  const bySpelling = new Map<string, string>();
  for (const { subject } of rows) {
    const key = foldVietnamese(subject);
    if (!bySpelling.has(key)) bySpelling.set(key, subject.trim());
  }
  return [...bySpelling.values()].sort((a, b) => a.localeCompare(b, 'vi'));
}

/** Most owners a teacher search may turn into a filter; more asks the user to be precise. */
export const TEACHER_MATCH_LIMIT = 1000;

export interface TeacherMatches {
  ids: number[];
  /** More people matched than TEACHER_MATCH_LIMIT; only the first are used. */
  truncated: boolean;
}

/**
 * People of the viewer's schools whose name or staff code contains the text, without regard
 * to case or diacritics ("nguyen thi ha" finds "Nguyễn Thị Hà"). Names are folded here, not in
 * SQL: SQLite has no Vietnamese collation.
 */
export async function searchTeachers(db: Db, actor: Actor, text: string): Promise<TeacherMatches> {
  const wanted = foldVietnamese(text);
  const schools = visibleSchoolsWhere(actor);
  const where: Prisma.StaffWhereInput = readsCityWide(actor)
    ? {}
    : { OR: [{ id: actor.staffId }, { school: schools }, { roles: { some: { school: schools } } }] };
  const people = await db.staff.findMany({ where, select: { id: true, code: true, fullName: true }, orderBy: { id: 'asc' } });
  const ids = people.filter((p) => foldVietnamese(p.fullName).includes(wanted) || foldVietnamese(p.code).includes(wanted)).map((p) => p.id);
  return { ids: ids.slice(0, TEACHER_MATCH_LIMIT), truncated: ids.length > TEACHER_MATCH_LIMIT };
}
