import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../src/core/quiet-hours.js';

const quiet = { start: '21:00', end: '06:30' };
const vn = (local: string) => new Date(`${local}+07:00`);

describe('quietUntil', () => {
  it.each([
    ['2026-09-10T20:59:00', null],
    ['2026-09-10T21:00:00', '2026-09-11T06:30:00'],
    ['2026-09-10T23:45:00', '2026-09-11T06:30:00'],
    ['2026-09-11T03:00:00', '2026-09-11T06:30:00'],
    ['2026-09-11T06:30:00', null],
    ['2026-09-11T12:00:00', null],
  ])('at %s → %s', (at, until) => {
    expect(quietUntil(vn(at), quiet)?.getTime() ?? null).toBe(until ? vn(until).getTime() : null);
  });

  it('a window within one day works too', () => {
    expect(quietUntil(vn('2026-09-10T12:30:00'), { start: '12:00', end: '13:00' })?.getTime()).toBe(vn('2026-09-10T13:00:00').getTime());
    expect(quietUntil(vn('2026-09-10T13:30:00'), { start: '12:00', end: '13:00' })).toBeNull();
  });
});

import { dueRounds } from '../../src/core/schedule.js';

describe('dueRounds', () => {
  const year = { id: 3, annualDeadline: '2026-09-15', reminderOffsetsDays: [7, 3, 1, 0], reminderTime: '07:30', digestTime: '17:00' };
  const keys = (at: string) => dueRounds(year, vn(at)).map((r) => r.key);

  it('reminds 7, 3 and 1 days before and on the morning of the day, at 07:30', () => {
    expect(keys('2026-09-08T07:29:00')).toEqual([]);
    expect(keys('2026-09-08T07:30:00')).toEqual(['annual:3:2026-09-15:7', 'eve:2026-09-08@07:30']);
    expect(keys('2026-09-12T09:00:00')).toContain('annual:3:2026-09-15:3');
    expect(keys('2026-09-14T07:30:00')).toContain('annual:3:2026-09-15:1');
    expect(keys('2026-09-15T07:30:00')).toContain('annual:3:2026-09-15:0');
  });
  it('sends the overdue round the morning after the deadline', () => {
    expect(keys('2026-09-16T07:31:00')).toContain('overdue:3:2026-09-15');
    expect(keys('2026-09-15T23:00:00')).not.toContain('overdue:3:2026-09-15');
  });
  it('the digest comes at 17:00; a round more than 12 hours late is skipped', () => {
    expect(keys('2026-10-01T17:00:00')).toEqual(['eve:2026-10-01@07:30', 'digest:2026-10-01@17:00']);
    expect(keys('2026-09-09T07:30:00')).not.toContain('annual:3:2026-09-15:7');
  });
  it('a changed deadline re-arms the reminders (the key names it)', () => {
    expect(dueRounds({ ...year, annualDeadline: '2026-09-20' }, vn('2026-09-13T07:30:00')).map((r) => r.key)).toContain('annual:3:2026-09-20:7');
  });
});
