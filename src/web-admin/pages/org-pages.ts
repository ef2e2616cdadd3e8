// The organisation section: supervising units (hotline team), schools, groups and sub-groups.
// Reads answer 404 outside the viewer's scope; every change goes through a use case that
// checks the viewer's rights again, whatever the form carried.
import express, { type Request, type Response, type Router } from 'express';
import { AppError, isAppError } from '../../core/app-error.js';
import { canManageCity } from '../../core/admin-rights.js';
import { foldVietnamese } from '../../core/text.js';
import { groupDetail, managedSchoolSummaries, schoolDetail, supervisorChoices, unitDetail, unitSummaries } from '../../read-models/org-overview.js';
import { createGroup, createSubgroup, moveGroup, moveSubgroup, renameGroup, setGroupActive, setSubgroupActive, updateSubgroup } from '../../use-cases/manage-groups.js';
import { createSchool, moveSchool, setSchoolActive, updateSchool } from '../../use-cases/manage-schools.js';
import { createUnit, setUnitActive, updateUnit } from '../../use-cases/manage-units.js';
import type { AdminDeps } from '../admin-deps.js';
import type { Viewer } from '../auth/guard.js';
import { sendAdminPage, setFlash } from '../layout.js';
import { applyChange, changerOf, idParam, managerOf, notFound } from '../org/page-kit.js';
import { groupPage, newSchoolPage, newUnitPage, orgHome, schoolPage, unitPage } from '../org/org-views.js';

type Body = Record<string, string | undefined>;

