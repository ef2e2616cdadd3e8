// `npm run cli -- backup <dir>`: the database and the file store copied while the product runs,
// with a manifest. Restoring is described in docs/operations.md.
import path from 'node:path';
import { isAppError } from '../core/app-error.js';
import type { StoreInventory } from '../storage/file-store.js';
import { backupProduct, BACKUP_MANIFEST, type BackupManifest } from '../use-cases/backup.js';
import { count, moment, progressLine, size } from './cli-format.js';

export interface BackupCommandResult {
  exitCode: number;
  lines: string[];
}

export async function runBackupCommand(databaseFile: string, storageDir: string | StoreInventory, args: string[]): Promise<BackupCommandResult> {
  const target = args[0];
  if (!target || args.length > 1) return { exitCode: 2, lines: ['Cách dùng: npm run cli -- backup <thư mục mới hoặc trống>'] };
  const progress = progressLine((d) => `Đang chép tệp: ${count(d.files)} tệp, ${size(d.bytes)}…`);
  try {
    const manifest = await backupProduct({ databaseFile, storageDir, targetDir: path.resolve(target), onProgress: progress });
    progress.end();
    return { exitCode: manifest.files.missing.length + manifest.files.corrupt.length > 0 ? 1 : 0, lines: describeBackup(path.resolve(target), manifest) };
  } catch (error) {
    progress.end();
    if (isAppError(error) && error.code === 'STORAGE_FAILED') {
      return { exitCode: 1, lines: [`Sao lưu không thành công: không đọc được kho tệp (${String(error.details?.reason ?? error.details?.errno ?? '')}). Bản sao trong ${target} chưa dùng được: thiếu ${BACKUP_MANIFEST}.`] };
    }
    if (isAppError(error)) return { exitCode: 2, lines: [error.userMessage] };
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { exitCode: 1, lines: [`Sao lưu không thành công (${code}: ${(error as Error).message}). Bản sao trong ${target} chưa dùng được: thiếu ${BACKUP_MANIFEST}.`] };
    throw error;
  }
}

/** On PostgreSQL the command copies the files only: the database is backed up with pg_dump. */
export const PG_DUMP_NOTE =
  '⚠️ Cơ sở dữ liệu PostgreSQL không nằm trong bản sao này: sao lưu nó bằng pg_dump (pg_dump -Fc "$DATABASE_URL" > hscm.dump), chạy NGAY TRƯỚC lệnh này để mọi tệp mà bản dump cần đều có trong bản sao tệp. Xem docs/operations.md.';

export function describeBackup(target: string, m: BackupManifest): string[] {
  const f = m.files;
  const database = m.database
    ? `Cơ sở dữ liệu: ${m.database.file}, ${size(m.database.bytes)} — ${count(m.rows.Plan ?? 0)} hồ sơ, ${count(m.rows.Submission ?? 0)} phiên bản; chụp nhất quán lúc ${moment(Date.parse(m.snapshotAt))}.`
    : `Cơ sở dữ liệu PostgreSQL lúc bắt đầu chép tệp (${moment(Date.parse(m.snapshotAt))}): ${count(m.rows.Plan ?? 0)} hồ sơ, ${count(m.rows.Submission ?? 0)} phiên bản.`;
  const lines = [
    `Đã sao lưu vào ${target}`,
    database,
    `Tệp: ${count(f.copied)} tệp, ${size(f.bytes)} trong ${f.dir}/ (${count(f.needed)} tệp hồ sơ đang dùng).`,
    m.database ? `Bảng kê: ${BACKUP_MANIFEST} (SHA-256 của cơ sở dữ liệu: ${m.database.sha256}).` : `Bảng kê: ${BACKUP_MANIFEST}.`,
  ];
  if (!m.database) lines.push(PG_DUMP_NOTE);
  if (f.missing.length > 0) lines.push(`❌ Thiếu ${count(f.missing.length)} tệp mà cơ sở dữ liệu cần (đã có trong kho từ trước khi sao lưu): ${f.missing.join(', ')}`);
  if (f.corrupt.length > 0) lines.push(`❌ ${count(f.corrupt.length)} tệp bị hỏng trong kho (đã chép nguyên trạng): ${f.corrupt.join(', ')}`);
  if (f.missing.length + f.corrupt.length > 0) lines.push('Chạy npm run cli -- check để biết những hồ sơ nào bị ảnh hưởng.');
  return lines;
}
