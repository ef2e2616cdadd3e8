// The Bot API failing for a while, with the whole product running against the local fake
// servers: 500s, 429s with retry_after, calls hanging, connections dropped — on receiving
// (getUpdates) and on sending (replies and outbox deliveries). Afterwards every update is
// answered once, none handled twice, every outbox message delivered once, and the bot did not
// spin during the outage. "For a minute" is scaled down to OUTAGE_MS here (every retry path
// is the same; a real minute only waits longer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import type { Channel } from '../../src/core/vocabulary.js';
import { queueForChat } from '../../src/use-cases/outbox.js';
import type { BotApiFault } from '../support/bot-api-faults.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../support/chat-harness.js';
import { ZaloChatUser } from '../support/zalo-api-server.js';

const OUTAGE_MS = Number(process.env.BOT_API_OUTAGE_MS ?? 10_000);
/** After the outage: the longest backoff of a client (telegraf 5 s, Zalo poller up to 30 s) and the work. */
const RECOVERY_MS = 45_000;
/** Far more than any backoff allows in OUTAGE_MS, far fewer than a loop without one makes. */
const MAX_CALLS_PER_OUTAGE = Math.ceil(OUTAGE_MS / 1000) + 2;
const TEST_MS = OUTAGE_MS + RECOVERY_MS + 30_000;

const SEND_METHODS = ['sendMessage', 'sendDocument', 'answerCallbackQuery', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nextUserId = 70_000;

async function waitUntil<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = RECOVERY_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error('waitUntil timed out');
    await sleep(100);
  }
}

/** Queues one outbox text per chat, as the product does after a commit; returns the row ids. */
async function queueTexts(h: ChatHarness, channel: Channel, items: Array<{ chatId: string; text: string }>): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, item] of items.entries()) {
    const row = await queueForChat(h.product.db, { channel, chatId: item.chatId, key: `fault:${Date.now()}:${i}:${item.chatId}`, message: { type: 'text', text: item.text }, asked: true });
    ids.push(row.id);
  }
  h.product.chat.relay.kick();
  return ids;
}

async function allSent(h: ChatHarness, ids: number[]): Promise<void> {
  await waitUntil(async () => {
    const rows = await h.product.db.outboxMessage.findMany({ where: { id: { in: ids } } });
    return rows.every((r) => r.status === 'SENT');
  });
}

