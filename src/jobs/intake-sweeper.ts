// Hands received files to the intake queue again if their job never got there (Redis was down
// when the teacher sent the file, or the process died right after recording it): the intake
// row is the truth, the queue only a wake-up call.
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';

export interface IntakeSweeperOptions {
  db: Db;
  logger: Logger;
  enqueue(intakeId: number): Promise<void>;
  /** How often to look. Default 10 s. */
  intervalMs?: number;
  /** Leave an intake this long to its own job before re-queueing it. Default 30 s. */
  graceMs?: number;
}

export class IntakeSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly options: IntakeSweeperOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined, (err: Error) => this.options.logger.warn({ err: err.message }, 'intake sweeper failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs ?? 10_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(now = Date.now()): Promise<number> {
    const stale = await this.options.db.intake.findMany({
      where: { status: 'RECEIVED', createdAt: { lt: new Date(now - (this.options.graceMs ?? 30_000)) } },
      select: { id: true },
      take: 500,
    });
    try {
      for (const { id } of stale) await this.options.enqueue(id); // the job id makes this a no-op if queued
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'intake sweeper: queue unavailable, will retry');
    }
    return stale.length;
  }
}
