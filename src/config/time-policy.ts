// The retry and lock policy a configuration asks for: only what it sets, the rest stays at the
// production defaults (JOB_POLICY in src/jobs/job-system.ts, DEFAULT_BACKOFF in src/infra/backoff.ts).
import { DEFAULT_BACKOFF, type Backoff } from '../infra/backoff.js';
import type { JobPolicy } from '../jobs/job-system.js';
import type { Config } from './config.js';

export interface TimePolicy {
  jobs: Partial<JobPolicy>;
  /** The pollers' and background set-up tasks' back-off. */
  backoff: Backoff;
}

type PolicyConfig = Pick<Config, 'INTAKE_ATTEMPTS' | 'INTAKE_RETRY_MS' | 'DELIVERY_ATTEMPTS' | 'DELIVERY_RETRY_MS' | 'JOB_LOCK_MS' | 'JOB_STALLED_CHECK_MS' | 'RETRY_FIRST_MS' | 'RETRY_MAX_MS'>;

export function timePolicyOf(c: PolicyConfig): TimePolicy {
  const jobs: Partial<JobPolicy> = {
    intakeAttempts: c.INTAKE_ATTEMPTS, intakeBackoffMs: c.INTAKE_RETRY_MS,
    deliveryAttempts: c.DELIVERY_ATTEMPTS, deliveryBackoffMs: c.DELIVERY_RETRY_MS,
    lockDurationMs: c.JOB_LOCK_MS, stalledIntervalMs: c.JOB_STALLED_CHECK_MS,
  };
  for (const key of Object.keys(jobs) as Array<keyof JobPolicy>) if (jobs[key] === undefined) delete jobs[key];
  const firstMs = c.RETRY_FIRST_MS ?? DEFAULT_BACKOFF.firstMs;
  return { jobs, backoff: { firstMs, maxMs: Math.max(firstMs, c.RETRY_MAX_MS ?? DEFAULT_BACKOFF.maxMs) } };
}
