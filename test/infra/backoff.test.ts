// The one back-off and interruptible sleep the pollers and background set-up tasks share.
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, keepTrying, sleep } from '../../src/infra/backoff.js';

describe('backoffDelay', () => {
  it('doubles from the first wait up to the most, and stays there', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { firstMs: 100, maxMs: 300 }))).toEqual([100, 200, 300, 300]);
    expect(DEFAULT_BACKOFF).toEqual({ firstMs: 1000, maxMs: 30_000 });
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts, and at once when it already has', async () => {
    const stop = new AbortController();
    const long = sleep(10 * 60_000, stop.signal);
    stop.abort();
    await long; // would time the test out otherwise
    await sleep(10 * 60_000, stop.signal);
  });
});

describe('keepTrying', () => {
  it('retries until the task succeeds, reporting each failure with the wait', async () => {
    let calls = 0;
    const failures: Array<[string, number]> = [];
    let succeeded!: () => void;
    const done = new Promise<void>((r) => (succeeded = r));
    const task = keepTrying(
      async () => {
        if (++calls < 4) throw new Error(`failure ${calls}`);
        succeeded();
      },
      (err, waitMs) => failures.push([err.message, waitMs]),
      { firstMs: 1, maxMs: 2 },
    );
    await done;
    await task.stop(); // after success: resolves, tries nothing more
    expect(calls).toBe(4);
    expect(failures).toEqual([['failure 1', 1], ['failure 2', 2], ['failure 3', 2]]);
  });

  it('stop() ends a long wait between failures at once', async () => {
    let calls = 0;
    const task = keepTrying(
      async () => {
        calls++;
        throw new Error('down');
      },
      () => undefined,
      { firstMs: 10 * 60_000, maxMs: 10 * 60_000 },
    );
    await new Promise((r) => setTimeout(r, 20));
    await task.stop();
    expect(calls).toBe(1);
  });
});
