import fs from 'node:fs';
import type { Db } from '../db/prisma.js';
import { rosterFormatOf } from '../roster/read-roster-file.js';
import { IMPORT_FIELDS } from '../roster/roster-columns.js';
import { describeLayout, type RosterLayout } from '../roster/roster-layout.js';
import { formatRowErrors } from '../roster/row-errors.js';
import { importRoster, totalChanges, type ChangeCounts, type ImportResult } from '../use-cases/import-roster.js';
import { prepareRoster } from '../use-cases/prepare-roster.js';

const ENTITY_LABELS: Record<keyof ChangeCounts, string> = {
  units: 'đơn vị quản lý',
  schools: 'trường',
  groups: 'tổ chuyên môn',
  subgroups: 'nhóm chuyên môn',
  staff: 'cán bộ, giáo viên',
  roles: 'vai trò',
};

/** Reads, validates and imports a roster file; returns the lines to print and an exit code. */
export async function runImport(
  db: Db,
  file: string,
  options: { dryRun: boolean; cityName: string; actor: string; schoolCode?: string },
): Promise<{ lines: string[]; exitCode: number }> {
  const format = rosterFormatOf(file);
  if (!format) return { lines: ['Chỉ nhận tệp .xlsx, .xls hoặc .csv.'], exitCode: 2 };
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { lines: [`Không tìm thấy tệp ${file}.`], exitCode: 2 };
  const prepared = await prepareRoster(db, { content: fs.readFileSync(file), format, schoolCode: options.schoolCode });
  const layout = prepared.layout && !isPlainLayout(prepared.layout) ? describeLayout(prepared.layout) : [];
  if (!prepared.ok) return withHead(layout, describe(prepared));
  const result = await importRoster(db, prepared.plan, {
    actor: options.actor, cityName: options.cityName, dryRun: options.dryRun, nameHolders: true,
  });
  const notes = formatRowErrors(prepared.notes).map((l) => `Ghi chú: ${l}`);
  return withHead([...layout, ...notes], describe(result));
}

/** The import format as the template writes it: nothing worth telling about how it was read. */
function isPlainLayout(layout: RosterLayout): boolean {
  return layout.headerRow === 1 && layout.keyRows.length === 0 &&
    layout.columns.every((c) => c.field !== null && !c.chosen && IMPORT_FIELDS[c.field].header === c.header);
}

function withHead(head: string[], out: { lines: string[]; exitCode: number }): { lines: string[]; exitCode: number } {
  return { lines: [...head, ...out.lines], exitCode: out.exitCode };
}

function describe(result: ImportResult): { lines: string[]; exitCode: number } {
  if (!result.ok) {
    const lines = formatRowErrors(result.errors);
    return { lines: [...lines, `Không nhập dữ liệu nào: có ${result.errors.length} lỗi cần sửa.`, 'Sửa tệp theo các dòng trên (lỗi giống nhau đã gộp một dòng) rồi chạy lại lệnh.'], exitCode: 1 };
  }
  const head = result.dryRun ? 'Kiểm tra xong (chưa ghi gì)' : 'Đã nhập xong';
  if (totalChanges(result.changes) === 0) {
    return { lines: [`${head}: ${result.people} người, không có gì thay đổi.`], exitCode: 0 };
  }
  const lines = Object.entries(result.changes)
    .filter(([, c]) => c.created + c.updated + c.removed > 0)
    .map(([k, c]) => `  ${ENTITY_LABELS[k as keyof ChangeCounts]}: thêm ${c.created}, sửa ${c.updated}, bỏ ${c.removed}`);
  return { lines: [`${head}: ${result.people} người.`, ...lines], exitCode: 0 };
}
