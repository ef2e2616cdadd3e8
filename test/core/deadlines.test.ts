import { describe, expect, it } from 'vitest';
import { annualObligations, lessonTiming, obligationStatus, type SchoolSnapshot } from '../../src/core/deadlines.js';
import { A, G1, G2, SG_INFO, SG_MATH, people } from './org-fixture.js';

const school: SchoolSnapshot = {
  schoolId: A,
  groups: [
    { id: G1, subgroups: [{ id: SG_MATH, subject: 'Toán' }, { id: SG_INFO, subject: 'Tin học' }] },
    { id: G2, subgroups: [] },
  ],
  staff: [
    { ...people.t1, subjects: [] },
    { ...people.t2, subjects: ['Tin học', 'Công nghệ'] },
    { ...people.groupHead1, subjects: ['Toán'] },
    { ...people.groupHead2, subjects: ['Ngữ văn'] },
    { ...people.principal, subjects: [] },
    { ...people.vicePrincipal, subjects: [] },
  ],
};

describe('annualObligations (R3, R4)', () => {
  const obligations = annualObligations(school, 7);
  const keys = obligations.map((o) => o.slotKey).sort();

  it('lists the school plan, each group’s plans per subject, and each teacher’s plan per subject', () => {
    expect(keys).toEqual(
      [
        'SCHOOL:7:1',
        'GROUP_TEACHING:7:11:toán',
        'GROUP_TEACHING:7:11:tin học',
        'GROUP_ACTIVITIES:7:11:*',
        'GROUP_TEACHING:7:12:*',
        'GROUP_ACTIVITIES:7:12:*',
        'TEACHER:7:1:toán', // t1: subject from the sub-group
        'TEACHER:7:2:tin học',
        'TEACHER:7:2:công nghệ',
        'TEACHER:7:4:toán',
        'TEACHER:7:5:ngữ văn',
      ].sort(),
    );
  });

  it('names who is responsible for each', () => {
    const byKey = new Map(obligations.map((o) => [o.slotKey, o.responsibleIds]));
    expect(byKey.get('SCHOOL:7:1')?.sort()).toEqual([people.vicePrincipal.staffId, people.principal.staffId].sort());
    expect(byKey.get('GROUP_ACTIVITIES:7:11:*')).toEqual([people.groupHead1.staffId]);
    expect(byKey.get('TEACHER:7:2:công nghệ')).toEqual([people.t2.staffId]);
  });
});

describe('obligationStatus', () => {
  const obligation = annualObligations(school, 7).find((o) => o.slotKey === 'TEACHER:7:1:toán')!;
  const beforeEnd = new Date('2026-09-15T16:59:00Z'); // 23:59 on 15/9 in Vietnam
  const afterEnd = new Date('2026-09-15T17:00:00Z'); // 00:00 on 16/9

  it('missing is not overdue until the deadline day has ended', () => {
    expect(obligationStatus(obligation, undefined, '2026-09-15', beforeEnd)).toMatchObject({ state: 'MISSING', owed: true, overdue: false });
    expect(obligationStatus(obligation, undefined, '2026-09-15', afterEnd)).toMatchObject({ state: 'MISSING', overdue: true });
  });
  it('a returned plan is still owed; a pending or approved one is not overdue', () => {
    expect(obligationStatus(obligation, { state: 'RETURNED', currentVersion: 1 }, '2026-09-15', afterEnd).overdue).toBe(true);
    expect(obligationStatus(obligation, { state: 'SUBMITTED', currentVersion: 1 }, '2026-09-15', afterEnd)).toMatchObject({ owed: false, overdue: false });
    expect(obligationStatus(obligation, { state: 'RETURNED', currentVersion: 1 }, '2026-09-15', beforeEnd)).toMatchObject({ owed: true, overdue: false });
    expect(obligationStatus(obligation, { state: 'APPROVED', currentVersion: 2 }, '2026-09-15', afterEnd)).toMatchObject({ state: 'APPROVED', owed: false, overdue: false });
  });
});

describe('lessonTiming (R5)', () => {
  it('approved before the teaching day starts is in time; on the day is late', () => {
    expect(lessonTiming('2026-10-05', new Date('2026-10-04T16:59:00Z'), new Date('2026-10-06T00:00:00Z'))).toBe('APPROVED_IN_TIME');
    expect(lessonTiming('2026-10-05', new Date('2026-10-04T17:00:00Z'), new Date('2026-10-06T00:00:00Z'))).toBe('APPROVED_LATE');
  });
  it('unapproved is waiting until the day starts, then late', () => {
    expect(lessonTiming('2026-10-05', null, new Date('2026-10-04T16:00:00Z'))).toBe('WAITING');
    expect(lessonTiming('2026-10-05', null, new Date('2026-10-04T17:00:00Z'))).toBe('LATE');
  });
});
