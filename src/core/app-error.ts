/**
 * A failure the user should understand. `code` is for programs (HTTP mapping, tests);
 * `userMessage` is the Vietnamese sentence shown in the chat or on the page.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'AppError';
  }
}

export type AppErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'INVALID_INPUT'
  | 'STALE_VERSION'
  | 'ALREADY_DECIDED'
  | 'ALREADY_APPROVED'
  | 'REASON_REQUIRED'
  | 'NO_REVIEWER'
  | 'CONFLICT'
  | 'STORAGE_FAILED';

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
