// Zalo's rate-limit answer says how long to wait: the delivery outcome carries that wait (the
// delivery job delays the message by it without spending an attempt), not a fixed 2 s.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloClient } from '../../../src/bot/zalo/zalo-client.js';
import { ZaloSender } from '../../../src/bot/zalo/zalo-sender.js';
import { ReviewLinks } from '../../../src/use-cases/review-links.js';
import { ZaloApiServer } from '../../support/zalo-api-server.js';

const links = new ReviewLinks('x'.repeat(32), 'http://127.0.0.1:1');
let server: ZaloApiServer;
let sender: ZaloSender;

beforeAll(async () => {
  server = await new ZaloApiServer().start();
  sender = new ZaloSender(new ZaloClient({ token: server.token, apiRoot: server.apiRoot, timeoutMs: 2000 }), links);
});
afterAll(async () => {
  await server.stop();
});

const text = { type: 'text', text: 'Nhắc nộp hồ sơ' } as const;

describe('Zalo 429', () => {
  it('honours retry_after from the answer', async () => {
    server.answerNext('sendMessage', { httpStatus: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 7 } } });
    expect(await sender.send('c-1', text)).toEqual({ status: 'RETRY', error: 'Too Many Requests', retryAfterMs: 7000 });
  });

  it('waits 2 s when Zalo gives no wait', async () => {
    server.answerNext('sendMessage', { httpStatus: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests' } });
    expect(await sender.send('c-1', text)).toEqual({ status: 'RETRY', error: 'Too Many Requests', retryAfterMs: 2000 });
  });

  it('honours a Retry-After header, also on a proxy’s page that is not the Bot API’s JSON', async () => {
    const proxy = http.createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'text/html', 'retry-after': '12' });
      res.end('<html>Too Many Requests</html>');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const viaProxy = new ZaloSender(new ZaloClient({ token: server.token, apiRoot, timeoutMs: 2000 }), links);
      expect(await viaProxy.send('c-1', text)).toMatchObject({ status: 'RETRY', retryAfterMs: 12_000 });
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
