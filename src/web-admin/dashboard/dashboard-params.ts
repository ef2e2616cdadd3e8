// The dashboard's query string: school year, supervising unit, school level, order, group, kind.
// A value that is not understood is dropped and named back, so a stale link still opens.
import { z } from 'zod';
import { idOrNoneSchema, idSchema } from '../../core/ids.js';
import { ANNUAL_KINDS, SCHOOL_LEVELS, type PlanKind } from '../../core/vocabulary.js';
import { parseQueryFields, type ParsedQuery, type QueryValues } from '../query-fields.js';

const id = idSchema;

export const SCHOOL_ORDERS = ['name', 'overdue', 'missing', 'late'] as const;
export type SchoolOrder = (typeof SCHOOL_ORDERS)[number];

const FIELDS = {
  year: { label: 'Năm học', schema: id },
  unit: { label: 'Đơn vị quản lý', schema: id },
  level: { label: 'Cấp học', schema: z.enum(SCHOOL_LEVELS) },
  sort: { label: 'Sắp xếp', schema: z.enum(SCHOOL_ORDERS) },
  group: { label: 'Tổ chuyên môn', schema: idOrNoneSchema },
  /** One kind of annual plan in the list of who still owes what. */
  kind: { label: 'Loại hồ sơ', schema: z.enum(ANNUAL_KINDS as [PlanKind, ...PlanKind[]]) },
} as const;

export type DashboardParams = QueryValues<typeof FIELDS>;
export type ParsedDashboardParams = ParsedQuery<typeof FIELDS>;

export function parseDashboardParams(query: Record<string, unknown>): ParsedDashboardParams {
  return parseQueryFields(FIELDS, query);
}

/** The query string for a dashboard link, keeping only set values. */
export function dashboardQuery(params: DashboardParams): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}
