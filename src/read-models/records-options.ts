// What the records filters may offer a viewer: only schools, groups and sub-groups where they
// can read some plan, and the teachers of those schools. The list query is scoped by
// visiblePlansFilter anyway; these lists keep the page from naming what the viewer may not see.
import type { Actor } from '../core/org.js';
import { submittableKinds } from '../core/submission-rights.js';
import { canSeeSchool, visibilityRules, type VisibilityRule } from '../core/visibility.js';
import { PLAN_KINDS, type PlanKind } from '../core/vocabulary.js';
import { foldVietnamese } from '../core/text.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';
import { foldedStaffNames, type FoldedStaff } from './records-staff-names.js';

export interface Option {
  id: number;
  name: string;
}

/** Where and what a viewer may read, worked out once per request from the core's rules. */
export interface RecordsScope {
  /** Reads plans in every school (leaders, hotline, subject specialists). */
  cityWide: boolean;
  /** Otherwise, the schools where they may read some plan. */
  schoolIds: number[];
  /** Kinds they may read somewhere, in the vocabulary's order. */
  kinds: PlanKind[];
}

export async function recordsScope(db: Db, actor: Actor): Promise<RecordsScope> {
  const rules = visibilityRules(actor);
  const ids = <T extends VisibilityRule['type']>(type: T, pick: (r: Extract<VisibilityRule, { type: T }>) => number) =>
    rules.flatMap((r) => (r.type === type ? [pick(r as Extract<VisibilityRule, { type: T }>)] : []));
  const cityWide = rules.some((r) => r.type === 'ALL' || r.type === 'SUBJECTS');
  const [schools, own] = await Promise.all([
    cityWide
      ? []
      : db.school.findMany({
          where: {
            OR: [
              { supervisingUnitId: { in: ids('SUPERVISED_SCHOOLS', (r) => r.unitId) } },
              { id: { in: ids('SCHOOL', (r) => r.schoolId) } },
              { groups: { some: { id: { in: ids('GROUP', (r) => r.groupId) } } } },
              { groups: { some: { subgroups: { some: { id: { in: ids('SUBGROUP', (r) => r.subgroupId) } } } } } },
            ],
          },
          select: { id: true },
        }),
    // Their own plans may lie where they hold no role any more (a teacher who moved).
    db.plan.groupBy({ by: ['schoolId', 'kind'], where: { ownerId: actor.staffId } }),
  ]);
  const kinds = new Set<string>([...submittableKinds(actor), ...own.map((p) => p.kind)]);
  for (const rule of rules) {
    const ruleKinds = 'kinds' in rule ? rule.kinds : undefined;
    for (const kind of rule.type === 'OWN' ? [] : (ruleKinds ?? PLAN_KINDS)) kinds.add(kind);
  }
  return {
    cityWide,
    schoolIds: [...new Set([...schools.map((s) => s.id), ...own.map((p) => p.schoolId)])],
    kinds: PLAN_KINDS.filter((k) => kinds.has(k)),
  };
}

function schoolsWhere(scope: RecordsScope): Prisma.SchoolWhereInput {
  return scope.cityWide ? {} : { id: { in: scope.schoolIds } };
}

export async function visibleSchools(db: Db, scope: RecordsScope): Promise<Option[]> {
  return db.school.findMany({ where: schoolsWhere(scope), select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Groups of a school where the viewer may read plans: all of them if they see the whole school. */
export async function visibleGroups(db: Db, actor: Actor, schoolId: number): Promise<Option[]> {
  const school = await db.school.findUnique({ where: { id: schoolId }, select: { id: true, supervisingUnitId: true } });
  if (!school) return [];
  const own = actor.grants.flatMap((g) => (g.schoolId === schoolId && g.groupId != null ? [g.groupId] : []));
  const where: Prisma.GroupWhereInput = canSeeSchool(actor, school) ? { schoolId } : { schoolId, id: { in: own } };
  return db.group.findMany({ where, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/**
 * Sub-groups of a group the viewer may pick (visibleGroups decides that). All of them: whoever
 * reads anything of a group reads its group plans, and each sub-group may file its own.
 */
export async function visibleSubgroups(db: Db, groupId: number): Promise<Option[]> {
  return db.subgroup.findMany({ where: { groupId }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** The school of a group, to check a group chosen without its school. */
export async function schoolOfGroup(db: Db, groupId: number): Promise<number | null> {
  return (await db.group.findUnique({ where: { id: groupId }, select: { schoolId: true } }))?.schoolId ?? null;
}

/** The group of a sub-group, to check a sub-group chosen without its group. */
export async function groupOfSubgroup(db: Db, subgroupId: number): Promise<number | null> {
  return (await db.subgroup.findUnique({ where: { id: subgroupId }, select: { groupId: true } }))?.groupId ?? null;
}

/** Subjects taught in the viewer's schools, for the subject filter. */
export async function visibleSubjects(db: Db, scope: RecordsScope): Promise<string[]> {
  const where: Prisma.SubgroupWhereInput = scope.cityWide ? {} : { group: { schoolId: { in: scope.schoolIds } } };
  // groupBy is a SQL GROUP BY; findMany's `distinct` would read every sub-group into memory.
  const rows = await db.subgroup.groupBy({ by: ['subject'], where });
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
export async function searchTeachers(db: Db, actor: Actor, scope: RecordsScope, text: string): Promise<TeacherMatches> {
  const wanted = foldVietnamese(text);
  // "\n" separates name and code in the folded text: a search never spans both.
  if (wanted === '' || wanted.includes('\n')) return { ids: [], truncated: false };
  const people = scope.cityWide ? await foldedStaffNames(db) : await schoolStaff(db, actor, scope);
  const ids = people.filter((p) => p.text.includes(wanted)).map((p) => p.id);
  return { ids: ids.slice(0, TEACHER_MATCH_LIMIT), truncated: ids.length > TEACHER_MATCH_LIMIT };
}

/** The people of the viewer's schools (and the viewer), folded like foldedStaffNames. */
async function schoolStaff(db: Db, actor: Actor, scope: RecordsScope): Promise<FoldedStaff[]> {
  const schools = { in: scope.schoolIds };
  const rows = await db.staff.findMany({
    where: { OR: [{ id: actor.staffId }, { schoolId: schools }, { roles: { some: { schoolId: schools } } }] },
    select: { id: true, code: true, fullName: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ id: r.id, text: `${foldVietnamese(r.fullName)}\n${foldVietnamese(r.code)}` }));
}
