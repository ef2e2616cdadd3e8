// The school years' settings, changed by the hotline team: a year's dates and deadline (R4), when
// reminders, digests and nudges go out, and the quiet hours. Each change commits with its audit
// entry (old → new). Nothing caches these for long: the scheduler reads the current year on
// every tick and the delivery re-reads the quiet hours at least once a minute.
import { storedReminderOffsets } from '../db/stored-json.js';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import type { IsoDate } from '../core/calendar.js';
import {
  parseFormDate, parseNudgeAfterHours, parseReminderOffsets, parseSchoolYearName, parseTimeOfDay,
  yearDateProblems, type Checked,
} from '../core/school-year-rules.js';
import { audit } from '../db/audit.js';
import type { Db } from '../db/prisma.js';

/** A form field read by a core rule; `missing` is said when it was left empty. */
function field<T>(read: (text: string) => Checked<T>, missing: string) {
  return z.string({ error: missing }).transform((text, ctx) => {
    if (text.trim() === '') {
      ctx.addIssue({ code: 'custom', message: missing });
      return z.NEVER;
    }
    const result = read(text);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.error });
      return z.NEVER;
    }
    return result.value;
  });
}

const YearDatesForm = {
  startsOn: field(parseFormDate, 'Vui lòng chọn ngày bắt đầu năm học.'),
  endsOn: field(parseFormDate, 'Vui lòng chọn ngày kết thúc năm học.'),
  annualDeadline: field(parseFormDate, 'Vui lòng chọn hạn nộp hồ sơ đầu năm.'),
};

const SettingsForm = z.object({
  ...YearDatesForm,
  // Empty is allowed: no reminder before the deadline (the overdue notice still goes out).
  reminderOffsetsDays: z.string({ error: 'Vui lòng nhập số ngày nhắc trước hạn.' }).transform((text, ctx) => {
    const result = parseReminderOffsets(text);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  }),
  reminderTime: field(parseTimeOfDay, 'Vui lòng nhập giờ gửi nhắc nhở.'),
  quietStart: field(parseTimeOfDay, 'Vui lòng nhập giờ bắt đầu giờ yên lặng.'),
  quietEnd: field(parseTimeOfDay, 'Vui lòng nhập giờ kết thúc giờ yên lặng.'),
  digestTime: field(parseTimeOfDay, 'Vui lòng nhập giờ gửi danh sách chờ duyệt.'),
  nudgeAfterHours: field(parseNudgeAfterHours, 'Vui lòng nhập số giờ trước khi nhắc người duyệt.'),
});

const NewYearForm = z.object({ name: field(parseSchoolYearName, 'Vui lòng nhập tên năm học, ví dụ 2027-2028.'), ...YearDatesForm });

export type YearSettings = z.output<typeof SettingsForm>;
export type NewYear = z.output<typeof NewYearForm>;
export type SettingsField = keyof YearSettings;

/** Either the values, or a Vietnamese message for each field that is wrong. */
export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<string, string>> };

function read<T>(schema: z.ZodType<T>, body: unknown): FormReading<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<string, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

const DatesForm = z.object(YearDatesForm);

/**
 * Adds the rules between the dates (deadline inside the year…) to the fields' own errors, as soon
 * as the three dates are readable, so that one submission shows every problem at once.
 */
function withDateProblems<T>(name: string | undefined, body: unknown, reading: FormReading<T>): FormReading<T> {
  const dates = DatesForm.safeParse(body);
  const problems = dates.success && name ? yearDateProblems(name, dates.data) : {};
  if (Object.keys(problems).length === 0) return reading;
  return { ok: false, errors: { ...problems, ...(reading.ok ? {} : reading.errors) } };
}

/** Reads the settings form; `name` is the year's, for the rule that the deadline lies in it. */
export function readYearSettings(name: string, body: unknown): FormReading<YearSettings> {
  return withDateProblems(name, body, read(SettingsForm, body));
}

export function readNewYear(body: unknown): FormReading<NewYear> {
  const name = parseSchoolYearName(String((body as Record<string, unknown> | undefined)?.name ?? ''));
  return withDateProblems(name.ok ? name.value : undefined, body, read(NewYearForm, body));
}

