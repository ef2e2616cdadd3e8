// JSON kept in text columns (SQLite has no JSON type that Prisma 6.19 maps on both databases),
// checked on every read: a row written by another release or damaged by hand reads as the
// schema's fallback or fails loudly with the column named, never as a wrongly typed value.
import { z } from 'zod';

export function readStoredJson<T>(schema: z.ZodType<T>, text: string | null | undefined, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text ?? 'null');
  } catch {
    throw new Error(`${what}: stored JSON does not parse`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what}: stored JSON has the wrong shape (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

const SubjectList = z.array(z.string());
/** Staff.subjects and RoleAssignment.subjects: a JSON array of subject names. */
export function storedSubjects(text: string | null | undefined): string[] {
  return readStoredJson(SubjectList, text ?? '[]', 'subjects');
}

const DayOffsets = z.array(z.number().int());
/** SchoolYear.reminderOffsetsDays: days before the deadline, e.g. [7,3,1,0]. */
export function storedReminderOffsets(text: string): number[] {
  return readStoredJson(DayOffsets, text, 'SchoolYear.reminderOffsetsDays');
}

const PreviewDetails = z.looseObject({ format: z.string().optional(), fileName: z.string().optional(), expiresAt: z.string().optional() });
/** A roster preview's audit details (read by the preview and by the orphan sweep); {} when unreadable. */
export function previewDetails(text: string): z.infer<typeof PreviewDetails> {
  try {
    return readStoredJson(PreviewDetails, text, 'roster preview');
  } catch {
    return {};
  }
}
