// The delivery queue against a local Bot API server that enforces Telegram's limits: stays
// under them, recovers from 429 and 5xx, gives up on what cannot be sent, keeps quiet hours,
// and loses or repeats nothing across a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { queueForChat } from '../../src/use-cases/outbox.js';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';

let h: ChatHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function queue(harness: ChatHarness, rows: Array<{ chatId: number; text: string; asked?: boolean; bulk?: boolean }>): Promise<void> {
  await harness.product.db.$transaction(async (tx) => {
    for (const [i, r] of rows.entries()) {
      await queueForChat(tx, { channel: 'TELEGRAM', chatId: String(r.chatId), key: `test:${Date.now()}:${i}:${r.chatId}`, message: { type: 'text', text: r.text }, asked: r.asked, bulk: r.bulk });
    }
  }, { timeout: 60_000 }); // a hundred rows in one transaction: over PostgreSQL's round trips on a busy machine, more than Prisma's default 5 s
  harness.product.chat.relay.kick();
}

const sentTexts = (harness: ChatHarness) => harness.server.callsTo('sendMessage').map((c) => String(c.body.text));

describe('rate-limited delivery', () => {
  it('keeps under 30 messages/s overall and 1/s per chat: no 429, each chat’s messages spaced', async () => {
    h = await startChatHarness({ CHAT_MESSAGE_GAP_MS: '1100' });
    h.server.enforceLimits({ perSecond: 30, perChatGapMs: 1000 });
    const rows = [
      ...Array.from({ length: 90 }, (_, i) => ({ chatId: 10_000 + i, text: `Thông báo ${i}` })),
      ...Array.from({ length: 4 }, (_, i) => ({ chatId: 77, text: `Cùng một người ${i}` })),
    ];
    const started = Date.now();
    await queue(h, rows);
    await h.server.waitFor(() => h!.server.callsTo('sendMessage').length >= rows.length, 30_000);
    const seconds = (Date.now() - started) / 1000;
    expect(h.server.rateLimited).toBe(0);
    expect(new Set(sentTexts(h)).size).toBe(rows.length);
    const toOne = h.server.sentTo(77).map((c) => c.at);
    for (let i = 1; i < toOne.length; i++) expect(toOne[i]! - toOne[i - 1]!).toBeGreaterThanOrEqual(1000);
    // 94 messages at ≤ 29/s cannot take less than about 3 s.
    expect(seconds).toBeGreaterThan(2.5);
  });

  it('honours a 429’s retry_after and retries 5xx, delivering each message once', async () => {
    h = await startChatHarness();
    h.server.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    h.server.failNext('sendMessage', { status: 502, description: 'Bad Gateway', times: 2 });
    await queue(h, [{ chatId: 501, text: 'một' }, { chatId: 502, text: 'hai' }]);
    let rows = await h.product.db.outboxMessage.findMany({ where: { chatId: { in: ['501', '502'] } } });
    for (let i = 0; i < 150 && rows.some((r) => r.status !== 'SENT'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await h.product.db.outboxMessage.findMany({ where: { chatId: { in: ['501', '502'] } } });
    }
    expect(rows.map((r) => r.status)).toEqual(['SENT', 'SENT']);
    const delivered = h.server.sentTo(501).length + h.server.sentTo(502).length;
    expect(delivered).toBe(5); // 2 delivered + 3 refused attempts recorded by the server
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThanOrEqual(4);
  });

  it('gives up on a message the platform refuses for good, and records why', async () => {
    h = await startChatHarness();
    h.server.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    await queue(h, [{ chatId: 601, text: 'không gửi được' }]);
    await h.server.waitFor(() => h!.server.sentTo(601).length >= 1);
    let row;
    for (let i = 0; i < 50 && row?.status !== 'FAILED'; i++) {
      row = await h.product.db.outboxMessage.findFirst({ where: { chatId: '601' } });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: 'FAILED', lastError: 'Bad Request: chat not found' });
    expect(h.server.sentTo(601)).toHaveLength(1);
  });
});

describe('priorities', () => {
  it('a reply written while a bulk round drains overtakes the round (order on the server’s log)', async () => {
    // 5 messages a second: the round of 80 would take 16 s; the reply must not wait for it.
    h = await startChatHarness({ TELEGRAM_MESSAGES_PER_SECOND: '5' });
    h.server.enforceLimits({ perSecond: 6, perChatGapMs: 1000 }); // a margin over the product's 5, as 29.5 under Telegram's 30
    const round = Array.from({ length: 80 }, (_, i) => ({ chatId: 30_000 + i, text: `Nhắc nộp ${i}`, bulk: true }));
    await queue(h, round);
    await h.server.waitFor(() => h!.server.callsTo('sendMessage').length >= 3, 20_000);
    await queue(h, [{ chatId: 39_999, text: '✅ Đã nhận hồ sơ.', asked: true }, { chatId: 39_998, text: '📥 Hồ sơ chờ duyệt' }]);
    const sentByThen = h.server.callsTo('sendMessage').length;
    await h.server.waitFor(() => h!.server.sentTo(39_998).length === 1 && h!.server.sentTo(39_999).length === 1, 30_000);
    const log = sentTexts(h);
    const roundBefore = (text: string) => log.slice(0, log.indexOf(text)).filter((t) => t.startsWith('Nhắc nộp')).length;
    // Behind what had gone when they were written and at most the worker's active jobs (its
    // concurrency, 8) while the relay handed them over: not behind the ~75 rest of the round.
    expect(roundBefore('✅ Đã nhận hồ sơ.')).toBeLessThanOrEqual(sentByThen + 8);
    expect(roundBefore('📥 Hồ sơ chờ duyệt')).toBeLessThanOrEqual(sentByThen + 8);
    expect(round.length - roundBefore('📥 Hồ sơ chờ duyệt')).toBeGreaterThan(60);
    expect(h.server.rateLimited).toBe(0);
  });
});

describe('quiet hours', () => {
  it('a notification waits for the morning; a reply the person asked for does not', async () => {
    h = await startChatHarness({ QUIET_HOURS: '00:00-23:59' });
    await queue(h, [{ chatId: 701, text: 'Nhắc nhở ban đêm' }, { chatId: 702, text: 'Trả lời ngay', asked: true }]);
    await h.server.waitFor(() => h!.server.sentTo(702).length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.server.sentTo(701)).toEqual([]);
    const held = await h.product.db.outboxMessage.findFirstOrThrow({ where: { chatId: '701' } });
    expect(held.status).toBe('PENDING');
    expect(held.notBefore.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('a restart in the middle of a batch', () => {
  it('loses nothing and sends nothing twice', async () => {
    h = await startChatHarness({ TELEGRAM_MESSAGES_PER_SECOND: '40' });
    const rows = Array.from({ length: 120 }, (_, i) => ({ chatId: 20_000 + i, text: `Tin ${i}` }));
    await queue(h, rows);
    await h.server.waitFor(() => h!.server.callsTo('sendMessage').length >= 20, 20_000);
    await h.restart();
    for (let i = 0; i < 300 && (await h.product.db.outboxMessage.count({ where: { status: 'SENT' } })) < rows.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500)); // time for any stray duplicate to show up
    expect(await h.product.db.outboxMessage.groupBy({ by: ['status'], _count: true })).toEqual([{ status: 'SENT', _count: rows.length }]);
    const texts = sentTexts(h);
    expect(texts.length).toBe(rows.length);
    expect(new Set(texts).size).toBe(rows.length);
  });
});
