// The records list: plans the viewer may read (visiblePlansFilter) narrowed by the page's
// filters, newest first, one page at a time. Pages are cut by id (keyset), never by OFFSET,
// and the count stops at a bound, so a city of a million plans answers as fast as a school.
import { endOfVnDay, startOfVnDay, vnDateOf, type IsoDate } from '../core/calendar.js';
import type { PlanKind, PlanState } from '../core/vocabulary.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';

/** Filters already checked against what the viewer may see (see records-options.ts). */
export interface RecordsFilter {
  /**
   * Schools outside which the viewer may read nothing (see recordsScope). Implied by the
   * visibility filter, so it changes no result; stated, it lets SQLite read a ward's schools
   * through the (school year, school) index instead of walking the whole city.
   */
  withinSchools?: number[];
  schoolYearId?: number;
  /** Every school year, when none is chosen (see yearCondition). */
  allSchoolYearIds?: number[];
  schoolId?: number;
  groupId?: number;
  subgroupId?: number;
  /** Owners found by the teacher search; an empty list matches nothing. */
  ownerIds?: number[];
  kind?: PlanKind;
  /** Every stored spelling of the chosen subject. */
  subjects?: string[];
  state?: PlanState;
  lateOnly?: boolean;
  /** Teaching date for lesson plans, the date a version was handed in for the other kinds. */
  from?: IsoDate;
  to?: IsoDate;
}

export const PAGE_SIZE = 50;
/** The largest id a plan can have (Prisma Int): the first page's keyset bound. */
const MAX_ID = 2_147_483_647;
/** Counting stops here: "hơn 1000" is as useful as an exact figure and costs a bounded scan. */
export const COUNT_BOUND = 1000;

/**
 * The visibility filter AND the page's filters. The filters are pushed into each branch of the
 * visibility OR so that SQLite can answer every branch from its own index (school year and
 * school, owner and year…) instead of scanning the whole table.
 */
export function recordsWhere(visible: Prisma.PlanWhereInput, filter: RecordsFilter, strategy: PageStrategy): Prisma.PlanWhereInput {
  const narrowing = filterConditions(filter, strategy);
  if (narrowing.length === 0) return visible;
  const branches = Object.keys(visible).length === 1 && Array.isArray(visible.OR) ? visible.OR : null;
  if (!branches) return { AND: [visible, ...narrowing] };
  return { OR: branches.map((branch) => ({ AND: [branch, ...narrowing] })) };
}

function filterConditions(f: RecordsFilter, strategy: PageStrategy): Prisma.PlanWhereInput[] {
  const out: Prisma.PlanWhereInput[] = [];
  if (f.withinSchools !== undefined) out.push({ schoolId: { in: f.withinSchools } });
  out.push(...yearCondition(f, strategy));
  if (f.schoolId !== undefined) out.push({ schoolId: f.schoolId });
  if (f.groupId !== undefined) out.push({ groupId: f.groupId });
  if (f.subgroupId !== undefined) out.push({ subgroupId: f.subgroupId });
  if (f.ownerIds !== undefined) out.push({ ownerId: { in: f.ownerIds } });
  if (f.kind !== undefined) out.push({ kind: f.kind });
  if (f.state !== undefined) out.push({ state: f.state });
  if (f.lateOnly) out.push({ lateAt: { not: null } });
  if (f.subjects !== undefined) out.push(subjectCondition(f.subjects));
  if (f.from !== undefined || f.to !== undefined) out.push(dateCondition(f.from, f.to));
  return out;
}

/**
 * The school year, written for the strategy (see PageStrategy). A walk must not be tempted by
 * the year's index (nearly every plan of the table is in the current year; SQLite knows that
 * only if ANALYZE has run): NOT (year <> y) means the same and no index serves it. An index
 * read wants the year as the leading column of (year, school, kind, state), even for all years.
 */
