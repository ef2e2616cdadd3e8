// The city's annual plans (R4) day by day, for the dashboard's progress chart: how many were
// handed in (their first version) and how many are approved (the decision on their current
// version) on each Vietnamese calendar day. Two GROUP BY queries over the year's annual plans —
// no plan row reaches JavaScript — that read the same on SQLite and PostgreSQL but for the
// expression that turns a stored instant into a Vietnamese date.
import type { IsoDate } from '../core/calendar.js';
import { ANNUAL_KINDS } from '../core/vocabulary.js';
import { isPostgres, type Db } from '../db/prisma.js';
import { Prisma } from '../generated/prisma/client.js';
import type { SubjectScope } from './compliance-tally.js';

/** Which schools count: those a dashboard shows (its scope, then its unit and level filters). */
export interface ProgressSchools {
  /** The viewer's schools: every school, or the schools of these units plus these schools. */
  scope: 'ALL' | { unitIds: readonly number[]; schoolIds: readonly number[] };
  unit?: number;
  level?: string;
}

export interface DayCount {
  day: IsoDate;
  count: number;
}

export interface AnnualProgressRows {
  /** Annual plans present now, by the day their first version came in. */
  handedIn: DayCount[];
  /** Annual plans approved now, by the day of that approval. */
  approved: DayCount[];
}

/**
 * Day counts of the year's annual plans in these schools; `subjects` limits them as a Division
 * specialist's counts are limited (their subjects' teacher and group plans, see
 * loadSchoolTallies), null for whole schools.
 */
export async function loadAnnualProgress(db: Db, yearId: number, schools: ProgressSchools, subjects: SubjectScope | null): Promise<AnnualProgressRows> {
  if (subjects && subjects.rules.length === 0) return { handedIn: [], approved: [] };
  const where = Prisma.sql`p."schoolYearId" = ${yearId} AND p."kind" IN (${Prisma.join([...ANNUAL_KINDS])})
    AND p."schoolId" IN (${schoolsQuery(schools)})${subjects ? Prisma.sql` AND (${subjectsCondition(subjects)})` : Prisma.empty}`;
  const postgres = isPostgres(db);
  const [handedIn, approved] = await Promise.all([
    db.$queryRaw<Array<{ day: string; count: bigint | number }>>`
      SELECT ${vnDay(postgres, Prisma.sql`s."submittedAt"`)} AS "day", COUNT(*) AS "count"
      FROM "Plan" p JOIN "Submission" s ON s."planId" = p."id" AND s."version" = 1
      WHERE ${where}
      GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Array<{ day: string; count: bigint | number }>>`
      SELECT ${vnDay(postgres, Prisma.sql`d."decidedAt"`)} AS "day", COUNT(*) AS "count"
      FROM "Plan" p JOIN "Submission" s ON s."planId" = p."id" AND s."version" = p."currentVersion"
        JOIN "Decision" d ON d."submissionId" = s."id"
      WHERE ${where} AND p."state" = 'APPROVED' AND d."action" = 'APPROVE'
      GROUP BY 1 ORDER BY 1`,
  ]);
  const rows = (list: Array<{ day: string; count: bigint | number }>) => list.map((r) => ({ day: r.day, count: Number(r.count) }));
  return { handedIn: rows(handedIn), approved: rows(approved) };
}

/**
 * A stored instant as its Vietnamese date (UTC+7, no daylight saving). SQLite: Prisma's adapter
 * writes ISO 8601 text, a row written as epoch milliseconds is read too. PostgreSQL: Prisma's
 * `timestamp(3)` columns hold UTC.
 */
function vnDay(postgres: boolean, column: Prisma.Sql): Prisma.Sql {
  if (postgres) return Prisma.sql`to_char(${column} + interval '7 hours', 'YYYY-MM-DD')`;
  return Prisma.sql`CASE WHEN typeof(${column}) = 'integer' THEN date(${column} / 1000, 'unixepoch', '+7 hours') ELSE date(${column}, '+7 hours') END`;
}

/** The schools' ids as a sub-query: a city's list of ids is longer than SQLite takes in a query. */
function schoolsQuery(schools: ProgressSchools): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`sc."active" = ${true}`];
  if (schools.scope !== 'ALL') {
    const { unitIds, schoolIds } = schools.scope;
    const either = [
      ...(unitIds.length > 0 ? [Prisma.sql`sc."supervisingUnitId" IN (${Prisma.join([...unitIds])})`] : []),
      ...(schoolIds.length > 0 ? [Prisma.sql`sc."id" IN (${Prisma.join([...schoolIds])})`] : []),
    ];
    conditions.push(either.length > 0 ? Prisma.sql`(${Prisma.join(either, ' OR ')})` : Prisma.sql`1 = 0`);
  }
  if (schools.unit !== undefined) conditions.push(Prisma.sql`sc."supervisingUnitId" = ${schools.unit}`);
  if (schools.level !== undefined) conditions.push(Prisma.sql`sc."level" = ${schools.level}`);
  return Prisma.sql`SELECT sc."id" FROM "School" sc WHERE ${Prisma.join(conditions, ' AND ')}`;
}

/**
 * A specialist's plans, as visiblePlansFilter's SUBJECTS rule reads them: of their subjects
 * under any stored spelling, or group-wide (no subject) in a group with a sub-group of one.
 */
function subjectsCondition(scope: SubjectScope): Prisma.Sql {
  return Prisma.join(
    scope.rules.map((rule) => {
      if (rule.kinds.length === 0 || rule.spellings.length === 0) return Prisma.sql`1 = 0`;
      const spellings = Prisma.join(rule.spellings);
      return Prisma.sql`(p."kind" IN (${Prisma.join(rule.kinds)}) AND (p."subject" IN (${spellings})
        OR (p."subject" IS NULL AND p."groupId" IN (SELECT sg."groupId" FROM "Subgroup" sg WHERE sg."subject" IN (${spellings})))))`;
    }),
    ' OR ',
  );
}
