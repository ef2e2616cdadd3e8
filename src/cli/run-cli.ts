// `npm run cli -- <command>`: operations for the hotline team and for set-up scripts.
// What it prints is for people, in Vietnamese. main.ts runs it as a process; tests call runCli
// in-process with their own environment and output (one spawned smoke test per command).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ensureCurrentSchoolYear, ensureRootUnits } from '../db/org-setup.js';
import { createDb, type Db } from '../db/prisma.js';
import { isAppError } from '../core/app-error.js';
import type { Config } from '../config/config.js';
import { runImport } from './import-command.js';
import { runLinkCode } from './link-code-command.js';
import { runCreateAccount, runResetPassword } from './account-command.js';
import { checkFile, describeReport, kindOfArgument } from './check-file-command.js';
import { momentOf, previewReminders } from './preview-reminders-command.js';
import { runCheckCommand } from './check-command.js';
import { runBackupCommand } from './backup-command.js';
import { isPostgresUrl, sqliteFileFromUrl } from '../db/database-url.js';
import { createFileStore } from '../storage/create-file-store.js';
import { formatVnDate } from '../core/calendar.js';
import { TextExtractor } from '../documents/text-extractor.js';
import { seedDemoPlans, setDemoDeadline } from './demo-plans.js';

const DEMO_ROSTER = 'data/demo/roster.xlsx';
const DEMO_HOTLINE = 'SGD-HL1';

const HELP = `Cách dùng: npm run cli -- <lệnh> [tuỳ chọn]

  import <tệp.xlsx|tệp.csv> [--dry-run]   Nhập danh sách cán bộ (kiểm tra toàn bộ trước khi ghi)
  seed-demo                               Nạp danh sách mẫu nếu cơ sở dữ liệu chưa có ai
  check-file <tệp> [--kind lesson|teacher|group-teaching|group-activities|school] [--json]
                                          Kiểm tra một tệp như trợ lý kiểm tra (không cần cơ sở dữ liệu)
  link-code <số điện thoại|mã cán bộ> [--hours N]
                                          Cấp mã liên kết Telegram/Zalo dùng một lần (mặc định 72 giờ)
  create-account <số điện thoại|mã cán bộ> [--username tên]
                                          Tạo tài khoản trang quản trị (in mật khẩu tạm một lần)
  reset-password <tên đăng nhập>          Cấp lại mật khẩu tạm cho tài khoản trang quản trị
  preview-reminders [--at "dd/mm/yyyy HH:MM"]
                                          Xem trước ai sẽ được nhắc gì vào thời điểm đó (không gửi)
  check [--json] [--fail-on-orphans] [--delete-orphans [--older-than <giờ>]]
                                          Kiểm tra mọi tệp hồ sơ còn đủ và đúng mã SHA-256; liệt kê tệp không dùng đến
  backup <thư mục>                        Sao lưu cơ sở dữ liệu và kho tệp khi hệ thống đang chạy (xem docs/operations.md)
  help                                    Hiện hướng dẫn này`;

/** Where a run reads its configuration and writes its lines (a process: its environment, stdout, stderr). */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

type Command = (db: Db, args: string[], city: string, config: Config) => Promise<number>;

