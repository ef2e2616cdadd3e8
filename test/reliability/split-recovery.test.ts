// kill -9 while a split file's lessons are filed: the product dies after the first part was
// written in the filing transaction and before the others. Nothing of it may survive (no half
// filing), and once the product is back the teacher's answer files every part exactly once —
// one plan, one submission and one confirmation per lesson, the intake DONE, the chat free.
// Run by `npm run test:faults`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRedis } from '../../src/infra/local-redis.js';
import { TelegramUser } from '../support/chat-harness.js';
import { severalLessons, toDocx } from '../support/plan-corpus.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { TelegramApiServer } from '../support/telegram-api-server.js';

const TEACHER = { code: 'THCS-TP-004', telegramId: 621 };
const REVIEWER = { code: 'THCS-TP-003', telegramId: 623 };
const RECOVERY_MS = 150_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

describe('kill -9 between the parts of a split file', () => {
  it('files none of them at the crash, then all of them once', { timeout: 480_000 }, async () => {
    const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-split-redis-'));
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
    const teacher = new TelegramUser(telegram, TEACHER.telegramId, 'Phạm Minh Tuấn');
    const titles = ['Bài 4: Phân thức', 'Bài 5: Phép cộng phân thức', 'Bài 6: Phép nhân phân thức'];

    await proc.start();
    teacher.sendFile(await toDocx(severalLessons(titles)), 'KHBD tuan 15.docx', 'KHBD Toán 8');
    const question = await teacher.expectMessage(/❌ Tệp có 3 kế hoạch bài dạy/);
    teacher.press(TelegramUser.buttonsOf(question)[0]!.callback_data);
    const confirmTitles = await teacher.expectMessage(/✂️ Trợ lý đã tách tệp thành 3 giáo án/);
    teacher.press(TelegramUser.buttonsOf(confirmTitles)[0]!.callback_data);
    await teacher.expectMessage(/📅 Ngày dạy của từng bài/);
    await proc.stop();

    await proc.start('between-split-parts');
    teacher.send(`${inDays(7)}\n${inDays(8)}\n${inDays(9)}`);
    const exit = await Promise.race([proc.exited(), new Promise((r) => setTimeout(r, RECOVERY_MS, 'still running'))]);
    expect(exit, proc.tail()).toEqual({ code: null, signal: 'SIGKILL' });
    const db = proc.openDb();
    try {
      // Killed inside the one transaction: not half of the lessons, none.
      expect(await db.plan.count()).toBe(0);
      expect(await db.submission.count()).toBe(0);
      expect((await db.intake.findFirstOrThrow()).status).toBe('WAITING');

      await proc.start();
      // The dates' update comes again (its handling never finished): the teacher need not answer again.
      await waitUntil(async () => (await db.plan.count()) === 3, RECOVERY_MS, () => proc.tail());
      await waitUntil(async () => (await db.intake.count({ where: { status: 'DONE' } })) === 1 && (await db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0, RECOVERY_MS, () => proc.tail());
      expect((await db.plan.findMany({ orderBy: { id: 'asc' } })).map((p) => p.title)).toEqual(titles);
      expect(await db.submission.count()).toBe(3);
      expect(await db.conversation.count()).toBe(0);
      const confirmations = telegram.sentTo(TEACHER.telegramId).filter((c) => /✅ Đã nhận hồ sơ/.test(String(c.body.text)));
      expect(confirmations).toHaveLength(3);
    } finally {
      await db.$disconnect();
    }
  });
});
