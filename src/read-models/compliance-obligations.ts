// What each school owes for a year (R4) and the annual plans in the obligations' slots.
// One school (reminders, a school's dashboard) or many at once (the city's dashboard).
import type { IsoDate } from '../core/calendar.js';
import { matchObligations, type SlotPlan } from '../core/compliance.js';
import { annualObligations, type Obligation, type ObligationStatus, type SchoolSnapshot } from '../core/deadlines.js';
import { ANNUAL_KINDS, type PlanState, planStateOf } from '../core/vocabulary.js';
import { loadSchoolSnapshots } from './compliance-snapshots.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../db/prisma.js';

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

/** Obligations and annual plans of a few dozen schools: three queries. */
export async function loadSchoolsObligations(db: Db, yearId: number, schoolIds: readonly number[]): Promise<Map<number, SchoolObligations>> {
  if (schoolIds.length === 0) return new Map();
  const [snapshots, plans] = await Promise.all([loadSchoolSnapshots(db, schoolIds), annualPlans(db, yearId, schoolIds)]);
  const result = new Map<number, SchoolObligations>();
  for (const [schoolId, snapshot] of snapshots) result.set(schoolId, { snapshot, obligations: annualObligations(snapshot, yearId), plans: [] });
  for (const p of plans) result.get(p.schoolId)?.plans.push({ id: p.id, slotKey: p.slotKey, state: planStateOf(p.state), currentVersion: p.currentVersion });
  return result;
}

interface PlanSlotRow {
  id: number;
  schoolId: number;
  slotKey: string;
  state: string;
  currentVersion: number;
}

/** The annual plans' slots and states (raw SQL: a third of Prisma's time for a city's plans). */
function annualPlans(db: Db, yearId: number, schoolIds: readonly number[]): Promise<PlanSlotRow[]> {
  return db.$queryRaw<PlanSlotRow[]>`
    SELECT "id", "schoolId", "slotKey", "state", "currentVersion" FROM "Plan"
    WHERE "schoolYearId" = ${yearId} AND "schoolId" IN (${Prisma.join([...schoolIds])}) AND "kind" IN (${Prisma.join([...ANNUAL_KINDS])})`;
}

/** One school's obligations, each with the state of the plan in its slot. */
export async function loadObligationStatuses(db: Db, year: Year, schoolId: number, now: Date): Promise<{ snapshot: SchoolSnapshot; statuses: MatchedObligation[] }> {
  const [snapshots, plans] = await Promise.all([loadSchoolSnapshots(db, [schoolId]), annualPlans(db, year.id, [schoolId])]);
  const snapshot = snapshots.get(schoolId)!;
  const slotPlans = plans.map((p) => ({ ...p, state: planStateOf(p.state) }));
  return { snapshot, statuses: matchObligations(annualObligations(snapshot, year.id), slotPlans, year.annualDeadline, now) };
}
