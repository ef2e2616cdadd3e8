// Moves committed outbox rows onto the delivery queue. Polling the table (and a kick after
// known commits) means a message written just before a crash, or while Redis was down, is
// still delivered once everything is back. Every process may run one: a row is handed over by
// one relay per `requeueAfterMs` (a claim in Redis shared by all of them), and the delivery
// job's id (`outbox-<id>`) makes a second hand-over a no-op anyway.
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';
import type { Redis } from 'ioredis';

export interface OutboxRelayOptions {
  db: Db;
  logger: Logger;
  /** Hands a row to its channel's delivery queue (bulk rows behind the others). */
  enqueue(row: { id: number; channel: string; chatId: string; bulk: boolean }): Promise<void>;
  /** How often to look for pending rows. Default 1 s: a chat reply should feel immediate. */
  intervalMs?: number;
  /** Don't re-enqueue a row handed over less than this long ago (its job may be retrying). */
  requeueAfterMs?: number;
  /**
   * Claims rows for hand-over, across processes: returns the ids this relay may hand over now
   * (claimed for `ttlMs`). Default: a claim of this process only.
   */
  claim?(ids: number[], ttlMs: number): Promise<number[]>;
  /** Gives claims back (their rows could not be handed over: the queue is away). */
  unclaim?(ids: number[]): Promise<void>;
}

/** Claims in Redis (SET NX PX, one round trip): one relay of all processes hands a row over. */
export function redisHandOverClaim(redis: Redis, prefix: string): NonNullable<OutboxRelayOptions['claim']> {
  return async (ids, ttlMs) => {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.set(`${prefix}:relay:${id}`, '1', 'PX', ttlMs, 'NX');
    const answers = (await pipeline.exec()) ?? [];
    return ids.filter((_, i) => answers[i]?.[1] === 'OK');
  };
}

export function redisHandOverRelease(redis: Redis, prefix: string): NonNullable<OutboxRelayOptions['unclaim']> {
  return async (ids) => {
    if (ids.length > 0) await redis.del(...ids.map((id) => `${prefix}:relay:${id}`));
  };
}

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private lastWarning = 0;
  private readonly handedOver = new Map<number, number>();

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1000);
    this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Look now (after a commit that wrote messages). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.tick()
      .catch((err) => this.warn(err as Error))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** It retries every second: while Redis is away, once a minute says so. */
  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.options.logger.warn({ err: error.message }, 'outbox relay: will retry');
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    // What a person waits for first, then bulk: a round of tens of thousands of pending rows
    // must not hide a confirmation written after it (each look sees its first 1000 rows).
    const pending = (bulk: boolean) =>
      this.options.db.outboxMessage.findMany({
        where: { status: 'PENDING', bulk, notBefore: { lte: new Date(now) } },
        select: { id: true, channel: true, chatId: true, bulk: true },
        orderBy: { id: 'asc' },
        take: 1000,
      });
    const rows = [...(await pending(false)), ...(await pending(true))];
    const requeueAfter = this.options.requeueAfterMs ?? 60_000;
    const claim = this.options.claim ?? ((ids: number[]) => Promise.resolve(this.claimHere(ids, now, requeueAfter)));
    const mine = new Set(await claim(rows.map((r) => r.id), requeueAfter));
    const claimed = rows.filter((r) => mine.has(r.id));
    for (const [i, row] of claimed.entries()) {
      try {
        await this.options.enqueue(row);
      } catch (error) {
        const left = claimed.slice(i).map((r) => r.id);
        if (this.options.unclaim) await this.options.unclaim(left).catch(() => undefined);
        else for (const id of left) this.handedOver.delete(id);
        throw error;
      }
    }
  }

  private claimHere(ids: number[], now: number, requeueAfter: number): number[] {
    for (const [id, at] of this.handedOver) if (now - at >= requeueAfter) this.handedOver.delete(id);
    const free = ids.filter((id) => !this.handedOver.has(id));
    for (const id of free) this.handedOver.set(id, now);
    return free;
  }
}