export function orgRouter(deps: AdminDeps): Router {
  const router = express.Router();
  const { db } = deps;
  const body = (req: Request) => (req.body ?? {}) as Body;

  router.get('/org', async (req, res) => {
    const viewer = managerOf(res);
    const text = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const [schools, units] = await Promise.all([
      managedSchoolSummaries(db, viewer.actor),
      canManageCity(viewer.actor) ? unitSummaries(db) : [],
    ]);
    const folded = foldVietnamese(text);
    const shown = folded ? schools.filter((s) => foldVietnamese(`${s.name} ${s.code}`).includes(folded)) : schools;
    sendAdminPage(req, res, 'org', 'Đơn vị, trường, tổ', orgHome(viewer, { units, schools: shown, text }));
  });

  // Supervising units: the hotline team only.
  router.get('/org/units/new', (req, res) => {
    const viewer = cityManagerOf(res);
    sendAdminPage(req, res, 'org', 'Thêm đơn vị quản lý', newUnitPage(viewer, {}));
  });

  router.post('/org/units/new', async (req, res) => {
    const viewer = cityManagerOf(res);
    try {
      const { id } = await createUnit(db, changerOf(viewer), body(req), deps.cityName);
      setFlash(res, 'ok', 'Đã thêm đơn vị.');
      res.redirect(303, `/org/units/${id}`);
    } catch (error) {
      const message = formProblem(error);
      sendAdminPage(req, res, 'org', 'Thêm đơn vị quản lý', newUnitPage(viewer, body(req), message), 400);
    }
  });

  router.get('/org/units/:id', async (req, res) => {
    const viewer = cityManagerOf(res);
    const detail = await unitDetail(db, idParam(req));
    if (!detail) throw notFound();
    sendAdminPage(req, res, 'org', detail.unit.name, unitPage(viewer, detail));
  });

  router.post('/org/units/:id', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/units/${id}`, async () => {
      await updateUnit(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã lưu đơn vị.';
    });
  });

  router.post('/org/units/:id/active', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/units/${id}`, async () => {
      const active = await setUnitActive(db, changerOf(managerOf(res)), id, body(req));
      return active ? 'Đã kích hoạt lại đơn vị.' : 'Đã ngừng hoạt động đơn vị.';
    });
  });

  // Schools: created, edited, moved and deactivated by the hotline team.
  router.get('/org/schools/new', async (req, res) => {
    const viewer = cityManagerOf(res);
    sendAdminPage(req, res, 'org', 'Thêm trường', newSchoolPage(viewer, await supervisorChoices(db), {}));
  });

  router.post('/org/schools/new', async (req, res) => {
    const viewer = cityManagerOf(res);
    try {
      const { id } = await createSchool(db, changerOf(viewer), body(req));
      setFlash(res, 'ok', 'Đã thêm trường. Tiếp theo: thêm tổ chuyên môn và cán bộ (hoặc nhập danh sách).');
      res.redirect(303, `/org/schools/${id}`);
    } catch (error) {
      const message = formProblem(error);
      sendAdminPage(req, res, 'org', 'Thêm trường', newSchoolPage(viewer, await supervisorChoices(db), body(req), message), 400);
    }
  });

  router.get('/org/schools/:id', async (req, res) => {
    const viewer = managerOf(res);
    const detail = await schoolDetail(db, viewer.actor, idParam(req));
    if (!detail) throw notFound();
    const supervisors = canManageCity(viewer.actor) ? await supervisorChoices(db) : [];
    sendAdminPage(req, res, 'org', detail.school.name, schoolPage(viewer, detail, supervisors));
  });

  router.post('/org/schools/:id', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/schools/${id}`, async () => {
      await updateSchool(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã lưu thông tin trường.';
    });
  });

  router.post('/org/schools/:id/move', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/schools/${id}`, async () => {
      await moveSchool(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã chuyển trường sang đơn vị quản lý mới. Hồ sơ đã nộp vẫn thuộc trường.';
    });
  });

  router.post('/org/schools/:id/active', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/schools/${id}`, async () => {
      const { staffDeactivated } = await setSchoolActive(db, changerOf(managerOf(res)), id, body(req));
      return body(req).active === '1' ? 'Đã kích hoạt lại trường.' : `Đã ngừng hoạt động trường và ${staffDeactivated} cán bộ của trường.`;
    });
  });

  router.post('/org/schools/:id/groups', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/schools/${id}`, async () => {
      await createGroup(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã thêm tổ.';
    });
  });

  // Groups and sub-groups: the school's admin or the hotline team.
  router.get('/org/groups/:id', async (req, res) => {
    const viewer = managerOf(res);
    const detail = await groupDetail(db, viewer.actor, idParam(req));
    if (!detail) throw notFound();
    sendAdminPage(req, res, 'org', detail.group.name, groupPage(viewer, detail));
  });

  router.post('/org/groups/:id', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/groups/${id}`, async () => {
      await renameGroup(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã đổi tên tổ.';
    });
  });

  router.post('/org/groups/:id/active', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/groups/${id}`, async () => {
      const active = await setGroupActive(db, changerOf(managerOf(res)), id, body(req));
      return active ? 'Đã kích hoạt lại tổ.' : 'Đã ngừng hoạt động tổ.';
    });
  });

  router.post('/org/groups/:id/move', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/groups/${id}`, async () => {
      const { peopleMoved } = await moveGroup(db, changerOf(managerOf(res)), id, body(req));
      return `Đã chuyển tổ sang trường mới cùng ${peopleMoved} người. Hồ sơ đã nộp vẫn thuộc trường cũ.`;
    });
  });

  router.post('/org/groups/:id/subgroups', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/org/groups/${id}`, async () => {
      await createSubgroup(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã thêm nhóm.';
    });
  });

  router.post('/org/subgroups/:id', async (req, res) => {
    const { id, back } = await subgroupTarget(req, res);
    await applyChange(res, back, async () => {
      await updateSubgroup(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã lưu nhóm.';
    });
  });

  router.post('/org/subgroups/:id/active', async (req, res) => {
    const { id, back } = await subgroupTarget(req, res);
    await applyChange(res, back, async () => {
      const active = await setSubgroupActive(db, changerOf(managerOf(res)), id, body(req));
      return active ? 'Đã kích hoạt lại nhóm.' : 'Đã ngừng hoạt động nhóm.';
    });
  });

  router.post('/org/subgroups/:id/move', async (req, res) => {
    const { id, back } = await subgroupTarget(req, res);
    await applyChange(res, back, async () => {
      await moveSubgroup(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã chuyển nhóm sang tổ mới. Hồ sơ đã nộp vẫn ở tổ cũ.';
    });
  });

  /** A sub-group's page is its group's; unknown ids are not found. */
  async function subgroupTarget(req: Request, res: Response): Promise<{ id: number; back: string }> {
    managerOf(res);
    const id = idParam(req);
    const subgroup = await db.subgroup.findUnique({ where: { id }, select: { groupId: true } });
    if (!subgroup) throw notFound();
    return { id, back: `/org/groups/${subgroup.groupId}#subgroup-${id}` };
  }

  return router;
}

function cityManagerOf(res: Response): Viewer {
  const viewer = managerOf(res);
  if (!canManageCity(viewer.actor)) throw new AppError('FORBIDDEN', 'Chỉ tổ hỗ trợ của Sở quản lý đơn vị và tạo trường.');
  return viewer;
}

/** Input problems are shown on the form again; anything else (rights) is the error page. */
function formProblem(error: unknown): string {
  if (isAppError(error) && (error.code === 'INVALID_INPUT' || error.code === 'CONFLICT')) return error.userMessage;
  throw error;
}