function yearCondition(f: RecordsFilter, strategy: PageStrategy): Prisma.PlanWhereInput[] {
  if (f.schoolYearId !== undefined) {
    return [strategy === 'walk' ? { NOT: { schoolYearId: { not: f.schoolYearId } } } : { schoolYearId: f.schoolYearId }];
  }
  return strategy === 'index' && f.allSchoolYearIds ? [{ schoolYearId: { in: f.allSchoolYearIds } }] : [];
}

/** A subject's plans, and the group-wide plans of groups teaching it (as visibility reads them). */
function subjectCondition(subjects: string[]): Prisma.PlanWhereInput {
  return { OR: [{ subject: { in: subjects } }, { subject: null, group: { subgroups: { some: { subject: { in: subjects } } } } }] };
}

function dateCondition(from: IsoDate | undefined, to: IsoDate | undefined): Prisma.PlanWhereInput {
  const teaching = { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) };
  const handedIn = { ...(from ? { gte: startOfVnDay(from) } : {}), ...(to ? { lt: endOfVnDay(to) } : {}) };
  return {
    OR: [
      { kind: 'LESSON_PLAN', teachingDate: teaching },
      { kind: { not: 'LESSON_PLAN' }, submissions: { some: { submittedAt: handedIn } } },
    ],
  };
}

const ROW_SELECT = {
  id: true, refCode: true, kind: true, title: true, subject: true, grade: true, state: true,
  currentVersion: true, teachingDate: true, lateAt: true, updatedAt: true,
  owner: { select: { fullName: true, code: true } },
  school: { select: { name: true } },
  group: { select: { name: true } },
  subgroup: { select: { name: true } },
} satisfies Prisma.PlanSelect;

export type RecordRow = Prisma.PlanGetPayload<{ select: typeof ROW_SELECT }>;

export interface RecordsPage {
  rows: RecordRow[];
  /** The `before` of the next page, if there is one. */
  nextBefore?: number;
}

/**
 * How SQLite should find a page, newest first. Its planner ignores the LIMIT when it weighs a
 * plan, so left alone it reads a whole school year through some index and sorts it (seconds
 * for a city) even when walking the table backwards would stop after a page. So we tell it:
 * - 'walk': a range on id (`id <= bound`) makes it walk the table from the bound and stop
 *   after a page — right when matches are dense (a city-wide list of mostly lesson plans);
 *   an equality on an indexed column (owner, group, school) still wins when it is selective;
 * - 'index': the same bound written as NOT (id > bound), which no index can serve, leaves it
 *   to read the matches through an index on the filters and sort them — right when they are
 *   few (one ward, one school, one teacher, the annual plans of a city).
 */
export type PageStrategy = 'walk' | 'index';

/**
 * City-wide lists walk; lists narrowed to a place or a few people (a viewer's ward or school,
 * a chosen school, group or teacher) and the rarer annual kinds read an index.
 */
export function pageStrategy(cityWide: boolean, filter: RecordsFilter): PageStrategy {
  const narrow = filter.schoolId ?? filter.groupId ?? filter.subgroupId ?? filter.ownerIds ?? filter.withinSchools;
  const rareKind = filter.kind !== undefined && filter.kind !== 'LESSON_PLAN';
  return cityWide && narrow === undefined && !rareKind ? 'walk' : 'index';
}

function upTo(where: Prisma.PlanWhereInput, bound: number, strategy: PageStrategy): Prisma.PlanWhereInput {
  const limit: Prisma.PlanWhereInput = strategy === 'walk' ? { id: { lte: bound } } : { NOT: { id: { gt: bound } } };
  return { AND: [where, limit] };
}

/** One page of plans with id below `before` (the first page without it). */
export async function recordsPage(db: Db, where: Prisma.PlanWhereInput, strategy: PageStrategy, before?: number): Promise<RecordsPage> {
  const rows = await db.plan.findMany({
    where: upTo(where, before === undefined ? MAX_ID : before - 1, strategy),
    orderBy: { id: 'desc' },
    take: PAGE_SIZE + 1,
    select: ROW_SELECT,
  });
  return pageOf(rows);
}

