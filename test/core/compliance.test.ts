// The dashboard's arithmetic: tallies and obligation statuses folded per school or group, and
// the specialists' subject filter (R10) applied to lines that have no plan behind them.
import { describe, expect, it } from 'vitest';
import { addTally, complianceBy, countedItemsFilter, emptyCounts, matchObligations, totalOf, type TallyCount } from '../../src/core/compliance.js';
import { annualObligations, type SchoolSnapshot } from '../../src/core/deadlines.js';
import { A, B, G1, G2, SG_INFO, SG_MATH, U1, people } from './org-fixture.js';

const school: SchoolSnapshot = {
  schoolId: A,
  groups: [
    { id: G1, subgroups: [{ id: SG_MATH, subject: 'Toán' }, { id: SG_INFO, subject: 'Tin học' }] },
    { id: G2, subgroups: [] },
  ],
  staff: [
    { ...people.t1, subjects: [] },
    { ...people.t2, subjects: ['Tin học'] },
    { ...people.groupHead1, subjects: ['Toán'] },
    { ...people.groupHead2, subjects: ['Ngữ văn'] },
    { ...people.principal, subjects: [] },
  ],
};
const YEAR = 7;
const beforeDeadline = new Date('2026-09-10T03:00:00Z');
const afterDeadline = new Date('2026-09-20T03:00:00Z');

describe('matchObligations', () => {
  const obligations = annualObligations(school, YEAR);
  const plans = [
    { id: 1, slotKey: 'SCHOOL:7:1', state: 'APPROVED' as const, currentVersion: 1 },
    { id: 2, slotKey: 'TEACHER:7:1:toán', state: 'RETURNED' as const, currentVersion: 1 },
    { id: 3, slotKey: 'TEACHER:7:2:tin học', state: 'SUBMITTED' as const, currentVersion: 2 },
    // A sub-group's own activities plan does not fill the group's slot (GROUP_ACTIVITIES:7:11:*).
    { id: 4, slotKey: 'GROUP_ACTIVITIES:7:11:112', state: 'APPROVED' as const, currentVersion: 1 },
  ];

  it('gives each obligation the state and id of the plan in its slot', () => {
    const statuses = matchObligations(obligations, plans, '2026-09-15', beforeDeadline);
    const bySlot = new Map(statuses.map((s) => [s.slotKey, s]));
    expect(bySlot.get('SCHOOL:7:1')).toMatchObject({ state: 'APPROVED', owed: false, planId: 1 });
    expect(bySlot.get('TEACHER:7:1:toán')).toMatchObject({ state: 'RETURNED', owed: true, overdue: false, planId: 2 });
    expect(bySlot.get('TEACHER:7:2:tin học')).toMatchObject({ state: 'SUBMITTED', owed: false, planId: 3 });
    expect(bySlot.get('GROUP_ACTIVITIES:7:11:*')).toMatchObject({ state: 'MISSING', planId: null });
    expect(statuses).toHaveLength(obligations.length);
  });

  it('after the deadline, what is still owed is overdue', () => {
    const statuses = matchObligations(obligations, plans, '2026-09-15', afterDeadline);
    const overdue = statuses.filter((s) => s.overdue).map((s) => s.slotKey).sort();
    expect(overdue).toEqual(statuses.filter((s) => s.state === 'MISSING' || s.state === 'RETURNED').map((s) => s.slotKey).sort());
    expect(overdue).toContain('TEACHER:7:1:toán');
    expect(overdue).not.toContain('TEACHER:7:2:tin học');
  });
});

