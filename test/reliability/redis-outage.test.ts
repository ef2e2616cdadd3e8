// Redis taken away for a while under the running product (a child process): the bot keeps
// answering and recording (files, decisions), what it has to say waits in the outbox, and
// once Redis is back every intake is processed and every message delivered once. The process
// neither dies nor fills its log.
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonPlan, toDocx } from '../support/plan-corpus.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { StoppableRedis } from '../support/stoppable-redis.js';
import { TelegramApiServer, type RecordedCall } from '../support/telegram-api-server.js';
import { TelegramUser } from '../support/chat-harness.js';

const TEACHER = { code: 'THCS-TP-004', telegramId: 601 }; // Phạm Minh Tuấn, Toán
const REVIEWER = { code: 'THCS-TP-003', telegramId: 603 }; // Lê Thị Mai Anh, tổ trưởng Toán – Tin
const OUTAGE_MS = 15_000;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
});

function nextWeek(): string {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
}

describe('Redis unavailable for a while', () => {
  it('the bot accepts and records; messages wait in the outbox; all go out once when Redis returns; the process stays up', { timeout: 240_000 }, async () => {
    const redis = new StoppableRedis();
    await redis.start();
    const telegram = await new TelegramApiServer().start();
    const proc = new ProductProcess({ telegram, redisUrl: redis.url, env: { LOG_LEVEL: 'warn' } });
    cleanups.push(() => redis.dispose(), () => telegram.stop(), () => proc.dispose());
    await proc.prepare([TEACHER, REVIEWER]);
    await proc.start();
    const pid = proc.pid;
    const teacher = new TelegramUser(telegram, TEACHER.telegramId, 'Phạm Minh Tuấn');
    const reviewer = new TelegramUser(telegram, REVIEWER.telegramId, 'Lê Thị Mai Anh');

    // Before the outage: plan A is filed and its review request delivered.
    const fileA = await toDocx(lessonPlan({ title: 'Bài 4: Phép nhân đa thức', subject: 'Toán', grade: 8 }));
    teacher.sendFile(fileA, 'KHBD_Bai4.docx', `KHBD Toán 8 - Bài 4: Phép nhân đa thức - ${nextWeek()}`);
    const reviewA = await reviewer.expectMessage(/Bài 4: Phép nhân đa thức/);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 4/);

    await redis.stop();
    const downAt = Date.now();
    // During the outage: the reviewer approves A, the teacher sends plan B; both are answered at once.
    const toasts = telegram.callsTo('answerCallbackQuery').length;
    reviewer.press(TelegramUser.buttonsOf(reviewA)[0]!.callback_data);
    const fileB = await toDocx(lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 }));
    const seen = teacher.inbox().length;
    teacher.sendFile(fileB, 'KHBD_Bai5.docx', `KHBD Toán 8 - Bài 5: Phân thức - ${nextWeek()}`);
    const toast = await telegram.waitFor((calls) => calls.filter((c) => c.method === 'answerCallbackQuery').slice(toasts)[0], 10_000);
    expect(toast.body.text).toMatch(/^Đã duyệt hồ sơ [A-Z2-9]{6}\.$/);
    await teacher.expectMessage(/⏳ Đang kiểm tra tệp “KHBD_Bai5.docx”/, seen);
    const answeredAfterMs = Date.now() - downAt;

    const db = proc.openDb();
    cleanups.push(() => db.$disconnect());
    // Recorded while Redis is down: the decision with its messages (waiting), the file's intake.
    expect((await db.plan.findFirstOrThrow({ where: { title: 'Bài 4: Phép nhân đa thức' } })).state).toBe('APPROVED');
    expect(await db.intake.count({ where: { originalName: 'KHBD_Bai5.docx', status: 'RECEIVED' } })).toBe(1);
    const waiting = await db.outboxMessage.count({ where: { status: 'PENDING' } });
    expect(waiting).toBeGreaterThanOrEqual(2); // the teacher told of the approval, the reviewer's copy edited
    expect((await proc.health())?.redis).toBe(false);

    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    expect(proc.running).toBe(true);
    expect(proc.pid).toBe(pid);
    expect(await db.outboxMessage.count({ where: { status: 'PENDING' } })).toBe(waiting);
    await redis.start();
    const upAt = Date.now();
    const outageLog = proc.output.filter((l) => l.at >= downAt && l.at < upAt);

    // Redis is back: B is checked and filed, every waiting message goes out.
    await teacher.expectMessage(/✅ Đã duyệt bởi/);
    const confirmedB = await telegram.waitFor(() => confirmations(telegram, 'Bài 5').length > 0, 90_000);
    expect(confirmedB).toBe(true);
    const recoveredAfterMs = Date.now() - upAt;
    await waitUntil(async () => (await db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0 && (await db.intake.count({ where: { status: { in: ['RECEIVED', 'CHECKED'] } } })) === 0, 60_000, () => proc.tail());
    await new Promise((r) => setTimeout(r, 3000));

    // Each message once: confirmations of A and B, the approval, B's review request, A's edited copy.
    expect(confirmations(telegram, 'Bài 4')).toHaveLength(1);
    expect(confirmations(telegram, 'Bài 5')).toHaveLength(1);
    expect(teacher.inbox().filter((c) => /✅ Đã duyệt bởi/.test(String(c.body.text)))).toHaveLength(1);
    expect(reviewer.inbox().filter((c) => c.method === 'sendDocument' && /Bài 5: Phân thức/.test(String(c.body.caption)))).toHaveLength(1);
    expect(telegram.callsTo('editMessageCaption').filter((c) => String(c.body.chat_id) === String(REVIEWER.telegramId))).toHaveLength(1);
    expect(await db.outboxMessage.groupBy({ by: ['status'], _count: true })).toEqual([{ status: 'SENT', _count: (await db.outboxMessage.count()) }]);
    const sha = createHash('sha256').update(fileB).digest('hex');
    expect(await db.submission.count({ where: { fileSha256: sha } })).toBe(1);

    // The process stayed up, logged the outage without flooding, and never died of it.
    expect(proc.running).toBe(true);
    expect(proc.pid).toBe(pid);
    const perSecond = outageLog.length / ((upAt - downAt) / 1000);
    expect(outageLog.filter((l) => /unhandled|uncaught|"level":60/i.test(l.line))).toEqual([]);
    expect(perSecond).toBeLessThan(2); // before the fix: 149 lines in 40 s (3.7/s)
    console.info(
      `Redis outage figures: ${((upAt - downAt) / 1000).toFixed(1)} s down; approval and file answered ${(answeredAfterMs / 1000).toFixed(1)} s into it; ` +
        `${waiting} messages waited in the outbox; ${outageLog.length} log lines (${perSecond.toFixed(2)}/s) at warn; ` +
        `plan B confirmed ${(recoveredAfterMs / 1000).toFixed(1)} s after Redis returned; same process throughout`,
    );
  });
});

function confirmations(telegram: TelegramApiServer, title: string): RecordedCall[] {
  return telegram.sentTo(TEACHER.telegramId).filter((c) => /✅ Đã nhận hồ sơ/.test(String(c.body.text)) && String(c.body.text).includes(title));
}
