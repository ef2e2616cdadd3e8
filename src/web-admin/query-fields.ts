// Filters in a page's query string, each with its zod schema and the label a person reads:
// values that do not parse are dropped and named, so a bad link narrows nothing silently.
import type { z } from 'zod';

export type QueryFields = Record<string, { label: string; schema: z.ZodType }>;

export type QueryValues<F extends QueryFields> = { -readonly [K in keyof F]?: z.output<F[K]['schema']> };

export interface ParsedQuery<F extends QueryFields> {
  params: QueryValues<F>;
  /** Labels of the values that were not understood and were ignored. */
  ignored: string[];
}

export function parseQueryFields<F extends QueryFields>(fields: F, query: Record<string, unknown>): ParsedQuery<F> {
  const params: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    const parsed = field.schema.safeParse(value);
    if (parsed.success) params[name] = parsed.data;
    else ignored.push(field.label);
  }
  return { params: params as QueryValues<F>, ignored };
}
