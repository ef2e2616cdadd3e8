import { describe, expect, it } from 'vitest';
import { nextStatus, type PlanStatus } from '../../src/core/plan-state.js';
import { AppError } from '../../src/core/app-error.js';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return undefined;
}

const pending: PlanStatus = { state: 'SUBMITTED', currentVersion: 2 };
const returned: PlanStatus = { state: 'RETURNED', currentVersion: 2 };
const approved: PlanStatus = { state: 'APPROVED', currentVersion: 2 };

describe('nextStatus', () => {
  it('a first submission is version 1, waiting for review', () => {
    expect(nextStatus(null, { type: 'SUBMIT' })).toEqual({ state: 'SUBMITTED', currentVersion: 1 });
  });

  it('a returned plan is resubmitted as the next version', () => {
    expect(nextStatus(returned, { type: 'SUBMIT' })).toEqual({ state: 'SUBMITTED', currentVersion: 3 });
  });

  it('a pending plan may be replaced by a new version before anyone decides', () => {
    expect(nextStatus(pending, { type: 'SUBMIT' })).toEqual({ state: 'SUBMITTED', currentVersion: 3 });
  });

  it('an approved plan cannot be replaced', () => {
    expect(errorCode(() => nextStatus(approved, { type: 'SUBMIT' }))).toBe('ALREADY_APPROVED');
  });

  it('approving the current pending version approves it', () => {
    expect(nextStatus(pending, { type: 'APPROVE', version: 2 })).toEqual({ state: 'APPROVED', currentVersion: 2 });
  });

  it('returning needs a reason and keeps the version', () => {
    expect(nextStatus(pending, { type: 'RETURN', version: 2, reason: 'Thiếu phần Vận dụng' })).toEqual({
      state: 'RETURNED',
      currentVersion: 2,
    });
    expect(errorCode(() => nextStatus(pending, { type: 'RETURN', version: 2, reason: '   ' }))).toBe('REASON_REQUIRED');
    expect(errorCode(() => nextStatus(pending, { type: 'RETURN', version: 2, reason: 'sai' }))).toBe('REASON_REQUIRED');
  });

  it('no decision on a stale version', () => {
    expect(errorCode(() => nextStatus(pending, { type: 'APPROVE', version: 1 }))).toBe('STALE_VERSION');
    expect(errorCode(() => nextStatus(pending, { type: 'RETURN', version: 1, reason: 'Thiếu mục tiêu' }))).toBe('STALE_VERSION');
  });

  it('no second decision on a decided version', () => {
    expect(errorCode(() => nextStatus(approved, { type: 'APPROVE', version: 2 }))).toBe('ALREADY_DECIDED');
    expect(errorCode(() => nextStatus(returned, { type: 'APPROVE', version: 2 }))).toBe('ALREADY_DECIDED');
  });

  it('a decision on a plan that does not exist is refused', () => {
    expect(errorCode(() => nextStatus(null, { type: 'APPROVE', version: 1 }))).toBe('NOT_FOUND');
  });

  it('refusals carry a Vietnamese message', () => {
    try {
      nextStatus(approved, { type: 'SUBMIT' });
    } catch (e) {
      expect((e as AppError).userMessage).toBe('Hồ sơ này đã được duyệt, không thể nộp thay thế.');
    }
    expect.assertions(1);
  });
});
