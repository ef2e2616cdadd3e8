// The fake Zalo server's own promises that other tests rely on: webhook delivery with the secret,
// redelivery, the chat-user helper and the rate limits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZaloApiError, ZaloClient } from '../../../src/bot/zalo/zalo-client.js';
import { ZaloApiServer, ZaloChatUser } from '../../support/zalo-api-server.js';

let server: ZaloApiServer;
let client: ZaloClient;

beforeEach(async () => {
  server = await new ZaloApiServer(undefined, { pollWaitCapMs: 200 }).start();
  client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 2000 });
});
afterEach(async () => {
  await server.stop();
});

/** A stand-in for the product's webhook route: checks the secret, records what it accepted. */
async function startReceiver(secret: string) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.headers['x-bot-api-secret-token'] !== secret) {
      res.writeHead(403).end();
      return;
    }
    received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/zalo/webhook`;
  return { url, received, stop: () => new Promise((r) => receiver.close(r)) };
}

describe('ZaloApiServer', () => {
  it('POSTs updates to the webhook with the secret header and reports the status answered', async () => {
    const receiver = await startReceiver('secret-of-16-chr');
    try {
      await client.setWebhook(receiver.url, 'secret-of-16-chr');
      const user = new ZaloChatUser(server, 1, 'Thầy Minh');
      const pushed = await user.sendText('xin chào');
      expect(pushed).toMatchObject({ via: 'webhook', status: 200 });
      expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
      expect(receiver.received[0]!.body).toEqual(pushed.update);

      expect(await server.pushUpdate({ message: { text: 'x' } }, { secretToken: 'wrong-secret' })).toMatchObject({ status: 403 });
      expect(await server.pushUpdate({ message: { text: 'x' } }, { secretToken: null })).toMatchObject({ status: 403 });
      expect(await server.redeliver(pushed.update)).toMatchObject({ status: 200 });
      expect(receiver.received.map((r) => r.body.message.message_id)).toEqual([pushed.update.message.message_id, pushed.update.message.message_id]);
      expect(server.webhookDeliveries.map((d) => d.status)).toEqual([200, 403, 403, 200]);
    } finally {
      await receiver.stop();
    }
  });

  it('reports a webhook that does not answer', async () => {
    const receiver = await startReceiver('unused-secret');
    await receiver.stop();
    await client.setWebhook(receiver.url, 'secret-of-16-chr');
    const pushed = await server.pushUpdate({ message: { text: 'x' } });
    expect(pushed.status).toBeUndefined();
    expect(pushed.error).toBe('ECONNREFUSED');
  });

  it('queues updates for polling, redelivers ahead of the queue, and counts polls', async () => {
    const user = new ZaloChatUser(server, 'zu-abc', 'Cô Hoa');
    const first = await user.sendText('một');
    await user.sendImage({ caption: 'ảnh' });
    expect(server.pendingUpdates).toBe(2);
    expect((await client.getUpdates(1))!.message.text).toBe('một');
    await server.redeliver(first.update);
    expect((await client.getUpdates(1))!.message.text).toBe('một');
    expect(await client.getUpdates(1)).toMatchObject({ event_name: 'message.image.received', message: { caption: 'ảnh' } });
    expect(await client.getUpdates(1)).toBeNull();
    expect(server.pollCount).toBe(4);
  });

  it('builds the other events a user can send', async () => {
    const user = new ZaloChatUser(server, 2);
    expect((await user.sendSticker()).update.event_name).toBe('message.sticker.received');
    const file = (await user.sendUnsupported()).update;
    expect(file.event_name).toBe('message.unsupported.received');
    expect(file.message.text).toBeUndefined();
    const group = (await user.sendInGroup('chào cả nhóm')).update;
    expect(group.message.chat).toEqual({ id: 'zg-zu-2', chat_type: 'GROUP' });
    expect(group.message.from.id).toBe('zu-2');
  });

  it('lets a chat user wait for what the bot sent it', async () => {
    const user = new ZaloChatUser(server, 3);
    setTimeout(() => void client.sendMessage(user.id, 'Mã của thầy cô: 1234'), 50);
    const call = await user.expectMessage(/mã.*\d{4}/i);
    expect(call.body.text).toBe('Mã của thầy cô: 1234');
    await client.sendPhoto(user.id, 'https://hscm.example.vn/qr.png', 'Quét mã');
    expect(user.texts()).toEqual(['Mã của thầy cô: 1234', 'Quét mã']);
    await expect(user.expectMessage(/mã/i, 2, 200)).rejects.toThrow(/waitFor timed out/);
  });

  it('rate-limits sends per chat when told to, with 429', async () => {
    server.enforceLimits({ perSecond: 30, perChatGapMs: 1000 });
    await client.sendMessage('zu-9', 'một');
    await client.sendChatAction('zu-9');
    const error = await client.sendMessage('zu-9', 'hai').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(error).toMatchObject({ code: 429, retryable: true });
    expect(server.rateLimited).toBe(1);
  });

  it('refuses texts the real API refuses, and failures can target one chat', async () => {
    const raw = (body: unknown) =>
      fetch(`${server.apiRoot}/bot${server.token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await raw({ chat_id: 'zu-1', text: 'a'.repeat(2001) })).toMatchObject({ status: 400, body: { ok: false, error_code: 400 } });
    expect(await raw({ chat_id: 'zu-1', text: '' })).toMatchObject({ status: 400 });
    server.failNext('sendMessage', { chatId: 'zu-2', status: 500 });
    await client.sendMessage('zu-1', 'ok');
    await expect(client.sendMessage('zu-2', 'x')).rejects.toMatchObject({ code: 500 });
    await client.sendMessage('zu-2', 'x');
  });
});
