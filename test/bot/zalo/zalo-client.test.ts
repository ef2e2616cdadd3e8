// ZaloClient against the local Zalo Bot API server: request shapes, answers, and each way a call
// can fail (refusal, lost answer, timeout, no server).
import { freePort } from '../../../src/infra/local-redis.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZaloApiError, ZaloClient, parseZaloUpdate } from '../../../src/bot/zalo/zalo-client.js';
import { ZaloApiServer, ZaloChatUser } from '../../support/zalo-api-server.js';

let server: ZaloApiServer;
let client: ZaloClient;

beforeAll(async () => {
  server = await new ZaloApiServer(undefined, { pollWaitCapMs: 300 }).start();
  client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 2000 });
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  if (server.webhook) await client.deleteWebhook();
});

async function refusal(promise: Promise<unknown>): Promise<ZaloApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZaloApiError);
  return error as ZaloApiError;
}

describe('ZaloClient requests and answers', () => {
  it('getMe answers the bot with a string id', async () => {
    const me = await client.getMe();
    expect(me).toMatchObject({ id: '1234567890', account_name: 'hscm_test_bot', display_name: 'Trợ lý HSCM' });
    expect(server.callsTo('getMe').at(-1)!.body).toEqual({});
  });

  it('sendMessage posts chat_id and text as strings and answers a string message_id', async () => {
    const sent = await client.sendMessage('zu-1', 'Xin chào thầy cô');
    expect(sent.message_id).toMatch(/^\d+$/);
    expect(typeof sent.date).toBe('number');
    expect(server.callsTo('sendMessage').at(-1)!.body).toEqual({ chat_id: 'zu-1', text: 'Xin chào thầy cô' });
  });

  it('normalises a numeric message_id to a string', async () => {
    server.answerNext('sendMessage', { body: { ok: true, result: { message_id: 42, date: 1700000000000 } } });
    expect(await client.sendMessage('zu-1', 'x')).toEqual({ message_id: '42', date: 1700000000000 });
  });

  it('sendPhoto sends the URL and the caption only when given', async () => {
    await client.sendPhoto('zu-2', 'https://hscm.example.vn/qr/1.png', 'Mã liên kết');
    await client.sendPhoto('zu-2', 'https://hscm.example.vn/qr/2.png');
    expect(server.sentTo('zu-2').map((c) => c.body)).toEqual([
      { chat_id: 'zu-2', photo: 'https://hscm.example.vn/qr/1.png', caption: 'Mã liên kết' },
      { chat_id: 'zu-2', photo: 'https://hscm.example.vn/qr/2.png' },
    ]);
  });

  it('sendChatAction sends typing', async () => {
    await client.sendChatAction('zu-3');
    expect(server.callsTo('sendChatAction').at(-1)!.body).toEqual({ chat_id: 'zu-3', action: 'typing' });
  });

  it('sets, reads and deletes the webhook', async () => {
    await client.setWebhook('https://hscm.example.vn/zalo/webhook', 'secret-of-16-chr');
    expect(server.callsTo('setWebhook').at(-1)!.body).toEqual({ url: 'https://hscm.example.vn/zalo/webhook', secret_token: 'secret-of-16-chr' });
    expect((await client.getWebhookInfo()).url).toBe('https://hscm.example.vn/zalo/webhook');
    await client.deleteWebhook();
    expect((await client.getWebhookInfo()).url).toBe('');
  });

  it('a secret_token shorter than 8 characters is refused with 400', async () => {
    const error = await refusal(client.setWebhook('https://hscm.example.vn/zalo/webhook', 'short'));
    expect(error).toMatchObject({ kind: 'api', code: 400, method: 'setWebhook' });
    expect(server.webhook).toBeUndefined();
  });
});

describe('ZaloClient.getUpdates', () => {
  it('asks with the timeout as a string and answers one update per call, in order', async () => {
    const user = new ZaloChatUser(server, 7, 'Cô Lan');
    await user.sendText('xin chào');
    await user.sendText('duyet 12');
    const first = await client.getUpdates(5);
    expect(server.lastPoll!.body).toEqual({ timeout: '5' });
    expect(first).toMatchObject({
      event_name: 'message.text.received',
      message: { chat: { id: 'zu-7', chat_type: 'PRIVATE' }, from: { id: 'zu-7', display_name: 'Cô Lan', is_bot: false }, text: 'xin chào' },
    });
    expect((await client.getUpdates(5))!.message.text).toBe('duyet 12');
  });

  it('answers null when the poll ends with 408, whether the HTTP status is 408 or 200', async () => {
    const polls = server.pollCount;
    expect(await client.getUpdates(1)).toBeNull();
    server.pollTimeoutHttpStatus = 200;
    try {
      expect(await client.getUpdates(1)).toBeNull();
    } finally {
      server.pollTimeoutHttpStatus = 408;
    }
    expect(server.pollCount).toBe(polls + 2);
  });

  it('waits the poll timeout on top of its own timeout, so a long empty poll is not a timeout', async () => {
    const quick = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 100 });
    expect(await quick.getUpdates(1)).toBeNull(); // the server holds the poll 300 ms
  });

  it('takes the first update of an array, and null from an empty one', async () => {
    const update = { event_name: 'message.text.received', message: { message_id: 9, date: 1, chat: { id: 55, chat_type: 'PRIVATE' }, from: { id: 55 }, text: 'a' } };
    server.answerNext('getUpdates', { body: { ok: true, result: [update] } });
    expect(await client.getUpdates(1)).toEqual({
      event_name: 'message.text.received',
      message: { message_id: '9', date: 1, chat: { id: '55', chat_type: 'PRIVATE' }, from: { id: '55' }, text: 'a' },
    });
    server.answerNext('getUpdates', { body: { ok: true, result: [] } });
    expect(await client.getUpdates(1)).toBeNull();
  });

  it('is refused while a webhook is set', async () => {
    await client.setWebhook('https://hscm.example.vn/zalo/webhook', 'secret-of-16-chr');
    expect(await refusal(client.getUpdates(1))).toMatchObject({ kind: 'api', code: 409 });
  });
});

