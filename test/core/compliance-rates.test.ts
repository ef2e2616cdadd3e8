import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../src/core/compliance.js';
import { percentOf, progressOn, progressSeries, progressWindow, rateLine, sumLines, worstFirst, type RateLine } from '../../src/core/compliance-rates.js';

const line = (key: number, label: string, obligations: number, handedIn: number, approved: number): RateLine<number> => ({ key, label, obligations, handedIn, approved });

describe('rates', () => {
  it('a percent never reads 100 before everything is in; nothing owed has no rate', () => {
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(200, 200)).toBe(100);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf(5, 4)).toBe(100);
  });

  it('a line reads handed in as owed minus missing, and approved as owed plans approved', () => {
    const counts = emptyCounts();
    Object.assign(counts.annual, { obligations: 10, missing: 4, approved: 7, owedApproved: 3 });
    expect(rateLine(1, 'A', counts.annual)).toEqual(line(1, 'A', 10, 6, 3));
  });

  it('worst first: lowest share handed in, then lowest approved, then most owed, then name; nothing owed last', () => {
    const lines = [
      line(1, 'Trường A', 10, 10, 10),
      line(2, 'Trường B', 10, 5, 5),
      line(3, 'Trường C', 20, 10, 2),
      line(4, 'Trường D', 0, 0, 0),
      line(5, 'Trường Đ', 10, 5, 2),
      line(6, 'Trường E', 40, 20, 4),
    ];
    expect(worstFirst(lines).map((l) => l.label)).toEqual(['Trường E', 'Trường C', 'Trường Đ', 'Trường B', 'Trường A', 'Trường D']);
  });

  it('sums schools into their unit', () => {
    const unitOf = (l: RateLine<number>) => (l.key < 3 ? { key: 100, label: 'Phường A' } : { key: 200, label: 'Phường B' });
    expect(sumLines([line(1, 'a', 10, 5, 1), line(2, 'b', 6, 6, 6), line(3, 'c', 4, 0, 0)], unitOf)).toEqual([line(100, 'Phường A', 16, 11, 7), line(200, 'Phường B', 4, 0, 0)]);
  });
});

describe('progress', () => {
  const year = { startsOn: '2026-08-01', endsOn: '2027-07-31', annualDeadline: '2026-09-15' };

  it('the window runs from the year start (or an earlier first plan) to today, at least to the deadline, at most to the year end', () => {
    expect(progressWindow(year, '2026-08-20', '2026-09-05')).toEqual({ from: '2026-08-01', to: '2026-09-15', lastDay: '2026-09-05' });
    expect(progressWindow(year, '2026-07-25', '2026-10-02')).toEqual({ from: '2026-07-25', to: '2026-10-02', lastDay: '2026-10-02' });
    expect(progressWindow(year, null, '2027-09-01')).toEqual({ from: '2026-08-01', to: '2027-07-31', lastDay: '2027-07-31' });
    expect(progressWindow(year, null, '2026-07-20')).toEqual({ from: '2026-08-01', to: '2026-09-15', lastDay: '2026-08-01' });
  });

  it('adds the days up, each day once, up to the last day', () => {
    const series = progressSeries(
      { handedIn: [{ day: '2026-09-10', count: 2 }, { day: '2026-09-12', count: 3 }, { day: '2026-09-20', count: 9 }], approved: [{ day: '2026-09-12', count: 1 }] },
      { from: '2026-09-09', to: '2026-09-15', lastDay: '2026-09-13' },
    );
    expect(series.days).toEqual([
      { day: '2026-09-09', handedIn: 0, approved: 0 },
      { day: '2026-09-10', handedIn: 2, approved: 0 },
      { day: '2026-09-11', handedIn: 2, approved: 0 },
      { day: '2026-09-12', handedIn: 5, approved: 1 },
      { day: '2026-09-13', handedIn: 5, approved: 1 },
    ]);
    expect(progressOn(series, '2026-09-11')).toEqual({ day: '2026-09-11', handedIn: 2, approved: 0 });
    expect(progressOn(series, '2026-09-15')).toEqual({ day: '2026-09-13', handedIn: 5, approved: 1 });
  });
});
