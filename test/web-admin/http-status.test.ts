// The one error→HTTP map: every refusal code has its status, the same on every page.
import { describe, expect, it } from 'vitest';
import type { AppErrorCode } from '../../src/core/app-error.js';
import { httpStatusOf } from '../../src/web-admin/http-status.js';

describe('httpStatusOf', () => {
  it('maps each refusal to the status a browser and a script should see', () => {
    const expected: Record<AppErrorCode, number> = {
      NOT_FOUND: 404, FORBIDDEN: 403, INVALID_INPUT: 400, REASON_REQUIRED: 400,
      STALE_VERSION: 409, ALREADY_DECIDED: 409, ALREADY_APPROVED: 409, CONFLICT: 409, NO_REVIEWER: 409,
      STORAGE_FAILED: 503,
    };
    for (const [code, status] of Object.entries(expected)) expect(httpStatusOf(code as AppErrorCode), code).toBe(status);
  });
});
