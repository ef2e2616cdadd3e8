// The dashboard's query string: school year, supervising unit, school level, order, group.
// A value that is not understood is dropped and named back, so a stale link still opens.
import { z } from 'zod';
import { SCHOOL_LEVELS } from '../../core/vocabulary.js';

const id = z.coerce.number().int().positive().max(2_147_483_647);

export const SCHOOL_ORDERS = ['name', 'overdue', 'missing', 'late'] as const;
export type SchoolOrder = (typeof SCHOOL_ORDERS)[number];

const FIELDS = {
  year: { label: 'Năm học', schema: id },
  unit: { label: 'Đơn vị quản lý', schema: id },
  level: { label: 'Cấp học', schema: z.enum(SCHOOL_LEVELS) },
  sort: { label: 'Sắp xếp', schema: z.enum(SCHOOL_ORDERS) },
  group: { label: 'Tổ chuyên môn', schema: z.coerce.number().int().min(0).max(2_147_483_647) },
} as const;

type Fields = typeof FIELDS;
export type DashboardParams = { -readonly [K in keyof Fields]?: z.output<Fields[K]['schema']> };

export interface ParsedDashboardParams {
  params: DashboardParams;
  /** Labels of the values that were not understood and were ignored. */
  ignored: string[];
}

export function parseDashboardParams(query: Record<string, unknown>): ParsedDashboardParams {
  const params: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    const parsed = field.schema.safeParse(value);
    if (parsed.success) params[name] = parsed.data;
    else ignored.push(field.label);
  }
  return { params: params as DashboardParams, ignored };
}

/** The query string for a dashboard link, keeping only set values. */
export function dashboardQuery(params: DashboardParams): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
