// The CLI as the hotline team runs it, on a real database: each command called in-process
// (runCli, with this test's environment and output), and once as a real process (the smoke
// tests at the end: `node --import tsx src/cli/main.ts`, what `npm run cli` runs, and check-file
// through `scripts/cli.sh` itself, the script `npm run cli` starts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let dir: string;
let database: TestDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-cli-'));
  database = createTestDatabase({ in: dir });
});
afterEach(async () => {
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A command in-process; `out` as a process would print it (stdout, then stderr). */
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const { code, out } = await cliWith({ DATABASE_URL: database.url, STORAGE_DIR: path.join(dir, 'files') }, ...args);
  return { code, out };
}

/** A command in-process with these environment variables. */
async function cliWith(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { env: { ...process.env, ...env }, out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`) });
  return { code, out: stdout + stderr, stdout };
}

/** A command as a real process. */
function spawnCli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return spawned(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], env);
}

function spawned(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: stdout + stderr }),
    );
  });
}

describe('npm run cli -- import', () => {
  it('imports the demo roster, then finds nothing to change', async () => {
    const first = await cli('import', 'data/demo/roster.csv');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Đã nhập xong: 60 người.');
    const second = await cli('import', 'data/demo/roster.xlsx');
    expect(second).toEqual({ code: 0, out: 'Đã nhập xong: 60 người, không có gì thay đổi.\n' });
  });

  it('prints each bad row in Vietnamese and exits non-zero', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'Mã trường,Tên trường,Cấp học,Tổ chuyên môn,Họ và tên,Vai trò,Điện thoại\nTHPT-A,Trường THPT A,THPT,Tổ Toán,Nguyễn Văn An,Giáo viên,0912\n');
    const run = await cli('import', file);
    expect(run.code).toBe(1);
    expect(run.out).toContain('Dòng 2: Số điện thoại "0912" không hợp lệ: cần 10 chữ số');
    // Every problem of the row at once (the subject is missing too), not one per round.
    expect(run.out).toContain('Dòng 2: Giáo viên cần "Môn dạy" hoặc "Nhóm chuyên môn"');
    expect(run.out).toContain('Không nhập dữ liệu nào: có 2 lỗi cần sửa.');
  });

  it('an unknown option or a missing value is a Vietnamese usage message with exit 2, not a stack trace', async () => {
    for (const args of [['import', 'data/demo/roster.csv', '--truong', 'X'], ['import', 'data/demo/roster.csv', '--school']]) {
      const run = await cli(...args);
      expect(run.code, run.out).toBe(2);
      expect(run.out).toMatch(/^(Không có tuỳ chọn --truong cho lệnh này\.|Tuỳ chọn --school thiếu giá trị hoặc giá trị không đúng\.)\n\nCách dùng: npm run cli/);
      expect(run.out).not.toMatch(/at .*\.ts:\d+|TypeError|ERR_PARSE_ARGS/);
    }
    // As a real process (issue 20 saw a Node stack trace there).
    const real = await spawnCli({ DATABASE_URL: database.url }, 'import', 'f.xlsx', '--truong', 'X');
    expect(real.code, real.out).toBe(2);
    expect(real.out).toMatch(/^Không có tuỳ chọn --truong cho lệnh này\./);
  });

  it('imports a school\'s own sheet (title block, no school columns) with --school', async () => {
    expect((await cli('import', 'data/demo/roster.csv')).code).toBe(0);
    const { xlsxOf, TITLE_BLOCK } = await import('../support/roster-layouts.js');
    const file = path.join(dir, 'Danh sách GV.xlsx');
    fs.writeFileSync(file, await xlsxOf(TITLE_BLOCK));
    const run = await cli('import', file, '--school', 'THCS-TP');
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('Dòng tiêu đề: dòng 6 (bỏ qua 5 dòng phía trên).');
    expect(run.out).toContain('Đã nhập xong: 5 người.');
  });

  it('seed-demo loads the demo roster only into an empty database, with a hotline web account', async () => {
    const first = (await cli('seed-demo')).out;
    expect(first).toContain('Đã nhập xong: 60 người.');
    expect(first).toMatch(/Tên đăng nhập:\s+hotline/);
    const password = /Mật khẩu tạm:\s+(\S+)/.exec(first)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await passwordOf('hotline', password!)).toBe(true);
    expect((await cli('seed-demo')).out).toContain('bỏ qua dữ liệu mẫu');
  });

  it('seed-demo sets the deadline two weeks ahead and hands in demo plans in every state, files readable', async () => {
    expect((await cli('seed-demo')).code).toBe(0);
    const { createDb } = await import('../../src/db/prisma.js');
    const { addDays, vnDateOf } = await import('../../src/core/calendar.js');
    const db = createDb(database.url);
    try {
      const year = await db.schoolYear.findFirstOrThrow();
      expect(year.annualDeadline).toBe(addDays(vnDateOf(new Date()), 14));
      const plans = await db.plan.findMany({ include: { submissions: true } });
      expect(new Set(plans.map((p) => p.state))).toEqual(new Set(['SUBMITTED', 'APPROVED', 'RETURNED']));
      // One was returned, then handed in again: its second version waits.
      expect(plans.some((p) => p.state === 'SUBMITTED' && p.currentVersion === 2)).toBe(true);
      for (const p of plans) {
        for (const s of p.submissions) {
          expect(fs.existsSync(path.join(dir, 'files', 'objects', s.fileSha256.slice(0, 2), s.fileSha256.slice(2, 4), s.fileSha256))).toBe(true);
          expect(JSON.parse(s.checkReport!)).toMatchObject({ readability: { status: 'TEXT', format: 'DOCX' } });
          if (p.kind === 'LESSON_PLAN') expect(JSON.parse(s.checkReport!)).toMatchObject({ lessons: { verdict: 'ONE' } });
        }
      }
    } finally {
      await db.$disconnect();
    }
  });

  it('seed-demo hands in annual plans over the last ten days: Trần Phú ahead, Ngô Quyền behind, the others little or nothing, as the dashboard charts them', async () => {
    const now = new Date();
    expect((await cli('seed-demo')).code).toBe(0);
    const { createDb } = await import('../../src/db/prisma.js');
    const { addDays, vnDateOf } = await import('../../src/core/calendar.js');
    const { loadActor } = await import('../../src/read-models/org-loader.js');
    const { cityReport } = await import('../../src/web-admin/dashboard/compliance-report.js');
    const { ObligationCache } = await import('../../src/web-admin/dashboard/obligation-cache.js');
    const { leaderCharts } = await import('../../src/web-admin/dashboard/progress-report.js');
    const { createLogger } = await import('../../src/infra/logger.js');
    const db = createDb(database.url);
    try {
      const plans = await db.plan.findMany({
        where: { kind: { not: 'LESSON_PLAN' } },
        include: { school: true, owner: true, submissions: true, decisions: true },
        orderBy: { id: 'asc' },
      });
      const codeOf = new Map((await db.staff.findMany()).map((s) => [s.id, s.code]));
      const deciders = (p: (typeof plans)[number]) => p.decisions.map((d) => codeOf.get(d.deciderId));
      const of = (code: string) => plans.filter((p) => p.school.code === code);
      const states = (list: typeof plans, kind: string) => list.filter((p) => p.kind === kind).map((p) => p.state).sort();
      const tp = of('THCS-TP');
      const nq = of('THCS-NQ');
      // Trần Phú: the school plan adopted (recorded by the principal, as the School Council's
      // decision), both groups' teaching plans approved by the board, an activities plan waiting,
      // teacher plans approved, waiting and one returned.
      const school = tp.find((p) => p.kind === 'SCHOOL_PLAN')!;
      expect(school).toMatchObject({ state: 'APPROVED', owner: { code: 'THCS-TP-001' } });
      expect(school.decisions[0]).toMatchObject({ basis: 'SCHOOL_COUNCIL' });
      expect(deciders(school)).toEqual(['THCS-TP-001']);
      expect(states(tp, 'GROUP_TEACHING_PLAN')).toEqual(['APPROVED', 'APPROVED']);
      expect(tp.filter((p) => p.kind === 'GROUP_TEACHING_PLAN').flatMap(deciders).every((c) => ['THCS-TP-001', 'THCS-TP-002'].includes(c!))).toBe(true);
      expect(states(tp, 'GROUP_ACTIVITIES_PLAN')).toEqual(['SUBMITTED']);
      expect(states(tp, 'TEACHER_PLAN')).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'RETURNED', 'SUBMITTED', 'SUBMITTED']);
      expect(tp.find((p) => p.state === 'RETURNED')!.decisions[0]!.reason).toMatch(/nộp lại/);
      // A teacher plan is its teacher's; a group plan its group head's.
      for (const p of plans) expect(p.submissions.every((s) => s.submittedById === p.ownerId)).toBe(true);
      expect(tp.filter((p) => p.kind.startsWith('GROUP_')).every((p) => ['THCS-TP-003', 'THCS-TP-008'].includes(p.owner.code))).toBe(true);
      // Ngô Quyền: a group plan waiting, a few teacher plans; Thái Phiên one; Nguyễn Bỉnh Khiêm none.
      expect(states(nq, 'GROUP_TEACHING_PLAN')).toEqual(['SUBMITTED']);
      expect(states(nq, 'TEACHER_PLAN')).toEqual(['APPROVED', 'SUBMITTED', 'SUBMITTED']);
      expect(nq.some((p) => p.kind === 'SCHOOL_PLAN')).toBe(false);
      expect(of('THPT-TPH')).toHaveLength(1);
      expect(of('PT-NBK')).toHaveLength(0);
      // Handed in on many days of the last ten (in a year's first ten days, on its first days),
      // each decision after its submission, none ahead of now.
      const today = vnDateOf(now);
      const year = await db.schoolYear.findFirstOrThrow();
      const spread = addDays(year.startsOn, 10) <= today;
      const days = new Set(plans.map((p) => vnDateOf(p.submissions[0]!.submittedAt)));
      if (spread) expect(days.size).toBeGreaterThanOrEqual(8);
      for (const day of days) expect(day >= addDays(today, -10) && day >= year.startsOn && day <= today).toBe(true);
      for (const d of plans.flatMap((p) => p.decisions)) {
        const submitted = plans.flatMap((p) => p.submissions).find((s) => s.id === d.submissionId)!;
        expect(d.decidedAt > submitted.submittedAt && d.decidedAt <= new Date()).toBe(true);
      }

      // The dashboard's charts, as the Division's leader sees them: the rates differ, worst first.
      const actor = (await loadActor(db, (await db.staff.findUniqueOrThrow({ where: { code: 'GDTRH-01' } })).id))!;
      const cache = new ObligationCache(db, { now: () => now, logger: createLogger('silent') });
      const charts = await leaderCharts(db, actor, await cityReport(db, cache, actor, {}, now), now);
      expect(charts.schools.map((s) => s.label)).toEqual(['Trường THCS và THPT Nguyễn Bỉnh Khiêm', 'Trường THPT Thái Phiên', 'Trường THCS Ngô Quyền', 'Trường THCS Trần Phú']);
      const rate = (name: string) => charts.schools.find((s) => s.label === name)!;
      const [ahead, behind] = [rate('Trường THCS Trần Phú'), rate('Trường THCS Ngô Quyền')];
      expect(ahead).toMatchObject({ handedIn: 11, approved: 7 });
      expect(behind).toMatchObject({ handedIn: 4, approved: 1 });
      expect(ahead.handedIn / ahead.obligations).toBeGreaterThan(2 * (behind.handedIn / behind.obligations));
      // The progress line climbs over those days: 16 annual plans in by today, 8 approved.
      const series = charts.progress.series.days;
      const last = series.at(-1)!;
      expect(last).toMatchObject({ day: today, handedIn: 16, approved: 8 });
      if (spread) {
        expect(series.find((d) => d.day === addDays(today, -11))).toMatchObject({ handedIn: 0, approved: 0 });
        expect(new Set(series.filter((d) => d.day >= addDays(today, -10)).map((d) => d.handedIn)).size).toBeGreaterThanOrEqual(8);
      }
    } finally {
      await db.$disconnect();
    }
  });
});

/** Whether the stored hash of a web account matches a password (read straight from the database). */
async function passwordOf(username: string, password: string): Promise<boolean> {
  const { createDb } = await import('../../src/db/prisma.js');
  const { verifyPassword } = await import('../../src/infra/password.js');
  const db = createDb(database.url);
  try {
    const account = await db.webAccount.findUniqueOrThrow({ where: { username } });
    return verifyPassword(password, account.passwordHash);
  } finally {
    await db.$disconnect();
  }
}

describe('npm run cli -- create-account / reset-password', () => {
  it('creates a web account once, and a reset gives a new temporary password', async () => {
    await cli('import', 'data/demo/roster.csv');
    const created = await cli('create-account', 'THCS-TP-007', '--username', 'nhung.tp');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Đã tạo tài khoản web cho Đỗ Thị Hồng Nhung (THCS-TP-007).');
    const first = /Mật khẩu tạm:\s+(\S+)/.exec(created.out)![1]!;
    expect(await passwordOf('nhung.tp', first)).toBe(true);

    const again = await cli('create-account', 'THCS-TP-007');
    expect(again.code).toBe(1);
    expect(again.out).toContain('đã có tài khoản "nhung.tp"');

    const reset = await cli('reset-password', 'nhung.tp');
    expect(reset.code).toBe(0);
    const second = /Mật khẩu tạm:\s+(\S+)/.exec(reset.out)![1]!;
    expect(second).not.toBe(first);
    expect(await passwordOf('nhung.tp', second)).toBe(true);
    expect(await passwordOf('nhung.tp', first)).toBe(false);
    expect((await cli('reset-password', 'khong-co')).out).toContain('Không có tài khoản web "khong-co".');
  });
});

describe('npm run cli -- check-file', () => {
  it('explains why a file with several lessons would be refused, and exits 1', async () => {
    const { toDocx, severalLessons, lessonPlan } = await import('../support/plan-corpus.js');
    const several = path.join(dir, 'several.docx');
    fs.writeFileSync(several, await toDocx(severalLessons(['Bài 4: Phân thức', 'Bài 5: Phép cộng'])));
    const refused = await cli('check-file', several);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Số kế hoạch bài dạy: 2 — BÀI 4: PHÂN THỨC; BÀI 5: PHÉP CỘNG');
    expect(refused.out).toContain('Kết luận: trợ lý sẽ từ chối tệp này');

    const single = path.join(dir, 'single.docx');
    fs.writeFileSync(single, await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', missing: ['practice'] })));
    const json = await cli('check-file', single, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ kind: 'LESSON_PLAN', accepted: true, analysis: { lessons: { verdict: 'ONE' }, hints: { subject: 'Toán', grade: 8 } } });
    expect(report.analysis.checklists.LESSON_PLAN.find((i: { key: string }) => i.key === 'practice').found).toBe(false);
  });

  it('checks a folder and prints one row per file, exit 1 when one would be refused', async () => {
    const { toDocx, severalLessons, lessonPlan } = await import('../support/plan-corpus.js');
    const { samePeriodPlans } = await import('../support/real-layouts.js');
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'a-several.docx'), await toDocx(severalLessons(['Bài 4: Phân thức', 'Bài 5: Phép cộng'])));
    fs.writeFileSync(path.join(folder, 'b-single.docx'), await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', missing: ['practice'] })));
    fs.writeFileSync(path.join(folder, 'sub', 'c-unsure.docx'), await toDocx(samePeriodPlans().blocks));
    // check-file never opens the database (the spawned run through scripts/cli.sh: the smoke test below).
    const run = await cliWith({ DATABASE_URL: 'file:/nonexistent/never-opened.db' }, 'check-file', folder);
    expect(run.code).toBe(1);
    const rows = run.stdout.split('\n');
    expect(rows[0]).toMatch(/^Tệp\s+Kết luận\s+Số bài\s+Độ chắc chắn\s+Chưa thấy/);
    expect(rows.find((r) => r.startsWith('a-several.docx'))).toMatch(/từ chối\s+2\s+chắc chắn/);
    expect(rows.find((r) => r.startsWith('b-single.docx'))).toMatch(/nhận\s+1\s+chắc chắn\s+Hoạt động Luyện tập/);
    expect(rows.find((r) => r.startsWith(path.join('sub', 'c-unsure.docx')))).toMatch(/nhận, báo người duyệt\s+2\s+chưa chắc/);
    expect(run.stdout).toContain('3 tệp: 2 nhận (1 cần người duyệt xem số bài), 1 từ chối.');

    const json = await cliWith({}, 'check-file', path.join(folder, 'b-single.docx'), path.join(folder, 'sub'), '--json');
    const reports = JSON.parse(json.stdout);
    expect(reports).toHaveLength(2);
    expect(reports[1]).toMatchObject({ accepted: true, lessons: { count: 2, confidence: 'UNSURE' } });
    expect(reports[0].missing).toContain('Hoạt động Luyện tập');
  });

  it('split-docx writes one .docx per lesson, each checked as one lesson', async () => {
    const { toDocx, severalLessons } = await import('../support/plan-corpus.js');
    const file = path.join(dir, 'ba bai.docx');
    fs.writeFileSync(file, await toDocx(severalLessons(['Bài 4: Phân thức', 'Bài 5: Phép cộng', 'Bài 6: Phép nhân'])));
    const out = path.join(dir, 'tach');
    const run = await cli('split-docx', file, out);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Đã tách thành 3 tệp, mỗi tệp một bài dạy.');
    expect(fs.readdirSync(out).sort()).toEqual(['ba bai-bai-01.docx', 'ba bai-bai-02.docx', 'ba bai-bai-03.docx']);
    const check = await cli('check-file', out, '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out).map((r: { lessons: { count: number; titles: string[] } }) => [r.lessons.count, r.lessons.titles[0]])).toEqual([[1, 'BÀI 4: PHÂN THỨC'], [1, 'BÀI 5: PHÉP CỘNG'], [1, 'BÀI 6: PHÉP NHÂN']]);
  });

  it('split-docx says in Vietnamese why it splits nothing: no file, one lesson, not a .docx; writes nothing', async () => {
    const { toDocx, toPdf, lessonPlan, severalLessons } = await import('../support/plan-corpus.js');
    const out = path.join(dir, 'tach');
    const missing = await cli('split-docx', path.join(dir, 'khong-co.docx'), out);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('Không tìm thấy tệp');
    const noFolder = await cli('split-docx', path.join(dir, 'khong-co.docx'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.out).toContain('Cần đường dẫn tệp .docx và thư mục để ghi các tệp đã tách.');
    const one = path.join(dir, 'mot bai.docx');
    fs.writeFileSync(one, await toDocx(lessonPlan({ title: 'Bài 5: Phân thức' })));
    const single = await cli('split-docx', one, out);
    expect(single.code).toBe(1);
    expect(single.out).toContain('trợ lý không thấy từ hai bài dạy trở lên trong tệp');
    const pdf = path.join(dir, 'hai bai.pdf');
    fs.writeFileSync(pdf, await toPdf(severalLessons(['Bài 4: Phân thức', 'Bài 5: Phép cộng'])));
    const notDocx = await cli('split-docx', pdf, out);
    expect(notDocx.code).toBe(1);
    expect(notDocx.out).toContain('chỉ tách được tệp Word .docx');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an unknown kind with a Vietnamese usage message', async () => {
    const file = path.join(dir, 'x.docx');
    fs.writeFileSync(file, 'x');
    const run = await cli('check-file', file, '--kind', 'bogus');
    expect(run.code).toBe(2);
    expect(run.out).toContain('Loại hồ sơ "bogus" không hợp lệ.');
  });
});

describe('npm run cli -- preview-reminders', () => {
  it('shows who would be reminded of what at a moment, and sends nothing', async () => {
    await cli('import', 'data/demo/roster.csv');
    const run = await cli('preview-reminders', '--at', '08/09/2026 07:30');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Thời điểm: 07:30 ngày 08/09/2026 (giờ Việt Nam). Không gửi tin nào.');
    expect(run.out).toContain('Nhắc hạn nộp kế hoạch năm học (trước 7 ngày)');
    expect(run.out).toMatch(/→ Phạm Minh Tuấn \(chưa kết nối chat — không gửi được\): Thầy\/cô còn thiếu: \| • Kế hoạch giáo dục của giáo viên \(Toán\)/);
    expect((await cli('preview-reminders', '--at', '08/09/2026 25:00')).code).toBe(2);
  });
});

describe('every command as a process (npm run cli runs src/cli/main.ts)', () => {
  it('runs each command once: exit codes and first lines as in-process', async () => {
    const env = { DATABASE_URL: database.url, STORAGE_DIR: path.join(dir, 'files') };
    const lesson = path.join(dir, 'lesson.docx');
    const { toDocx, lessonPlan } = await import('../support/plan-corpus.js');
    fs.writeFileSync(lesson, await toDocx(lessonPlan({ title: 'Bài 5: Phân thức' })));
    // Independent of one another's output: run side by side (each starts tsx and Prisma).
    // check-file as `npm run cli` starts it (scripts/cli.sh): no migrations, no database opened.
    const [help, checkFile, split, unknown] = await Promise.all([
      spawnCli(env, 'help'), spawned('bash', ['scripts/cli.sh', 'check-file', lesson], { ...env, DATABASE_URL: 'file:/nonexistent/never-opened.db' }), spawnCli(env, 'split-docx', lesson, path.join(dir, 'tach')), spawnCli(env, 'bogus'),
    ]);
    expect(help).toMatchObject({ code: 0, out: expect.stringContaining('Cách dùng: npm run cli') });
    expect(checkFile).toMatchObject({ code: 0, out: expect.stringContaining('Kết luận') });
    expect(split).toMatchObject({ code: 1, out: expect.stringContaining('trợ lý không thấy từ hai bài dạy trở lên trong tệp') });
    expect(unknown).toMatchObject({ code: 2, out: expect.stringContaining('Không có lệnh "bogus".') });

    expect(await spawnCli(env, 'seed-demo')).toMatchObject({ code: 0, out: expect.stringContaining('Đã nhập xong: 60 người.') });
    const [reimport, linkCode, account, preview, check, backup] = await Promise.all([
      spawnCli(env, 'import', 'data/demo/roster.csv'),
      spawnCli(env, 'link-code', 'THCS-TP-004'),
      spawnCli(env, 'create-account', 'THCS-TP-007', '--username', 'nhung.tp'),
      spawnCli(env, 'preview-reminders', '--at', '08/09/2026 07:30'),
      spawnCli(env, 'check'),
      spawnCli(env, 'backup', path.join(dir, 'backup')),
    ]);
    expect(reimport).toEqual({ code: 0, out: 'Đã nhập xong: 60 người, không có gì thay đổi.\n' });
    expect(linkCode.code).toBe(0);
    expect(account).toMatchObject({ code: 0, out: expect.stringContaining('Đã tạo tài khoản web cho Đỗ Thị Hồng Nhung (THCS-TP-007).') });
    expect(preview).toMatchObject({ code: 0, out: expect.stringContaining('Không gửi tin nào.') });
    expect(check.code).toBe(0);
    expect(backup.code).toBe(0);
    const reset = await spawnCli(env, 'reset-password', 'nhung.tp');
    expect(reset).toMatchObject({ code: 0, out: expect.stringMatching(/Mật khẩu tạm:\s+\S+/) });
  }, 120_000);
});
