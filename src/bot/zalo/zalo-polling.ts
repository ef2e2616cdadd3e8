// Long polling for development (no public https address): one update per call, 408 = nothing
// new. An update taken from Zalo is handled before the next poll and before stopping; failures
// back off instead of spinning (the loop both pollers share: ../poll-loop.ts).
//
// A stop ends the poll in flight at once, as the Telegram poller does: during a Zalo outage a
// poll hangs for its wait plus the client timeout (40 s by default), longer than a shutdown may
// take (SHUTDOWN_TIMEOUT_MS). An update Zalo hands out in the instant of that abort is the one
// thing a stop can cost; polling is the development mode, production takes the webhook.
import type { Backoff } from '../../infra/backoff.js';
import type { Logger } from '../../infra/logger.js';
import { PollLoop } from '../poll-loop.js';
import type { ZaloBot } from './zalo-bot.js';
import type { ZaloClient } from './zalo-client.js';

export interface ZaloPollerOptions {
  /** Seconds one long poll waits on Zalo's side. Default 25. */
  pollSeconds?: number;
  /** Pause between failed polls. Default 1 s doubling to 30 s. */
  backoff?: Backoff;
}

export class ZaloPoller {
  private readonly loop: PollLoop;

  constructor(client: ZaloClient, bot: ZaloBot, logger: Logger, options: ZaloPollerOptions = {}) {
    this.loop = new PollLoop({
      name: 'zalo',
      logger,
      backoff: options.backoff,
      step: async (signal) => {
        const update = await client.getUpdates(options.pollSeconds ?? 25, signal);
        if (update) await bot.handleUpdate(update);
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Ends the poll in flight or the pause, and waits for the update being handled (at most 15 s). */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
