// Compliance dashboard (issue 6): for the schools the viewer follows (R10), how many annual
// plans are owed, handed in, approved, returned, missing and overdue, and how lesson plans
// fare (R4, R5); per group for one school, with names; the same as .xlsx.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/app-error.js';
import { audit } from '../../db/audit.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf } from '../auth/guard.js';
import { cityReport, OUT_OF_SCOPE, requireComplianceScope, schoolReport } from '../dashboard/compliance-report.js';
import { cityView, schoolView } from '../dashboard/compliance-views.js';
import { cityWorkbook, schoolWorkbook } from '../dashboard/compliance-xlsx.js';
import { parseDashboardParams } from '../dashboard/dashboard-params.js';
import { chartsSection } from '../dashboard/leader-charts.js';
import { leaderCharts, ProgressCache } from '../dashboard/progress-report.js';
import { ObligationCache } from '../dashboard/obligation-cache.js';
import { sendAdminPage } from '../layout.js';
import { parseId } from '../../core/ids.js';


/** A path id, or NOT_FOUND: a malformed id is as unknown as an id out of scope. */
function schoolId(value: unknown): number {
  const id = parseId(value);
  if (id === null) throw new AppError('NOT_FOUND', OUT_OF_SCOPE);
  return id;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendWorkbook(res: Response, fileName: string, content: Buffer): void {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(content);
}

/** File names stay ASCII: school codes and year names ("2026-2027") are. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '-');
}

export function dashboardRouter(deps: AdminDeps): Router {
  const router = express.Router();
  const cache = new ObligationCache(deps.db, { now: deps.now, logger: deps.logger });
  const progressCache = new ProgressCache({ now: deps.now });
  const params = (req: Request) => parseDashboardParams(req.query as Record<string, unknown>);

  router.get('/dashboard', async (req, res) => {
    const { actor } = viewerOf(res);
    requireComplianceScope(actor);
    const { params: p, ignored } = params(req);
    const now = deps.now();
    const report = await cityReport(deps.db, cache, actor, p, now);
    const charts = chartsSection(report, await leaderCharts(deps.db, actor, report, now, progressCache));
    sendAdminPage(req, res, 'dashboard', `Tổng quan năm học ${report.year.name}`, cityView(report, ignored, now, charts));
  });

  router.get('/dashboard.xlsx', async (req, res) => {
    const viewer = viewerOf(res);
    requireComplianceScope(viewer.actor);
    const now = deps.now();
    const report = await cityReport(deps.db, cache, viewer.actor, params(req).params, now);
    await audit(deps.db, { actor: `web:${viewer.username}`, action: 'dashboard.export', entityType: 'SchoolYear', entityId: report.year.id, details: { schools: report.lines.length, ...report.params } });
    sendWorkbook(res, `tong-hop-ho-so-${safeName(report.year.name)}.xlsx`, await cityWorkbook(report, now));
  });

  router.get('/dashboard/schools/:id.xlsx', async (req, res) => {
    const viewer = viewerOf(res);
    requireComplianceScope(viewer.actor);
    const now = deps.now();
    const report = await schoolReport(deps.db, viewer.actor, schoolId(req.params.id), params(req).params, now);
    await audit(deps.db, { actor: `web:${viewer.username}`, action: 'dashboard.export', entityType: 'School', entityId: report.school.id, details: { yearId: report.year.id, group: report.groupFilter?.groupId, kind: report.kindFilter ?? undefined } });
    sendWorkbook(res, `ho-so-${safeName(report.school.code)}-${safeName(report.year.name)}.xlsx`, await schoolWorkbook(report, now));
  });

  router.get('/dashboard/schools/:id', async (req, res) => {
    const { actor } = viewerOf(res);
    requireComplianceScope(actor);
    const { params: p, ignored } = params(req);
    const now = deps.now();
    const report = await schoolReport(deps.db, actor, schoolId(req.params.id), p, now);
    sendAdminPage(req, res, 'dashboard', `${report.school.name} — ${report.year.name}`, schoolView(report, ignored, now));
  });

  return router;
}
