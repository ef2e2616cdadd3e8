import fs from 'node:fs';
import type { Db } from '../db/prisma.js';
import { readRosterFile, rosterFormatOf } from '../roster/read-roster-file.js';
import { validateRoster } from '../roster/validate-roster.js';
import { importRoster, totalChanges, type ChangeCounts, type ImportResult } from '../use-cases/import-roster.js';

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
  options: { dryRun: boolean; cityName: string; actor: string },
): Promise<{ lines: string[]; exitCode: number }> {
  const format = rosterFormatOf(file);
  if (!format) return { lines: ['Chỉ nhận tệp .xlsx hoặc .csv.'], exitCode: 2 };
  if (!fs.existsSync(file)) return { lines: [`Không tìm thấy tệp ${file}.`], exitCode: 2 };
  const read = await readRosterFile(fs.readFileSync(file), format);
  const validation = read.ok ? validateRoster(read.rows) : read;
  const result: ImportResult = validation.ok
    ? await importRoster(db, validation.plan, { actor: options.actor, cityName: options.cityName, dryRun: options.dryRun })
    : validation;
  return describe(result);
}

function describe(result: ImportResult): { lines: string[]; exitCode: number } {
  if (!result.ok) {
    const lines = result.errors.map((e) => (e.rowNumber > 0 ? `Dòng ${e.rowNumber}: ${e.message}` : e.message));
    return { lines: [...lines, `Không nhập dữ liệu nào: có ${result.errors.length} lỗi cần sửa.`], exitCode: 1 };
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
