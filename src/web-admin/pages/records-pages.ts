// Records (issue 6): browse the plans the viewer may read, open one, download any version.
// Every read goes through visiblePlansFilter (lists) or canSee (one plan), so an id typed in
// the address bar shows nothing the core would not show.
import express, { type Router } from 'express';
import { AppError } from '../../core/app-error.js';
import { loadPlanRecord, NOT_VISIBLE_MESSAGE } from '../../read-models/records-plan.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf } from '../auth/guard.js';
import { sendAdminPage } from '../layout.js';
import { sendPlanFile } from '../records/file-download.js';
import { recordsListModel } from '../records/records-list.js';
import { recordsListView } from '../records/records-list-view.js';
import { idSchema, parseRecordsParams } from '../records/records-params.js';
import { planView } from '../records/plan-view.js';

/** A path id, or NOT_FOUND: a malformed id is as unknown as an id out of scope. */
function pathId(value: unknown): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new AppError('NOT_FOUND', NOT_VISIBLE_MESSAGE);
  return parsed.data;
}

export function recordsRouter(deps: AdminDeps): Router {
  const router = express.Router();

  router.get('/records', async (req, res) => {
    const viewer = viewerOf(res);
    const model = await recordsListModel(deps.db, viewer.actor, deps.now(), parseRecordsParams(req.query as Record<string, unknown>));
    sendAdminPage(req, res, 'records', 'Hồ sơ chuyên môn', recordsListView(model));
  });

  router.get('/plans/:id', async (req, res) => {
    const viewer = viewerOf(res);
    const plan = await loadPlanRecord(deps.db, viewer.actor, pathId(req.params.id));
    sendAdminPage(req, res, 'records', `Hồ sơ ${plan.refCode}`, planView(plan));
  });

  router.get('/plans/:id/versions/:version/file', async (req, res) => {
    const viewer = viewerOf(res);
    await sendPlanFile(deps, viewer, pathId(req.params.id), pathId(req.params.version), req, res);
  });

  return router;
}
