// School-year settings, the audit log and the job queues concern the whole city: only the
// hotline team (core: canOperateCity) may read or change them; everyone else is refused (403).
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../core/app-error.js';
import { canOperateCity } from '../../core/admin-rights.js';
import { viewerOf } from '../auth/guard.js';

export function requireOperator(_req: Request, res: Response, next: NextFunction): void {
  if (!canOperateCity(viewerOf(res).actor)) {
    throw new AppError('FORBIDDEN', 'Chức năng này chỉ dành cho tổ hỗ trợ (Hotline) của Sở.');
  }
  next();
}
