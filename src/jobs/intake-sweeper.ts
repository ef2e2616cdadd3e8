// Hands intakes with work in hand (RECEIVED: not yet read; CHECKED: read, next step not taken)
// to a job again when no job is doing them: Redis was down when the teacher sent the file, the
// process died right after recording it, or its job ended without ending the intake (failed
// after two crashes in a row, say). The intake row is the truth, the queue only a wake-up call;
// every run is counted on the row, so a file that never gets through is given up and told.
import { WORK_IN_HAND } from '../core/intake-state.js';
import type { Db } from '../db/prisma.js';
import type { Logger } from '../infra/logger.js';

export interface IntakeSweeperOptions {
  db: Db;
  logger: Logger;
  /** Queues the intake's job again, replacing a job of the same id that has ended. */
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
    const run = () => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined, (err: Error) => this.options.logger.warn({ err: err.message }, 'intake sweeper failed; will retry'))
        .finally(() => (this.running = undefined));
    };
    // At once too: after a restart, work left by the process that died is taken up without waiting a period.
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 10_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(now = Date.now()): Promise<number> {
    const stale = await this.options.db.intake.findMany({
      where: { status: { in: [...WORK_IN_HAND] }, createdAt: { lt: new Date(now - (this.options.graceMs ?? 30_000)) } },
      select: { id: true },
      take: 500,
    });
    try {
      for (const { id } of stale) await this.options.enqueue(id); // a no-op while its job waits or runs
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message }, 'intake sweeper: queue unavailable, will retry');
    }
    return stale.length;
  }
}
