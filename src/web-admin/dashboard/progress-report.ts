// The numbers behind the dashboard's charts (issue 18): rates per school and per supervising
// unit from the city report's lines, and the scope's annual plans day by day from the database.
import { vnDateOf } from '../../core/calendar.js';
import { progressSeries, progressWindow, rateLine, sumLines, worstFirst, type ProgressSeries, type RateLine } from '../../core/compliance-rates.js';
import type { Actor } from '../../core/org.js';
import type { Db } from '../../db/prisma.js';
import { loadAnnualProgress } from '../../read-models/annual-progress.js';
import { subjectScope } from '../../read-models/compliance-tally.js';
import { requireComplianceScope, type CityReport } from './compliance-report.js';

export interface LeaderCharts {
  /** Per supervising unit, worst first; null when the page shows one unit's schools only. */
  units: RateLine<number>[] | null;
  /** Per school, worst first. */
  schools: RateLine<number>[];
  progress: {
    series: ProgressSeries;
    obligations: number;
    deadline: string;
    today: string;
  };
}

export async function leaderCharts(db: Db, actor: Actor, report: CityReport, now: Date): Promise<LeaderCharts> {
  const scope = requireComplianceScope(actor);
  const schools = report.lines.map(({ school, counts }) => ({ ...rateLine(school.id, school.name, counts.annual), unitId: school.supervisingUnitId, unitName: school.unitName }));
  const unitOf = new Map(schools.map((s) => [s.key, { key: s.unitId, label: s.unitName }]));
  const severalUnits = new Set(schools.map((s) => s.unitId)).size > 1;
  const units = severalUnits ? worstFirst(sumLines(schools, (line) => unitOf.get(line.key)!)) : null;

  const [year, subjects] = await Promise.all([
    db.schoolYear.findUniqueOrThrow({ where: { id: report.year.id }, select: { startsOn: true, endsOn: true, annualDeadline: true } }),
    subjectScope(db, actor, scope.subjects === undefined),
  ]);
  const daily = await loadAnnualProgress(db, report.year.id, { scope: scope.schools, unit: report.params.unit, level: report.params.level }, subjects);
  const today = vnDateOf(now);
  const firstDay = [daily.handedIn[0]?.day, daily.approved[0]?.day].filter((d): d is string => d !== undefined).sort()[0] ?? null;
  const series = progressSeries(daily, progressWindow(year, firstDay, today));
  return {
    units,
    schools: worstFirst(schools.map(({ key, label, obligations, handedIn, approved }) => ({ key, label, obligations, handedIn, approved }))),
    progress: { series, obligations: report.total.annual.obligations, deadline: year.annualDeadline, today },
  };
}
