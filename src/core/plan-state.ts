// The submission state machine: submitted → approved | returned; a return is answered by a
// new version. Decisions name the version they judge, so a click on an old message never
// decides a newer file.
import { AppError } from './app-error.js';
import type { PlanState } from './vocabulary.js';

export interface PlanStatus {
  state: PlanState;
  currentVersion: number;
}

export type PlanAction =
  | { type: 'SUBMIT' }
  | { type: 'APPROVE'; version: number }
  | { type: 'RETURN'; version: number; reason: string };

/** Shortest reason a reviewer may give when returning a plan. */
export const MIN_RETURN_REASON_LENGTH = 5;

/** The status after `action`, or an AppError saying (in Vietnamese) why it is refused. */
export function nextStatus(current: PlanStatus | null, action: PlanAction): PlanStatus {
  if (action.type === 'SUBMIT') return afterSubmit(current);
  if (!current) throw new AppError('NOT_FOUND', 'Không tìm thấy kế hoạch cần duyệt.');
  if (action.version !== current.currentVersion) {
    throw new AppError(
      'STALE_VERSION',
      `Phiên bản ${action.version} đã được thay bằng phiên bản ${current.currentVersion}; hãy xem bản mới nhất.`,
    );
  }
  if (current.state !== 'SUBMITTED') {
    throw new AppError('ALREADY_DECIDED', 'Hồ sơ này đã được xử lý trước đó.');
  }
  if (action.type === 'RETURN' && action.reason.trim().length < MIN_RETURN_REASON_LENGTH) {
    throw new AppError('REASON_REQUIRED', 'Vui lòng ghi rõ lý do trả lại (ít nhất 5 ký tự).');
  }
  return { state: action.type === 'APPROVE' ? 'APPROVED' : 'RETURNED', currentVersion: current.currentVersion };
}

function afterSubmit(current: PlanStatus | null): PlanStatus {
  if (!current) return { state: 'SUBMITTED', currentVersion: 1 };
  if (current.state === 'APPROVED') {
    throw new AppError('ALREADY_APPROVED', 'Hồ sơ này đã được duyệt, không thể nộp thay thế.');
  }
  // A pending file may be replaced before anyone decides; a returned one must be.
  return { state: 'SUBMITTED', currentVersion: current.currentVersion + 1 };
}
