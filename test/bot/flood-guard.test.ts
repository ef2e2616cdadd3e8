// The flood guard: its rule (pure), and its counting in a real Redis shared by every process.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { allowanceFor, floodKindOf, floodNotice, floodVerdict, FloodGuard, type FloodVerdict } from '../../src/bot/conversation/flood-guard.js';
import type { Inbound, InboundEvent } from '../../src/bot/conversation/inbound.js';
import { createLogger } from '../../src/infra/logger.js';

const logger = createLogger('silent');

describe('the rule', () => {
  it('allows up to the allowance, refuses the first over it once, then drops', () => {
    const at = (place: number, toldAlready = false) => floodVerdict({ place, allowance: 20, toldAlready, waitMs: 42_000 }).type;
    expect([1, 19, 20].map((p) => at(p))).toEqual(['allow', 'allow', 'allow']);
    expect(at(21)).toBe('refuse');
    expect(at(21, true)).toBe('drop');
    expect(at(500, true)).toBe('drop');
    // Told recently but back within the allowance (the window cleared): handled again.
    expect(at(3, true)).toBe('allow');
  });

  it('an allowance of 0 turns the guard off', () => {
    expect(floodVerdict({ place: 10_000, allowance: 0, toldAlready: false, waitMs: 1 })).toEqual({ type: 'allow' });
  });

  it('says at least one second to wait', () => {
    expect(floodVerdict({ place: 2, allowance: 1, toldAlready: false, waitMs: 3 })).toEqual({ type: 'refuse', waitMs: 1000 });
  });

  it('button presses have an allowance three times the messages’', () => {
    const limits = { messages: 20, windowMs: 60_000 };
    expect(floodKindOf({ type: 'button', data: 'f:x:1' })).toBe('button');
    for (const event of [{ type: 'text', text: 'alo' }, { type: 'document', file: { ref: 'F', name: 'a.docx', size: 1, mime: null } }, { type: 'command', command: 'status' }] as InboundEvent[]) {
      expect(floodKindOf(event)).toBe('message');
    }
    expect(allowanceFor('message', limits)).toBe(20);
    expect(allowanceFor('button', limits)).toBe(60);
  });

  it('the refusal is polite Vietnamese with the wait in seconds or minutes', () => {
    expect(floodNotice(41_200)).toBe('Thầy/cô gửi quá nhiều tin nhắn trong thời gian ngắn, vui lòng chờ 42 giây rồi thử lại.');
    expect(floodNotice(300)).toContain('chờ 1 giây');
    expect(floodNotice(150_000)).toContain('chờ 3 phút');
  });
});

