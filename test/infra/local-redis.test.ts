import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../../src/infra/local-redis.js';

const started: LocalRedis[] = [];
afterEach(async () => {
  for (const r of started.splice(0)) await r.stop();
});

describe('startLocalRedis', () => {
  it('starts a redis-server that answers, and reuses it instead of starting a second one', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-redis-'));
    const first = await startLocalRedis({ dataDir, persistent: false });
    started.push(first);
    const client = new Redis(first.url);
    await client.set('hscm:test', 'xin chào');
    const again = await startLocalRedis({ dataDir, persistent: false });
    expect(again).toMatchObject({ url: first.url, started: false });
    expect(await client.get('hscm:test')).toBe('xin chào');
    client.disconnect();
  });

  it('stops the server it started', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-redis-'));
    const redis = await startLocalRedis({ dataDir, persistent: false });
    await redis.stop();
    const client = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow();
    expect(fs.existsSync(path.join(dataDir, 'instance.json'))).toBe(false);
  });
});
