// What each school owes (R4) changes with its roster, which changes rarely; loading the
// roster of 300 schools takes longer than a page should. So the city's dashboard keeps each
// school's obligations, matched to its annual plans, in memory:
// - a school whose annual plans changed (its PlanTally counts differ) is reloaded at once,
//   so a submission or a decision shows on the next page;
// - otherwise an entry is trusted for `ttlMs`, then served once more while it is reloaded in
//   the background, so roster changes (and the deadline passing) show within about a minute
//   and nobody waits for them.
import type { IsoDate } from '../../core/calendar.js';
import type { ComplianceCounts } from '../../core/compliance.js';
import { matchObligations } from '../../core/compliance.js';
import type { MatchedObligation } from '../../read-models/compliance-obligations.js';
import { loadSchoolsObligations } from '../../read-models/compliance-obligations.js';
import type { Db } from '../../db/prisma.js';
import type { Logger } from '../../infra/logger.js';

export interface ObligationCacheOptions {
  /** How long a school's obligations are trusted while its plans do not change. Default 60 s. */
  ttlMs?: number;
  /** Schools loaded per round of queries. Default 25: about 30 ms of work each on a city. */
  schoolsPerQuery?: number;
  now(): Date;
  logger: Logger;
}

/** One school's obligations with the state of the plan in each slot, as of `loadedAt`. */
export interface CachedSchool {
  statuses: readonly MatchedObligation[];
  /**
   * Counts made from `statuses` for one kind of viewer (whole school, or some subjects), kept
   * with the entry so that 24,000 obligations are not recounted on every page.
   */
  counted: Map<string, ComplianceCounts>;
}

interface Year {
  id: number;
  annualDeadline: IsoDate;
}

interface Entry {
  loadedAt: number;
  fingerprint: string;
  school: CachedSchool;
}

export class ObligationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly chunk: number;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly options: ObligationCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.chunk = options.schoolsPerQuery ?? 25;
  }

  /**
   * These schools' obligations for the year. `fingerprints`: each school's annual-plan counts
   * as read from the tally just now (see annualFingerprints).
   */
  async get(year: Year, schoolIds: readonly number[], fingerprints: ReadonlyMap<number, string>): Promise<Map<number, CachedSchool>> {
    const now = this.options.now().getTime();
    const changed: number[] = [];
    const expired: number[] = [];
    for (const id of schoolIds) {
      const entry = this.entries.get(key(year.id, id));
      if (!entry || entry.fingerprint !== (fingerprints.get(id) ?? '')) changed.push(id);
      else if (now - entry.loadedAt >= this.ttlMs) expired.push(id);
    }
    if (changed.length > 0) await this.load(year, changed, fingerprints);
    if (expired.length > 0) this.refreshInBackground(year, expired, fingerprints);
    return new Map(schoolIds.map((id) => [id, this.entries.get(key(year.id, id))!.school]));
  }

  /** Waits for a background reload, if one is running (tests, shutdown). */
  async settled(): Promise<void> {
    await this.refreshing;
  }

  private async load(year: Year, schoolIds: number[], fingerprints: ReadonlyMap<number, string>): Promise<void> {
    // The fingerprints were read before the data: if a plan changes in between, the entry
    // looks older than it is and is reloaded next time, never the other way round.
    const loadedAt = this.options.now();
    for (let i = 0; i < schoolIds.length; i += this.chunk) {
      // SQLite answers on this thread: a few schools at a time keep other requests moving.
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const loaded = await loadSchoolsObligations(this.db, year.id, schoolIds.slice(i, i + this.chunk));
      for (const [schoolId, data] of loaded) {
        const statuses = matchObligations(data.obligations, data.plans, year.annualDeadline, loadedAt);
        this.entries.set(key(year.id, schoolId), { loadedAt: loadedAt.getTime(), fingerprint: fingerprints.get(schoolId) ?? '', school: { statuses, counted: new Map() } });
      }
    }
  }

  private refreshInBackground(year: Year, schoolIds: number[], fingerprints: ReadonlyMap<number, string>): void {
    if (this.refreshing) return;
    this.refreshing = this.load(year, schoolIds, fingerprints)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'dashboard: background reload of obligations failed'))
      .finally(() => {
        this.refreshing = null;
      });
  }
}

function key(yearId: number, schoolId: number): string {
  return `${yearId}:${schoolId}`;
}