describe('counting in Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis.disconnect();
  });

  let n = 0;
  const inbound = (user: string, event: InboundEvent = { type: 'text', text: 'alo' }, channel: 'TELEGRAM' | 'ZALO' = 'TELEGRAM'): Inbound => ({
    channel, externalUserId: user, chatId: user, updateId: `u${n++}`, event,
  });
  const guard = (messages: number, windowMs = 60_000, prefix = `t${randomUUID().slice(0, 8)}`) =>
    new FloodGuard({ redis, limits: { messages, windowMs }, logger, prefix });

  it('one person over the allowance: refused once, then dropped; another person is unaffected', async () => {
    const g = guard(5);
    const t0 = 1_000_000;
    const verdicts: FloodVerdict[] = [];
    for (let i = 0; i < 9; i++) verdicts.push(await g.check(inbound('flooder'), t0 + i * 100));
    expect(verdicts.map((v) => v.type)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'refuse', 'drop', 'drop', 'drop']);
    // At the 6th (t0 + 500 ms) the window holds 6: below the allowance once the 2nd (t0 + 100 ms) has left it.
    expect(verdicts[5]).toEqual({ type: 'refuse', waitMs: 59_600 });
    expect((await g.check(inbound('colleague'), t0 + 950)).type).toBe('allow');
    expect((await g.check(inbound('flooder', { type: 'text', text: 'x' }, 'ZALO'), t0 + 950)).type).toBe('allow');
  });

  it('events arriving at once get distinct places: exactly one refusal', async () => {
    const g = guard(10);
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => g.check(inbound('burst'), 5_000_000)));
    const count = (type: string) => verdicts.filter((v) => v.type === type).length;
    expect([count('allow'), count('refuse'), count('drop')]).toEqual([10, 1, 29]);
  });

  it('a sliding window: after a pause the person is served again, and refused again if they flood again', async () => {
    const g = guard(3, 10_000);
    const t0 = 9_000_000;
    for (let i = 0; i < 3; i++) expect((await g.check(inbound('p'), t0 + i)).type).toBe('allow');
    expect((await g.check(inbound('p'), t0 + 10)).type).toBe('refuse');
    expect((await g.check(inbound('p'), t0 + 20)).type).toBe('drop');
    // Still inside the window of the flood: dropped.
    expect((await g.check(inbound('p'), t0 + 9_000)).type).toBe('drop');
    // The window has moved past the flood: served.
    expect((await g.check(inbound('p'), t0 + 25_000)).type).toBe('allow');
    for (let i = 1; i < 3; i++) expect((await g.check(inbound('p'), t0 + 25_000 + i)).type).toBe('allow');
    expect((await g.check(inbound('p'), t0 + 25_010)).type).toBe('refuse');
  });

  it('button presses are counted apart from messages, with the larger allowance', async () => {
    const g = guard(2);
    const press = { type: 'button', data: 'd:1:a' } as const;
    const types = [];
    for (let i = 0; i < 7; i++) types.push((await g.check(inbound('reviewer', press), 7_000_000 + i)).type);
    expect(types).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'allow', 'refuse']);
    // Already told: a message over its own allowance is dropped without a second refusal.
    expect((await g.check(inbound('reviewer'), 7_000_010)).type).toBe('allow');
    expect((await g.check(inbound('reviewer'), 7_000_011)).type).toBe('allow');
    expect((await g.check(inbound('reviewer'), 7_000_012)).type).toBe('drop');
  });

  it('two processes share one count', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const other = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
    try {
      const a = new FloodGuard({ redis, limits: { messages: 2, windowMs: 60_000 }, logger, prefix });
      const b = new FloodGuard({ redis: other, limits: { messages: 2, windowMs: 60_000 }, logger, prefix });
      expect((await a.check(inbound('shared'), 1)).type).toBe('allow');
      expect((await b.check(inbound('shared'), 2)).type).toBe('allow');
      expect((await a.check(inbound('shared'), 3)).type).toBe('refuse');
      expect((await b.check(inbound('shared'), 4)).type).toBe('drop');
    } finally {
      other.disconnect();
    }
  });

  it('keeps at most four times the allowance per person, however long the flood', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const g = new FloodGuard({ redis, limits: { messages: 5, windowMs: 60_000 }, logger, prefix });
    for (let i = 0; i < 100; i++) await g.check(inbound('long'), 11_000_000 + i);
    expect(await redis.zcard(`${prefix}:flood:TELEGRAM:long:message`)).toBe(20);
    expect(await redis.pttl(`${prefix}:flood:TELEGRAM:long:message`)).toBeGreaterThan(0);
  });
});

describe('failing open', () => {
  it('Redis refusing connections lets everyone through', async () => {
    const port = await closedPort();
    const dead = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    dead.on('error', () => undefined);
    try {
      const g = new FloodGuard({ redis: dead, limits: { messages: 1, windowMs: 60_000 }, logger, timeoutMs: 300 });
      const verdicts = await Promise.all([1, 2, 3].map((i) => g.check({ channel: 'TELEGRAM', externalUserId: 'x', chatId: 'x', updateId: `d${i}`, event: { type: 'text', text: 'a' } })));
      expect(verdicts.map((v) => v.type)).toEqual(['allow', 'allow', 'allow']);
    } finally {
      dead.disconnect();
    }
  });

  it('Redis that accepts the connection but never answers lets everyone through after the timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    const hung = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1, enableReadyCheck: false });
    hung.on('error', () => undefined);
    try {
      const g = new FloodGuard({ redis: hung, limits: { messages: 1, windowMs: 60_000 }, logger, timeoutMs: 200 });
      const verdicts = await Promise.all([1, 2].map((i) => g.check({ channel: 'ZALO', externalUserId: 'y', chatId: 'y', updateId: `h${i}`, event: { type: 'text', text: 'a' } })));
      expect(verdicts.map((v) => v.type)).toEqual(['allow', 'allow']);
    } finally {
      hung.disconnect();
      silent.close();
    }
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
