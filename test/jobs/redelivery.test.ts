// A delivery whose job failed for good (kept in BullMQ's failed set for inspection) must run
// again when its outbox row is put back to PENDING (the operations page's "retry"): BullMQ
// ignores an add whose job id still exists, so the failed job is removed first.
import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createLogger } from '../../src/infra/logger.js';
import { JobSystem } from '../../src/jobs/job-system.js';

let jobs: JobSystem | undefined;
afterEach(async () => {
  await jobs?.close();
  jobs = undefined;
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('delivering again after a failed job', () => {
  it('a re-enqueued message whose last job failed is delivered; a waiting one is not duplicated', async () => {
    const attempts: number[] = [];
    const gaveUp: number[] = [];
    jobs = new JobSystem({
      redisUrl: inject('redisUrl'), logger: createLogger('silent'), workers: true, prefix: `t${randomUUID().slice(0, 8)}`,
      handlers: {
        intake: async () => {}, intakeGaveUp: async () => {}, tick: async () => {},
        deliveryGaveUp: async (id) => void gaveUp.push(id),
        deliver: async (id) => {
          attempts.push(id);
          // The first run fails for good, as the last of a job's attempts does.
          if (attempts.length === 1) throw new UnrecoverableError('platform down');
        },
      },
    });
    await jobs.enqueueDelivery(41, 'TELEGRAM');
    await until(async () => (await jobs!.counts())['delivery-telegram']!.failed === 1);
    expect((await jobs.counts())['delivery-telegram']!.failed).toBe(1);
    expect(attempts).toEqual([41]);

    await jobs.enqueueDelivery(41, 'TELEGRAM');
    await until(() => attempts.length === 2);
    expect(attempts).toEqual([41, 41]);
    await until(async () => (await jobs!.counts())['delivery-telegram']!.failed === 0);
    expect((await jobs.counts())['delivery-telegram']).toMatchObject({ failed: 0, waiting: 0, active: 0 });

    // A job still waiting (delayed) keeps its place: enqueuing it again adds nothing.
    await jobs.enqueueDelivery(42, 'TELEGRAM', 60_000);
    await jobs.enqueueDelivery(42, 'TELEGRAM', 60_000);
    expect((await jobs.counts())['delivery-telegram']!.delayed).toBe(1);
    expect(attempts).toEqual([41, 41]);
  });
});
