// kill -9 of the product at each point of a submission (src/infra/crash-points.ts), then a
// restart without the fault: the submission exists once, its file is intact, and every
// notification reaches its chat once — except a message caught in flight by the kill
// (accepted by Telegram, not yet marked sent), which is sent again: a window no sender can
// close, since the Bot API takes no idempotency key. Slow (BullMQ's job locks): run by
// `npm run test:faults`, its five runs side by side.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../src/infra/local-redis.js';
import type { CrashPointName } from '../../src/infra/crash-points.js';
import { lessonPlan, toDocx } from '../support/plan-corpus.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { TelegramApiServer, type RecordedCall } from '../support/telegram-api-server.js';
import { TelegramUser } from '../support/chat-harness.js';

const TEACHER = { code: 'THCS-TP-004', telegramId: 601 }; // Phạm Minh Tuấn, Toán
const REVIEWER = { code: 'THCS-TP-003', telegramId: 603 }; // Lê Thị Mai Anh, tổ trưởng Toán – Tin
/** BullMQ hands a job of a dead worker to another once its lock has lapsed (7 s and a stalled check, JOB_POLICY); ample for a loaded machine. */
const RECOVERY_MS = 100_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

interface Run {
  proc: ProductProcess;
  telegram: TelegramApiServer;
  teacher: TelegramUser;
  sent: Buffer;
  /** Seconds the restarted product took to answer and poll. */
  startSeconds: number;
  /** Seconds from the restart to the teacher's confirmation (0: it went out before the kill). */
  recoverySeconds: number;
  /** Seconds from the restart until every intake was finished and every message sent. */
  settledSeconds: number;
}

/** A workspace with its own Redis and Telegram server, so that runs cannot see each other's jobs. */
async function workspace(): Promise<{ proc: ProductProcess; telegram: TelegramApiServer }> {
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-crash-redis-'));
  const redis: LocalRedis = await startLocalRedis({ dataDir: redisDir, persistent: false });
  const telegram = await new TelegramApiServer().start();
  const proc = new ProductProcess({ telegram, redisUrl: redis.url });
  cleanups.push(async () => {
    await proc.dispose();
    await telegram.stop();
    await redis.stop({ evenIfInUse: true });
    fs.rmSync(redisDir, { recursive: true, force: true });
  });
  await proc.prepare([TEACHER, REVIEWER]);
  return { proc, telegram };
}

/** A teaching date a week ahead, as a teacher types it ("5/12/2026"). */
function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

/**
 * Sends a lesson plan with `point` armed — fully captioned (the intake job files it), or without
 * its teaching date (the teacher's typed answer files it, in the update handler) — waits for the
 * SIGKILL, restarts without the fault and waits for the confirmation.
 */
async function crashAndRecover(point: CrashPointName, lastStep: 'job' | 'answer' = 'job'): Promise<Run> {
  const { proc, telegram } = await workspace();
  await proc.start(point);
  const teacher = new TelegramUser(telegram, TEACHER.telegramId, 'Phạm Minh Tuấn');
  const sent = await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 }));
  if (lastStep === 'job') teacher.sendFile(sent, 'KHBD_Toan8_Bai5.docx', `KHBD Toán 8 - Bài 5: Phân thức - ${nextWeek()}`);
  else {
    teacher.sendFile(sent, 'KHBD_Toan8_Bai5.docx', 'KHBD Toán 8 - Bài 5: Phân thức');
    await teacher.expectMessage(/Ngày dạy là ngày nào\?/);
    teacher.send(nextWeek());
  }
  const exit = await Promise.race([proc.exited(), new Promise((r) => setTimeout(r, 60_000, 'still running'))]);
  expect(exit, proc.tail()).toEqual({ code: null, signal: 'SIGKILL' });
  const confirmedBefore = confirmations(telegram).length > 0;
  const restartedAt = Date.now();
  await proc.start();
  const startSeconds = (Date.now() - restartedAt) / 1000;
  await telegram.waitFor(() => confirmations(telegram).length > 0, RECOVERY_MS);
  const recoverySeconds = confirmedBefore ? 0 : (Date.now() - restartedAt) / 1000;
  const settledAt = await settle(proc, telegram);
  const settledSeconds = (settledAt - restartedAt) / 1000;
  return { proc, telegram, teacher, sent, startSeconds, recoverySeconds, settledSeconds };
}

