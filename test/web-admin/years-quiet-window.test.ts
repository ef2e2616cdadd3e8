// A quiet window saved on the school-year page is what the delivery then keeps, with no restart:
// the whole product (the outbox relay, telegraf against the local Bot API server). Alone in its
// file because the relay reads the quiet hours at most once a minute, so this must be the
// product's first delivery. The rest of the school-year pages: years.test.ts (web harness).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnTimeOf } from '../../src/core/calendar.js';
import { queueForChat } from '../../src/use-cases/outbox.js';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: ChatHarness;
let base: string;
let yearId: number;

beforeAll(async () => {
  h = await startChatHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  await giveWebAccount(h.product.db, 'SGD-HL1', 'hotline');
  yearId = (await h.product.db.schoolYear.findFirstOrThrow({ orderBy: { name: 'desc' } })).id;
});
afterAll(async () => {
  await h?.stop();
});

async function signedIn(username: string): Promise<WebClient> {
  const c = new WebClient(base);
  await c.signIn(username);
  await c.get('/password'); // any signed-in page: its forms carry the session's CSRF token
  expect(c.csrf).not.toBe('');
  return c;
}

const year = () => h.product.db.schoolYear.findUniqueOrThrow({ where: { id: yearId } });

/** The form as stored, with some fields changed. */
async function settingsForm(changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const y = await year();
  return {
    startsOn: y.startsOn, endsOn: y.endsOn, annualDeadline: y.annualDeadline,
    reminderOffsetsDays: (JSON.parse(y.reminderOffsetsDays) as number[]).join(', '), reminderTime: y.reminderTime,
    quietStart: y.quietStart, quietEnd: y.quietEnd, digestTime: y.digestTime, nudgeAfterHours: String(y.nudgeAfterHours), ...changes,
  };
}

describe('a saved quiet window', () => {
  // First delivery of this product: the quiet hours it reads are the ones just saved.
  it('holds notifications until the new end, with no restart', async () => {
    const c = await signedIn('hotline');
    const now = Date.now();
    const end = new Date(Math.floor((now + 2 * 3_600_000) / 60_000) * 60_000);
    const res = await c.post(`/years/${yearId}`, await settingsForm({ quietStart: vnTimeOf(new Date(now - 3_600_000)), quietEnd: vnTimeOf(end) }));
    expect(res.status).toBe(303);

    await h.product.db.$transaction((tx) => queueForChat(tx, { channel: 'TELEGRAM', chatId: '8801', key: 'test:quiet:8801', message: { type: 'text', text: 'Nhắc nhở trong giờ yên lặng' } }));
    h.product.chat.relay.kick();
    let row = await h.product.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'test:quiet:8801' } });
    for (let i = 0; i < 100 && row.notBefore.getTime() !== end.getTime(); i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await h.product.db.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'test:quiet:8801' } });
    }
    expect(row.status).toBe('PENDING');
    expect(row.notBefore.toISOString()).toBe(end.toISOString());
    expect(h.server.sentTo(8801)).toEqual([]);
  });
});
