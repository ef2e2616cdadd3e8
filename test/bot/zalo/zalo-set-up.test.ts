// Zalo being away when the product starts (issue 16, 6: parity with Telegram): the bot's name,
// the webhook and the clearing of a webhook before polling are retried in the background until
// Zalo answers, instead of three tries and then a bot deaf until a restart. The local Zalo Bot
// API server refuses the calls (each refusal is recorded as a call); the channel and client are
// the product's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDeps } from '../../../src/bot/conversation/turn.js';
import { ZaloClient } from '../../../src/bot/zalo/zalo-client.js';
import { zaloChannel } from '../../../src/chat/zalo-channel.js';
import { loadConfig } from '../../../src/config/config.js';
import { createLogger } from '../../../src/infra/logger.js';
import { ZaloApiServer } from '../../support/zalo-api-server.js';

let server: ZaloApiServer;
const logger = createLogger('silent');
/** No update reaches the bot in these tests: its conversation is never asked. */
const deps = {} as ConversationDeps;
const backoff = { firstMs: 5, maxMs: 20 };

beforeEach(async () => {
  server = await new ZaloApiServer(undefined, { pollWaitCapMs: 100 }).start();
});
afterEach(async () => {
  await server.stop();
});

function channel(receive: 'webhook' | 'polling') {
  const config = loadConfig({ ZALO_RECEIVE: receive, PUBLIC_URL: 'https://hscm.example.vn', DATABASE_URL: 'file:unused.db' });
  const client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 2000 });
  return zaloChannel({ config, token: server.token, client, deps, logger, receive: true, pollSeconds: 1, backoff });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('Zalo set-up while Zalo is away', () => {
  it('the webhook and the bot name are retried until Zalo answers', async () => {
    server.failNext('getMe', { times: 4 });
    server.failNext('setWebhook', { times: 6 });
    const zalo = channel('webhook');
    await zalo.start(undefined, () => {
      throw new Error('webhook mode does not poll');
    });
    expect(zalo.botName()).toBeUndefined();
    // Six refusals, then the seventh call sets it; the name after four refused getMe calls.
    await until(() => server.callsTo('setWebhook').length === 7 && zalo.botName() !== undefined);
    expect(server.callsTo('getMe')).toHaveLength(5);
    expect(server.callsTo('setWebhook').at(-1)!.body).toMatchObject({ url: 'https://hscm.example.vn/zalo/webhook' });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.callsTo('setWebhook')).toHaveLength(7); // set once: no more calls
    await zalo.stopReceiving();
  });

  it('polling starts once the old webhook is cleared', async () => {
    server.failNext('deleteWebhook', { times: 3 });
    const zalo = channel('polling');
    const started: string[] = [];
    await zalo.start(undefined, (name) => void started.push(name));
    expect(started).toEqual([]);
    await until(() => started.length === 1);
    expect(started).toEqual(['zalo']);
    expect(server.callsTo('deleteWebhook')).toHaveLength(4);
    await zalo.stopReceiving();
  });

  it('a stop ends the retries', async () => {
    server.failNext('setWebhook', { times: 1_000 });
    const zalo = channel('webhook');
    await zalo.start(undefined, () => undefined);
    await until(() => server.callsTo('setWebhook').length >= 2);
    await zalo.stopReceiving();
    const calls = server.callsTo('setWebhook').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(server.callsTo('setWebhook')).toHaveLength(calls);
  });
});
