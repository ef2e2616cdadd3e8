// Benchmark of a city's roster import (issue 20): a generated 20,000-row .xlsx (300 schools,
// a title block above the header, one row per teacher) read, checked and written in one
// transaction on a fresh SQLite file, then imported again (nothing to change).
// Run: npm run bench -- roster-import   (ROSTER_BENCH_ROWS=n changes the size)
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runImport } from '../src/cli/import-command.js';
import { execFileSync } from 'node:child_process';
import { createDb } from '../src/db/prisma.js';
import { machineLine } from './machine.js';

const ROWS = Number(process.env.ROSTER_BENCH_ROWS ?? 20_000);
const SCHOOLS = 300;
const GROUPS = [['Tổ Toán – Tin', 'Toán'], ['Tổ Ngữ văn', 'Ngữ văn'], ['Tổ Tiếng Anh', 'Tiếng Anh'], ['Tổ Khoa học tự nhiên', 'Vật lí']];

async function cityRoster(file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['SỞ GIÁO DỤC VÀ ĐÀO TẠO', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']).commit();
  ws.addRow(['DANH SÁCH CÁN BỘ, GIÁO VIÊN TOÀN THÀNH PHỐ NĂM HỌC 2025-2026']).commit();
  ws.addRow([]).commit();
  ws.addRow(['STT', 'Mã trường', 'Tên trường', 'Cấp học', 'Đơn vị quản lý', 'Tổ chuyên môn', 'Nhóm chuyên môn', 'Mã GV', 'Họ và tên', 'Chức vụ', 'Môn dạy', 'SĐT']).commit();
  for (let i = 0; i < ROWS; i++) {
    const s = i % SCHOOLS;
    const [group, subject] = GROUPS[Math.floor(i / SCHOOLS) % GROUPS.length]!;
    const first = i < SCHOOLS; // the first row of each school: its principal
    ws.addRow([
      i + 1, `S${s}`, `Trường THCS Số ${s}`, 'THCS', `UBND phường ${s % 40}`, first ? '' : group, first ? '' : subject,
      `GV${i}`, `Giáo viên Số ${i}`, first ? 'HT' : i % 50 === 7 ? 'TTCM' : 'GV', subject, 912000000 + i,
    ]).commit();
  }
  await wb.commit();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-bench-roster-'));
try {
  const file = path.join(dir, 'thanh-pho.xlsx');
  await cityRoster(file);
  const url = `file:${path.join(dir, 'city.db')}`;
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'pipe' });
  const db = createDb(url);
  const lines = [`### Roster import — ${new Date().toISOString().slice(0, 10)}`, `Machine: ${machineLine()}`, ''];
  lines.push(`City roster: ${ROWS.toLocaleString('en')} rows, ${SCHOOLS} schools, title block above the header (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB .xlsx)`);
  for (const label of ['first import (everything new)', 'same file again (nothing to change)']) {
    const t = performance.now();
    const rss = process.memoryUsage().rss;
    const run = await runImport(db, file, { dryRun: false, cityName: 'Hải Phòng', actor: 'bench' });
    const seconds = (performance.now() - t) / 1000;
    if (run.exitCode !== 0) throw new Error(run.lines.slice(0, 20).join('\n'));
    lines.push(`- ${label}: ${seconds.toFixed(1)} s (${run.lines.find((l) => l.startsWith('Đã nhập xong'))}); RSS +${((process.memoryUsage().rss - rss) / 1024 / 1024).toFixed(0)} MB`);
  }
  lines.push(`- people in the database: ${(await db.staff.count()).toLocaleString('en')}, roles: ${(await db.roleAssignment.count()).toLocaleString('en')}`);
  await db.$disconnect();
  console.log(lines.join('\n'));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
