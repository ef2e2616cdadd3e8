// The part of the web admin's security sweep (web-admin-sweep.test.ts) that needs the chat
// side: the product as started for production (webhook mode for both chats: an https
// PUBLIC_URL; the web and bot roles), whose app is held to the whole sweep table, and its two
// webhook routes, which must refuse any request without their secret before a bot sees it.
// Everything else of the sweep runs on the web harness, without the bots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from '../../src/bot/telegram/telegram-bot.js';
import { zaloWebhookSecret } from '../../src/bot/zalo/zalo-webhook.js';
import type { Db } from '../../src/db/prisma.js';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';
import { routesOf } from './route-inventory.js';
import { SWEEP } from './sweep-table.js';

let h: ChatHarness;
let base: string;
let db: Db;

beforeAll(async () => {
  // The web and bot roles only: the webhooks and every page, no BullMQ workers or schedule
  // (they add no route; the bots answer a stranger directly, not through the queues).
  h = await startChatHarness({ PUBLIC_URL: 'https://hscm.example.vn', PROCESS_ROLES: 'web,bot' }, { zalo: 'webhook' });
  base = `http://127.0.0.1:${h.product.port}`;
  db = h.product.db;
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('route inventory of the product', () => {
  it('every route the product serves is in the sweep table (and the table names none that is gone)', () => {
    const served = routesOf(h.product.app).map((r) => `${r.method} ${r.path}`);
    const unknown = served.filter((k) => !(k in SWEEP));
    expect(unknown, 'routes unknown to the security sweep: add them to SWEEP in test/security/sweep-table.ts (access, section, ids, form)').toEqual([]);
    expect(Object.keys(SWEEP).filter((k) => !served.includes(k)), 'routes in the sweep table that the product no longer serves').toEqual([]);
    for (const key of served) {
      const rule = SWEEP[key]!;
      if (rule.access !== 'session') continue;
      expect(rule.section, `${key}: which viewers may use it (section)`).toBeDefined();
      if (key.includes(':')) expect(rule.ids, `${key}: how to fill its ids and who may reach each (ids)`).toBeDefined();
      if (key.startsWith('POST ')) expect(rule.form, `${key}: a form for the CSRF sweep (form)`).toBeDefined();
    }
    expect(served).toEqual(expect.arrayContaining(['POST /telegram/webhook', 'POST /zalo/webhook']));
    expect(served.length).toBeGreaterThan(60);
  });
});

describe('chat webhooks', () => {
  it('webhooks refuse requests without the secret or with a wrong one (403), handle nothing, and answer malformed bodies without a 500', async () => {
    const telegram = webhookSecret(h.server.token);
    const zalo = zaloWebhookSecret(h.zalo!.token);
    const hooks = [
      { path: '/telegram/webhook', header: 'x-telegram-bot-api-secret-token', secret: telegram, update: { update_id: 990001, message: { message_id: 1, date: 0, chat: { id: 990001, type: 'private' }, from: { id: 990001, is_bot: false, first_name: 'Lạ' }, text: '/start' } } },
      { path: '/zalo/webhook', header: 'x-bot-api-secret-token', secret: zalo, update: { event_name: 'message.text.received', message: { message_id: 'sweep-1', date: Date.now(), text: 'xin chào', chat: { id: 'zu-990001', chat_type: 'PRIVATE' }, from: { id: 'zu-990001', display_name: 'Lạ', is_bot: false } } } },
    ];
    const processed = await db.processedUpdate.count();
    for (const hook of hooks) {
      const post = (headers: Record<string, string>, body: string) => fetch(base + hook.path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const wrong = [{}, { [hook.header]: '' }, { [hook.header]: 'wrong' }, { [hook.header]: hook.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
        { [hook.header]: `${hook.secret}x` }, { [hook.header]: hook.secret.toUpperCase() }, { authorization: `Bearer ${hook.secret}` }];
      for (const headers of wrong) {
        const res = await post(headers, JSON.stringify(hook.update));
        expect(res.status, `${hook.path} ${JSON.stringify(headers)}`).toBe(403);
      }
      // With the secret, bodies that are not updates are refused as such, not as a crash.
      for (const body of ['{', '[]', '"x"', '{}', JSON.stringify({ update_id: 'x' })]) {
        const res = await post({ [hook.header]: hook.secret }, body);
        expect(res.status, `${hook.path} ${body}`).toBe(400);
      }
      expect((await fetch(base + hook.path)).status, `GET ${hook.path}`).toBe(404);
    }
    expect(await db.processedUpdate.count()).toBe(processed);
    expect(h.server.sentTo(990001)).toEqual([]);
    expect(h.zalo!.sentTo('zu-990001')).toEqual([]);
    // The control: the same updates with the right secret are taken and answered, so the
    // refusals above were the secret's doing, not a bot that handles nothing.
    for (const hook of hooks) {
      const res = await fetch(base + hook.path, { method: 'POST', headers: { 'content-type': 'application/json', [hook.header]: hook.secret }, body: JSON.stringify(hook.update) });
      expect(res.status, `${hook.path} with the secret`).toBe(200);
    }
    await h.server.waitFor(() => h.server.sentTo(990001).length > 0);
    await h.zalo!.waitFor(() => h.zalo!.sentTo('zu-990001').length > 0);
    expect(await db.processedUpdate.count()).toBe(processed + 2);
  });


  it('refuse another site’s Origin (403)', async () => {
    for (const path of ['/telegram/webhook', '/zalo/webhook']) {
      const res = await fetch(base + path, { method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ a: '1' }) });
      expect(res.status, path).toBe(403);
    }
  });
});
