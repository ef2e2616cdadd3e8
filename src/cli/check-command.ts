// `npm run cli -- check [--json] [--fail-on-orphans] [--delete-orphans [--older-than <hours>]]`:
// the stored files against the database. Exit 1 when a file a plan version or an intake needs
// is missing or damaged; files nobody needs are listed (exit 0 unless --fail-on-orphans).
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl } from '../db/database-url.js';
import { neededNow, openDatabaseReadOnly, type ReadOnlyDb } from '../storage/file-references.js';
import { removeOldTempFiles, removeUnneeded, restoreTrash, trashLeftovers, type RemovalResult } from '../storage/orphan-removal.js';
import { checkIntegrity, hasDamage, type IntegrityReport, type LooseFile, type ProblemFile } from '../use-cases/integrity-check.js';
import type { StoreInventory } from '../storage/file-store.js';
import { LocalFileStore } from '../storage/local-file-store.js';
import { count, moment, progressLine, size } from './cli-format.js';

/** Default and least age of a file --delete-orphans may delete: a web upload is stored before it is recorded. */
export const ORPHAN_MIN_AGE_HOURS = { default: 24, least: 1 };
/** Lines listed per kind of finding; --json lists all. */
const LISTED = 50;

export interface CheckCommandResult {
  exitCode: number;
  lines: string[];
}

