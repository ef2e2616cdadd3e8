// The loop both long pollers share: one step after another while running, every failure
// retried after a back-off (or the platform's own retry_after), and a stop that aborts the
// step in flight and the pause, then waits for what is in hand — at most `stopWaitMs`, since a
// send hanging on a dead connection must not hold a shutdown.
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from '../infra/backoff.js';
import type { Logger } from '../infra/logger.js';

export interface PollLoopOptions {
  /** Names the loop in the log ("telegram", "zalo"). */
  name: string;
  logger: Logger;
  /** One poll and the handling of what it brought; `signal` aborts on stop. */
  step: (signal: AbortSignal) => Promise<void>;
  /** Pause between failed steps. Default 1 s doubling to 30 s. */
  backoff?: Backoff;
  /** The platform's own wait for a failure (a 429's retry_after), which wins over the back-off. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Run once after the last step (e.g. confirm the handled updates). */
  finish?: () => Promise<void>;
  /** Longest a stop waits for the step in hand. Default 15 s. */
  stopWaitMs?: number;
}

export class PollLoop {
  private running = false;
  private loop?: Promise<void>;
  private stopping = new AbortController();

  constructor(private readonly o: PollLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise((r) => (timer = setTimeout(r, this.o.stopWaitMs ?? 15_000)));
    await Promise.race([this.loop, cap]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        await this.o.step(this.stopping.signal);
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures++;
        const waitMs = this.o.retryAfterMs?.(error) ?? backoffDelay(failures, this.o.backoff ?? DEFAULT_BACKOFF);
        this.o.logger.warn({ err: (error as Error).message, waitMs }, `${this.o.name} polling failed; retrying`);
        await sleep(waitMs, this.stopping.signal);
      }
    }
    await this.o.finish?.();
  }
}
