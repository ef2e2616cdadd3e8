// Moves committed outbox rows onto the delivery queue. Polling the table (and a kick after
// known commits) means a message written just before a crash, or while Redis was down, is
// still delivered once everything is back.
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';

export interface OutboxRelayOptions {
  db: Db;
  logger: Logger;
  /** Hands a row to its channel's delivery queue. */
  enqueue(row: { id: number; channel: string; chatId: string }): Promise<void>;
  /** How often to look for pending rows. Default 1 s: a chat reply should feel immediate. */
  intervalMs?: number;
  /** Don't re-enqueue a row handed over less than this long ago (its job may be retrying). */
  requeueAfterMs?: number;
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
    const rows = await this.options.db.outboxMessage.findMany({
      where: { status: 'PENDING', notBefore: { lte: new Date(now) } },
      select: { id: true, channel: true, chatId: true },
      orderBy: { id: 'asc' },
      take: 1000,
    });
    const requeueAfter = this.options.requeueAfterMs ?? 60_000;
    for (const row of rows) {
      const at = this.handedOver.get(row.id);
      if (at !== undefined && now - at < requeueAfter) continue;
      await this.options.enqueue(row);
      this.handedOver.set(row.id, now);
    }
    for (const [id, at] of this.handedOver) if (now - at >= requeueAfter) this.handedOver.delete(id);
  }
}
