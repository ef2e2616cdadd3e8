// One retry policy for every loop that waits between failures (the Telegram and Zalo pollers,
// background set-up tasks) and for the job queues' retries, and one sleep that a stop can cut
// short. Time is an option here, so tests shorten it instead of waiting it out.

/** Exponential back-off: `firstMs` after the first failure, doubling, never more than `maxMs`. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** The pollers' and set-up tasks' default: 1 s, 2 s, 4 s … 30 s. */
export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, maxMs: 30_000 };

/** The wait after the `failures`-th failure in a row (1 = the first). */
export function backoffDelay(failures: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const doublings = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** doublings);
}

/** Waits `ms`, or less when `signal` aborts (resolves either way: the caller checks why it woke). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `task` in the background until it succeeds, waiting `backoff` between failures.
 * `stop()` ends the wait at once and resolves when no attempt is running.
 */
export function keepTrying(
  task: () => Promise<void>,
  onFailure: (err: Error, waitMs: number) => void,
  backoff: Backoff = DEFAULT_BACKOFF,
): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const done = (async () => {
    for (let failures = 1; !stopping.signal.aborted; failures++) {
      try {
        return await task();
      } catch (err) {
        const waitMs = backoffDelay(failures, backoff);
        onFailure(err as Error, waitMs);
        await sleep(waitMs, stopping.signal);
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await done;
    },
  };
}
