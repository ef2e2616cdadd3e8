// The CLI as the hotline team runs it: a real process, a real database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

function cli(...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: database.url, STORAGE_DIR: path.join(dir, 'files') },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout + run.stderr };
}

describe('npm run cli -- import', () => {
  it('imports the demo roster, then finds nothing to change', () => {
    const first = cli('import', 'data/demo/roster.csv');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Đã nhập xong: 60 người.');
    const second = cli('import', 'data/demo/roster.xlsx');
    expect(second).toEqual({ code: 0, out: 'Đã nhập xong: 60 người, không có gì thay đổi.\n' });
  });

  it('prints each bad row in Vietnamese and exits non-zero', () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'Mã trường,Tên trường,Cấp học,Tổ chuyên môn,Họ và tên,Vai trò,Điện thoại\nTHPT-A,Trường THPT A,THPT,Tổ Toán,Nguyễn Văn An,Giáo viên,0912\n');
    const run = cli('import', file);
    expect(run.code).toBe(1);
    expect(run.out).toContain('Dòng 2: Số điện thoại "0912" không hợp lệ.');
    expect(run.out).toContain('Không nhập dữ liệu nào: có 1 lỗi cần sửa.');
  });

  it('seed-demo loads the demo roster only into an empty database, with a hotline web account', async () => {
    const first = cli('seed-demo').out;
    expect(first).toContain('Đã nhập xong: 60 người.');
    expect(first).toMatch(/Tên đăng nhập:\s+hotline/);
    const password = /Mật khẩu tạm:\s+(\S+)/.exec(first)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await passwordOf('hotline', password!)).toBe(true);
    expect(cli('seed-demo').out).toContain('bỏ qua dữ liệu mẫu');
  });

  it('seed-demo sets the deadline two weeks ahead and hands in demo plans in every state, files readable', async () => {
    expect(cli('seed-demo').code).toBe(0);
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
      for (const s of plans.flatMap((p) => p.submissions)) {
        expect(fs.existsSync(path.join(dir, 'files', 'objects', s.fileSha256.slice(0, 2), s.fileSha256.slice(2, 4), s.fileSha256))).toBe(true);
        expect(JSON.parse(s.checkReport!)).toMatchObject({ readability: { status: 'TEXT', format: 'DOCX' }, lessons: { verdict: 'ONE' } });
      }
    } finally {
      await db.$disconnect();
    }
  });
});

/** Whether the stored hash of a web account matches a password (read straight from the database). */
async function passwordOf(username: string, password: string): Promise<boolean> {
  const { createDb } = await import('../../src/db/prisma.js');
  const { verifyPassword } = await import('../../src/web-admin/auth/password.js');
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
    cli('import', 'data/demo/roster.csv');
    const created = cli('create-account', 'THCS-TP-007', '--username', 'nhung.tp');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Đã tạo tài khoản web cho Đỗ Thị Hồng Nhung (THCS-TP-007).');
    const first = /Mật khẩu tạm:\s+(\S+)/.exec(created.out)![1]!;
    expect(await passwordOf('nhung.tp', first)).toBe(true);

    const again = cli('create-account', 'THCS-TP-007');
    expect(again.code).toBe(1);
    expect(again.out).toContain('đã có tài khoản "nhung.tp"');

    const reset = cli('reset-password', 'nhung.tp');
    expect(reset.code).toBe(0);
    const second = /Mật khẩu tạm:\s+(\S+)/.exec(reset.out)![1]!;
    expect(second).not.toBe(first);
    expect(await passwordOf('nhung.tp', second)).toBe(true);
    expect(await passwordOf('nhung.tp', first)).toBe(false);
    expect(cli('reset-password', 'khong-co').out).toContain('Không có tài khoản web "khong-co".');
  }, 120_000); // five CLI processes, each starting tsx and Prisma
});

describe('npm run cli -- check-file', () => {
  it('explains why a file with several lessons would be refused, and exits 1', async () => {
    const { toDocx, severalLessons, lessonPlan } = await import('../support/plan-corpus.js');
    const several = path.join(dir, 'several.docx');
    fs.writeFileSync(several, await toDocx(severalLessons(['Bài 4: Phân thức', 'Bài 5: Phép cộng'])));
    const refused = cli('check-file', several);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Số kế hoạch bài dạy: 2 — BÀI 4: PHÂN THỨC; BÀI 5: PHÉP CỘNG');
    expect(refused.out).toContain('Kết luận: trợ lý sẽ từ chối tệp này');

    const single = path.join(dir, 'single.docx');
    fs.writeFileSync(single, await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', missing: ['practice'] })));
    const json = cli('check-file', single, '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ kind: 'LESSON_PLAN', accepted: true, analysis: { lessons: { verdict: 'ONE' }, hints: { subject: 'Toán', grade: 8 } } });
    expect(report.analysis.checklists.LESSON_PLAN.find((i: { key: string }) => i.key === 'practice').found).toBe(false);
  });

  it('refuses an unknown kind with a Vietnamese usage message', () => {
    const file = path.join(dir, 'x.docx');
    fs.writeFileSync(file, 'x');
    const run = cli('check-file', file, '--kind', 'bogus');
    expect(run.code).toBe(2);
    expect(run.out).toContain('Loại hồ sơ "bogus" không hợp lệ.');
  });
});

describe('npm run cli -- preview-reminders', () => {
  it('shows who would be reminded of what at a moment, and sends nothing', () => {
    cli('import', 'data/demo/roster.csv');
    const run = cli('preview-reminders', '--at', '08/09/2026 07:30');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Thời điểm: 07:30 ngày 08/09/2026 (giờ Việt Nam). Không gửi tin nào.');
    expect(run.out).toContain('Nhắc hạn nộp kế hoạch năm học (trước 7 ngày)');
    expect(run.out).toMatch(/→ Phạm Minh Tuấn \(chưa kết nối chat — không gửi được\): Thầy\/cô còn thiếu: \| • Kế hoạch giáo dục của giáo viên \(Toán\)/);
    expect(cli('preview-reminders', '--at', '08/09/2026 25:00').code).toBe(2);
  });
});
