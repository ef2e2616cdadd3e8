// Mounts the admin sections behind sign-in, origin and CSRF checks. Each section decides
// with src/core what the viewer may read or change; nothing here grants access by itself.
import express, { type Router } from 'express';
import { requireCsrf, requireViewer } from './auth/guard.js';
import type { AdminDeps } from './admin-deps.js';
import { auditRouter } from './pages/audit-pages.js';
import { dashboardRouter } from './pages/dashboard-pages.js';
import { linkRouter } from './pages/link-pages.js';
import { orgRouter } from './pages/org-pages.js';
import { queuesRouter } from './pages/queues-pages.js';
import { recordsRouter } from './pages/records-pages.js';
import { rosterRouter } from './pages/roster-pages.js';
import { staffRouter } from './pages/staff-pages.js';
import { yearsRouter } from './pages/year-pages.js';

export const ADMIN_PREFIXES = ['/dashboard', '/records', '/plans', '/org', '/staff', '/roster', '/links', '/years', '/audit', '/queues'];

export function adminRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use(ADMIN_PREFIXES, requireViewer, express.urlencoded({ extended: false, limit: '200kb' }), requireCsrf);
  for (const section of [dashboardRouter, recordsRouter, orgRouter, staffRouter, rosterRouter, linkRouter, yearsRouter, auditRouter, queuesRouter]) {
    router.use(section(deps));
  }
  return router;
}
