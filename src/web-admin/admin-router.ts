// Mounts the admin sections behind sign-in, origin and CSRF checks. Each section decides
// with src/core what the viewer may read or change; nothing here grants access by itself.
import express, { type Router } from 'express';
import { requireCsrf, requireViewer } from './auth/guard.js';
import { emptyFormIfNone, expectFormBody } from './request-body.js';
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

/** Every admin address starts with one of these (a download beside its page too: `/dashboard.xlsx`). */
export const ADMIN_PREFIXES = ['/dashboard', '/dashboard.xlsx', '/records', '/plans', '/org', '/staff', '/roster', '/links', '/years', '/audit', '/queues'];

/** The admin routes that also take a file (multipart, token checked by the route); every admin route takes a url-encoded form. */
export const MULTIPART_ROUTES = ['/roster/preview'];

export function adminRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use(ADMIN_PREFIXES, requireViewer, expectFormBody(MULTIPART_ROUTES), express.urlencoded({ extended: false, limit: '200kb' }), emptyFormIfNone, requireCsrf);
  for (const section of [dashboardRouter, recordsRouter, orgRouter, staffRouter, rosterRouter, linkRouter, yearsRouter, auditRouter, queuesRouter]) {
    router.use(section(deps));
  }
  return router;
}
