// Calendar dates in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight saving since
// 1975, so a fixed offset is exact and keeps the core free of time-zone data.
const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

export function vnDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at which a Vietnamese calendar day starts (00:00 +07). */
export function startOfVnDay(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** The first instant after a Vietnamese calendar day (24:00 +07). */
export function endOfVnDay(date: IsoDate): Date {
  return new Date(startOfVnDay(date).getTime() + DAY_MS);
}

/** A local time of day (`HH:MM`) on a date, as an instant. */
export function vnDateTime(date: IsoDate, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(startOfVnDay(date).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * Reads a teaching date typed as `dd/mm`, `dd/mm/yy` or `dd/mm/yyyy` (also with `-` or `.`).
 * Without a year it picks the nearest such date on or after `today` minus one week, so
 * "20/9" typed in late August means this September and "5/1" typed in December means next
 * January. Returns null for anything that is not a real date.
 */
export function parseVnDate(text: string, today: IsoDate): IsoDate | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?\s*$/.exec(text);
  if (!m) return null;
  const day = m[1]!.padStart(2, '0');
  const month = m[2]!.padStart(2, '0');
  if (m[3]) {
    const year = m[3].length === 2 ? `20${m[3]}` : m[3];
    const date = `${year}-${month}-${day}`;
    return isValidIsoDate(date) ? date : null;
  }
  const earliest = addDays(today, -7);
  const thisYear = Number(today.slice(0, 4));
  for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
    const date = `${year}-${month}-${day}`;
    if (isValidIsoDate(date) && date >= earliest) return date;
  }
  return null;
}

/** The time of day in Vietnam, `HH:MM`. */
export function vnTimeOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** `2026-09-15` → `15/09/2026`, as Vietnamese users write dates. */
export function formatVnDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** The school year (`2026-2027`) that a date falls in; a year starts on 1 August. */
export function schoolYearNameOf(date: IsoDate): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = month >= 8 ? year : year - 1;
  return `${first}-${first + 1}`;
}

/** Default dates of a school year named `YYYY-YYYY`: 1/8 to 31/7, deadline 15/9 (R4). */
export function defaultSchoolYear(name: string): { startsOn: IsoDate; endsOn: IsoDate; annualDeadline: IsoDate } {
  const first = Number(name.slice(0, 4));
  return {
    startsOn: `${first}-08-01`,
    endsOn: `${first + 1}-07-31`,
    annualDeadline: `${first}-09-15`,
  };
}
