// What a school year's settings may be: the annual deadline (R4), the reminder schedule and the
// quiet hours. Pure, so that the web form, the CLI and the tests share one definition; each
// reader returns the Vietnamese sentence the person who typed the value should read.
import { defaultSchoolYear, formatVnDate, isValidIsoDate, schoolYearNameOf, type IsoDate } from './calendar.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Reminders further ahead than two months would reach people before the year has begun. */
export const MAX_REMINDER_OFFSET_DAYS = 60;
/** A reviewer is nudged within a week at the latest: later than that the nudge is pointless. */
export const MAX_NUDGE_AFTER_HOURS = 168;

const TIME_PATTERN = /^\s*(\d{1,2})[:hH.](\d{2})\s*$/;

/** `7:30`, `07:30`, `7h30` → `07:30`. */
export function parseTimeOfDay(text: string): Checked<string> {
  const m = TIME_PATTERN.exec(text);
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    return { ok: false, error: `Giờ "${text.trim()}" không hợp lệ: nhập theo dạng giờ:phút từ 00:00 đến 23:59, ví dụ 07:30.` };
  }
  return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/**
 * Days before the deadline on which reminders go out, typed as `7, 3, 1, 0` (commas, semicolons
 * or spaces). Whole numbers from 0 (the deadline's morning) to 60, each once; returned largest
 * first, the order in which the rounds happen. Empty: no reminders before the deadline.
 */
export function parseReminderOffsets(text: string): Checked<number[]> {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part) || Number(part) > MAX_REMINDER_OFFSET_DAYS) {
      return { ok: false, error: `"${part}" không phải số ngày hợp lệ: mỗi số ngày nhắc trước hạn là số nguyên từ 0 đến ${MAX_REMINDER_OFFSET_DAYS}, cách nhau bởi dấu phẩy (ví dụ: 7, 3, 1, 0).` };
    }
    const day = Number(part);
    if (days.includes(day)) return { ok: false, error: `Số ngày ${day} được nhập hai lần; mỗi ngày nhắc chỉ nhập một lần.` };
    days.push(day);
  }
  return { ok: true, value: days.sort((a, b) => b - a) };
}

/** `[7,3,1,0]` → `7, 3, 1, 0`, as the form shows it. */
export function formatReminderOffsets(days: readonly number[]): string {
  return days.join(', ');
}

/** A date from a date field (`2026-09-15`) or typed by hand (`15/09/2026`). */
export function parseFormDate(text: string): Checked<IsoDate> {
  const value = text.trim();
  const typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const iso = typed ? `${typed[3]}-${typed[2]!.padStart(2, '0')}-${typed[1]!.padStart(2, '0')}` : value;
  if (!isValidIsoDate(iso)) return { ok: false, error: `"${value}" không phải là ngày hợp lệ: chọn ngày trên lịch hoặc nhập theo dạng ngày/tháng/năm, ví dụ 15/09/2026.` };
  return { ok: true, value: iso };
}

/** Hours after a submission before its reviewers are nudged. */
export function parseNudgeAfterHours(text: string): Checked<number> {
  const value = text.trim();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_NUDGE_AFTER_HOURS) {
    return { ok: false, error: `Số giờ phải là số nguyên từ 1 đến ${MAX_NUDGE_AFTER_HOURS} (một tuần).` };
  }
  return { ok: true, value: Number(value) };
}

/**
 * A school year is named after its two calendar years (`2027-2028`): the product finds the year
 * a date belongs to by that name (a year runs from 1 August), so no other shape would be used.
 */
export function parseSchoolYearName(text: string): Checked<string> {
  const m = /^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$/.exec(text);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) {
    return { ok: false, error: 'Tên năm học gồm hai năm liền nhau, ví dụ 2027-2028.' };
  }
  return { ok: true, value: `${m[1]}-${m[2]}` };
}

/** The year to offer on the "new school year" form: the one after the latest that exists. */
export function nextSchoolYearName(existing: readonly string[], today: IsoDate): string {
  const firsts = existing.map((n) => Number(n.slice(0, 4))).filter((n) => Number.isInteger(n));
  const first = firsts.length > 0 ? Math.max(...firsts) + 1 : Number(schoolYearNameOf(today).slice(0, 4));
  return `${first}-${first + 1}`;
}

export interface YearDates {
  startsOn: IsoDate;
  endsOn: IsoDate;
  annualDeadline: IsoDate;
}

/**
 * Rules between fields, once each field is valid on its own: field name → message. The product
 * treats a year as current from 1 August to 31 July (it finds the year by name), so a deadline
 * outside that span would never be reminded of.
 */
export function yearDateProblems(name: string, year: YearDates): Partial<Record<keyof YearDates, string>> {
  const problems: Partial<Record<keyof YearDates, string>> = {};
  const span = defaultSchoolYear(name);
  if (year.endsOn <= year.startsOn) problems.endsOn = 'Ngày kết thúc phải sau ngày bắt đầu năm học.';
  if (schoolYearNameOf(year.annualDeadline) !== name) {
    problems.annualDeadline = `Hạn nộp phải nằm trong năm học ${name}, từ ${formatVnDate(span.startsOn)} đến ${formatVnDate(span.endsOn)}.`;
  } else if (!problems.endsOn && (year.annualDeadline < year.startsOn || year.annualDeadline > year.endsOn)) {
    problems.annualDeadline = 'Hạn nộp phải nằm giữa ngày bắt đầu và ngày kết thúc năm học.';
  }
  return problems;
}

/** Quiet hours as a person reads them; equal start and end mean there are none. */
export function describeQuietHours(start: string, end: string): string {
  if (start === end) return 'Không có (gửi thông báo mọi lúc)';
  return start > end ? `${start}–${end} hôm sau` : `${start}–${end}`;
}
