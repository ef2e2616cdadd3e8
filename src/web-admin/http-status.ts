// One answer to "which HTTP status says this refusal": every page and the app's error handler
// use it, so the same refusal gets the same status wherever it happens.
import type { AppErrorCode } from '../core/app-error.js';

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  REASON_REQUIRED: 400,
  // The request was fine; the record has moved on (another reviewer decided, a newer version came).
  STALE_VERSION: 409,
  ALREADY_DECIDED: 409,
  ALREADY_APPROVED: 409,
  CONFLICT: 409,
  NO_REVIEWER: 409,
  // Ours, not the user's: the file store is full, read-only or unreachable; worth trying again later.
  STORAGE_FAILED: 503,
};

export function httpStatusOf(code: AppErrorCode): number {
  return STATUS[code] ?? 400;
}
