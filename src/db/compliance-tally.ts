// Plan counts for the compliance dashboard, read from PlanTally (kept exact by triggers on
// Plan, see the web_admin migration) instead of scanning the city's plans.
import type { TallyCount } from '../core/compliance.js';
import type { Actor } from '../core/org.js';
import { visibilityRules } from '../core/visibility.js';
import { ANNUAL_KINDS } from '../core/vocabulary.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from './prisma.js';
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
 * under any stored spelling, and subject-less rows of groups that have a sub-group of one of
 * them. Null when the actor follows whole schools.
 */
export async function subjectTallyFilter(db: Db, actor: Actor, wholeSchools: boolean): Promise<Prisma.PlanTallyWhereInput | null> {
  if (wholeSchools) return null;
  const rules = visibilityRules(actor).flatMap((r) => (r.type === 'SUBJECTS' ? [r] : []));
  const parts = await Promise.all(
    rules.map(async (rule) => {
      const subjects = await storedSpellings(db, rule.subjects);
      const groups = await db.subgroup.findMany({ where: { subject: { in: subjects } }, distinct: ['groupId'], select: { groupId: true } });
      return {
        kind: { in: [...rule.kinds] },
        OR: [{ subject: { in: subjects } }, { subject: '', groupId: { in: groups.map((g) => g.groupId) } }],
      };
    }),
  );
  return { OR: parts };
}

/** Counts per school, kind, state and lateness. `schoolIds` null: every school. */
export async function loadSchoolTallies(
  db: Db,
  yearId: number,
  schoolIds: readonly number[] | null,
  subjectFilter: Prisma.PlanTallyWhereInput | null,
): Promise<SchoolTally[]> {
  const rows = await db.planTally.groupBy({
    by: ['schoolId', 'kind', 'state', 'late'],
    where: { schoolYearId: yearId, count: { gt: 0 }, ...(schoolIds ? { schoolId: { in: [...schoolIds] } } : {}), ...(subjectFilter ?? {}) },
    _sum: { count: true },
  });
  return rows.map((r) => ({ schoolId: r.schoolId, kind: r.kind, state: r.state, late: r.late, count: r._sum.count ?? 0 }));
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
  const rows = await db.planTally.groupBy({
    by: ['schoolId', 'state'],
    where: { schoolYearId: yearId, kind: { in: [...ANNUAL_KINDS] }, schoolId: { in: [...schoolIds] }, count: { gt: 0 } },
    _sum: { count: true },
  });
  return fingerprintsOf(rows.map((r) => ({ schoolId: r.schoolId, state: r.state, count: r._sum.count ?? 0 })));
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
