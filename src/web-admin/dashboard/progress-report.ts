// The numbers behind the dashboard's charts (issue 18): rates per school and per supervising
// unit from the city report's lines, and the scope's annual plans day by day from the database.
import { vnDateOf } from '../../core/calendar.js';
import { progressSeries, progressWindow, rateLine, sumLines, worstFirst, type ProgressSeries, type RateLine } from '../../core/compliance-rates.js';
import type { Actor } from '../../core/org.js';
import type { Db } from '../../db/prisma.js';
import { complianceScope } from '../../core/admin-rights.js';
import { loadAnnualProgress, type AnnualProgressRows } from '../../read-models/annual-progress.js';
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

export interface ProgressCacheOptions {
  /** How long day counts are trusted while the scope's annual plans do not change. Default 60 s. */
  ttlMs?: number;
  /** Scopes kept (viewers with the same schools and subjects share one). Default 200. */
  maxEntries?: number;
  now(): Date;
}

/**
 * The day counts of each scope, kept while its annual plans' counts per school and state (from
 * the report, read from the tally on every page) stay the same: a plan handed in, decided or
 * deleted changes them, so the next page asks the database again. On a city the two queries
 * cost a few hundred milliseconds; the page itself a few dozen.
 */
export class ProgressCache {
  private readonly entries = new Map<string, { fingerprint: string; loadedAt: number; rows: AnnualProgressRows }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: ProgressCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 200;
  }

  async get(key: string, fingerprint: string, load: () => Promise<AnnualProgressRows>): Promise<AnnualProgressRows> {
    const now = this.options.now().getTime();
    const entry = this.entries.get(key);
    if (entry && entry.fingerprint === fingerprint && now - entry.loadedAt < this.ttlMs) return entry.rows;
    const rows = await load();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, loadedAt: now, rows });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return rows;
  }
}

/** What the day counts depend on: the scope, its filters and its annual plans' counts. */
function progressKey(actor: Actor, report: CityReport): { key: string; fingerprint: string } {
  const key = JSON.stringify([report.year.id, complianceScope(actor), report.params.unit ?? null, report.params.level ?? null]);
  const fingerprint = report.lines.map(({ school, counts: { annual: a } }) => `${school.id}:${a.submitted}/${a.approved}/${a.returned}`).join(';');
  return { key, fingerprint };
}

export async function leaderCharts(db: Db, actor: Actor, report: CityReport, now: Date, cache?: ProgressCache): Promise<LeaderCharts> {
  const scope = requireComplianceScope(actor);
  const schools = report.lines.map(({ school, counts }) => ({ ...rateLine(school.id, school.name, counts.annual), unitId: school.supervisingUnitId, unitName: school.unitName }));
  const unitOf = new Map(schools.map((s) => [s.key, { key: s.unitId, label: s.unitName }]));
  const severalUnits = new Set(schools.map((s) => s.unitId)).size > 1;
  const units = severalUnits ? worstFirst(sumLines(schools, (line) => unitOf.get(line.key)!)) : null;

  const year = await db.schoolYear.findUniqueOrThrow({ where: { id: report.year.id }, select: { startsOn: true, endsOn: true, annualDeadline: true } });
  const load = async () =>
    loadAnnualProgress(db, report.year.id, { scope: scope.schools, unit: report.params.unit, level: report.params.level }, await subjectScope(db, actor, scope.subjects === undefined));
  const cached = progressKey(actor, report);
  const daily = cache ? await cache.get(cached.key, cached.fingerprint, load) : await load();
  const today = vnDateOf(now);
  const firstDay = [daily.handedIn[0]?.day, daily.approved[0]?.day].filter((d): d is string => d !== undefined).sort()[0] ?? null;
  const series = progressSeries(daily, progressWindow(year, firstDay, today));
  return {
    units,
    schools: worstFirst(schools.map(({ key, label, obligations, handedIn, approved }) => ({ key, label, obligations, handedIn, approved }))),
    progress: { series, obligations: report.total.annual.obligations, deadline: year.annualDeadline, today },
  };
}
