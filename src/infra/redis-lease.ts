// A lease in Redis that one process at a time holds: long polling (Telegram answers a second
// poller with 409 Conflict) runs only in the holder. The holder renews it; when the holder dies
// the lease lapses after `ttlMs` and a waiting process takes it over.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

// Takes a free lease or renews one this owner holds.
const TAKE = `local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface RedisLeaseOptions {
  redis: Redis;
  key: string;
  logger: Logger;
  /**
   * Who holds it. Default: random per process. A name stable across restarts (host and port)
   * lets a process restarted after kill -9 take its own lease back at once instead of waiting
   * for it to lapse.
   */
  owner?: string;
  /** How long the lease outlives its holder's last renewal. Default 15 s. */
  ttlMs?: number;
  /** Called once the lease is held (start the loop it guards). */
  onAcquired(): void;
  /** Called when a held lease was lost (Redis forgot it, another took it): stop the loop. */
  onLost(): Promise<void> | void;
}

export class RedisLease {
  private readonly owner: string;
  private timer?: NodeJS.Timeout;
  private held = false;
  private stopped = false;
  private told = false;

  constructor(private readonly o: RedisLeaseOptions) {
    this.owner = o.owner ?? randomBytes(12).toString('base64url');
  }

  get holding(): boolean {
    return this.held;
  }

  /** Tries now, then every third of the TTL: renews while held, takes over when free. */
  start(): void {
    void this.step();
    this.timer = setInterval(() => void this.step(), Math.max(100, Math.floor(this.ttl / 3)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (!this.held) return;
    this.held = false;
    await this.o.redis.eval(RELEASE, 1, this.o.key, this.owner).catch(() => undefined);
  }

  private get ttl(): number {
    return this.o.ttlMs ?? 15_000;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    try {
      const ours = Number(await this.o.redis.eval(TAKE, 1, this.o.key, this.owner, this.ttl)) === 1;
      if (this.stopped) {
        if (ours && !this.held) await this.o.redis.eval(RELEASE, 1, this.o.key, this.owner);
        return;
      }
      if (this.held) {
        if (ours) return;
        this.held = false;
        this.o.logger.warn({ lease: this.o.key }, 'lease lost: another process holds it now');
        await this.o.onLost();
        return;
      }
      if (!ours) {
        if (!this.told) this.o.logger.info({ lease: this.o.key }, 'another process holds the lease; waiting to take over if it stops');
        this.told = true;
        return;
      }
      this.held = true;
      this.o.logger.info({ lease: this.o.key }, 'lease taken');
      this.o.onAcquired();
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message, lease: this.o.key }, 'lease: redis unavailable; will retry');
    }
  }
}