/** Up to PAGE_SIZE + 1 rows, newest first → the page and where the next one starts. */
function pageOf(rows: RecordRow[]): RecordsPage {
  const more = rows.length > PAGE_SIZE;
  const shown = more ? rows.slice(0, PAGE_SIZE) : rows;
  return { rows: shown, nextBefore: more ? shown[shown.length - 1]!.id : undefined };
}

/**
 * PostgreSQL cannot read a few schools' plans in id order from one index (an IN list on the
 * leading column of `Plan(schoolId, id)` gives no order), so it walks the primary key backwards
 * through the whole city to fill a ward's page. Read each school's page from the index instead
 * (ordered, stops after a page) and merge: one query per school, for the lists of a ward or
 * district. Above this many schools a list is dense enough for the usual plan.
 */
export const MERGE_MAX_SCHOOLS = 60;

/** Whether a list over the viewer's schools is read school by school (see MERGE_MAX_SCHOOLS). */
export function mergesSchools(postgres: boolean, filter: RecordsFilter): boolean {
  const schools = filter.withinSchools?.length ?? 0;
  return postgres && filter.schoolId === undefined && filter.ownerIds === undefined && schools >= 2 && schools <= MERGE_MAX_SCHOOLS;
}

/** The page and the bounded count of a list over several schools, read school by school. */
export async function schoolMergedList(
  db: Db, visible: Prisma.PlanWhereInput, filter: RecordsFilter, before?: number,
): Promise<{ page: RecordsPage; count: number }> {
  const perSchool = (filter.withinSchools ?? []).map((schoolId) => recordsWhere(visible, { ...filter, withinSchools: undefined, schoolId }, 'index'));
  const bound = before === undefined ? MAX_ID : before - 1;
  const idLists = await Promise.all(perSchool.map((where) =>
    db.plan.findMany({ where: upTo(where, bound, 'index'), orderBy: { id: 'desc' }, take: PAGE_SIZE + 1, select: { id: true } })));
  const ids = idLists.flat().map((r) => r.id).sort((a, b) => b - a).slice(0, PAGE_SIZE + 1);
  const rows = ids.length === 0 ? [] : await db.plan.findMany({ where: { id: { in: ids } }, orderBy: { id: 'desc' }, select: ROW_SELECT });
  return { page: pageOf(rows), count: await mergedCount(db, perSchool) };
}

/** The schools' counts added up, one school at a time, until the bound is passed. */
async function mergedCount(db: Db, perSchool: Prisma.PlanWhereInput[]): Promise<number> {
  let count = 0;
  for (const where of perSchool) {
    if (count > COUNT_BOUND) break;
    const ids = await db.plan.findMany({ where: upTo(where, MAX_ID, 'index'), orderBy: { id: 'desc' }, take: COUNT_BOUND + 1 - count, select: { id: true } });
    count += ids.length;
  }
  return count;
}

/**
 * How many plans match, up to COUNT_BOUND + 1 (more means "over the bound"). Reads ids in the
 * list's own order (id desc), so SQLite walks the same path as the page and stops at the
 * bound; a COUNT over a LIMITed subquery would sort every match by id first.
 */
export async function boundedCount(db: Db, where: Prisma.PlanWhereInput, strategy: PageStrategy): Promise<number> {
  const ids = await db.plan.findMany({ where: upTo(where, MAX_ID, strategy), orderBy: { id: 'desc' }, take: COUNT_BOUND + 1, select: { id: true } });
  return ids.length;
}

/** The school year containing today, else the latest one; null before any year exists. */
export async function currentSchoolYear(db: Db, now: Date) {
  const today = vnDateOf(now);
  const containing = await db.schoolYear.findFirst({ where: { startsOn: { lte: today }, endsOn: { gte: today } }, orderBy: { startsOn: 'desc' } });
  return containing ?? db.schoolYear.findFirst({ orderBy: { startsOn: 'desc' } });
}