/** `database`: the SQLite file, or the PostgreSQL URL. */
export async function runCheckCommand(database: string, storage: string | StoreInventory, args: string[]): Promise<CheckCommandResult> {
  const values = checkOptions(args);
  if (!values) return { exitCode: 2, lines: [`Tuỳ chọn không hợp lệ: ${args.join(' ')}. ${USAGE}`] };
  const hours = values['older-than'] === undefined ? ORPHAN_MIN_AGE_HOURS.default : Number(values['older-than']);
  if (!(hours >= ORPHAN_MIN_AGE_HOURS.least)) {
    return { exitCode: 2, lines: [`--older-than phải là số giờ, ít nhất ${ORPHAN_MIN_AGE_HOURS.least}: tệp mới lưu có thể sắp được dùng đến.`] };
  }
  const postgres = isPostgresUrl(database);
  if (!postgres && !fs.existsSync(database)) return { exitCode: 2, lines: [`Không tìm thấy cơ sở dữ liệu ${database}.`] };
  const storageDir = typeof storage === 'string' ? storage : storage instanceof LocalFileStore ? storage.root : null;
  if (values['delete-orphans'] && storageDir === null) {
    // Deleting safely needs an atomic move aside (see orphan-removal.ts), which S3 lacks; listing works.
    return { exitCode: 2, lines: ['--delete-orphans chưa dùng được với kho S3: lệnh check chỉ liệt kê tệp không dùng đến.'] };
  }
  try {
    return await check(database, storageDir ?? storage, values, hours);
  } catch (error) {
    const unreadable = error instanceof Database.SqliteError || error instanceof pg.DatabaseError || (postgres && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED');
    if (!unreadable) throw error;
    const where = postgres ? 'PostgreSQL' : database;
    return { exitCode: 1, lines: [`Không đọc được cơ sở dữ liệu ${where} (${(error as { code?: string }).code}: ${(error as Error).message}).`] };
  }
}

async function check(database: string, storage: string | StoreInventory, values: NonNullable<ReturnType<typeof checkOptions>>, hours: number): Promise<CheckCommandResult> {
  const db = openDatabaseReadOnly(database);
  const storageDir = typeof storage === 'string' ? storage : null;
  try {
    // Files an interrupted deletion left in trash/ go back first, so this check sees them.
    const restored = values['delete-orphans'] && storageDir ? await restoreTrash(storageDir) : 0;
    const inTrash = storageDir ? await trashLeftovers(storageDir) : 0;
    const progress = progressLine((d) => `Đang kiểm tra: ${count(d.files)} tệp, ${size(d.bytes)}…`);
    const report = await checkIntegrity({ db, storageDir: storageDir ? path.resolve(storageDir) : storage, onProgress: progress });
    progress.end();
    const removal = values['delete-orphans'] ? await deleteUnneeded(db, report, hours) : undefined;
    const orphansLeft = report.orphans.length - (removal?.orphansRemoved ?? 0);
    const failed = hasDamage(report) || (Boolean(values['fail-on-orphans']) && orphansLeft > 0);
    const lines = values.json ? [JSON.stringify({ ...report, removal, restored, inTrash }, null, 2)] : describeIntegrity(report, removal);
    if (!values.json && restored > 0) lines.push(`Đã đưa ${count(restored)} tệp từ trash/ (lần xoá trước bị dừng giữa chừng) về kho.`);
    if (!values.json && inTrash > 0) lines.push(`Còn ${count(inTrash)} tệp trong trash/ do lần xoá trước bị dừng giữa chừng: chạy lại với --delete-orphans để đưa về kho.`);
    return { exitCode: failed ? 1 : 0, lines };
  } finally {
    await db.close();
  }
}

const USAGE = 'Cách dùng: npm run cli -- check [--json] [--fail-on-orphans] [--delete-orphans [--older-than <giờ>]]';

function checkOptions(args: string[]) {
  try {
    const options = { json: { type: 'boolean' }, 'fail-on-orphans': { type: 'boolean' }, 'delete-orphans': { type: 'boolean' }, 'older-than': { type: 'string' } } as const;
    return parseArgs({ args, options }).values;
  } catch {
    return null;
  }
}

interface Removal extends RemovalResult {
  olderThanHours: number;
  orphansRemoved: number;
  tempFilesRemoved: number;
}

async function deleteUnneeded(db: ReadOnlyDb, report: IntegrityReport, hours: number): Promise<Removal> {
  const cutoff = Date.now() - hours * 3_600_000;
  const old = (f: LooseFile) => f.mtimeMs < cutoff && f.sha256 !== undefined;
  const candidates = [...report.orphans, ...report.rosterPreviews.expired].filter(old).map((f) => ({ sha256: f.sha256!, size: f.size }));
  const result = await removeUnneeded(candidates, {
    storageDir: report.storageDir, keepNewerThan: cutoff, neededNow: (shas) => neededNow(db, shas, Date.now()),
  });
  const orphanShas = new Set(report.orphans.map((f) => f.sha256));
  return {
    ...result, olderThanHours: hours,
    orphansRemoved: result.removed.filter((f) => orphanShas.has(f.sha256)).length,
    tempFilesRemoved: await removeOldTempFiles(report.tempFiles, cutoff),
  };
}

export function describeIntegrity(r: IntegrityReport, removal?: Removal): string[] {
  const v = r.verified;
  const lines = [
    `Kho tệp: ${r.storageDir}`,
    `Đã kiểm tra ${count(v.files)} tệp (${size(v.bytes)}) mà ${count(v.versions)} phiên bản hồ sơ và ${count(v.intakes)} lượt nhận tệp dùng đến.`,
  ];
  if (!hasDamage(r)) lines.push('✅ Không thiếu tệp nào, không tệp nào bị hỏng.');
  if (r.missing.length > 0) lines.push(`❌ Thiếu ${count(r.missing.length)} tệp:`, ...listed(r.missing, problemLine));
  if (r.corrupt.length > 0) lines.push(`❌ ${count(r.corrupt.length)} tệp bị hỏng (nội dung không còn khớp mã SHA-256):`, ...listed(r.corrupt, problemLine));
  if (r.orphans.length > 0) {
    lines.push(`Tệp không hồ sơ nào dùng đến: ${count(r.orphans.length)} tệp, ${size(total(r.orphans))}`, ...listed(r.orphans, looseLine));
  }
  const { live, expired } = r.rosterPreviews;
  if (live.length + expired.length > 0) {
    lines.push(`Tệp danh sách cán bộ đã tải lên để xem trước: ${count(live.length)} còn chờ xác nhận, ${count(expired.length)} đã hết hạn (${size(total(expired))}, có thể xoá bằng --delete-orphans).`);
  }
  if (r.tempFiles.length > 0) lines.push(`Tệp tạm của những lần ghi dở: ${count(r.tempFiles.length)} tệp, ${size(total(r.tempFiles))}.`);
  if (r.strays.length > 0) lines.push(`Tệp lạ trong thư mục objects/ (không nằm đúng chỗ theo tên, không bị xoá): ${count(r.strays.length)}`, ...listed(r.strays, (f) => `  ${f.path}`));
  if (removal) lines.push(removalLine(removal));
  return lines;
}

function problemLine(p: ProblemFile): string {
  const versions = p.versions.map((v) => `${v.refCode} (bản ${v.version})`).join(', ');
  const intakes = p.intakes.map((i) => `#${i.id} (${i.status})`).join(', ');
  const who = [versions && `hồ sơ ${versions}`, intakes && `lượt nhận tệp ${intakes}`].filter(Boolean).join('; ');
  return `  ${p.sha256} — ${who}${p.found ? ` [đọc được: ${p.found}]` : ''}`;
}

function looseLine(f: LooseFile): string {
  return `  ${f.sha256 ?? f.path}  ${size(f.size)}  lưu lúc ${moment(f.mtimeMs)}`;
}

function listed<T>(items: T[], line: (item: T) => string): string[] {
  const shown = items.slice(0, LISTED).map(line);
  return items.length > LISTED ? [...shown, `  … và ${count(items.length - LISTED)} tệp nữa (xem đủ với --json).`] : shown;
}

function removalLine(r: Removal): string {
  const kept = r.kept.length > 0 ? ` Giữ lại ${count(r.kept.length)} tệp vừa được lưu lại hoặc dùng đến trong lúc xoá.` : '';
  return `Đã xoá ${count(r.removed.length)} tệp (${size(total(r.removed))}) không còn dùng đến và ${count(r.tempFilesRemoved)} tệp tạm, cũ hơn ${count(r.olderThanHours)} giờ.${kept}`;
}

function total(files: Array<{ size: number }>): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}
