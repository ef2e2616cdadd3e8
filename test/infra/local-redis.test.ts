import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { pingOnce, startLocalRedis, type LocalRedis } from '../../src/infra/local-redis.js';

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

  it("runs in a process group of its own, so a terminal's Ctrl-C reaches only the product", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-redis-'));
    const redis = await startLocalRedis({ dataDir, persistent: false });
    started.push(redis);
    const groupOf = (pid: number) => Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    expect(groupOf(redis.pid)).toBe(redis.pid);
    expect(groupOf(redis.pid)).not.toBe(groupOf(process.pid));
  });

  it('leaves a server another process still uses running, and says why', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-redis-'));
    const redis = await startLocalRedis({ dataDir, persistent: false });
    started.push(redis);
    const other = new Redis(redis.url);
    await other.ping();
    const result = await redis.stop();
    expect(result).toMatchObject({ stopped: false, pid: redis.pid, url: redis.url });
    expect(result.stopped ? '' : result.reason).toContain('1 other connection');
    expect(await other.ping()).toBe('PONG');
    other.disconnect();
  });

  it('stops a reused server (left by a crashed start) once nothing else uses it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-redis-'));
    const first = await startLocalRedis({ dataDir, persistent: false });
    started.push(first);
    const reused = await startLocalRedis({ dataDir, persistent: false });
    expect(reused).toMatchObject({ started: false, pid: first.pid });
    expect(await reused.stop()).toEqual({ stopped: true });
    expect(await pingOnce(first.url)).toBe(false);
    expect(() => process.kill(first.pid, 0)).toThrow();
  });
});
