// The Bot API failing for a while, with the whole product running against the local fake
// servers: 500s, 429s with retry_after, calls hanging, connections dropped — on receiving
// (getUpdates) and on sending (replies and outbox deliveries). Afterwards every update is
// answered once, none handled twice, every outbox message delivered once, and the bot did not
// spin during the outage. "For a minute" is scaled down to OUTAGE_MS here, and the pollers'
// back-off to BACKOFF (RETRY_FIRST_MS, RETRY_MAX_MS): every retry path is the same, a real
// minute with the production back-off (1 s doubling to 30 s) only waits longer.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import { backoffDelay, type Backoff } from '../../src/infra/backoff.js';
import type { Channel } from '../../src/core/vocabulary.js';
import { queueForChat } from '../../src/use-cases/outbox.js';
import type { BotApiFault } from '../support/bot-api-faults.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../support/chat-harness.js';
import { ZaloChatUser } from '../support/zalo-api-server.js';

const OUTAGE_MS = Number(process.env.BOT_API_OUTAGE_MS ?? 5_000);
/** The pollers' and set-up tasks' back-off in these tests (the product's configuration). */
const BACKOFF: Backoff = { firstMs: 100, maxMs: 1000 };
const POLICY_ENV = { RETRY_FIRST_MS: String(BACKOFF.firstMs), RETRY_MAX_MS: String(BACKOFF.maxMs) };
/** After the outage: the longest backoff of a client (telegraf 5 s, the Zalo client's 15 s timeout) and the work. */
const RECOVERY_MS = 45_000;
/** Far more than the back-off allows in OUTAGE_MS (two more), far fewer than a loop without one makes. */
const MAX_CALLS_PER_OUTAGE = callsWithin(OUTAGE_MS, BACKOFF) + 2;
const TEST_MS = OUTAGE_MS + RECOVERY_MS + 30_000;

const SEND_METHODS = ['sendMessage', 'sendDocument', 'answerCallbackQuery', 'editMessageText', 'editMessageCaption', 'editMessageReplyMarkup'];

/** What each outage cost, for the closing note: printed and written to test-artifacts/. */
const figures: Array<{ fault: string; callsDuringOutage: number; recoverySeconds: number }> = [];
function note(fault: string, callsDuringOutage: number, outageEndedAt: number): void {
  figures.push({ fault, callsDuringOutage, recoverySeconds: Math.round((Date.now() - outageEndedAt) / 100) / 10 });
}
afterAll(() => {
  if (figures.length === 0) return;
  fs.mkdirSync('test-artifacts', { recursive: true });
  fs.writeFileSync('test-artifacts/bot-api-faults.json', `${JSON.stringify({ outageMs: OUTAGE_MS, figures }, null, 2)}\n`);
  const lines = figures.map((f) => `  ${f.fault}: ${f.callsDuringOutage} calls during the outage, all answered ${f.recoverySeconds} s after it`);
  console.info(`Bot API outages of ${OUTAGE_MS / 1000} s (most calls to one chat, for sends):\n${lines.join('\n')}`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many calls a loop failing at once, waiting `backoff` between failures, makes in `ms`. */
function callsWithin(ms: number, backoff: Backoff): number {
  let calls = 1;
  for (let at = backoffDelay(1, backoff); at <= ms; at += backoffDelay(calls, backoff)) calls++;
  return calls;
}

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
    h = await startChatHarness(POLICY_ENV);
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
    const ended = Date.now();
    const during = h.server.faults.attemptsTo('getUpdates', start, start + OUTAGE_MS);
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    await expectEachAnsweredOnce(users, updateIds);
    note(`Telegram getUpdates: ${_name}`, during.length, ended);
  }, TEST_MS);

  const stoppers: Array<[string, BotApiFault]> = [
    ['409 Conflict (another instance polled during a rolling restart)', { kind: 'status', status: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }],
    ['a proxy’s HTML error page', { kind: 'raw', status: 404, body: '<html><body><h1>404 Not Found</h1>nginx</body></html>' }],
    ['a body cut short', { kind: 'raw', status: 200, body: '{"ok":true,"result":[{"update_id":' }],
  ];

  it.each(stoppers)('getUpdates answering %s does not stop the bot for good', async (_name, fault) => {
    await h.server.settled(1);
    const start = Date.now();
    const outage = h.server.faults.begin(['getUpdates'], fault, 1_500);
    await waitUntil(async () => h.server.faults.attemptsTo('getUpdates').at(-1)?.fault === fault.kind, 10_000);
    await sleep(1_500);
    outage.end();
    const ended = Date.now();
    const [user] = writers(1);
    const update = user!.send('xin chào');
    await waitUntil(async () => user!.inbox().length >= 1, RECOVERY_MS);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: String(update.update_id) } })).toBe(1);
    note(`Telegram getUpdates: ${_name}`, h.server.faults.attemptsTo('getUpdates', start, ended).filter((a) => a.fault !== null).length, ended);
  }, TEST_MS);

  it('a restart while the Bot API is unreachable: the product starts, and answers once the API is back', async () => {
    const start = Date.now();
    const outage = h.server.faults.begin('*', { kind: 'drop' }, OUTAGE_MS);
    await h.restart();
    const [user] = writers(1);
    const update = user!.send('xin chào');
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const ended = Date.now();
    // Every call counts here: getMe, deleteWebhook and setMyCommands come before the first poll.
    const polls = h.server.faults.attempts.filter((a) => a.fault !== null && a.at >= start && a.at <= start + OUTAGE_MS).length;
    expect(polls).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    await waitUntil(async () => user!.inbox().length >= 1);
    await h.server.settled(2);
    expect(user!.inbox()).toHaveLength(1);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: String(update.update_id) } })).toBe(1);
    // The command menu, refused at the start, is registered once the API is back.
    await h.server.waitFor((calls) => calls.find((c) => c.method === 'setMyCommands' && c.at > start), RECOVERY_MS);
    note('Telegram: restart while every call is dropped', polls, ended);
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
    const ended = Date.now();
    let most = 0;
    for (const chat of [...users.map((u) => String(u.id)), ...chats]) {
      const tries = h.server.faults.attempts.filter((a) => a.chatId === chat && a.at <= start + OUTAGE_MS);
      expect(tries.length, `calls to chat ${chat} during the outage`).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
      most = Math.max(most, tries.length);
    }
    await allSent(h, ids);
    await waitUntil(async () => users.every((u) => u.inbox().length >= 1));
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    await h.server.settled(2);
    expect(users.map((u) => u.inbox().length)).toEqual([1, 1, 1]);
    for (const u of users) expect(u.inbox()[0]!.body.text).toMatch(/chưa liên kết tài khoản/);
    for (const chat of chats) expect(h.server.sentTo(chat).map((c) => c.body.text)).toEqual([`Thông báo cho ${chat}`]);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: { in: updateIds.map(String) } } })).toBe(3);
    note(`Telegram sends: ${_name}`, most, ended);
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
    const ended = Date.now();
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
    note('Telegram sends: 502 during a submission and its review', h.server.faults.attempts.filter((a) => a.fault !== null && a.at >= start).length, ended);
  }, TEST_MS);
});

