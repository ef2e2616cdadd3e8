// The records page's query string, validated field by field: a bad value is dropped and named
// back to the user instead of failing the whole page, so a stale bookmark still opens.
import { z } from 'zod';
import { idSchema } from '../../core/ids.js';
import { isValidIsoDate } from '../../core/calendar.js';
import { PLAN_KINDS, PLAN_STATES } from '../../core/vocabulary.js';
import { parseQueryFields, type ParsedQuery, type QueryValues } from '../query-fields.js';

/** A database id written plainly ("12", not "1e1" or " 12"), within Prisma's Int. */
export { idSchema };
const id = idSchema;
const isoDate = z.string().refine(isValidIsoDate);
const text = z.string().trim().min(1).max(100);

const FIELDS = {
  year: { label: 'Năm học', schema: z.union([z.literal('all'), id]) },
  school: { label: 'Trường', schema: id },
  group: { label: 'Tổ chuyên môn', schema: id },
  subgroup: { label: 'Nhóm chuyên môn', schema: id },
  teacher: { label: 'Giáo viên', schema: text },
  kind: { label: 'Loại hồ sơ', schema: z.enum(PLAN_KINDS) },
  subject: { label: 'Môn học', schema: text },
  state: { label: 'Trạng thái', schema: z.enum(PLAN_STATES) },
  late: { label: 'Chỉ hồ sơ trễ hạn', schema: z.literal('1') },
  from: { label: 'Từ ngày', schema: isoDate },
  to: { label: 'Đến ngày', schema: isoDate },
  before: { label: 'Trang', schema: id },
} as const;

type Fields = typeof FIELDS;
export type RecordsParams = QueryValues<Fields>;
export type ParamName = keyof Fields;
export type ParsedParams = ParsedQuery<Fields>;

export function parseRecordsParams(query: Record<string, unknown>): ParsedParams {
  const { params, ignored } = parseQueryFields(FIELDS, query);
  if (params.from && params.to && params.from > params.to) {
    delete params.from;
    delete params.to;
    ignored.push('Khoảng ngày (từ ngày sau đến ngày)');
  }
  return { params, ignored };
}

/** Drops a field the page could not honour (e.g. a school the viewer may not see). */
export function withoutParam(parsed: ParsedParams, name: ParamName): void {
  delete parsed.params[name];
  parsed.ignored.push(FIELDS[name].label);
}

/** The /records address for these filters (and page), for links that keep the filters. */
export function recordsUrl(params: RecordsParams, before?: number): string {
  const query = new URLSearchParams();
  for (const name of Object.keys(FIELDS) as ParamName[]) {
    if (name === 'before') continue;
    const value = params[name];
    if (value !== undefined) query.set(name, String(value));
  }
  if (before !== undefined) query.set('before', String(before));
  const qs = query.toString();
  return qs ? `/records?${qs}` : '/records';
}
