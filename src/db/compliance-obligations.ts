// What each school owes for a year (R4) and the annual plans in the obligations' slots.
// One school (reminders, a school's dashboard) or many at once (the city's dashboard).
import type { IsoDate } from '../core/calendar.js';
import { matchObligations, type SlotPlan } from '../core/compliance.js';
import { annualObligations, type Obligation, type ObligationStatus, type SchoolSnapshot } from '../core/deadlines.js';
import { ANNUAL_KINDS, type PlanState } from '../core/vocabulary.js';
import { loadSchoolSnapshots } from './compliance-snapshots.js';
import { loadSchoolSnapshot } from './org-loader.js';
import type { Db } from './prisma.js';

export interface SchoolObligations {
  snapshot: SchoolSnapshot;
  obligations: Obligation[];
  /** Annual plans of the school for the year, keyed by slot. */
  plans: SlotPlan[];
}

export type MatchedObligation = ObligationStatus & { planId: number | null };

interface Year {
  id: number;
  annualDeadline: IsoDate;
}

/** Obligations and annual plans of many schools: three queries for the snapshots, one for the plans. */
export async function loadSchoolsObligations(db: Db, yearId: number, schoolIds: readonly number[]): Promise<Map<number, SchoolObligations>> {
  const [snapshots, plans] = await Promise.all([
    loadSchoolSnapshots(db, schoolIds),
    db.plan.findMany({
      where: { schoolYearId: yearId, schoolId: { in: [...schoolIds] }, kind: { in: [...ANNUAL_KINDS] } },
      select: { id: true, schoolId: true, slotKey: true, state: true, currentVersion: true },
    }),
  ]);
  const result = new Map<number, SchoolObligations>();
  for (const [schoolId, snapshot] of snapshots) result.set(schoolId, { snapshot, obligations: annualObligations(snapshot, yearId), plans: [] });
  for (const p of plans) result.get(p.schoolId)?.plans.push({ id: p.id, slotKey: p.slotKey, state: p.state as PlanState, currentVersion: p.currentVersion });
  return result;
}

/** One school's obligations, each with the state of the plan in its slot. */
export async function loadObligationStatuses(db: Db, year: Year, schoolId: number, now: Date): Promise<{ snapshot: SchoolSnapshot; statuses: MatchedObligation[] }> {
  const [snapshot, plans] = await Promise.all([
    loadSchoolSnapshot(db, schoolId),
    db.plan.findMany({
      where: { schoolYearId: year.id, schoolId, kind: { in: [...ANNUAL_KINDS] } },
      select: { id: true, slotKey: true, state: true, currentVersion: true },
    }),
  ]);
  const slotPlans = plans.map((p) => ({ ...p, state: p.state as PlanState }));
  return { snapshot, statuses: matchObligations(annualObligations(snapshot, year.id), slotPlans, year.annualDeadline, now) };
}