const commandsFor = (io: CliIo): Record<string, Command> => ({
  async import(db, args, city) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
    const file = positionals[0];
    if (!file) return usage(io, 'Thiếu đường dẫn tệp cần nhập.');
    const { lines, exitCode } = await runImport(db, file, { dryRun: Boolean(values['dry-run']), cityName: city, actor: 'cli' });
    lines.forEach((l) => io.out(l));
    return exitCode;
  },
  async 'seed-demo'(db, _args, city, config) {
    if ((await db.staff.count()) > 0) {
      io.out('Cơ sở dữ liệu đã có danh sách cán bộ: bỏ qua dữ liệu mẫu.');
      return 0;
    }
    io.out(`Nạp danh sách mẫu từ ${DEMO_ROSTER}…`);
    const { lines, exitCode } = await runImport(db, DEMO_ROSTER, { dryRun: false, cityName: city, actor: 'cli:seed-demo' });
    lines.forEach((l) => io.out(l));
    if (exitCode !== 0) return exitCode;
    // A school year around today, and plans in every state, so there is something to look at.
    const year = await setDemoDeadline(db);
    io.out(`Năm học mẫu ${year.name}: hạn nộp kế hoạch năm ${formatVnDate(year.annualDeadline)}.`);
    const fileStore = await createFileStore(config);
    const extractor = new TextExtractor();
    try {
      (await seedDemoPlans({ db, fileStore, extractor })).forEach((l) => io.out(l));
    } finally {
      await extractor.close();
    }
    // The demo's hotline member gets the first web admin account, so the admin pages can be tried at once.
    io.out('');
    (await runCreateAccount(db, DEMO_HOTLINE, 'hotline', config.PUBLIC_URL)).forEach((l) => io.out(l));
    return 0;
  },
  async 'link-code'(db, args, _city, config) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { hours: { type: 'string' } } });
    if (!positionals[0]) return usage(io, 'Thiếu số điện thoại hoặc mã cán bộ.');
    const hours = values.hours ? Number(values.hours) : undefined;
    if (hours !== undefined && !(hours > 0 && hours <= 24 * 30)) return usage(io, 'Số giờ hiệu lực phải từ 1 đến 720.');
    (await runLinkCode(db, config, positionals[0], hours)).forEach((l) => io.out(l));
    return 0;
  },
  async 'create-account'(db, args, _city, config) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { username: { type: 'string' } } });
    if (!positionals[0]) return usage(io, 'Thiếu số điện thoại hoặc mã cán bộ.');
    (await runCreateAccount(db, positionals[0], values.username, config.PUBLIC_URL)).forEach((l) => io.out(l));
    return 0;
  },
  async 'reset-password'(db, args, _city, config) {
    if (!args[0]) return usage(io, 'Thiếu tên đăng nhập.');
    (await runResetPassword(db, args[0], config.PUBLIC_URL)).forEach((l) => io.out(l));
    return 0;
  },
  async 'preview-reminders'(db, args) {
    const { values } = parseArgs({ args, options: { at: { type: 'string' } } });
    const at = momentOf(values.at);
    if (!at) return usage(io, `Thời điểm "${values.at}" không hợp lệ; ví dụ: --at "08/09/2026 07:30".`);
    (await previewReminders(db, at)).forEach((l) => io.out(l));
    return 0;
  },
  async help() {
    io.out(HELP);
    return 0;
  },
});

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n\n${HELP}`);
  return 2;
}

/** Checks a file without the database: for the hotline and for scripts (exit 1 = would be refused). */
async function checkFileCommand(io: CliIo, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { kind: { type: 'string' }, json: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) return usage(io, 'Thiếu đường dẫn tệp cần kiểm tra.');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return usage(io, `Không tìm thấy tệp ${file}.`);
  const kind = kindOfArgument(values.kind);
  if (kind === null) return usage(io, `Loại hồ sơ "${values.kind}" không hợp lệ.`);
  const report = await checkFile(file, kind);
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else describeReport(report).forEach((l) => io.out(l));
  return report.accepted ? 0 : 1;
}

/** check and backup read the database directly (read-only: the SQLite file, or PostgreSQL), not through Prisma. */
async function storeCommand(io: CliIo, run: typeof runCheckCommand, args: string[]): Promise<number> {
  const config = loadConfig(io.env);
  // The local store is named by its directory (its trash/ and tmp/ are handled there); S3 by the store.
  const storage = config.S3_BUCKET ? await createFileStore(config) : config.STORAGE_DIR;
  const database = isPostgresUrl(config.DATABASE_URL) ? config.DATABASE_URL : sqliteFileFromUrl(config.DATABASE_URL);
  const { exitCode, lines } = await run(database, storage, args).catch((error: unknown) => {
    if (!isAppError(error) || error.code !== 'STORAGE_FAILED') throw error;
    return { exitCode: 1, lines: [`Không đọc được kho tệp ${typeof storage === 'string' ? storage : storage.location} (${String(error.details?.reason ?? error.details?.errno ?? '')}).`] };
  });
  (exitCode === 2 ? io.err : io.out)(lines.join('\n'));
  return exitCode;
}

/** Runs one command; resolves to the exit code. Defaults: this process's environment, stdout and stderr. */
export async function runCli(argv: string[], options: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { env: options.env ?? process.env, out: options.out ?? ((t) => console.log(t)), err: options.err ?? ((t) => console.error(t)) };
  const [name = 'help', ...args] = argv;
  if (name === 'check-file') return checkFileCommand(io, args);
  if (name === 'check') return storeCommand(io, runCheckCommand, args);
  if (name === 'backup') return storeCommand(io, runBackupCommand, args);
  const command = commandsFor(io)[name];
  if (!command) return usage(io, `Không có lệnh "${name}".`);
  const config = loadConfig(io.env);
  const db = createDb(config.DATABASE_URL);
  try {
    await ensureRootUnits(db, config.CITY_NAME);
    await ensureCurrentSchoolYear(db);
    return await command(db, args, config.CITY_NAME, config);
  } catch (error) {
    if (!isAppError(error)) throw error;
    io.err(error.userMessage);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

