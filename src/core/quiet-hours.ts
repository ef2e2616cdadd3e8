// No notification between quietStart and quietEnd (default 21:00–06:30, Vietnam time), except
// what a person asked for; what falls in the window waits for the morning.
import { addDays, vnDateOf, vnDateTime } from './calendar.js';

export interface QuietHours {
  start: string; // "21:00"
  end: string; // "06:30"
}

/** The instant the quiet window containing `now` ends, or null when `now` is not quiet. */
export function quietUntil(now: Date, quiet: QuietHours): Date | null {
  const today = vnDateOf(now);
  const startToday = vnDateTime(today, quiet.start);
  const endToday = vnDateTime(today, quiet.end);
  if (quiet.start > quiet.end) {
    // The window spans midnight: quiet before today's end, or after today's start.
    if (now < endToday) return endToday;
    if (now >= startToday) return vnDateTime(addDays(today, 1), quiet.end);
    return null;
  }
  return now >= startToday && now < endToday ? endToday : null;
}