/** Waits until no outbox message is pending and no intake is unfinished, then a little longer for stragglers. */
async function settle(proc: ProductProcess, telegram: TelegramApiServer): Promise<number> {
  const db = proc.openDb();
  try {
    await waitUntil(async () => (await db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0 && (await db.intake.count({ where: { status: { in: ['RECEIVED', 'CHECKED'] } } })) === 0, RECOVERY_MS, () => proc.tail());
  } finally {
    await db.$disconnect();
  }
  const settledAt = Date.now();
  const calls = telegram.calls.length;
  await new Promise((r) => setTimeout(r, 3000));
  // Nothing more was sent once everything was recorded as done.
  expect(telegram.calls.slice(calls).filter((c) => c.method.startsWith('send'))).toEqual([]);
  return settledAt;
}

/** The text or caption an outbox payload sends. */
const textOf = (payload: string): string => {
  const message = JSON.parse(payload) as { text?: string; caption?: string };
  return message.text ?? message.caption ?? '';
};
const confirmations = (telegram: TelegramApiServer): RecordedCall[] => telegram.sentTo(TEACHER.telegramId).filter((c) => /✅ Đã nhận hồ sơ/.test(String(c.body.text)));
const reviewRequests = (telegram: TelegramApiServer): RecordedCall[] => telegram.sentTo(REVIEWER.telegramId).filter((c) => c.method === 'sendDocument');

/** Exactly one plan and one version for the file, its bytes intact in the store; `messages` outbox rows, all sent. */
async function expectRecordedOnce(run: Run, messages = 2): Promise<{ submissionId: number }> {
  const db = run.proc.openDb();
  try {
    const sha256 = createHash('sha256').update(run.sent).digest('hex');
    const submissions = await db.submission.findMany({ where: { fileSha256: sha256 }, include: { plan: true } });
    expect(submissions).toHaveLength(1);
    expect(await db.plan.count()).toBe(1);
    expect(submissions[0]!.plan).toMatchObject({ state: 'SUBMITTED', currentVersion: 1, kind: 'LESSON_PLAN' });
    const stored = path.join(run.proc.storageDir, 'objects', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    expect(createHash('sha256').update(fs.readFileSync(stored)).digest('hex')).toBe(sha256);
    // The intake is finished and the chat is free for the next file.
    expect(await db.intake.findMany({ select: { status: true } })).toEqual([{ status: 'DONE' }]);
    expect(await db.conversation.count()).toBe(0);
    expect(await db.outboxMessage.groupBy({ by: ['status'], _count: true })).toEqual([{ status: 'SENT', _count: messages }]);
    // No error reached the teacher, and "checking" at most once.
    const texts = run.telegram.sentTo(TEACHER.telegramId).map((c) => String(c.body.text ?? ''));
    expect(texts.filter((t) => /Đã có lỗi/.test(t))).toEqual([]);
    expect(texts.filter((t) => t.startsWith('⏳ Đang kiểm tra tệp')).length).toBeLessThanOrEqual(1);
    return { submissionId: submissions[0]!.id };
  } finally {
    await db.$disconnect();
  }
}

/** What the closing note reports: one line per crash point. */
const figures: string[] = [];
const timings = (run: Run): string =>
  `restart ready in ${run.startSeconds.toFixed(1)} s, teacher confirmed ${run.recoverySeconds ? `${run.recoverySeconds.toFixed(1)} s` : 'before the kill'}, all settled ${run.settledSeconds.toFixed(1)} s after the restart`;
afterAll(() => {
  if (figures.length > 0) console.info(`kill -9 figures:\n${figures.join('\n')}`);
});

describe.concurrent('kill -9 during a submission, then a restart', () => {
  for (const point of ['after-file-stored', 'before-submission-commit', 'after-submission-commit'] as const) {
    it(`at ${point}: recorded once, file intact, each notification delivered once`, { timeout: 240_000 }, async () => {
      const run = await crashAndRecover(point);
      await expectRecordedOnce(run);
      expect(confirmations(run.telegram)).toHaveLength(1);
      expect(reviewRequests(run.telegram)).toHaveLength(1);
      expect(String(reviewRequests(run.telegram)[0]!.body.caption)).toContain('Bài: Bài 5: Phân thức');
      figures.push(`${point}: ${timings(run)}; 1 plan, 1 confirmation, 1 review request`);
    });
  }

  it('at before-submission-commit while handling the typed last answer: Telegram redelivers it, it is handled once', { timeout: 240_000 }, async () => {
    const run = await crashAndRecover('before-submission-commit', 'answer');
    await expectRecordedOnce(run, 3); // the date question, the confirmation, the review request
    expect(confirmations(run.telegram)).toHaveLength(1);
    expect(reviewRequests(run.telegram)).toHaveLength(1);
    figures.push(`before-submission-commit (typed last answer): ${timings(run)}; 1 plan, 1 confirmation, 1 review request`);
  });

  it('at after-message-accepted: recorded once; a message in flight at the kill is sent again (at-least-once), no other', { timeout: 240_000 }, async () => {
    const run = await crashAndRecover('after-message-accepted');
    await expectRecordedOnce(run);
    // A message Telegram accepted (or was receiving) when the process died was never marked
    // sent: after the restart it is sent again. The Bot API has no idempotency key, so this
    // window stays. Each attempt is counted before its call: a message is sent at least once,
    // at most once per attempt, and only a message caught in flight has a second attempt.
    const db = run.proc.openDb();
    const rows = await db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    await db.$disconnect();
    const outcome = rows.map((row) => ({
      attempts: row.attempts,
      // A review request's caption ends with its "Xem nhanh" link, signed at each send.
      sends: run.telegram.sentTo(row.chatId).filter((c) => String(c.body.text ?? c.body.caption).replace(/\n\n👁 Xem nhanh.*$/, '') === textOf(row.payload)).length,
    }));
    for (const { attempts, sends } of outcome) {
      expect(sends).toBeGreaterThanOrEqual(1);
      expect(sends).toBeLessThanOrEqual(attempts);
      expect(attempts).toBeLessThanOrEqual(2);
    }
    // The message whose acceptance triggered the kill is one of them.
    const duplicates = outcome.filter((o) => o.sends === 2).length;
    expect(duplicates, JSON.stringify(outcome)).toBeGreaterThanOrEqual(1);
    figures.push(`after-message-accepted: ${timings(run)}; 1 plan; ${duplicates} of ${rows.length} messages delivered twice (in flight at the kill), the rest once`);
  });
});
