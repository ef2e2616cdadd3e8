// The loop both long pollers share (src/bot/poll-loop.ts): what the pollers' own tests cannot
// reach without a platform misbehaving for minutes — a step that ignores the stop, and a
// platform's retry_after winning over a long back-off.
import { describe, expect, it } from 'vitest';
import { PollLoop } from '../../src/bot/poll-loop.js';
import { createLogger } from '../../src/infra/logger.js';

const logger = createLogger('silent');

describe('PollLoop', () => {
  it('a stop waits for the step in hand at most stopWaitMs, then finishes once the step ends', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    let steps = 0;
    let finished = 0;
    const loop = new PollLoop({
      name: 'test',
      logger,
      stopWaitMs: 30,
      // A handler stuck on a dead connection: it does not look at the signal.
      step: async () => {
        steps++;
        await hanging;
      },
      finish: async () => void finished++,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    expect(steps).toBe(1);
    expect(finished).toBe(0); // the stop returned while the step still hung
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(finished).toBe(1);
    expect(steps).toBe(1); // no step after the stop
  });

  it("the platform's retry_after wins over the back-off; a success resets the failures", async () => {
    const seen: string[] = [];
    let calls = 0;
    const loop = new PollLoop({
      name: 'test',
      logger,
      // Ten minutes: the test would time out if the back-off were used.
      backoff: { firstMs: 600_000, maxMs: 600_000 },
      retryAfterMs: (e) => ((e as Error).message === 'too many' ? 5 : undefined),
      step: async (signal) => {
        calls++;
        if (calls <= 2) throw new Error('too many');
        seen.push(`ok ${calls}`);
        if (calls === 3) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      },
    });
    loop.start();
    for (let i = 0; i < 200 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await loop.stop();
    expect(seen).toEqual(['ok 3']);
  });

  it('a stop during the back-off pause ends it at once', async () => {
    let calls = 0;
    const loop = new PollLoop({
      name: 'test',
      logger,
      backoff: { firstMs: 600_000, maxMs: 600_000 },
      stopWaitMs: 600_000,
      step: async () => {
        calls++;
        throw new Error('down');
      },
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    await loop.stop(); // would wait 10 minutes if the pause were not cut short
    expect(calls).toBe(1);
  });
});
