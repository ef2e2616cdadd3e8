// Which scheduled rounds are due at a moment, from the school year's settings (R4, R5). Pure:
// the clock is a parameter, so tests move it instead of waiting for days.
import { addDays, startOfVnDay, vnDateOf, vnDateTime, type IsoDate } from './calendar.js';

export interface YearSchedule {
  id: number;
  annualDeadline: IsoDate;
  reminderOffsetsDays: number[];
  reminderTime: string;
  digestTime: string;
}

export type Round =
  /** Annual plans owed, `offset` days before the deadline (0: the morning of the day). */
  | { type: 'ANNUAL_REMINDER'; key: string; offset: number }
  /** The day after the deadline: overdue notices and summaries. */
  | { type: 'OVERDUE'; key: string }
  /** Lesson plans taught tomorrow and not yet approved. */
  | { type: 'LESSON_EVE'; key: string; date: IsoDate }
  /** Reviewers' daily list of what waits for them. */
  | { type: 'DIGEST'; key: string; date: IsoDate };

/** A round is not sent more than this long after its time (a server down for days stays quiet). */
const LATE_LIMIT_MS = 12 * 3_600_000;

export function dueRounds(year: YearSchedule, now: Date): Round[] {
  const rounds: Round[] = [];
  const due = (at: Date) => now >= at && now.getTime() - at.getTime() < LATE_LIMIT_MS;
  for (const offset of year.reminderOffsetsDays) {
    if (due(vnDateTime(addDays(year.annualDeadline, -offset), year.reminderTime))) {
      rounds.push({ type: 'ANNUAL_REMINDER', offset, key: `annual:${year.id}:${year.annualDeadline}:${offset}` });
    }
  }
  if (due(vnDateTime(addDays(year.annualDeadline, 1), year.reminderTime))) {
    rounds.push({ type: 'OVERDUE', key: `overdue:${year.id}:${year.annualDeadline}` });
  }
  const today = vnDateOf(now);
  // The time is part of the key: moving the digest to later in the day sends it at the new time.
  if (due(vnDateTime(today, year.reminderTime))) rounds.push({ type: 'LESSON_EVE', date: today, key: `eve:${today}@${year.reminderTime}` });
  if (due(vnDateTime(today, year.digestTime))) rounds.push({ type: 'DIGEST', date: today, key: `digest:${today}@${year.digestTime}` });
  return rounds;
}

/** Days left until the deadline day, counted in Vietnamese calendar days. */
export function daysUntil(deadline: IsoDate, now: Date): number {
  return Math.round((startOfVnDay(deadline).getTime() - startOfVnDay(vnDateOf(now)).getTime()) / 86_400_000);
}
