// Long polling for development (no public https address): one update per call, 408 = nothing
// new. An update taken from Zalo is handled before the next poll and before stopping; failures
// back off instead of spinning (src/infra/backoff.ts, as the Telegram poller).
//
// A stop ends the poll in flight at once, as the Telegram poller does: during a Zalo outage a
// poll hangs for its wait plus the client timeout (40 s by default), longer than a shutdown may
// take (SHUTDOWN_TIMEOUT_MS). An update Zalo hands out in the instant of that abort is the one
// thing a stop can cost; polling is the development mode, production takes the webhook.
import { backoffDelay, DEFAULT_BACKOFF, sleep, type Backoff } from '../../infra/backoff.js';
import type { Logger } from '../../infra/logger.js';
import type { ZaloBot } from './zalo-bot.js';
import type { ZaloClient } from './zalo-client.js';

export interface ZaloPollerOptions {
  /** Seconds one long poll waits on Zalo's side. Default 25. */
  pollSeconds?: number;
  /** Pause between failed polls. Default 1 s doubling to 30 s. */
  backoff?: Backoff;
}

export class ZaloPoller {
  private running = false;
  private loop?: Promise<void>;
  /** Aborts the poll in flight and the pause between failures. */
  private stopping = new AbortController();

  constructor(
    private readonly client: ZaloClient,
    private readonly bot: ZaloBot,
    private readonly logger: Logger,
    private readonly options: ZaloPollerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.run();
  }

  /** Ends the poll in flight or the pause, and waits for the update being handled. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const update = await this.client.getUpdates(this.options.pollSeconds ?? 25, this.stopping.signal);
        if (update) await this.bot.handleUpdate(update);
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures++;
        const waitMs = backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF);
        this.logger.warn({ err: (error as Error).message, waitMs }, 'zalo polling failed; retrying');
        await sleep(waitMs, this.stopping.signal);
      }
    }
  }
}
