// One definition of a row id as it arrives from outside (a URL, a form, a query string, a job's
// payload), used by every page and use case that reads one.
import { z } from 'zod';

/** The largest id: PostgreSQL's `integer` (SQLite's rowid goes further; the smaller bound holds for both). */
export const MAX_ID = 2_147_483_647;

/**
 * A row id: a whole number from 1 to MAX_ID, given as a number or as its decimal digits (no sign,
 * no leading zero, no spaces, no exponent). Anything else is not an id: callers answer "not found".
 */
export const idSchema = z
  .union([z.string().regex(/^[1-9]\d{0,9}$/).transform(Number), z.number()])
  .pipe(z.number().int().min(1).max(MAX_ID));

/** The id `value` stands for, or null. */
export function parseId(value: unknown): number | null {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * An id, or 0 for "none": a filter for what belongs to no school (the management bodies' people)
 * or to no group (a school's whole-school plans). Same spelling rules as idSchema.
 */
export const idOrNoneSchema = z.union([z.literal(0), z.literal('0').transform(() => 0), idSchema]);
