// A stop of the Zalo poller during a Zalo outage (issue 16, 6b): the poll in flight is ended at
// once, as the Telegram poller's is, and so is a pause between failed polls, so a shutdown never
// waits for a hanging poll (wait + client timeout: 40 s by default, past SHUTDOWN_TIMEOUT_MS).
// The local Zalo Bot API server hangs or fails the calls; the poller and client are the product's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZaloBot } from '../../../src/bot/zalo/zalo-bot.js';
import { ZaloClient } from '../../../src/bot/zalo/zalo-client.js';
import { ZaloPoller } from '../../../src/bot/zalo/zalo-polling.js';
import type { ZaloUpdate } from '../../../src/bot/zalo/zalo-client.js';
import { createLogger } from '../../../src/infra/logger.js';
import { ZaloApiServer } from '../../support/zalo-api-server.js';

let server: ZaloApiServer;
/** Stands in for the conversation: the poller's subject is the loop, not what an update does. */
const handled: ZaloUpdate[] = [];
const bot = { handleUpdate: async (u: ZaloUpdate) => void handled.push(u) } as unknown as ZaloBot;
const logger = createLogger('silent');

beforeEach(async () => {
  server = await new ZaloApiServer().start();
  handled.length = 0;
});
afterEach(async () => {
  await server.stop();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('ZaloPoller.stop during an outage', () => {
  it('ends a poll hanging on Zalo at once (the test would time out waiting for the hang)', async () => {
    server.faults.begin(['getUpdates'], { kind: 'hang', ms: 10 * 60_000 });
    const client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 10 * 60_000 });
    const poller = new ZaloPoller(client, bot, logger, { pollSeconds: 25 });
    poller.start();
    await until(() => server.faults.attemptsTo('getUpdates').length === 1);
    await poller.stop();
    // Nothing polled after the stop, nothing handled.
    expect(server.faults.attemptsTo('getUpdates')).toHaveLength(1);
    expect(handled).toEqual([]);
  });

  it('ends the pause between failed polls at once, and backs off instead of spinning', async () => {
    server.faults.begin(['getUpdates'], { kind: 'status', status: 502 });
    const client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot });
    const poller = new ZaloPoller(client, bot, logger, { pollSeconds: 1, backoff: { firstMs: 10 * 60_000, maxMs: 10 * 60_000 } });
    poller.start();
    await until(() => server.faults.attemptsTo('getUpdates').length === 1);
    await poller.stop();
    expect(server.faults.attemptsTo('getUpdates')).toHaveLength(1);
  });

  it('after the outage, polls again and hands the waiting update on, once', async () => {
    const outage = server.faults.begin(['getUpdates'], { kind: 'status', status: 502 });
    const client = new ZaloClient({ token: server.token, apiRoot: server.apiRoot });
    const poller = new ZaloPoller(client, bot, logger, { pollSeconds: 1, backoff: { firstMs: 20, maxMs: 50 } });
    poller.start();
    await until(() => server.faults.attemptsTo('getUpdates').length >= 3);
    await server.pushUpdate({ message: { text: 'xin chào' } });
    outage.end();
    await until(() => handled.length === 1);
    await poller.stop();
    expect(handled).toHaveLength(1);
  });
});
