// kill -9 more than once: the product killed at one point of a submission, restarted with the
// same or another point armed and killed again, then restarted clean. Whatever the crashes,
// the intake ends once — one plan, the teacher confirmed once, the chat free for the next
// file. Before, a second kill at the same point failed the intake's job ("job stalled more
// than allowable limit") and nothing took it up again; a kill between the plan's commit and
// the chat's state held the chat for good. Run by `npm run test:faults`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CrashPointName } from '../../src/infra/crash-points.js';
import { startLocalRedis } from '../../src/infra/local-redis.js';
import { TelegramUser } from '../support/chat-harness.js';
import { lessonPlan, toDocx } from '../support/plan-corpus.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { TelegramApiServer, type RecordedCall } from '../support/telegram-api-server.js';

const TEACHER = { code: 'THCS-TP-004', telegramId: 611 };
const REVIEWER = { code: 'THCS-TP-003', telegramId: 613 };
/** Generous: a job of a dead worker is taken up once its lock lapses (JobSystemOptions). */
const RECOVERY_MS = 150_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

async function workspace(): Promise<{ proc: ProductProcess; telegram: TelegramApiServer; teacher: TelegramUser }> {
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-recovery-redis-'));
  const redis = await startLocalRedis({ dataDir: redisDir, persistent: false });
  const telegram = await new TelegramApiServer().start();
  const proc = new ProductProcess({ telegram, redisUrl: redis.url });
  cleanups.push(async () => {
    await proc.dispose();
    await telegram.stop();
    await redis.stop();
    fs.rmSync(redisDir, { recursive: true, force: true });
  });
  await proc.prepare([TEACHER, REVIEWER]);
  return { proc, telegram, teacher: new TelegramUser(telegram, TEACHER.telegramId, 'Phạm Minh Tuấn') };
}

function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

/** Waits for the run to be killed by its armed point (it may die while still starting). */
async function expectKilled(proc: ProductProcess): Promise<void> {
  const exit = await Promise.race([proc.exited(), new Promise((r) => setTimeout(r, RECOVERY_MS, 'still running'))]);
  expect(exit, proc.tail()).toEqual({ code: null, signal: 'SIGKILL' });
}

/** Starts with `point` armed; a kill during the start itself (the job taken up at once) is fine. */
async function startArmed(proc: ProductProcess, point: CrashPointName): Promise<void> {
  await proc.start(point).catch((error: Error) => {
    if (!/exited at start/.test(error.message)) throw error;
  });
}

const confirmations = (telegram: TelegramApiServer): RecordedCall[] => telegram.sentTo(TEACHER.telegramId).filter((c) => /✅ Đã nhận hồ sơ/.test(String(c.body.text)));

async function expectEndedOnce(proc: ProductProcess, telegram: TelegramApiServer, plans: number): Promise<void> {
  const db = proc.openDb();
  try {
    await waitUntil(async () => (await db.intake.count({ where: { status: { in: ['RECEIVED', 'CHECKED'] } } })) === 0 && (await db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0, RECOVERY_MS, () => proc.tail());
    expect(await db.plan.count()).toBe(plans);
    expect(await db.submission.count()).toBe(plans);
    expect((await db.intake.findMany({ select: { status: true } })).map((i) => i.status)).toEqual(Array(plans).fill('DONE'));
    expect(await db.conversation.count()).toBe(0);
    expect(confirmations(telegram)).toHaveLength(plans);
    expect(telegram.sentTo(TEACHER.telegramId).map((c) => String(c.body.text ?? ''))).not.toContainEqual(expect.stringMatching(/đang nộp dở|Đã có lỗi/));
  } finally {
    await db.$disconnect();
  }
}

const figures: string[] = [];
afterAll(() => {
  if (figures.length > 0) console.info(`kill -9 twice, figures:\n${figures.join('\n')}`);
});

describe.concurrent('kill -9 twice during one submission, then a clean restart', () => {
  const pairs: Array<[CrashPointName, CrashPointName]> = [
    ['before-submission-commit', 'before-submission-commit'],
    ['after-file-stored', 'before-submission-commit'],
  ];
  for (const [first, second] of pairs) {
    it(`at ${first}, then at ${second}: the plan is filed once, the teacher told once, the chat free`, { timeout: 480_000 }, async () => {
      const { proc, telegram, teacher } = await workspace();
      await proc.start(first);
      teacher.sendFile(await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 })), 'KHBD_Toan8_Bai5.docx', `KHBD Toán 8 - Bài 5: Phân thức - ${nextWeek()}`);
      await expectKilled(proc);
      await startArmed(proc, second);
      await expectKilled(proc);
      const restartedAt = Date.now();
      await proc.start();
      await telegram.waitFor(() => confirmations(telegram).length > 0, RECOVERY_MS);
      figures.push(`${first} → ${second}: confirmed ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the clean restart`);
      await expectEndedOnce(proc, telegram, 1);
    });
  }

  it('at after-submission-commit: the next file of the same teacher is taken and filed', { timeout: 480_000 }, async () => {
    const { proc, telegram, teacher } = await workspace();
    await proc.start('after-submission-commit');
    teacher.sendFile(await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 })), 'KHBD_Toan8_Bai5.docx', `KHBD Toán 8 - Bài 5: Phân thức - ${nextWeek()}`);
    await expectKilled(proc);
    await proc.start();
    await telegram.waitFor(() => confirmations(telegram).length > 0, RECOVERY_MS);
    const since = teacher.inbox().length;
    teacher.sendFile(await toDocx(lessonPlan({ title: 'Bài 6: Cộng phân thức', subject: 'Toán', grade: 8 })), 'KHBD_Toan8_Bai6.docx', `KHBD Toán 8 - Bài 6: Cộng phân thức - ${nextWeek()}`);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 6: Cộng phân thức/, since);
    await expectEndedOnce(proc, telegram, 2);
  });
});