describe('complianceBy', () => {
  const statuses = matchObligations(
    annualObligations(school, YEAR),
    [{ id: 2, slotKey: 'TEACHER:7:1:toán', state: 'RETURNED', currentVersion: 1 }],
    '2026-09-15',
    afterDeadline,
  );
  const tallies: Array<TallyCount & { groupId: number }> = [
    { groupId: G1, kind: 'TEACHER_PLAN', state: 'RETURNED', late: 0, count: 1 },
    { groupId: G1, kind: 'LESSON_PLAN', state: 'SUBMITTED', late: 0, count: 4 },
    { groupId: G1, kind: 'LESSON_PLAN', state: 'SUBMITTED', late: 1, count: 2 },
    { groupId: G1, kind: 'LESSON_PLAN', state: 'APPROVED', late: 1, count: 3 },
    { groupId: G2, kind: 'LESSON_PLAN', state: 'RETURNED', late: 0, count: 5 },
    { groupId: 0, kind: 'SCHOOL_PLAN', state: 'APPROVED', late: 0, count: 1 },
  ];
  const rows = complianceBy(tallies, (t) => t.groupId, statuses, (s) => s.groupId ?? 0);

  it('counts plans by state and lateness, and obligations as owed, missing and overdue', () => {
    // G1: group teaching Toán + Tin học, group activities, teacher plans of t1 (Toán), t2 (Tin học), head 1 (Toán).
    expect(rows.get(G1)).toEqual({
      annual: { obligations: 6, submitted: 0, approved: 0, returned: 1, missing: 5, overdue: 6, owedApproved: 0 },
      lesson: { submitted: 6, approved: 3, returned: 0, late: 5 },
    });
    // G2: group teaching (no sub-group), group activities, head 2's teacher plan (Ngữ văn).
    expect(rows.get(G2)).toEqual({
      annual: { obligations: 3, submitted: 0, approved: 0, returned: 0, missing: 3, overdue: 3, owedApproved: 0 },
      lesson: { submitted: 0, approved: 0, returned: 5, late: 0 },
    });
    // The school plan is counted as present, yet its obligation has no plan in the slot here.
    expect(rows.get(0)?.annual).toEqual({ obligations: 1, submitted: 0, approved: 1, returned: 0, missing: 1, overdue: 1, owedApproved: 0 });
  });

  it('an obligation whose slot holds an approved plan counts towards the approval rate', () => {
    const matched = matchObligations(annualObligations(school, YEAR), [{ id: 1, slotKey: 'SCHOOL:7:1', state: 'APPROVED', currentVersion: 1 }], '2026-09-15', afterDeadline);
    const byGroup = complianceBy([], () => 0, matched, (s) => s.groupId ?? 0);
    expect(byGroup.get(0)?.annual).toMatchObject({ obligations: 1, missing: 0, overdue: 0, owedApproved: 1 });
    expect(byGroup.get(G1)?.annual.owedApproved).toBe(0);
  });

  it('the total is the sum of the rows', () => {
    const total = totalOf(rows.values());
    expect(total.annual.obligations).toBe(statuses.length);
    expect(total.annual.missing).toBe(9);
    expect(total.lesson).toEqual({ submitted: 6, approved: 3, returned: 5, late: 5 });
  });

  it('ignores unknown kinds and states', () => {
    const counts = emptyCounts();
    addTally(counts, { kind: 'SOMETHING', state: 'APPROVED', late: 0, count: 9 });
    addTally(counts, { kind: 'LESSON_PLAN', state: 'DRAFT', late: 0, count: 9 });
    expect(counts).toEqual(emptyCounts());
  });
});

describe('countedItemsFilter', () => {
  const schoolA = { id: A, level: 'THCS', supervisingUnitId: U1 };
  const item = (kind: 'TEACHER_PLAN' | 'GROUP_ACTIVITIES_PLAN' | 'SCHOOL_PLAN' | 'LESSON_PLAN', subject: string | null, groupSubjects: string[]) =>
    ({ kind, groupId: kind === 'SCHOOL_PLAN' ? null : G1, subject, groupSubjects });

  it('whole schools for the board, the supervising unit and city-wide roles', () => {
    expect(countedItemsFilter(people.principal, schoolA)).toBeNull();
    expect(countedItemsFilter(people.unitAccount, schoolA)).toBeNull();
    expect(countedItemsFilter(people.divisionLeader, schoolA)).toBeNull();
    expect(countedItemsFilter(people.hotline, schoolA)).toBeNull();
  });

  it('a subject specialist: their subject, and group-wide items of groups teaching it; never the school plan', () => {
    const filter = countedItemsFilter(people.mathSpecialist, schoolA)!;
    expect(filter.accepts(item('TEACHER_PLAN', 'Toán ', []))).toBe(true);
    expect(filter.accepts(item('LESSON_PLAN', 'TOÁN', []))).toBe(true);
    expect(filter.accepts(item('TEACHER_PLAN', 'Tin học', []))).toBe(false);
    expect(filter.accepts(item('GROUP_ACTIVITIES_PLAN', null, ['Toán', 'Tin học']))).toBe(true);
    expect(filter.accepts(item('GROUP_ACTIVITIES_PLAN', null, ['Ngữ văn']))).toBe(false);
    expect(filter.accepts(item('SCHOOL_PLAN', null, []))).toBe(false);
  });

  it('names its choice: the same subjects however spelled give the same key, others another', () => {
    const math = countedItemsFilter(people.mathSpecialist, schoolA)!;
    const mathAgain = countedItemsFilter({ staffId: 99, grants: [{ role: 'DIVISION_SPECIALIST', subjects: [' TOÁN'] }] }, schoolA)!;
    const literature = countedItemsFilter({ staffId: 98, grants: [{ role: 'DIVISION_SPECIALIST', subjects: ['Ngữ văn'] }] }, schoolA)!;
    expect(mathAgain.key).toBe(math.key);
    expect(literature.key).not.toBe(math.key);
  });

  it('a principal of another school is not given whole-school counts here', () => {
    const filter = countedItemsFilter(people.principalB, schoolA);
    expect(filter).not.toBeNull();
    expect(filter!.accepts(item('TEACHER_PLAN', 'Toán', []))).toBe(false);
    expect(countedItemsFilter(people.principalB, { id: B, level: 'THPT', supervisingUnitId: 900 })).toBeNull();
  });
});
