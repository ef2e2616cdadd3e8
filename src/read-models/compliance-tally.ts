// Plan counts for the compliance dashboard, read from PlanTally (kept exact by triggers on
// Plan, see the web_admin migration) instead of scanning the city's plans.
import type { TallyCount } from '../core/compliance.js';
import type { Actor } from '../core/org.js';
import { visibilityRules } from '../core/visibility.js';
import { ANNUAL_KINDS } from '../core/vocabulary.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';
import { storedSpellings } from './scope-filters.js';

export interface SchoolTally extends TallyCount {
  schoolId: number;
}

export interface GroupTally extends SchoolTally {
  /** 0: not in a group (the school plan). */
  groupId: number;
  /** '': no subject (group-wide plans). */
  subject: string;
}

/**
 * The Division specialists' part of the tally (R10 SUBJECTS rules): rows of their subjects,
 * under any stored spelling, and subject-less (group-wide) rows of groups that have a
 * sub-group of one of them.
 */
export interface SubjectScope {
  rules: Array<{ kinds: string[]; spellings: string[]; groupIds: Set<number> }>;
}

/** The actor's subject scope; null when they follow whole schools. */
export async function subjectScope(db: Db, actor: Actor, wholeSchools: boolean): Promise<SubjectScope | null> {
  if (wholeSchools) return null;
  const rules = visibilityRules(actor).flatMap((r) => (r.type === 'SUBJECTS' ? [r] : []));
  return {
    rules: await Promise.all(
      rules.map(async (rule) => {
        const spellings = await storedSpellings(db, rule.subjects);
        const groups = await db.subgroup.findMany({ where: { subject: { in: spellings } }, distinct: ['groupId'], select: { groupId: true } });
        return { kinds: [...rule.kinds], spellings, groupIds: new Set(groups.map((g) => g.groupId)) };
      }),
    ),
  };
}

/** Longest list of schools put in a query; Prisma's SQLite adapter refuses more than 999 values. */
const MAX_LISTED_SCHOOLS = 500;

/** Rows of these schools (null: all): asked in the query when the list is short, else kept after. */
export function bySchool(schoolIds: readonly number[] | null): { where: { schoolId?: { in: number[] } }; keep: (row: { schoolId: number }) => boolean } {
  if (!schoolIds) return { where: {}, keep: () => true };
  if (schoolIds.length <= MAX_LISTED_SCHOOLS) return { where: { schoolId: { in: [...schoolIds] } }, keep: () => true };
  const wanted = new Set(schoolIds);
  return { where: {}, keep: (row) => wanted.has(row.schoolId) };
}

/** Counts per school, kind, state and lateness, within a subject scope if given. `schoolIds` null: every school. */
export async function loadSchoolTallies(db: Db, yearId: number, schoolIds: readonly number[] | null, scope: SubjectScope | null): Promise<SchoolTally[]> {
  const schools = bySchool(schoolIds);
  const base = { schoolYearId: yearId, count: { gt: 0 }, ...schools.where };
  if (!scope) return groupedBySchool(db, base, schools.keep);
  if (scope.rules.length === 0) return [];
  // Rows with a subject: SQL decides. Group-wide rows: by group, kept here when the group
  // teaches a subject of the scope — a city's list of such groups is too long for a query.
  const [withSubject, groupWide] = await Promise.all([
    groupedBySchool(db, { ...base, OR: scope.rules.map((r) => ({ kind: { in: r.kinds }, subject: { in: r.spellings } })) }, schools.keep),
    db.planTally.groupBy({
      by: ['schoolId', 'groupId', 'kind', 'state', 'late'],
      where: { ...base, subject: '', groupId: { not: 0 }, kind: { in: [...new Set(scope.rules.flatMap((r) => r.kinds))] } },
      _sum: { count: true },
    }),
  ]);
  const kept = groupWide.filter((r) => schools.keep(r) && scope.rules.some((rule) => rule.kinds.includes(r.kind) && rule.groupIds.has(r.groupId)));
  return [...withSubject, ...kept.map((r) => ({ schoolId: r.schoolId, kind: r.kind, state: r.state, late: r.late, count: r._sum.count ?? 0 }))];
}

async function groupedBySchool(db: Db, where: Prisma.PlanTallyWhereInput, keep: (row: { schoolId: number }) => boolean): Promise<SchoolTally[]> {
  const rows = await db.planTally.groupBy({ by: ['schoolId', 'kind', 'state', 'late'], where, _sum: { count: true } });
  return rows.filter(keep).map((r) => ({ schoolId: r.schoolId, kind: r.kind, state: r.state, late: r.late, count: r._sum.count ?? 0 }));
}

/** Every tally row of one school: counts per group and subject. */
export async function loadGroupTallies(db: Db, yearId: number, schoolId: number): Promise<GroupTally[]> {
  return db.planTally.findMany({
    where: { schoolYearId: yearId, schoolId, count: { gt: 0 } },
    select: { schoolId: true, groupId: true, subject: true, kind: true, state: true, late: true, count: true },
  });
}

/**
 * Annual plans per school and state, all subjects: changes whenever an annual plan of the
 * school is added, decided, resubmitted or deleted, so cached obligation states can tell
 * they are out of date.
 */
export async function annualFingerprints(db: Db, yearId: number, schoolIds: readonly number[]): Promise<Map<number, string>> {
  const schools = bySchool(schoolIds);
  const rows = await db.planTally.groupBy({
    by: ['schoolId', 'state'],
    where: { schoolYearId: yearId, kind: { in: [...ANNUAL_KINDS] }, count: { gt: 0 }, ...schools.where },
    _sum: { count: true },
  });
  return fingerprintsOf(rows.filter(schools.keep).map((r) => ({ schoolId: r.schoolId, state: r.state, count: r._sum.count ?? 0 })));
}

/** The same fingerprints from unfiltered school tallies (loadSchoolTallies without a subject filter). */
export function fingerprintsOfTallies(tallies: readonly SchoolTally[]): Map<number, string> {
  return fingerprintsOf(tallies.filter((t) => (ANNUAL_KINDS as readonly string[]).includes(t.kind)));
}

function fingerprintsOf(rows: ReadonlyArray<{ schoolId: number; state: string; count: number }>): Map<number, string> {
  const sums = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const bySchool = sums.get(r.schoolId) ?? sums.set(r.schoolId, new Map()).get(r.schoolId)!;
    bySchool.set(r.state, (bySchool.get(r.state) ?? 0) + r.count);
  }
  const prints = new Map<number, string>();
  for (const [schoolId, byState] of sums) {
    const parts = [...byState].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
    prints.set(schoolId, parts.map(([state, n]) => `${state}:${n}`).join(';'));
  }
  return prints;
}