describe('ZaloClient errors', () => {
  it.each([
    [400, 'Bad Request: chat not found'],
    [403, 'Forbidden: the user has blocked the bot'],
    [429, 'Too Many Requests'],
    [500, 'Internal Server Error'],
  ])('an API refusal %i is a typed api error with its code and description', async (status, description) => {
    server.failNext('sendMessage', { status, description });
    const error = await refusal(client.sendMessage('zu-1', 'x'));
    expect(error).toMatchObject({ name: 'ZaloApiError', kind: 'api', code: status, description, method: 'sendMessage' });
    expect(error.retryable).toBe(status === 429 || status === 500);
    expect(error.message).not.toContain(server.token);
  });

  it('reads the error code from the body when the HTTP status is 200', async () => {
    server.failNext('sendMessage', { status: 403, httpStatus: 200, description: 'Forbidden' });
    expect(await refusal(client.sendMessage('zu-1', 'x'))).toMatchObject({ kind: 'api', code: 403 });
  });

  it('a blocked chat answers 403', async () => {
    server.blockChat('zu-blocked');
    expect(await refusal(client.sendMessage('zu-blocked', 'x'))).toMatchObject({ kind: 'api', code: 403, retryable: false });
  });

  it('a non-JSON error page is an api error with the HTTP status; a non-JSON 200 is a lost answer', async () => {
    server.answerNext('sendMessage', { httpStatus: 502, body: '<html><body>502 Bad Gateway</body></html>' });
    const gateway = await refusal(client.sendMessage('zu-1', 'x'));
    expect(gateway).toMatchObject({ kind: 'api', code: 502, retryable: true });
    expect(gateway.description).toContain('502 Bad Gateway');
    server.answerNext('sendMessage', { httpStatus: 200, body: 'OK' });
    expect(await refusal(client.sendMessage('zu-1', 'x'))).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a wrong token answers 404 and the token is not in the error', async () => {
    const wrong = new ZaloClient({ token: '999:WRONG-secret', apiRoot: server.apiRoot });
    const error = await refusal(wrong.getMe());
    expect(error).toMatchObject({ kind: 'api', code: 404 });
    expect(`${error.message} ${error.description} ${error.stack}`).not.toContain('WRONG-secret');
  });

  it('a server that does not answer in time is a timeout error', async () => {
    server.answerNext('sendMessage', { delayMs: 2000 });
    const impatient = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 200 });
    const started = Date.now();
    const error = await refusal(impatient.sendMessage('zu-1', 'x'));
    expect(error).toMatchObject({ kind: 'timeout', code: 0, method: 'sendMessage', retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a refused connection is a network error without the token', async () => {
    const port = await freePort();
    const nobody = new ZaloClient({ token: server.token, apiRoot: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const error = await refusal(nobody.getMe());
    expect(error).toMatchObject({ kind: 'network', code: 0, description: 'ECONNREFUSED', retryable: true });
    expect(error.message).not.toContain(server.token);
  });

  it('refuses a text over 2000 characters, or empty, without calling Zalo', async () => {
    const before = server.callsTo('sendMessage').length;
    expect(await refusal(client.sendMessage('zu-1', 'a'.repeat(2001)))).toMatchObject({ kind: 'api', code: 400 });
    expect(await refusal(client.sendMessage('zu-1', ''))).toMatchObject({ kind: 'api', code: 400 });
    expect(server.callsTo('sendMessage').length).toBe(before);
    await client.sendMessage('zu-1', 'ă'.repeat(2000));
    expect(server.callsTo('sendMessage').length).toBe(before + 1);
  });

  it('explains a missing token or a bad apiRoot when constructed', () => {
    expect(() => new ZaloClient({ token: '', apiRoot: server.apiRoot })).toThrow(/bot token/);
    expect(() => new ZaloClient({ token: server.token, apiRoot: 'bot-api.zaloplatforms.com' })).toThrow(/apiRoot/);
  });
});

describe('parseZaloUpdate', () => {
  it('unwraps an { ok, result } envelope and maps other spellings', () => {
    const parsed = parseZaloUpdate({
      ok: true,
      result: { event_name: 'message.image.received', message: { message_id: 'm1', date: 5, chat: { id: 'c', chat_type: 'PRIVATE' }, from: { id: 'c', name: 'Lan' }, photo_url: 'https://p/1.jpg' } },
    });
    expect(parsed).toEqual({
      event_name: 'message.image.received',
      message: { message_id: 'm1', date: 5, chat: { id: 'c', chat_type: 'PRIVATE' }, from: { id: 'c', display_name: 'Lan' }, photo: 'https://p/1.jpg' },
    });
  });

  it('answers null for a payload without a chat or a sender', () => {
    expect(parseZaloUpdate({})).toBeNull();
    expect(parseZaloUpdate({ event_name: 'x', message: { chat: { id: 'c' } } })).toBeNull();
    expect(parseZaloUpdate('nonsense')).toBeNull();
  });
});