describe('Telegram webhook: one update POSTed 20 times at once', () => {
  let h: ChatHarness;
  let url: string;
  let secret: string;
  beforeAll(async () => {
    h = await startChatHarness({ ...POLICY_ENV, PUBLIC_URL: 'https://hscm.example.vn' });
    url = `${h.baseUrl}/telegram/webhook`;
    secret = webhookSecret(h.server.token);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const post = (update: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });

  it('a file sent once but delivered 20 times concurrently is recorded once and answered once', async () => {
    const staff = await h.staffByCode('THCS-TP-004');
    const teacher = h.user(nextUserId++, staff.fullName);
    // Queued on the fake server (nobody polls in webhook mode) and POSTed by hand, as Telegram would.
    expect((await post(teacher.shareContact(staff.phone!))).status).toBe(200);
    await teacher.expectMessage(/Đã liên kết/);
    const update = teacher.sendFile(Buffer.from('PK\u0003\u0004 giả lập tệp Word: bão'), 'KHBD.docx', 'KHBD Toán 8 - Bài 16: Mười hai lần - 10/12/2026');
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(update)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 16: Mười hai lần/);
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    const texts = teacher.inbox().map((c) => String(c.body.text));
    expect(texts.filter((t) => t.startsWith('⏳ Đang kiểm tra tệp'))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('✅ Đã nhận hồ sơ'))).toHaveLength(1);
    expect(h.server.callsTo('getFile')).toHaveLength(1);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'TELEGRAM', updateId: String(update.update_id) } })).toBe(1);
    expect(await h.product.db.intake.count({ where: { staffId: staff.id } })).toBe(1);
    expect(await h.product.db.plan.count({ where: { title: 'Bài 16: Mười hai lần' } })).toBe(1);
  });
});

