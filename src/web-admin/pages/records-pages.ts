// Records (issue 6): browse the plans the viewer may read, open one, download or read ("Xem
// nhanh", issue 18) any version.
// Every read goes through visiblePlansFilter (lists) or canSee (one plan), so an id typed in
// the address bar shows nothing the core would not show.
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../../core/app-error.js';
import { loadPlanRecord, NOT_VISIBLE_MESSAGE } from '../../read-models/records-plan.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf, type Viewer } from '../auth/guard.js';
import { sendAdminPage } from '../layout.js';
import { missingFilePage, sendPlanFile } from '../records/file-download.js';
import { auditPreview, previewPageBody, sendInlinePdf } from '../records/plan-preview.js';
import { setPreviewHeaders } from '../records/preview-view.js';
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

/** A version of a plan the viewer may see (NOT_FOUND otherwise, as the download); previews must be on. */
async function visibleVersion(deps: AdminDeps, viewer: Viewer, req: Request) {
  if (!deps.documents) throw new AppError('NOT_FOUND', NOT_VISIBLE_MESSAGE);
  const plan = await loadPlanRecord(deps.db, viewer.actor, pathId(req.params.id));
  const version = plan.submissions.find((s) => s.version === pathId(req.params.version));
  if (!version) throw new AppError('NOT_FOUND', NOT_VISIBLE_MESSAGE);
  return { plan, version };
}

function missingFile(deps: AdminDeps, viewer: Viewer, plan: { id: number; refCode: string }, version: { id: number; version: number; fileSha256: string }, req: Request, res: Response): void {
  deps.logger.error({ planId: plan.id, version: version.version, submissionId: version.id, sha256: version.fileSha256, viewer: viewer.username }, 'stored file missing');
  sendAdminPage(req, res, 'records', 'Không xem được tệp', missingFilePage(plan, version.version), 410);
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
    sendAdminPage(req, res, 'records', `Hồ sơ ${plan.refCode}`, planView(plan, { previews: deps.documents !== undefined }));
  });

  // "Xem nhanh": the version read in the browser, under the same scope check as its download.
  router.get('/plans/:id/versions/:version/preview', async (req, res) => {
    const viewer = viewerOf(res);
    const { plan, version } = await visibleVersion(deps, viewer, req);
    const href = `/plans/${plan.id}/versions/${version.version}`;
    const body = await previewPageBody(deps.documents!, plan, version, {
      download: `${href}/file`, pdf: `${href}/preview/pdf`, back: { href: `/plans/${plan.id}`, label: `Hồ sơ ${plan.refCode}` },
    });
    if (!body) return missingFile(deps, viewer, plan, version, req, res);
    if (req.method !== 'HEAD') await auditPreview(deps.db, `web:${viewer.username}`, plan, version);
    setPreviewHeaders(res);
    sendAdminPage(req, res, 'records', `Xem nhanh hồ sơ ${plan.refCode}, lần nộp ${version.version}`, body);
  });

  router.get('/plans/:id/versions/:version/preview/pdf', async (req, res) => {
    const viewer = viewerOf(res);
    const { plan, version } = await visibleVersion(deps, viewer, req);
    const sent = await sendInlinePdf({ ...deps, reader: deps.documents! }, req, res, plan, version, `web:${viewer.username}`);
    if (!sent) missingFile(deps, viewer, plan, version, req, res);
  });

  router.get('/plans/:id/versions/:version/file', async (req, res) => {
    const viewer = viewerOf(res);
    await sendPlanFile(deps, viewer, pathId(req.params.id), pathId(req.params.version), req, res);
  });

  return router;
}
