// The CLI's commands that need the database or the file store, loaded only for them (run-cli.ts):
// check-file and split-docx start without Prisma.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { ensureCurrentSchoolYear, ensureRootUnits } from '../db/org-setup.js';
import { createDb, type Db } from '../db/prisma.js';
import { isAppError } from '../core/app-error.js';
import type { Config } from '../config/config.js';
import { runImport } from './import-command.js';
import { runLinkCode } from './link-code-command.js';
import { runCreateAccount, runResetPassword } from './account-command.js';
import { momentOf, previewReminders } from './preview-reminders-command.js';
import { runCheckCommand } from './check-command.js';
import { runBackupCommand } from './backup-command.js';
import { isPostgresUrl, sqliteFileFromUrl } from '../db/database-url.js';
import { createFileStore } from '../storage/create-file-store.js';
import { usage, type CliIo } from './help.js';
import { formatVnDate } from '../core/calendar.js';
import { TextExtractor } from '../documents/text-extractor.js';
import { seedDemoPlans, setDemoDeadline } from './demo-plans.js';

const DEMO_ROSTER = 'data/demo/roster.xlsx';
const DEMO_HOTLINE = 'SGD-HL1';

type Command = (db: Db, args: string[], city: string, config: Config) => Promise<number>;

const commandsFor = (io: CliIo): Record<string, Command> => ({
  async import(db, args, city) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, school: { type: 'string' } } });
    const file = positionals[0];
    if (!file) return usage(io, 'Thiếu đường dẫn tệp cần nhập.');
    if (positionals.length > 1) return usage(io, `Thừa "${positionals[1]}": lệnh import nhận một tệp.`);
    if (values.school !== undefined && !values.school.trim()) return usage(io, 'Thiếu mã trường sau --school.');
    const { lines, exitCode } = await runImport(db, file, { dryRun: Boolean(values['dry-run']), cityName: city, actor: 'cli', schoolCode: values.school });
    if (exitCode === 2) io.err(lines.join('\n'));
    else lines.forEach((l) => io.out(l));
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
});

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

/** Runs a command that needs the database or the file store. */
export async function runDbCommand(io: CliIo, name: string, args: string[]): Promise<number> {
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
