// The numbers behind the dashboard pages and their exports: per school for the viewer's
// scope (R10), per group for one school, and the names behind them. Counts of plans come
// from PlanTally, what is owed from the core's obligations (deadlines.ts).
import { AppError } from '../../core/app-error.js';
import { complianceScope } from '../../core/admin-rights.js';
import { vnDateOf } from '../../core/calendar.js';
import {
  addCounts,
  complianceBy,
  countedItemsFilter,
  emptyCounts,
  totalOf,
  type ComplianceCounts,
  type CountedItem,
} from '../../core/compliance.js';
import type { ObligationStatus } from '../../core/deadlines.js';
import type { Actor } from '../../core/org.js';
import { ANNUAL_KINDS, type PlanKind, type PlanState, planKindOf, planStateOf } from '../../core/vocabulary.js';
import { loadObligationStatuses } from '../../read-models/compliance-obligations.js';
import { annualFingerprints, bySchool, fingerprintsOfTallies, loadGroupTallies, loadSchoolTallies, subjectScope } from '../../read-models/compliance-tally.js';
import type { Db } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { complianceSchoolsFilter, visiblePlansFilter } from '../../read-models/scope-filters.js';
import type { DashboardParams, SchoolOrder } from './dashboard-params.js';
import type { CachedSchool, ObligationCache } from './obligation-cache.js';

export const OUT_OF_SCOPE = 'Không tìm thấy, hoặc bạn không có quyền xem mục này.';

/** How many waiting, and how many late, lesson plans a school page lists by name. */
export const LESSON_LIST_LIMIT = 100;

export interface YearInfo {
  id: number;
  name: string;
  annualDeadline: string;
}

export interface SchoolInfo {
  id: number;
  code: string;
  name: string;
  level: string;
  supervisingUnitId: number;
  unitName: string;
}

export interface CityReport {
  year: YearInfo;
  years: YearInfo[];
  /** Filter choices: only offered when the scope spans several. */
  units: Array<{ id: number; name: string }>;
  levels: string[];
  params: DashboardParams;
  /** Subjects a Division specialist's counts are limited to; undefined: whole schools. */
  subjects?: readonly string[];
  lines: Array<{ school: SchoolInfo; counts: ComplianceCounts }>;
  total: ComplianceCounts;
  /** Schools in the whole scope, before the unit and level filters. */
  schoolsInScope: number;
}

export interface OwedLine {
  kind: PlanKind;
  subject: string | null;
  groupName: string | null;
  people: string[];
  /** The same people, in the same order, with what the hotline needs to call them. */
  contacts: Array<{ fullName: string; code: string; phone: string | null }>;
  state: 'MISSING' | 'RETURNED';
  overdue: boolean;
  planId: number | null;
}

export interface LessonLine {
  planId: number;
  refCode: string;
  ownerName: string;
  groupName: string | null;
  subject: string | null;
  grade: number | null;
  title: string | null;
  teachingDate: string | null;
  state: PlanState;
  late: boolean;
}

export interface LessonList {
  lines: LessonLine[];
  /** How many more there are than listed. */
  more: number;
}

export interface SchoolReport {
  year: YearInfo;
  years: YearInfo[];
  school: SchoolInfo;
  subjects?: readonly string[];
  groups: Array<{ groupId: number; name: string; active: boolean; counts: ComplianceCounts }>;
  total: ComplianceCounts;
  /** The group the name lists are limited to (0: the school-level line), if any. */
  groupFilter: { groupId: number; name: string } | null;
  /** The one kind of annual plan the list of who still owes what is limited to. */
  kindFilter: PlanKind | null;
  owed: OwedLine[];
  /** Lesson plans waiting for review, not late yet: the next to be taught first. */
  waiting: LessonList;
  /** Lesson plans marked late (R5): the most recent teaching day first. */
  late: LessonList;
  /** Whether the viewer follows several schools (the page links back to the list). */
  severalSchools: boolean;
}

/** The viewer's compliance scope, or FORBIDDEN: the dashboard is for those who follow schools. */
export function requireComplianceScope(actor: Actor) {
  const scope = complianceScope(actor);
  if (!scope) throw new AppError('FORBIDDEN', 'Trang tổng quan chỉ dành cho Ban giám hiệu, đơn vị quản lý, Phòng Giáo dục trung học và Sở.');
  return scope;
}