describe('Telegram long polling through Bot API outages', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Unlinked people writing during the outage: each must get exactly one answer. */
  function writers(count: number): TelegramUser[] {
    return Array.from({ length: count }, () => h.user(nextUserId++));
  }

  async function expectEachAnsweredOnce(users: TelegramUser[], updateIds: number[]): Promise<void> {
    await waitUntil(async () => users.every((u) => u.inbox().length >= 1), RECOVERY_MS);
    await h.server.settled(2);
    expect(users.map((u) => u.inbox().length)).toEqual(users.map(() => 1));
    const processed = await h.product.db.processedUpdate.findMany({ where: { channel: 'TELEGRAM', updateId: { in: updateIds.map(String) } } });
    expect(processed).toHaveLength(updateIds.length);
  }

  const receiveFaults: Array<[string, BotApiFault]> = [
    ['500 Internal Server Error', { kind: 'status', status: 500 }],
    ['429 with retry_after', { kind: 'status', status: 429, retryAfter: 3 }],
    ['dropped connections', { kind: 'drop' }],
    ['calls hanging, then dropped', { kind: 'hang', ms: 4_000 }],
  ];

  it.each(receiveFaults)('getUpdates: %s — every update sent meanwhile is answered once, without spinning', async (_name, fault) => {
    await h.server.settled(1);
    const start = Date.now();
    const outage = h.server.faults.begin(['getUpdates'], fault, OUTAGE_MS);
    const users = writers(5);
    const updateIds: number[] = [];
    for (const user of users) {
      updateIds.push(user.send('xin chào').update_id);
      await sleep(OUTAGE_MS / 6);
    }
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const during = h.server.faults.attemptsTo('getUpdates', start, start + OUTAGE_MS);
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    await expectEachAnsweredOnce(users, updateIds);
  }, TEST_MS);

  const stoppers: Array<[string, BotApiFault]> = [
    ['409 Conflict (another instance polled during a rolling restart)', { kind: 'status', status: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }],
    ['a proxy’s HTML error page', { kind: 'raw', status: 404, body: '<html><body><h1>404 Not Found</h1>nginx</body></html>' }],
    ['a body cut short', { kind: 'raw', status: 200, body: '{"ok":true,"result":[{"update_id":' }],
  ];

  it.each(stoppers)('getUpdates answering %s does not stop the bot for good', async (_name, fault) => {
    await h.server.settled(1);
    const outage = h.server.faults.begin(['getUpdates'], fault, 1_500);
    await waitUntil(async () => h.server.faults.attemptsTo('getUpdates').at(-1)?.fault === fault.kind, 10_000);
    await sleep(1_500);
    outage.end();
    const [user] = writers(1);
    const update = user!.send('xin chào');
    await user!.expectMessage(/chưa liên kết tài khoản/, 0).catch(() => undefined);
    await waitUntil(async () => user!.inbox().length >= 1, RECOVERY_MS);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: String(update.update_id) } })).toBe(1);
  }, TEST_MS);

  it('a restart while the Bot API is unreachable: the product starts, and answers once the API is back', async () => {
    const start = Date.now();
    const outage = h.server.faults.begin('*', { kind: 'drop' }, OUTAGE_MS);
    await h.restart();
    const [user] = writers(1);
    const update = user!.send('xin chào');
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    expect(h.server.faults.attemptsTo('getUpdates', start, start + OUTAGE_MS).length).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    await waitUntil(async () => user!.inbox().length >= 1);
    await h.server.settled(2);
    expect(user!.inbox()).toHaveLength(1);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: String(update.update_id) } })).toBe(1);
    // The command menu, refused at the start, is registered once the API is back.
    await h.server.waitFor((calls) => calls.find((c) => c.method === 'setMyCommands' && c.at > start), RECOVERY_MS);
  }, TEST_MS);

  const sendFaults: Array<[string, BotApiFault]> = [
    ['500 Internal Server Error', { kind: 'status', status: 500 }],
    ['429 with retry_after', { kind: 'status', status: 429, retryAfter: 2 }],
    ['dropped connections', { kind: 'drop' }],
    ['calls hanging, then dropped', { kind: 'hang', ms: 3_000 }],
  ];

  it.each(sendFaults)('sends: %s — every reply and outbox message is delivered once after the outage, without spinning', async (_name, fault) => {
    const start = Date.now();
    const outage = h.server.faults.begin(SEND_METHODS, fault, OUTAGE_MS);
    const users = writers(3);
    const updateIds = users.map((u) => u.send('xin chào').update_id as number);
    const chats = [nextUserId++, nextUserId++, nextUserId++].map(String);
    const ids = await queueTexts(h, 'TELEGRAM', chats.map((chatId) => ({ chatId, text: `Thông báo cho ${chatId}` })));
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    for (const chat of [...users.map((u) => String(u.id)), ...chats]) {
      const tries = h.server.faults.attempts.filter((a) => a.chatId === chat && a.at <= start + OUTAGE_MS);
      expect(tries.length, `calls to chat ${chat} during the outage`).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    }
    await allSent(h, ids);
    await waitUntil(async () => users.every((u) => u.inbox().length >= 1));
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    await h.server.settled(2);
    expect(users.map((u) => u.inbox().length)).toEqual([1, 1, 1]);
    for (const u of users) expect(u.inbox()[0]!.body.text).toMatch(/chưa liên kết tài khoản/);
    for (const chat of chats) expect(h.server.sentTo(chat).map((c) => c.body.text)).toEqual([`Thông báo cho ${chat}`]);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: { in: updateIds.map(String) } } })).toBe(3);
  }, TEST_MS);

  it('a submission and its review while sends fail: recorded once, every message delivered once afterwards', async () => {
    const teacher = await h.linkedUser('THCS-TP-004', nextUserId++); // Phạm Minh Tuấn, Toán
    const reviewer = await h.linkedUser('THCS-TP-003', nextUserId++); // Lê Thị Mai Anh, tổ trưởng
    const [seenT, seenR] = [teacher.inbox().length, reviewer.inbox().length];
    const start = Date.now();
    const outage = h.server.faults.begin(SEND_METHODS, { kind: 'status', status: 502, description: 'Bad Gateway' }, OUTAGE_MS);
    teacher.sendFile(Buffer.from('PK\u0003\u0004 giả lập tệp Word: sự cố'), 'KHBD.docx', 'KHBD Toán 8 - Bài 15: Sự cố mạng - 9/12/2026');
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const review = await reviewer.expectMessage(/Bài 15: Sự cố mạng/, seenR).catch(() => null);
    await waitUntil(async () => teacher.inbox().slice(seenT).some((c) => /✅ Đã nhận hồ sơ/.test(c.body.text)) && reviewer.inbox().length > seenR);
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    await h.server.settled(2);
    const toTeacher = teacher.inbox().slice(seenT).map((c) => String(c.body.text));
    expect(toTeacher.filter((t) => t.startsWith('⏳ Đang kiểm tra tệp'))).toHaveLength(1);
    expect(toTeacher.filter((t) => t.startsWith('✅ Đã nhận hồ sơ'))).toHaveLength(1);
    expect(reviewer.inbox().slice(seenR).filter((c) => /Bài 15: Sự cố mạng/.test(String(c.body.caption)))).toHaveLength(1);
    expect(review?.method).toBe('sendDocument');
    const plans = await h.product.db.plan.findMany({ where: { title: 'Bài 15: Sự cố mạng' }, include: { submissions: true } });
    expect(plans).toHaveLength(1);
    expect(plans[0]!.submissions).toHaveLength(1);
  }, TEST_MS);
});
