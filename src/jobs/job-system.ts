// The only module that imports BullMQ. Queues carry ids only; the database holds the truth
// (intakes, outbox rows), so a lost or repeated job never loses or duplicates anything.
// - intake: download, store and read a file a user sent;
// - delivery, one queue per channel, in two classes by job priority: what a person is waiting
//   for first, bulk rounds behind it (the channel's rate and each chat's pace are kept by the
//   send slots taken just before a message goes out: chat-pacer.ts);
// - roster-import: a confirmed roster import (a city's 20,000 rows), one at a time, with
//   progress the web page shows; the job carries the preview's audit-row id;
// - schedule: one job a minute (a Job Scheduler: it survives restarts and runs once across
//   workers) that runs whatever reminders, digests and nudges are due.
import { DelayedError, Queue, Worker, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { idSchema } from '../core/ids.js';
import type { Channel } from '../core/vocabulary.js';
import type { Logger } from '../infra/logger.js';

const IdPayload = z.object({ id: idSchema });

export interface JobHandlers {
  /** Processes an intake; throws to retry. */
  intake(intakeId: number): Promise<void>;
  /** Called once an intake has failed its last attempt. */
  intakeGaveUp(intakeId: number, error: string): Promise<void>;
  /** Delivers an outbox message; returns a delay to retry after, or nothing when finished. */
  deliver(outboxId: number): Promise<{ retryAfterMs?: number; error: string } | void>;
  deliveryGaveUp(outboxId: number, error: string): Promise<void>;
  /** The minutely tick: runs what is due. */
  tick(): Promise<void>;
  /** Imports a confirmed roster preview; reports progress; returns the result to show. */
  rosterImport?(previewId: number, progress: (p: RosterImportProgress) => Promise<void>): Promise<unknown>;
}

export interface RosterImportProgress {
  done: number;
  total: number;
}

export interface RosterImportStatus {
  previewId: number;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  progress: RosterImportProgress | null;
  result: unknown;
  /** Why it failed (for the log; the page says it in Vietnamese). */
  failedReason?: string;
}

export interface JobSystemOptions {
  redisUrl: string;
  logger: Logger;
  handlers: JobHandlers;
  /** Start workers in this process (false for a process that only enqueues). */
  workers: boolean;
  /** How often the scheduler ticks. Default one minute. */
  tickEveryMs?: number;
  /** Prefix for queue keys: tests use a fresh one each. */
  prefix?: string;
  /** Retries and locks; default JOB_POLICY. Tests shorten them instead of waiting them out. */
  policy?: Partial<JobPolicy>;
}

/** How often jobs are tried, how long between tries, and how soon a dead worker's job moves on. */
export interface JobPolicy {
  /** Tries of an intake (download, store, read a file) before it is marked FAILED. */
  intakeAttempts: number;
  /** Wait before an intake's second try, doubling after each failure. */
  intakeBackoffMs: number;
  /** Tries of a delivery before the message is marked FAILED (a retry_after costs none). */
  deliveryAttempts: number;
  deliveryBackoffMs: number;
  /**
   * How long a worker's lock on a job lasts without renewal. The worker renews it every half of
   * this from its main thread, so it must stay well above the longest stall of that thread
   * (file checks run in worker threads; what stays on the main thread — hashing, storing,
   * database writes — yields within a few hundred ms). Shorter: a job held by a killed process
   * is taken up again sooner. Too short: a busy but live worker loses its lock and the job runs
   * twice (harmless, the database is the truth and the intake records once, but wasted work).
   */
  lockDurationMs: number;
  /**
   * How often each worker looks for jobs whose lock lapsed (BullMQ's stalled-job check). A job
   * of a killed worker moves on within about lockDurationMs + 2 × stalledIntervalMs.
   */
  stalledIntervalMs: number;
}

/**
 * Production defaults. BullMQ's own (30 s lock, 30 s check) let a job in hand at a kill -9 wait
 * up to 90 s; 7 s and 1 s bring that under 10 s, with a lock renewed every 3.5 s.
 */
export const JOB_POLICY: JobPolicy = {
  intakeAttempts: 5,
  intakeBackoffMs: 2000,
  deliveryAttempts: 8,
  deliveryBackoffMs: 1000,
  lockDurationMs: 7000,
  stalledIntervalMs: 1000,
};

const DELIVERY_CHANNELS = ['TELEGRAM', 'ZALO'] as const;
/**
 * BullMQ job priorities (lower first; FIFO within one): replies, review requests and decisions
 * before bulk rounds. Bulk does not starve: it takes every send slot the first class leaves,
 * and that class is bounded by what people do (each person's flood guard).
 */
export const DELIVERY_PRIORITY = { now: 1, bulk: 10 } as const;

export class JobSystem {
  private readonly intakeQueue: Queue;
  private readonly scheduleQueue: Queue;
  private readonly rosterQueue: Queue;
  private readonly deliveryQueues: Record<(typeof DELIVERY_CHANNELS)[number], Queue>;
  private readonly workers: Worker[] = [];
  private readonly common: { connection: { url: string; maxRetriesPerRequest: null }; prefix: string };
  private readonly policy: JobPolicy;

  constructor(private readonly options: JobSystemOptions) {
    this.policy = { ...JOB_POLICY, ...options.policy };
    this.common = { connection: { url: options.redisUrl, maxRetriesPerRequest: null }, prefix: options.prefix ?? 'hscm' };
    // Adding a job fails at once while Redis is away instead of waiting for it (BullMQ's
    // "failing fast" pattern): a chat handler must answer, and the database row (intake,
    // outbox message) is the truth that the sweeper and the relay hand over once Redis is back.
    const producer = { ...this.common, connection: { ...this.common.connection, enableOfflineQueue: false } };
    this.intakeQueue = new Queue('intake', producer);
    this.scheduleQueue = new Queue('schedule', producer);
    this.rosterQueue = new Queue('roster-import', producer);
    this.deliveryQueues = { TELEGRAM: new Queue('delivery-telegram', producer), ZALO: new Queue('delivery-zalo', producer) };
    const queueError = onceAMinute(options.logger, 'queue error');
    for (const q of this.queues()) q.on('error', queueError);
    if (options.workers) this.startWorkers();
  }

  async enqueueIntake(intakeId: number): Promise<void> {
    await this.intakeQueue.add('intake', { id: intakeId }, {
      jobId: `intake-${intakeId}`, attempts: this.policy.intakeAttempts, backoff: { type: 'exponential', delay: this.policy.intakeBackoffMs },
      removeOnComplete: 1000, removeOnFail: 5000,
    });
  }

  /**
   * Hands an intake to a job again (the sweeper, for work in hand that no job is doing). A job
   * of that id that already ended — failed after a stall ("job stalled more than allowable
   * limit"), or completed while the intake was left open — would make the add a no-op: it is
   * removed first. A job still waiting, delayed or active is left as it is.
   */
  async requeueIntake(intakeId: number): Promise<void> {
    const jobId = `intake-${intakeId}`;
    const state = await this.intakeQueue.getJobState(jobId);
    if (state === 'failed' || state === 'completed') await this.intakeQueue.remove(jobId);
    await this.enqueueIntake(intakeId);
  }

  async enqueueDelivery(outboxId: number, channel: Channel, delayMs = 0, bulk = false): Promise<void> {
    const queue = this.deliveryQueues[channel as (typeof DELIVERY_CHANNELS)[number]];
    if (!queue) throw new UnrecoverableError(`no delivery queue for ${channel}`);
    const jobId = `outbox-${outboxId}`;
    // A message put back to PENDING (retried from the operations page) would otherwise be
    // shadowed by its kept failed job: BullMQ ignores an add whose job id still exists.
    if ((await queue.getJobState(jobId)) === 'failed') await queue.remove(jobId);
    await queue.add('deliver', { id: outboxId }, {
      jobId, delay: delayMs, priority: bulk ? DELIVERY_PRIORITY.bulk : DELIVERY_PRIORITY.now, attempts: this.policy.deliveryAttempts, backoff: { type: 'exponential', delay: this.policy.deliveryBackoffMs },
      removeOnComplete: true, removeOnFail: 5000,
    });
  }

  /** Queues a confirmed roster import; one job per preview (a second confirm is the same job). */
  async enqueueRosterImport(previewId: number): Promise<string> {
    const jobId = `roster-${previewId}`;
    await this.rosterQueue.add('roster-import', { id: previewId }, {
      // All or nothing in one transaction: a failed import is reported, never half-retried.
      jobId, attempts: 1, removeOnComplete: { age: 24 * 3600, count: 200 }, removeOnFail: { age: 24 * 3600, count: 200 },
    });
    return jobId;
  }

  async rosterImportStatus(jobId: string): Promise<RosterImportStatus | null> {
    if (!/^roster-\d+$/.test(jobId)) return null;
    // The state first: a job read while active and then found completed has no result yet.
    const state = await this.rosterQueue.getJobState(jobId);
    const job = await this.rosterQueue.getJob(jobId);
    if (!job) return null;
    const progress = typeof job.progress === 'object' && job.progress !== null ? (job.progress as RosterImportProgress) : null;
    return {
      previewId: idOf(job),
      state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
      progress, result: job.returnvalue, failedReason: job.failedReason,
    };
  }

  /** Installs the minutely tick (idempotent: every process may call it, one schedule exists). */
  async startSchedule(): Promise<void> {
    await this.scheduleQueue.upsertJobScheduler('tick', { every: this.options.tickEveryMs ?? 60_000 }, { name: 'tick', opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  /** Counts of waiting/active/delayed/failed jobs per queue, for the operations page. */
  async counts(): Promise<Record<string, Record<string, number>>> {
    const entries = await Promise.all(this.queues().map(async (q) => [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')] as const));
    return Object.fromEntries(entries);
  }

  /**
   * Stops taking jobs, lets the active ones finish (at most `timeoutMs`: a job cut short then
   * is taken up again by another worker once its lock lapses), then closes the queues.
   */
  async close(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const closing = Promise.all(this.workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      closing.then(() => false),
      new Promise<boolean>((r) => (timer = Number.isFinite(timeoutMs) ? setTimeout(r, timeoutMs, true) : undefined)),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.options.logger.warn({ timeoutMs }, 'jobs still active at the shutdown timeout: leaving them to another worker');
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
    await Promise.all(this.queues().map((q) => q.close()));
  }

  private queues(): Queue[] {
    return [this.intakeQueue, this.scheduleQueue, this.rosterQueue, ...Object.values(this.deliveryQueues)];
  }

  /** Options every worker shares: the connection and the lock policy. */
  private workerOptions() {
    return { ...this.common, lockDuration: this.policy.lockDurationMs, stalledInterval: this.policy.stalledIntervalMs };
  }

  private startWorkers(): void {
    const { handlers, logger } = this.options;
    // A job whose worker died (kill -9) is taken up again however often that happens: the intake
    // counts its own runs and gives up after MAX_INTAKE_RUNS, telling the person. BullMQ's default
    // (fail the job after one stall) left a twice-killed intake open with nothing to run it.
    const intake = new Worker('intake', async (job) => handlers.intake(idOf(job)), { ...this.workerOptions(), concurrency: 4, maxStalledCount: this.policy.intakeAttempts });
    intake.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void handlers.intakeGaveUp(idOf(job), err.message).catch((e) => logger.error({ err: e }, 'intakeGaveUp failed'));
      else logger.warn({ jobId: job?.id, err: err.message }, 'intake attempt failed; will retry (or the intake sweeper takes it up)');
    });
    const schedule = new Worker('schedule', async () => handlers.tick(), { ...this.workerOptions(), concurrency: 1 });
    schedule.on('failed', (_job, err) => logger.error({ err: err.message }, 'scheduled tick failed'));
    this.workers.push(intake, schedule);
    const rosterImport = handlers.rosterImport;
    if (rosterImport) {
      const roster = new Worker('roster-import', async (job) => rosterImport(idOf(job), (p) => job.updateProgress({ ...p })), { ...this.common, concurrency: 1 });
      roster.on('failed', (job, err) => logger.error({ jobId: job?.id, err: err.message }, 'roster import failed'));
      this.workers.push(roster);
    }
    for (const channel of DELIVERY_CHANNELS) this.workers.push(this.deliveryWorker(channel));
    const workerError = onceAMinute(logger, 'worker error');
    for (const w of this.workers) w.on('error', workerError);
  }

  private deliveryWorker(channel: (typeof DELIVERY_CHANNELS)[number]): Worker {
    const { handlers, logger } = this.options;
    const worker = new Worker(
      this.deliveryQueues[channel].name,
      async (job) => {
        const step = await handlers.deliver(idOf(job));
        if (!step) return;
        if (step.retryAfterMs !== undefined) {
          // Honour the platform's retry_after (or quiet hours, or the chat's pace) without
          // spending an attempt; the job comes back with its priority.
          await job.moveToDelayed(Date.now() + step.retryAfterMs, job.token);
          throw new DelayedError();
        }
        throw new Error(step.error);
      },
      // No BullMQ limiter: it counts fixed windows, and a job it holds back cannot be overtaken.
      // A job waits for its channel's send slot (under a second) while active: a job of the
      // first class added meanwhile is taken next, behind at most `concurrency` others.
      { ...this.workerOptions(), concurrency: 8 },
    );
    worker.on('failed', (job, err) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void handlers.deliveryGaveUp(idOf(job), err.message).catch((e) => logger.error({ err: e }, 'deliveryGaveUp failed'));
    });
    return worker;
  }
}

/**
 * Every queue and worker reports each failed reconnect: while Redis is away that is a dozen
 * identical lines every few seconds. Each distinct message is logged once a minute, with the
 * number of repeats it stands for.
 */
function onceAMinute(logger: Logger, msg: string): (err: Error) => void {
  const last = new Map<string, { at: number; repeats: number }>();
  return (err) => {
    const seen = last.get(err.message);
    if (seen && Date.now() - seen.at < 60_000) {
      seen.repeats++;
      return;
    }
    logger.warn({ err: err.message, repeats: seen?.repeats ?? 0 }, msg);
    last.set(err.message, { at: Date.now(), repeats: 0 });
  };
}

function idOf(job: Job): number {
  const parsed = IdPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`bad job payload: ${JSON.stringify(job.data)}`);
  return parsed.data.id;
}