describe('Zalo long polling through Bot API outages', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness(POLICY_ENV, { zalo: 'polling' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const writers = (count: number) => Array.from({ length: count }, () => new ZaloChatUser(h.zalo!, `zf-${nextUserId++}`, 'Người lạ'));

  async function expectEachAnsweredOnce(users: ZaloChatUser[], messageIds: string[]): Promise<void> {
    await waitUntil(async () => users.every((u) => u.inbox().length >= 1));
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    await h.zalo!.settled(2);
    expect(users.map((u) => u.inbox().length)).toEqual(users.map(() => 1));
    for (const u of users) expect(u.texts()[0]).toMatch(/chưa liên kết tài khoản Zalo/);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'ZALO', updateId: { in: messageIds } } })).toBe(messageIds.length);
  }

  const receiveFaults: Array<[string, BotApiFault]> = [
    ['500 Internal Server Error', { kind: 'status', status: 500 }],
    ['dropped connections', { kind: 'drop' }],
    // The client gives up after its poll (1 s here) plus 15 s.
    ['calls hanging past the client timeout', { kind: 'hang', ms: 18_000, then: 'answer' }],
  ];

  it.each(receiveFaults)('getUpdates: %s — every update sent meanwhile is answered once, without spinning', async (_name, fault) => {
    await h.zalo!.settled(1);
    const start = Date.now();
    const outage = h.zalo!.faults.begin(['getUpdates'], fault, OUTAGE_MS);
    const users = writers(4);
    const ids: string[] = [];
    for (const user of users) {
      ids.push((await user.sendText('xin chào')).update.message.message_id);
      await sleep(OUTAGE_MS / 5);
    }
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const ended = Date.now();
    const during = h.zalo!.faults.attemptsTo('getUpdates', start, start + OUTAGE_MS);
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
    await expectEachAnsweredOnce(users, ids);
    note(`Zalo getUpdates: ${_name}`, during.length, ended);
  }, TEST_MS + 20_000);

  const sendFaults: Array<[string, BotApiFault]> = [
    ['500 Internal Server Error', { kind: 'status', status: 500 }],
    ['429 Too Many Requests', { kind: 'status', status: 429 }],
    ['dropped connections', { kind: 'drop' }],
    ['calls hanging, then dropped', { kind: 'hang', ms: 3_000 }],
  ];

  it.each(sendFaults)('sendMessage: %s — every reply and outbox message is delivered once after the outage', async (_name, fault) => {
    const start = Date.now();
    const outage = h.zalo!.faults.begin(['sendMessage'], fault, OUTAGE_MS);
    const users = writers(3);
    const ids: string[] = [];
    for (const user of users) ids.push((await user.sendText('xin chào')).update.message.message_id);
    const chats = [`zc-${nextUserId++}`, `zc-${nextUserId++}`];
    const rows = await queueTexts(h, 'ZALO', chats.map((chatId) => ({ chatId, text: `Thông báo cho ${chatId}` })));
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const ended = Date.now();
    let most = 0;
    for (const chat of [...users.map((u) => u.id), ...chats]) {
      const tries = h.zalo!.faults.attempts.filter((a) => a.chatId === chat && a.at <= start + OUTAGE_MS);
      expect(tries.length, `calls to chat ${chat} during the outage`).toBeLessThanOrEqual(MAX_CALLS_PER_OUTAGE);
      most = Math.max(most, tries.length);
    }
    await allSent(h, rows);
    await expectEachAnsweredOnce(users, ids);
    for (const chat of chats) expect(h.zalo!.sentTo(chat).map((c) => c.body.text)).toEqual([`Thông báo cho ${chat}`]);
    note(`Zalo sendMessage: ${_name}`, most, ended);
  }, TEST_MS);
});

describe('Zalo webhook: sends failing while updates arrive', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness(POLICY_ENV, { zalo: 'webhook' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('every update is accepted and handled once; its reply arrives once the API is back', async () => {
    const users = Array.from({ length: 3 }, () => new ZaloChatUser(h.zalo!, `zw-${nextUserId++}`, 'Người lạ'));
    const start = Date.now();
    const outage = h.zalo!.faults.begin(['sendMessage'], { kind: 'status', status: 503, description: 'Service Unavailable' }, OUTAGE_MS);
    const pushes = [];
    for (const user of users) pushes.push(await user.sendText('xin chào'));
    // Zalo retries a webhook it got no 200 for: answered 200, it has no reason to.
    expect(pushes.map((p) => p.status)).toEqual([200, 200, 200]);
    // ...and a retry all the same (a lost answer) is handled once.
    expect((await h.zalo!.redeliver(pushes[0]!.update)).status).toBe(200);
    await sleep(Math.max(0, start + OUTAGE_MS - Date.now()));
    outage.end();
    const ended = Date.now();
    await waitUntil(async () => users.every((u) => u.inbox().length >= 1));
    await waitUntil(async () => (await h.product.db.outboxMessage.count({ where: { status: 'PENDING' } })) === 0);
    await sleep(1_000);
    expect(users.map((u) => u.inbox().length)).toEqual([1, 1, 1]);
    const ids = pushes.map((p) => p.update.message.message_id);
    expect(await h.product.db.processedUpdate.count({ where: { channel: 'ZALO', updateId: { in: ids } } })).toBe(3);
    note('Zalo webhook, sendMessage 503', Math.max(...users.map((u) => h.zalo!.faults.attempts.filter((a) => a.chatId === u.id && a.fault !== null).length)), ended);
  }, TEST_MS);
});

