// Webhook mode behind Express (secret verified) and a conversation that survives a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../../src/bot/telegram/telegram-bot.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

describe('webhook mode (PUBLIC_URL is https)', () => {
  let h: ChatHarness;
  let url: string;
  beforeAll(async () => {
    h = await startChatHarness({ PUBLIC_URL: 'https://hscm.example.vn' });
    url = `http://127.0.0.1:${h.product.port}/telegram/webhook`;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const startUpdate = (updateId: number, userId: number) => ({
    update_id: updateId,
    message: { message_id: 1, date: 0, chat: { id: userId, type: 'private' }, from: { id: userId, is_bot: false, first_name: 'Lan' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
  });
  const post = (body: unknown, secret?: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body: JSON.stringify(body) });

  it('sets the webhook with its secret and does not poll', async () => {
    const set = await h.server.waitFor((calls) => calls.find((c) => c.method === 'setWebhook'));
    // max_connections: TELEGRAM_WEBHOOK_MAX_CONNECTIONS's default, not Telegram's 40.
    expect(set.body).toMatchObject({ url: 'https://hscm.example.vn/telegram/webhook', secret_token: webhookSecret(h.server.token), max_connections: 10 });
    expect(h.server.pollCount).toBe(0);
  });

  it('refuses requests without the secret or with a wrong one, and handles nothing', async () => {
    expect((await post(startUpdate(1, 801))).status).toBe(403);
    expect((await post(startUpdate(2, 801), 'wrong-secret')).status).toBe(403);
    expect(h.server.sentTo(801)).toEqual([]);
  });

  it('handles a verified update once, even when Telegram delivers it many times at once', async () => {
    const secret = webhookSecret(h.server.token);
    const update = startUpdate(3, 802);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(update, secret)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(h.server.sentTo(802)).toHaveLength(1);
    expect(h.server.sentTo(802)[0]!.body.text).toMatch(/Chia sẻ số điện thoại/);
  });
});

describe('a submission flow survives a restart', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the question asked before the restart is answered after it', async () => {
    const staff = await h.staffByCode('THCS-NQ-004');
    const user = h.user(811, staff.fullName);
    user.shareContact(staff.phone!);
    await user.expectMessage(/Đã liên kết/);
    user.sendFile(Buffer.from('PK\u0003\u0004 tệp Word bị hỏng'), 'tai lieu.docx');
    const question = await user.expectMessage(/Tệp này là loại hồ sơ nào\?/);
    await h.restart();
    user.press(TelegramUser.buttonsOf(question)[0]!.callback_data);
    await user.expectMessage(/Dạy lớp \(khối\) mấy\?/);
  });
});

describe('a file recorded while the queue was unreachable', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await startChatHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is picked up by the sweeper and checked: the conversation goes on', async () => {
    const staff = await h.staffByCode('THCS-NQ-005');
    const user = await h.linkedUser('THCS-NQ-005', 821);
    // What the handler leaves behind when enqueueing fails: the intake row, the waiting state.
    const doc = h.server.addFile(Buffer.from('PK\u0003\u0004 tệp Word bị hỏng'), 'tai lieu.docx');
    const flow = { nonce: 'sweep1', file: { ref: doc.file_id, name: 'tai lieu.docx', size: doc.file_size, mime: null } };
    const intake = await h.product.db.intake.create({
      data: { staffId: staff.id, channel: 'TELEGRAM', chatId: '821', fileRef: doc.file_id, originalName: 'tai lieu.docx', details: JSON.stringify(flow), createdAt: new Date(Date.now() - 60_000) },
    });
    await h.product.db.conversation.create({ data: { channel: 'TELEGRAM', chatId: '821', staffId: staff.id, step: 'CHECKING', data: JSON.stringify({ intakeId: intake.id, fileName: 'tai lieu.docx' }) } });
    await user.expectMessage(/Tệp này là loại hồ sơ nào\?/);
    expect((await h.product.db.intake.findUniqueOrThrow({ where: { id: intake.id } })).status).toBe('WAITING');
  });
});
