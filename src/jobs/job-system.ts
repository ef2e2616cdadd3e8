// The only module that imports BullMQ. Queues carry ids only; the database holds the truth
// (intakes, outbox rows), so a lost or repeated job never loses or duplicates anything.
import { DelayedError, Queue, Worker, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Logger } from '../infra/logger.js';

export const QUEUE_NAMES = { intake: 'hscm-intake', delivery: 'hscm-delivery' } as const;

const IdPayload = z.object({ id: z.number().int().positive() });

export interface JobHandlers {
  /** Processes an intake; throws to retry. */
  intake(intakeId: number): Promise<void>;
  /** Called once an intake has failed its last attempt. */
  intakeGaveUp(intakeId: number, error: string): Promise<void>;
  /** Delivers an outbox message; returns a delay to retry after, or nothing when finished. */
  deliver(outboxId: number): Promise<{ retryAfterMs?: number; error: string } | void>;
  deliveryGaveUp(outboxId: number, error: string): Promise<void>;
}

export interface JobSystemOptions {
  redisUrl: string;
  logger: Logger;
  handlers: JobHandlers;
  /** Start workers in this process (false for a process that only enqueues). */
  workers: boolean;
  /** Prefix for queue keys: tests use a fresh one each. */
  prefix?: string;
}

const INTAKE_ATTEMPTS = 5;
const DELIVERY_ATTEMPTS = 8;

export class JobSystem {
  private readonly intakeQueue: Queue;
  private readonly deliveryQueue: Queue;
  private readonly workers: Worker[] = [];

  constructor(private readonly options: JobSystemOptions) {
    const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    const common = { connection, prefix: options.prefix ?? 'hscm' };
    this.intakeQueue = new Queue(QUEUE_NAMES.intake, common);
    this.deliveryQueue = new Queue(QUEUE_NAMES.delivery, common);
    for (const q of [this.intakeQueue, this.deliveryQueue]) q.on('error', (err) => options.logger.warn({ err: err.message }, 'queue error'));
    if (options.workers) this.startWorkers(common);
  }

  async enqueueIntake(intakeId: number): Promise<void> {
    await this.intakeQueue.add('intake', { id: intakeId }, {
      jobId: `intake-${intakeId}`, attempts: INTAKE_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: 1000, removeOnFail: 5000,
    });
  }

  async enqueueDelivery(outboxId: number, delayMs = 0): Promise<void> {
    await this.deliveryQueue.add('deliver', { id: outboxId }, {
      jobId: `outbox-${outboxId}`, delay: delayMs, attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true, removeOnFail: 5000,
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([this.intakeQueue.close(), this.deliveryQueue.close()]);
  }

  private startWorkers(common: { connection: { url: string; maxRetriesPerRequest: null }; prefix: string }): void {
    const { handlers, logger } = this.options;
    const intake = new Worker(QUEUE_NAMES.intake, async (job) => handlers.intake(idOf(job)), { ...common, concurrency: 4 });
    intake.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void handlers.intakeGaveUp(idOf(job), err.message).catch((e) => logger.error({ err: e }, 'intakeGaveUp failed'));
      else logger.warn({ jobId: job?.id, err: err.message }, 'intake attempt failed; will retry');
    });
    const delivery = new Worker(
      QUEUE_NAMES.delivery,
      async (job) => {
        const step = await handlers.deliver(idOf(job));
        if (!step) return;
        if (step.retryAfterMs !== undefined) {
          // Honour the platform's retry_after without spending an attempt.
          await job.moveToDelayed(Date.now() + step.retryAfterMs, job.token);
          throw new DelayedError();
        }
        throw new Error(step.error);
      },
      { ...common, concurrency: 8 },
    );
    delivery.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void handlers.deliveryGaveUp(idOf(job), err.message).catch((e) => logger.error({ err: e }, 'deliveryGaveUp failed'));
    });
    for (const w of [intake, delivery]) w.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));
    this.workers.push(intake, delivery);
  }
}

function idOf(job: Job): number {
  const parsed = IdPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad job payload: ${JSON.stringify(job.data)}`);
  return parsed.data.id;
}
