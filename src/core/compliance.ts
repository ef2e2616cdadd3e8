// The compliance dashboard's numbers (issue 6): plan tallies and annual obligations folded
// into one row of counts per school or per group. What is owed and when it is overdue stays
// in deadlines.ts; this module only matches obligations to plans and adds things up.
import type { IsoDate } from './calendar.js';
import { obligationStatus, type Obligation, type ObligationStatus } from './deadlines.js';
import type { Actor, PlanScope } from './org.js';
import { normaliseSubject } from './org.js';
import type { PlanStatus } from './plan-state.js';
import { ruleMatches, visibilityRules, type VisibilityRule } from './visibility.js';
import { ANNUAL_KINDS, type PlanKind } from './vocabulary.js';

/** Annual plans (R4): what is owed, what has been handed in, and what is still missing. */
export interface AnnualCounts {
  /** Obligations: plans the school's people must hand in this year. */
  obligations: number;
  /** Plans present, by state (every annual plan counted, from the tally). */
  submitted: number;
  approved: number;
  returned: number;
  /** Obligations with no plan in their slot. */
  missing: number;
  /** Still owed (missing or returned) once the deadline has passed. */
  overdue: number;
  /** Obligations whose slot holds an approved plan (the approval rate's numerator). */
  owedApproved: number;
}

/** Lesson plans (R5): by state, and how many were not approved before their teaching day. */
export interface LessonCounts {
  submitted: number;
  approved: number;
  returned: number;
  late: number;
}

export interface ComplianceCounts {
  annual: AnnualCounts;
  lesson: LessonCounts;
}

/** `count` plans of one kind, state and lateness (a PlanTally row, possibly summed). */
export interface TallyCount {
  kind: string;
  state: string;
  late: number | boolean;
  count: number;
}

export function emptyCounts(): ComplianceCounts {
  return {
    annual: { obligations: 0, submitted: 0, approved: 0, returned: 0, missing: 0, overdue: 0, owedApproved: 0 },
    lesson: { submitted: 0, approved: 0, returned: 0, late: 0 },
  };
}

function isAnnual(kind: string): boolean {
  return (ANNUAL_KINDS as readonly string[]).includes(kind);
}

export function addTally(into: ComplianceCounts, tally: TallyCount): void {
  const target = isAnnual(tally.kind) ? into.annual : tally.kind === 'LESSON_PLAN' ? into.lesson : null;
  if (!target) return;
  if (tally.state === 'SUBMITTED') target.submitted += tally.count;
  else if (tally.state === 'APPROVED') target.approved += tally.count;
  else if (tally.state === 'RETURNED') target.returned += tally.count;
  if (target === into.lesson && Boolean(tally.late)) into.lesson.late += tally.count;
}

export function addObligation(into: ComplianceCounts, status: ObligationStatus): void {
  into.annual.obligations += 1;
  if (status.state === 'MISSING') into.annual.missing += 1;
  if (status.overdue) into.annual.overdue += 1;
  if (status.state === 'APPROVED') into.annual.owedApproved += 1;
}

export function addCounts(into: ComplianceCounts, from: ComplianceCounts): void {
  for (const key of Object.keys(into.annual) as Array<keyof AnnualCounts>) into.annual[key] += from.annual[key];
  for (const key of Object.keys(into.lesson) as Array<keyof LessonCounts>) into.lesson[key] += from.lesson[key];
}

export function totalOf(rows: Iterable<ComplianceCounts>): ComplianceCounts {
  const total = emptyCounts();
  for (const row of rows) addCounts(total, row);
  return total;
}

/**
 * Counts per key (a school, a group): tallies give the plans present, obligation statuses
 * what is owed and missing. A key that appears in either gets a row.
 */
export function complianceBy<K, T extends TallyCount>(
  tallies: Iterable<T>,
  keyOfTally: (tally: T) => K,
  statuses: Iterable<ObligationStatus>,
  keyOfStatus: (status: ObligationStatus) => K,
): Map<K, ComplianceCounts> {
  const rows = new Map<K, ComplianceCounts>();
  const rowOf = (key: K) => rows.get(key) ?? rows.set(key, emptyCounts()).get(key)!;
  for (const tally of tallies) addTally(rowOf(keyOfTally(tally)), tally);
  for (const status of statuses) addObligation(rowOf(keyOfStatus(status)), status);
  return rows;
}

/** A plan found in an obligation's slot. */
export interface SlotPlan extends PlanStatus {
  id: number;
  slotKey: string;
}

/**
 * Each obligation with the state of the plan in its slot (R4). The one way obligations are
 * matched to plans, shared by the reminders and the dashboard.
 */
export function matchObligations(
  obligations: readonly Obligation[],
  plans: Iterable<SlotPlan>,
  annualDeadline: IsoDate,
  now: Date,
): Array<ObligationStatus & { planId: number | null }> {
  const bySlot = new Map<string, SlotPlan>();
  for (const plan of plans) bySlot.set(plan.slotKey, plan);
  return obligations.map((o) => {
    const plan = bySlot.get(o.slotKey);
    return { ...obligationStatus(o, plan, annualDeadline, now), planId: plan?.id ?? null };
  });
}

/** What a dashboard line is about, enough for the visibility rules to place it. */
export interface CountedItem {
  kind: PlanKind;
  groupId: number | null;
  subject: string | null;
  /** Subjects of the item's group (every sub-group), how group-wide items meet a subject. */
  groupSubjects: readonly string[];
}

/** Which items a viewer's counts include; `key` names the choice, to keep counts made with it. */
export interface CountedItemsFilter {
  key: string;
  accepts(item: CountedItem): boolean;
}

/**
 * Which plans and obligations of a school in scope the viewer's counts include: all of them,
 * except for Division specialists, who follow only their subjects (the SUBJECTS rules of R10:
 * a plan of their subject, or a group-wide one of a group teaching it). Null: everything.
 */
export function countedItemsFilter(actor: Actor, school: { id: number; level: string; supervisingUnitId: number }): CountedItemsFilter | null {
  const rules = visibilityRules(actor);
  const wholeSchool = rules.some(
    (r) =>
      r.type === 'ALL' ||
      (r.type === 'SUPERVISED_SCHOOLS' && r.unitId === school.supervisingUnitId) ||
      (r.type === 'SCHOOL' && !r.kinds && r.schoolId === school.id),
  );
  if (wholeSchool) return null;
  const subjectRules = rules.filter((r): r is Extract<VisibilityRule, { type: 'SUBJECTS' }> => r.type === 'SUBJECTS');
  return {
    key: JSON.stringify(subjectRules.map((r) => [[...r.subjects].map(normaliseSubject).sort(), [...r.kinds].sort()])),
    accepts: (item) => {
      const scope: PlanScope = {
        kind: item.kind, schoolId: school.id, schoolLevel: school.level as PlanScope['schoolLevel'], supervisingUnitId: school.supervisingUnitId,
        groupId: item.groupId, ownerId: 0, subject: item.subject, groupSubjects: item.groupSubjects,
      };
      return subjectRules.some((rule) => ruleMatches(rule, scope));
    },
  };
}
