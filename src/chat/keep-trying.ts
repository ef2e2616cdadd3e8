// A set-up call that must not stop the product when a platform is away (setWebhook, getMe):
// retried in the background with the configured back-off until it succeeds or the process stops.
import { keepTrying as retryInBackground, type Backoff } from '../infra/backoff.js';
import type { Logger } from '../infra/logger.js';

export function keepTrying(logger: Logger, label: string, backoff: Backoff, task: () => Promise<void>): { stop(): Promise<void> } {
  return retryInBackground(task, (err, waitMs) => logger.warn({ err: err.message, waitMs }, `${label} failed; retrying`), backoff);
}