/** A school year as stored, with its reminder days read. */
export interface SchoolYearView extends YearSettings {
  id: number;
  name: string;
  updatedAt: Date;
}

type StoredYear = {
  id: number; name: string; startsOn: IsoDate; endsOn: IsoDate; annualDeadline: IsoDate; reminderOffsetsDays: string;
  reminderTime: string; quietStart: string; quietEnd: string; digestTime: string; nudgeAfterHours: number; updatedAt: Date;
};

function view(year: StoredYear): SchoolYearView {
  const { id, name, startsOn, endsOn, annualDeadline, reminderTime, quietStart, quietEnd, digestTime, nudgeAfterHours, updatedAt } = year;
  return { id, name, startsOn, endsOn, annualDeadline, reminderOffsetsDays: storedReminderOffsets(year.reminderOffsetsDays), reminderTime, quietStart, quietEnd, digestTime, nudgeAfterHours, updatedAt };
}

/** Every school year, the latest first. */
export async function listSchoolYears(db: Db): Promise<SchoolYearView[]> {
  return (await db.schoolYear.findMany({ orderBy: { name: 'desc' } })).map(view);
}

export async function findSchoolYear(db: Db, id: number): Promise<SchoolYearView> {
  const year = await db.schoolYear.findUnique({ where: { id } });
  if (!year) throw new AppError('NOT_FOUND', 'Không tìm thấy năm học này.');
  return view(year);
}

const SETTINGS_FIELDS: readonly SettingsField[] = [
  'startsOn', 'endsOn', 'annualDeadline', 'reminderOffsetsDays', 'reminderTime', 'quietStart', 'quietEnd', 'digestTime', 'nudgeAfterHours',
];

/** Saves a year's settings; returns the fields that changed (none: nothing written, nothing audited). */
export async function updateSchoolYear(db: Db, input: { yearId: number; settings: YearSettings; actor: string }): Promise<SettingsField[]> {
  return db.$transaction(async (tx) => {
    const stored = await tx.schoolYear.findUnique({ where: { id: input.yearId } });
    if (!stored) throw new AppError('NOT_FOUND', 'Không tìm thấy năm học này.');
    const before = view(stored);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of SETTINGS_FIELDS) {
      if (JSON.stringify(before[key]) !== JSON.stringify(input.settings[key])) changes[key] = { from: before[key], to: input.settings[key] };
    }
    const changed = Object.keys(changes) as SettingsField[];
    if (changed.length === 0) return changed;
    await tx.schoolYear.update({
      where: { id: stored.id },
      data: { ...input.settings, reminderOffsetsDays: JSON.stringify(input.settings.reminderOffsetsDays) },
    });
    await audit(tx, { actor: input.actor, action: 'school-year.update', entityType: 'SchoolYear', entityId: stored.id, details: { name: stored.name, changes } });
    return changed;
  });
}

/**
 * Opens a school year (ahead of 1 August, so that its deadline can be set and lesson plans dated
 * in it can be handed in). Reminder settings are copied from the latest year.
 */
export async function createSchoolYear(db: Db, input: { year: NewYear; actor: string }): Promise<{ id: number } | { error: string }> {
  return db.$transaction(async (tx) => {
    if (await tx.schoolYear.findUnique({ where: { name: input.year.name } })) return { error: `Năm học ${input.year.name} đã có.` };
    const latest = await tx.schoolYear.findFirst({ orderBy: { name: 'desc' } });
    const carried = latest
      ? { reminderOffsetsDays: latest.reminderOffsetsDays, reminderTime: latest.reminderTime, quietStart: latest.quietStart, quietEnd: latest.quietEnd, digestTime: latest.digestTime, nudgeAfterHours: latest.nudgeAfterHours }
      : {};
    const created = await tx.schoolYear.create({ data: { ...input.year, ...carried } }).catch((e: { code?: string }) => {
      if (e.code === 'P2002') return null; // opened by someone else at the same moment
      throw e;
    });
    if (!created) return { error: `Năm học ${input.year.name} đã có.` };
    await audit(tx, {
      actor: input.actor, action: 'school-year.create', entityType: 'SchoolYear', entityId: created.id,
      details: { ...input.year, settingsFrom: latest?.name ?? null },
    });
    return { id: created.id };
  });
}
