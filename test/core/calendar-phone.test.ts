import { describe, expect, it } from 'vitest';
import {
  addDays, defaultSchoolYear, endOfVnDay, formatVnDate, parseVnDate, schoolYearNameOf, startOfVnDay, vnDateOf, vnDateTime,
} from '../../src/core/calendar.js';
import { normalisePhone } from '../../src/core/phone.js';
import { normaliseTitle, slotKey } from '../../src/core/plan-slot.js';

describe('calendar in Asia/Ho_Chi_Minh', () => {
  it('a UTC evening is already the next day in Vietnam', () => {
    expect(vnDateOf(new Date('2026-09-14T17:30:00Z'))).toBe('2026-09-15');
    expect(vnDateOf(new Date('2026-09-14T16:59:59Z'))).toBe('2026-09-14');
  });
  it('days start and end at midnight +07', () => {
    expect(startOfVnDay('2026-09-15').toISOString()).toBe('2026-09-14T17:00:00.000Z');
    expect(endOfVnDay('2026-09-15').toISOString()).toBe('2026-09-15T17:00:00.000Z');
    expect(vnDateTime('2026-09-15', '07:30').toISOString()).toBe('2026-09-15T00:30:00.000Z');
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-09-15', -7)).toBe('2026-09-08');
  });
  it('reads dd/mm dates as teachers type them', () => {
    expect(parseVnDate('20/9', '2026-08-28')).toBe('2026-09-20');
    expect(parseVnDate('5/1', '2026-12-20')).toBe('2027-01-05');
    expect(parseVnDate('25-11', '2026-11-28')).toBe('2026-11-25'); // last week still counts
    expect(parseVnDate('03.02.2027', '2026-11-28')).toBe('2027-02-03');
    expect(parseVnDate('3/2/27', '2026-11-28')).toBe('2027-02-03');
    expect(parseVnDate('31/2', '2026-11-28')).toBeNull();
    expect(parseVnDate('hôm nay', '2026-11-28')).toBeNull();
  });
  it('formats and names school years', () => {
    expect(formatVnDate('2026-09-05')).toBe('05/09/2026');
    expect(schoolYearNameOf('2026-09-05')).toBe('2026-2027');
    expect(schoolYearNameOf('2027-05-20')).toBe('2026-2027');
    expect(defaultSchoolYear('2026-2027')).toEqual({ startsOn: '2026-08-01', endsOn: '2027-07-31', annualDeadline: '2026-09-15' });
  });
});

describe('normalisePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['84912345678', '0912345678'],
    ['+84 (912) 345-678', '0912345678'],
    ['912345678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['02253123456', '02253123456'],
  ])('%s → %s', (raw, want) => expect(normalisePhone(raw)).toBe(want));

  it.each(['', '12345', '0112345678', 'abc0912345678', '09123456789', '+1 555 123 4567'])('rejects %j', (raw) => {
    expect(normalisePhone(raw)).toBeNull();
  });
});

describe('slotKey', () => {
  const base = { schoolYearId: 1, schoolId: 2, groupId: 3, ownerId: 4 } as const;
  it('a lesson slot ignores case, spacing and trailing punctuation of the title', () => {
    const a = slotKey({ ...base, kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 5: Phân thức.' });
    const b = slotKey({ ...base, kind: 'LESSON_PLAN', subject: ' toán ', grade: 8, title: 'bài 5:  phân THỨC' });
    expect(a).toBe(b);
    expect(slotKey({ ...base, kind: 'LESSON_PLAN', subject: 'Toán', grade: 9, title: 'Bài 5: Phân thức' })).not.toBe(a);
  });
  it('annual slots are one per owner and subject, or per group', () => {
    expect(slotKey({ ...base, kind: 'TEACHER_PLAN', subject: 'Toán' })).toBe('TEACHER:1:4:toán');
    expect(slotKey({ ...base, kind: 'GROUP_ACTIVITIES_PLAN' })).toBe('GROUP_ACTIVITIES:1:3:*');
    expect(slotKey({ ...base, kind: 'SCHOOL_PLAN', ownerId: 99 })).toBe('SCHOOL:1:2');
  });
  it('normaliseTitle keeps Vietnamese letters', () => {
    expect(normaliseTitle('  Bài 1. ĐƯỜNG TRÒN –  ')).toBe('bài 1. đường tròn');
  });
});