/** School years, newest first, and the one asked for, else the current one, else the newest. */
export async function chooseYear(db: Db, requested: number | undefined, now: Date): Promise<{ year: YearInfo; years: YearInfo[] }> {
  const rows = await db.schoolYear.findMany({ orderBy: { startsOn: 'desc' }, select: { id: true, name: true, annualDeadline: true, startsOn: true, endsOn: true } });
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'Chưa có năm học nào trên hệ thống.');
  const today = vnDateOf(now);
  const year =
    rows.find((y) => y.id === requested) ??
    rows.find((y) => y.startsOn <= today && today <= y.endsOn) ??
    rows.find((y) => y.startsOn <= today) ??
    rows[rows.length - 1]!;
  const info = (y: (typeof rows)[number]): YearInfo => ({ id: y.id, name: y.name, annualDeadline: y.annualDeadline });
  return { year: info(year), years: rows.map(info) };
}

function schoolInfo(s: { id: number; code: string; name: string; level: string; supervisingUnitId: number; supervisingUnit: { name: string } }): SchoolInfo {
  return { id: s.id, code: s.code, name: s.name, level: s.level, supervisingUnitId: s.supervisingUnitId, unitName: s.supervisingUnit.name };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

export async function cityReport(db: Db, cache: ObligationCache, actor: Actor, params: DashboardParams, now: Date): Promise<CityReport> {
  const scope = requireComplianceScope(actor);
  const { year, years } = await chooseYear(db, params.year, now);
  const inScope = (
    await db.school.findMany({
      where: { AND: [complianceSchoolsFilter(actor)!, { active: true }] },
      select: { id: true, code: true, name: true, level: true, supervisingUnitId: true, supervisingUnit: { select: { name: true } } },
    })
  ).map(schoolInfo).sort(byName);
  const units = [...new Map(inScope.map((s) => [s.supervisingUnitId, { id: s.supervisingUnitId, name: s.unitName }])).values()].sort(byName);
  const levels = [...new Set(inScope.map((s) => s.level))].sort();
  const shown = inScope.filter((s) => (params.unit === undefined || s.supervisingUnitId === params.unit) && (params.level === undefined || s.level === params.level));
  const ids = shown.map((s) => s.id);

  const wholeSchools = scope.subjects === undefined;
  const subjects = await subjectScope(db, actor, wholeSchools);
  // Every school of the city: no need to list 300 ids in the query.
  const everySchool = scope.schools === 'ALL' && shown.length === inScope.length;
  const tallies = await loadSchoolTallies(db, year.id, everySchool ? null : ids, subjects);
  const fingerprints = wholeSchools ? fingerprintsOfTallies(tallies) : await annualFingerprints(db, year.id, ids);
  const cached = await cache.get(year, ids, fingerprints);
  const owed = await obligationCounts(db, actor, shown, cached);
  const rows = complianceBy(tallies, (t) => t.schoolId, [], () => 0);
  const lines = shown.map((school) => {
    const counts = rows.get(school.id) ?? emptyCounts();
    addCounts(counts, owed.get(school.id)!);
    return { school, counts };
  });
  return {
    year, years, units, levels, params, subjects: scope.subjects, schoolsInScope: inScope.length,
    lines: orderLines(lines, params.sort ?? 'name'),
    total: totalOf(lines.map((l) => l.counts)),
  };
}

/**
 * Obligations, missing and overdue per school for this viewer, counted once per cache entry
 * and kind of viewer (whole schools, or a specialist's subjects).
 */
async function obligationCounts(db: Db, actor: Actor, schools: SchoolInfo[], cached: Map<number, CachedSchool>): Promise<Map<number, ComplianceCounts>> {
  const out = new Map<number, ComplianceCounts>();
  let groupSubjects: Map<number, string[]> | null = null;
  for (const school of schools) {
    const entry = cached.get(school.id)!;
    const filter = countedItemsFilter(actor, school);
    const key = filter?.key ?? '';
    let counts = entry.counted.get(key);
    if (!counts) {
      if (filter && !groupSubjects) groupSubjects = await subjectsOfGroups(db, schools.map((s) => s.id));
      const statuses = filter ? entry.statuses.filter((s) => filter.accepts(itemOf(s, groupSubjects!))) : entry.statuses;
      counts = complianceBy([], () => 0, statuses, () => 0).get(0) ?? emptyCounts();
      entry.counted.set(key, counts);
    }
    out.set(school.id, counts);
  }
  return out;
}

function orderLines<T extends { school: SchoolInfo; counts: ComplianceCounts }>(lines: T[], order: SchoolOrder): T[] {
  const measure: Record<SchoolOrder, (c: ComplianceCounts) => number> = {
    name: () => 0,
    overdue: (c) => c.annual.overdue,
    missing: (c) => c.annual.missing,
    late: (c) => c.lesson.late,
  };
  return [...lines].sort((a, b) => measure[order](b.counts) - measure[order](a.counts) || byName(a.school, b.school));
}

/** Every sub-group's subject per group, inactive ones included, as planScopeOf gives them. */
async function subjectsOfGroups(db: Db, schoolIds: number[]): Promise<Map<number, string[]>> {
  const schools = bySchool(schoolIds);
  const rows = await db.subgroup.findMany({ where: { group: schools.where }, select: { groupId: true, subject: true, group: { select: { schoolId: true } } } });
  const map = new Map<number, string[]>();
  for (const r of rows) if (schools.keep(r.group)) map.set(r.groupId, [...(map.get(r.groupId) ?? []), r.subject]);
  return map;
}

function itemOf(s: { kind: PlanKind; groupId: number | null; subject: string | null }, groupSubjects: Map<number, string[]>): CountedItem {
  return { kind: s.kind, groupId: s.groupId, subject: s.subject, groupSubjects: s.groupId ? (groupSubjects.get(s.groupId) ?? []) : [] };
}

/** The school if it is in the viewer's compliance scope, else NOT_FOUND (R10). */
async function schoolInScope(db: Db, actor: Actor, schoolId: number): Promise<SchoolInfo> {
  requireComplianceScope(actor);
  const school = await db.school.findFirst({
    where: { AND: [complianceSchoolsFilter(actor)!, { id: schoolId }] },
    select: { id: true, code: true, name: true, level: true, supervisingUnitId: true, supervisingUnit: { select: { name: true } } },
  });
  if (!school) throw new AppError('NOT_FOUND', OUT_OF_SCOPE);
  return schoolInfo(school);
}

export async function schoolReport(db: Db, actor: Actor, schoolId: number, params: DashboardParams, now: Date): Promise<SchoolReport> {
  const school = await schoolInScope(db, actor, schoolId);
  const scope = requireComplianceScope(actor);
  const { year, years } = await chooseYear(db, params.year, now);
  const [groups, tallies, { statuses }, schoolsInScope] = await Promise.all([
    db.group.findMany({ where: { schoolId }, select: { id: true, name: true, active: true, subgroups: { select: { subject: true } } } }),
    loadGroupTallies(db, year.id, schoolId),
    loadObligationStatuses(db, year, schoolId, now),
    db.school.count({ where: { AND: [complianceSchoolsFilter(actor)!, { active: true }] } }),
  ]);
  const groupSubjects = new Map(groups.map((g) => [g.id, g.subgroups.map((sg) => sg.subject)]));
  const counted = countedItemsFilter(actor, school);
  const keep = <T extends { kind: PlanKind; groupId: number | null; subject: string | null }>(items: T[]) =>
    counted ? items.filter((i) => counted.accepts(itemOf(i, groupSubjects))) : items;
  const visibleTallies = keep(tallies.map((t) => ({ ...t, kind: planKindOf(t.kind), groupId: t.groupId || null, subject: t.subject || null })));
  const visibleStatuses = keep(statuses);
  const rows = complianceBy(visibleTallies, (t) => t.groupId ?? 0, visibleStatuses, (s) => s.groupId ?? 0);

  const names = new Map<number, { name: string; active: boolean }>([[0, { name: SCHOOL_LEVEL_LINE, active: true }]]);
  for (const g of [...groups].sort(byName)) names.set(g.id, { name: g.name, active: g.active });
  const lines = [...names]
    // Specialists see the groups their subjects touch; others every active group, even empty.
    .filter(([id, g]) => rows.has(id) || (!counted && g.active))
    .map(([groupId, g]) => ({ groupId, name: g.active ? g.name : `${g.name} (ngừng hoạt động)`, active: g.active, counts: rows.get(groupId) ?? emptyCounts() }));

  const groupFilter = params.group !== undefined && names.has(params.group) ? { groupId: params.group, name: names.get(params.group)!.name } : null;
  const inGroup = (groupId: number | null) => !groupFilter || (groupId ?? 0) === groupFilter.groupId;
  const kindFilter = params.kind ?? null;
  const owedStatuses = visibleStatuses.filter((s) => s.owed && inGroup(s.groupId) && (!kindFilter || s.kind === kindFilter));
  const owed = await owedLines(db, owedStatuses, names);
  const lessonWhere = await lessonFilter(db, actor, year.id, schoolId, groupFilter?.groupId);
  const [waiting, late] = await Promise.all([
    lessonList(db, { AND: [lessonWhere, { state: 'SUBMITTED', lateAt: null }] }, 'asc'),
    lessonList(db, { AND: [lessonWhere, { lateAt: { not: null } }] }, 'desc'),
  ]);
  return {
    year, years, school, subjects: scope.subjects, groups: lines, total: totalOf(lines.map((l) => l.counts)),
    groupFilter, kindFilter, owed, waiting, late, severalSchools: schoolsInScope > 1,
  };
}

export const SCHOOL_LEVEL_LINE = 'Cấp trường (không thuộc tổ)';

const KIND_ORDER = [...ANNUAL_KINDS];

/** Vietnamese lists go by given name (the last word), then the whole name. */
export function byPersonName(a: string, b: string): number {
  const given = (name: string) => name.trim().split(/\s+/).at(-1) ?? '';
  return given(a).localeCompare(given(b), 'vi') || a.localeCompare(b, 'vi');
}

async function owedLines(db: Db, statuses: Array<ObligationStatus & { planId: number | null }>, groups: Map<number, { name: string }>): Promise<OwedLine[]> {
  const ids = [...new Set(statuses.flatMap((s) => s.responsibleIds))];
  const people = new Map(
    (await db.staff.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true, code: true, phone: true } })).map((p) => [p.id, p]),
  );
  const lines = statuses.map((s) => {
    const contacts = s.responsibleIds
      .map((id) => people.get(id) ?? { fullName: `#${id}`, code: '', phone: null })
      .map((p) => ({ fullName: p.fullName, code: p.code, phone: p.phone }))
      .sort((a, b) => byPersonName(a.fullName, b.fullName));
    return {
      kind: s.kind,
      subject: s.subject,
      groupName: s.groupId ? (groups.get(s.groupId)?.name ?? null) : null,
      people: contacts.map((c) => c.fullName),
      contacts,
      state: s.state as OwedLine['state'],
      overdue: s.overdue,
      planId: s.planId,
    };
  });
  // By name (the hotline works down the list calling people); nobody assigned yet comes last.
  return lines.sort(
    (a, b) =>
      Number(a.people.length === 0) - Number(b.people.length === 0) ||
      byPersonName(a.people[0] ?? '', b.people[0] ?? '') ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.subject ?? '').localeCompare(b.subject ?? '', 'vi'),
  );
}

