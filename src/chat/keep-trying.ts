// A set-up call that must not stop the product when a platform is away (setWebhook, getMe):
// retried in the background with back-off until it succeeds or the process stops.
import type { Logger } from '../infra/logger.js';

/** Runs `task` in the background until it succeeds, with backoff (1 s doubling to 30 s). */
export function keepTrying(logger: Logger, label: string, task: () => Promise<void>): { stop(): Promise<void> } {
  let stopped = false;
  let wake = () => undefined as void;
  const done = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        return await task();
      } catch (err) {
        const waitMs = Math.min(30_000, 1000 * 2 ** attempt);
        logger.warn({ err: (err as Error).message, waitMs }, `${label} failed; retrying`);
        await new Promise<void>((r) => {
          const timer = setTimeout(r, waitMs);
          wake = () => {
            clearTimeout(timer);
            r();
          };
        });
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}
