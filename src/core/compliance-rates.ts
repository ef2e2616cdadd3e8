// What a leader reads off the dashboard's charts (issue 18): for each school or supervising
// unit, the share of owed annual plans handed in and approved, worst first; and the scope's
// annual plans added up day by day towards the deadline.
import { addDays, type IsoDate } from './calendar.js';
import type { AnnualCounts } from './compliance.js';

export interface RateLine<K> {
  key: K;
  label: string;
  /** Annual plans owed (R4). */
  obligations: number;
  /** Owed plans with a plan in their slot, whatever its state. */
  handedIn: number;
  /** Owed plans whose plan is approved. */
  approved: number;
}

/** A whole percent that never reads 100 before everything is in (199/200 is 99, not 100). */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.min(100, Math.floor((part * 100) / whole));
}

export function rateLine<K>(key: K, label: string, counts: AnnualCounts): RateLine<K> {
  return { key, label, obligations: counts.obligations, handedIn: counts.obligations - counts.missing, approved: counts.owedApproved };
}

/**
 * Lines sorted for "who lags": the lowest share handed in first, then the lowest share approved,
 * then the most plans owed (more people behind), then by name. Lines that owe nothing (no rate)
 * come last.
 */
export function worstFirst<K>(lines: readonly RateLine<K>[]): RateLine<K>[] {
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : Number.POSITIVE_INFINITY);
  return [...lines].sort(
    (a, b) =>
      share(a.handedIn, a.obligations) - share(b.handedIn, b.obligations) ||
      share(a.approved, a.obligations) - share(b.approved, b.obligations) ||
      b.obligations - a.obligations ||
      a.label.localeCompare(b.label, 'vi'),
  );
}

/** Lines of several keys (schools) summed into one per group (their supervising unit). */
export function sumLines<K, G>(lines: readonly RateLine<K>[], groupOf: (line: RateLine<K>) => { key: G; label: string }): RateLine<G>[] {
  const out = new Map<G, RateLine<G>>();
  for (const line of lines) {
    const group = groupOf(line);
    const sum = out.get(group.key) ?? out.set(group.key, { key: group.key, label: group.label, obligations: 0, handedIn: 0, approved: 0 }).get(group.key)!;
    sum.obligations += line.obligations;
    sum.handedIn += line.handedIn;
    sum.approved += line.approved;
  }
  return [...out.values()];
}

export interface ProgressDay {
  day: IsoDate;
  /** Plans handed in, and approved, up to the end of this day. */
  handedIn: number;
  approved: number;
}

export interface ProgressSeries {
  from: IsoDate;
  to: IsoDate;
  /** The last day with figures (today, or `to` when the window is over). */
  lastDay: IsoDate;
  days: ProgressDay[];
}

/**
 * The window a progress chart covers: from the school year's start (or the first plan, if
 * earlier) to today, but at least to the deadline (a leader sees how much time is left) and at
 * most to the year's end.
 */
export function progressWindow(year: { startsOn: IsoDate; endsOn: IsoDate; annualDeadline: IsoDate }, firstDay: IsoDate | null, today: IsoDate): { from: IsoDate; to: IsoDate; lastDay: IsoDate } {
  const from = firstDay && firstDay < year.startsOn ? firstDay : year.startsOn;
  const end = today < year.endsOn ? today : year.endsOn;
  const to = end > year.annualDeadline ? end : year.annualDeadline;
  const lastDay = end < from ? from : end;
  return { from, to, lastDay };
}

/** Running totals per day from per-day counts; counts before the window are in its first day. */
export function progressSeries(
  daily: { handedIn: ReadonlyArray<{ day: IsoDate; count: number }>; approved: ReadonlyArray<{ day: IsoDate; count: number }> },
  window: { from: IsoDate; to: IsoDate; lastDay: IsoDate },
): ProgressSeries {
  const sumUpTo = (rows: ReadonlyArray<{ day: IsoDate; count: number }>) => {
    const byDay = new Map<IsoDate, number>();
    for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.count);
    return byDay;
  };
  const handedIn = sumUpTo(daily.handedIn);
  const approved = sumUpTo(daily.approved);
  const before = (byDay: Map<IsoDate, number>) => [...byDay].filter(([day]) => day < window.from).reduce((n, [, c]) => n + c, 0);
  let h = before(handedIn);
  let a = before(approved);
  const days: ProgressDay[] = [];
  for (let day = window.from; day <= window.lastDay; day = addDays(day, 1)) {
    h += handedIn.get(day) ?? 0;
    a += approved.get(day) ?? 0;
    days.push({ day, handedIn: h, approved: a });
  }
  return { ...window, days };
}

/** The figures on a given day (the last day shown, if it is later). */
export function progressOn(series: ProgressSeries, day: IsoDate): ProgressDay {
  let found: ProgressDay = { day, handedIn: 0, approved: 0 };
  for (const d of series.days) if (d.day <= day) found = d;
  return found;
}