/** The school's lesson plans of the year that the viewer may read (R10), in a group if asked. */
async function lessonFilter(db: Db, actor: Actor, yearId: number, schoolId: number, groupId: number | undefined): Promise<Prisma.PlanWhereInput> {
  return {
    AND: [
      await visiblePlansFilter(db, actor),
      { schoolYearId: yearId, schoolId, kind: 'LESSON_PLAN', ...(groupId === undefined ? {} : { groupId: groupId === 0 ? null : groupId }) },
    ],
  };
}

async function lessonList(db: Db, where: Prisma.PlanWhereInput, order: 'asc' | 'desc'): Promise<LessonList> {
  const [rows, count] = await Promise.all([
    db.plan.findMany({
      where,
      // Nulls placed explicitly: SQLite puts them first in ascending order, PostgreSQL last.
      orderBy: [{ teachingDate: { sort: order, nulls: order === 'asc' ? 'first' : 'last' } }, { id: order }],
      take: LESSON_LIST_LIMIT,
      select: {
        id: true, refCode: true, subject: true, grade: true, title: true, teachingDate: true, state: true, lateAt: true,
        owner: { select: { fullName: true } }, group: { select: { name: true } },
      },
    }),
    db.plan.count({ where }),
  ]);
  const lines = rows.map((p) => ({
    planId: p.id, refCode: p.refCode, ownerName: p.owner.fullName, groupName: p.group?.name ?? null, subject: p.subject,
    grade: p.grade, title: p.title, teachingDate: p.teachingDate, state: planStateOf(p.state), late: p.lateAt !== null,
  }));
  return { lines, more: count - lines.length };
}
