// Long polling for development (no public https address): one update per call, 408 = nothing
// new. An update taken from Zalo is handled before the next poll and before stopping, so a
// shutdown loses none; failures back off instead of spinning.
import type { Logger } from '../../infra/logger.js';
import type { ZaloBot } from './zalo-bot.js';
import type { ZaloClient } from './zalo-client.js';

export class ZaloPoller {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly client: ZaloClient,
    private readonly bot: ZaloBot,
    private readonly logger: Logger,
    private readonly pollSeconds = 25,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Waits for the poll in flight (at most `pollSeconds`) and the update it brought. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const update = await this.client.getUpdates(this.pollSeconds);
        if (update) await this.bot.handleUpdate(update);
        failures = 0;
      } catch (error) {
        failures++;
        const waitMs = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.logger.warn({ err: (error as Error).message, waitMs }, 'zalo polling failed; retrying');
        await this.pause(waitMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
