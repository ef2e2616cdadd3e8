// What each school owes (R4) changes with its roster, which changes rarely; loading the
// roster of 300 schools takes longer than a page should. So the city's dashboard keeps each
// school's obligations and annual-plan states in memory:
// - a school whose annual plans changed (its PlanTally counts differ) is reloaded at once,
//   so a submission or a decision shows on the next page;
// - otherwise an entry is trusted for `ttlMs`, then served once more while it is reloaded in
//   the background, so roster changes show within about a minute and nobody waits for them.
import type { SchoolObligations } from '../../db/compliance-obligations.js';
import { loadSchoolsObligations } from '../../db/compliance-obligations.js';
import type { Db } from '../../db/prisma.js';
import type { Logger } from '../../infra/logger.js';

export interface ObligationCacheOptions {
  /** How long a school's obligations are trusted while its plans do not change. Default 60 s. */
  ttlMs?: number;
  now(): Date;
  logger: Logger;
}

interface Entry {
  loadedAt: number;
  fingerprint: string;
  data: SchoolObligations;
}

export class ObligationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly db: Db, private readonly options: ObligationCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /**
   * Obligations and annual plans of these schools. `fingerprints`: each school's annual-plan
   * counts as read from the tally just now (see annualFingerprints).
   */
  async get(yearId: number, schoolIds: readonly number[], fingerprints: ReadonlyMap<number, string>): Promise<Map<number, SchoolObligations>> {
    const now = this.options.now().getTime();
    const changed: number[] = [];
    const expired: number[] = [];
    for (const id of schoolIds) {
      const entry = this.entries.get(key(yearId, id));
      if (!entry || entry.fingerprint !== (fingerprints.get(id) ?? '')) changed.push(id);
      else if (now - entry.loadedAt >= this.ttlMs) expired.push(id);
    }
    if (changed.length > 0) await this.load(yearId, changed, fingerprints, now);
    if (expired.length > 0) this.refreshInBackground(yearId, expired, fingerprints, now);
    return new Map(schoolIds.map((id) => [id, this.entries.get(key(yearId, id))!.data]));
  }

  /** Waits for a background reload, if one is running (tests, shutdown). */
  async settled(): Promise<void> {
    await this.refreshing;
  }

  private async load(yearId: number, schoolIds: number[], fingerprints: ReadonlyMap<number, string>, now: number): Promise<void> {
    // The fingerprints were read before the data: if a plan changes in between, the entry
    // looks older than it is and is reloaded next time, never the other way round.
    const loaded = await loadSchoolsObligations(this.db, yearId, schoolIds);
    for (const [schoolId, data] of loaded) {
      this.entries.set(key(yearId, schoolId), { loadedAt: now, fingerprint: fingerprints.get(schoolId) ?? '', data });
    }
  }

  private refreshInBackground(yearId: number, schoolIds: number[], fingerprints: ReadonlyMap<number, string>, now: number): void {
    if (this.refreshing) return;
    this.refreshing = this.load(yearId, schoolIds, fingerprints, now)
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'dashboard: background reload of obligations failed'))
      .finally(() => {
        this.refreshing = null;
      });
  }
}

function key(yearId: number, schoolId: number): string {
  return `${yearId}:${schoolId}`;
}
