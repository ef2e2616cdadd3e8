// Row errors as people read them: identical problems grouped with their rows as ranges
// ("Dòng 5–118: Thiếu …"), so one mistake repeated down a file reads as one line.
import type { RowError } from './roster-plan.js';

export interface GroupedRowError {
  /** Row numbers, ascending; empty for a problem of the whole file. */
  rowNumbers: number[];
  message: string;
}

/** Ranges shown before "… và N dòng khác". */
const MAX_RANGES = 12;

export function groupRowErrors(errors: readonly RowError[]): GroupedRowError[] {
  const byMessage = new Map<string, number[]>();
  for (const e of errors) byMessage.set(e.message, [...(byMessage.get(e.message) ?? []), e.rowNumber]);
  return [...byMessage]
    .map(([message, rows]) => ({ message, rowNumbers: [...new Set(rows.filter((r) => r > 0))].sort((a, b) => a - b) }))
    .sort((a, b) => (a.rowNumbers[0] ?? 0) - (b.rowNumbers[0] ?? 0));
}

/** "5–118, 120, 125–130", shortened after a dozen ranges. */
export function rowRanges(rows: readonly number[]): string {
  const ranges: Array<[number, number]> = [];
  for (const r of rows) {
    const last = ranges[ranges.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else ranges.push([r, r]);
  }
  const shown = ranges.slice(0, MAX_RANGES).map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');
  const rest = ranges.slice(MAX_RANGES).reduce((n, [a, b]) => n + b - a + 1, 0);
  return rest > 0 ? `${shown} và ${rest} dòng khác` : shown;
}

/** One line per distinct problem: "Dòng 5–118: …", or the message alone for the whole file. */
export function formatRowErrors(errors: readonly RowError[]): string[] {
  return groupRowErrors(errors).map((g) => (g.rowNumbers.length > 0 ? `Dòng ${rowRanges(g.rowNumbers)}: ${g.message}` : g.message));
}
