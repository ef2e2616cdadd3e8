// SIGTERM is a clean stop: the process says it is not ready, takes no new webhook calls,
// lets the requests and jobs in hand finish, then exits 0. The product runs as a child process
// (all roles); the Bot API answers slowly so that work is in hand when the signal comes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import { ProductProcess, waitUntil } from '../support/product-process.js';
import { TelegramApiServer } from '../support/telegram-api-server.js';

const TEACHER = { code: 'THCS-TP-004', telegramId: 601 };

let telegram: TelegramApiServer;
let proc: ProductProcess;

beforeAll(async () => {
  telegram = await new TelegramApiServer().start();
  proc = new ProductProcess({ telegram, redisUrl: inject('redisUrl'), waitForPoll: false, env: { PUBLIC_URL: 'https://hscm.example.vn', SHUTDOWN_TIMEOUT_MS: '20000' } });
  await proc.prepare([TEACHER]);
});

afterAll(async () => {
  await proc?.dispose();
  await telegram?.stop();
});

const ready = () => fetch(`http://127.0.0.1:${proc.port}/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('graceful shutdown', () => {
  it('a webhook request in flight at SIGTERM completes with 200 while /ready answers 503; new webhook calls get 503; exit 0', async () => {
    await proc.start();
    expect(await ready()).toEqual({ status: 200, body: { ready: true, database: true, redis: true, storage: true, draining: false } });
    // The bot's reply inside the webhook call takes 4 s.
    const slow = telegram.faults.begin(['sendMessage'], { kind: 'hang', ms: 4000, then: 'answer' });
    const post = (updateId: number) =>
      fetch(`http://127.0.0.1:${proc.port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret(telegram.token) },
        body: JSON.stringify({ update_id: updateId, message: { message_id: 1, date: 0, chat: { id: 901, type: 'private' }, from: { id: 901, is_bot: false, first_name: 'Lan' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } }),
      });
    const inFlight = post(5001);
    await waitUntil(() => telegram.faults.attemptsTo('sendMessage').length > 0, 20_000, () => proc.tail());
    proc.signal('SIGTERM');
    await waitUntil(async () => (await ready().catch(() => null))?.status === 503, 5000, () => proc.tail());
    expect((await ready()).body).toMatchObject({ ready: false, draining: true });
    expect((await post(5002)).status).toBe(503);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    slow.end();
    expect(await proc.exited()).toEqual({ code: 0, signal: null });
    expect(telegram.sentTo(901)).toHaveLength(1);
  }, 90_000);

  it('a delivery job active at SIGTERM finishes (the message is sent and recorded once) before the process exits 0', async () => {
    await proc.start();
    const db = proc.openDb();
    try {
      const slow = telegram.faults.begin(['sendMessage'], { kind: 'hang', ms: 4000, then: 'answer' });
      const since = telegram.faults.attempts.length;
      const row = await db.outboxMessage.create({
        data: { idempotencyKey: 'test:shutdown', channel: 'TELEGRAM', chatId: String(TEACHER.telegramId), payload: JSON.stringify({ type: 'text', text: 'Tin nhắn đang gửi khi dừng' }), notBefore: new Date() },
      });
      await waitUntil(() => telegram.faults.attempts.slice(since).some((a) => a.method === 'sendMessage'), 20_000, () => proc.tail());
      proc.signal('SIGTERM');
      expect(await proc.exited()).toEqual({ code: 0, signal: null });
      slow.end();
      expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'SENT' });
      expect(telegram.sentTo(TEACHER.telegramId).filter((c) => c.body.text === 'Tin nhắn đang gửi khi dừng')).toHaveLength(1);
      expect(proc.output.some((l) => /jobs still active at the shutdown timeout/.test(l.line))).toBe(false);
    } finally {
      await db.$disconnect();
    }
  }, 90_000);
});
