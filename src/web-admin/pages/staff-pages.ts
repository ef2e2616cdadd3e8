// The staff section: the people the viewer manages, one person's record, roles, web account
// and chat links. Reads answer 404 for people outside the viewer's scope; every change goes
// through a use case that checks the viewer's rights again.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../core/app-error.js';
import { canManageCity } from '../../core/admin-rights.js';
import { ROLES } from '../../core/vocabulary.js';
import { idSchema } from '../../core/ids.js';
import { managedSchoolsFilter } from '../../read-models/scope-filters.js';
import { staffDetail, suggestStaffCode } from '../../read-models/staff-detail.js';
import { searchStaff, type StaffQuery } from '../../read-models/staff-search.js';
import { createStaffAccount, resetStaffPassword, setStaffAccountActive, unlockStaffSignIn } from '../../use-cases/manage-staff-account.js';
import { addRole, removeRole } from '../../use-cases/manage-staff-roles.js';
import { createStaff, setStaffActive, updateStaff } from '../../use-cases/manage-staff.js';
import type { AdminDeps } from '../admin-deps.js';
import type { Viewer } from '../auth/guard.js';
import { sendAdminPage, setFlash } from '../layout.js';
import { applyChange, changerOf, idParam, managerOf, notFound } from '../org/page-kit.js';
import { issuedAccountPage, newStaffPage, staffListPage, staffPage, type StaffFormValues } from '../org/staff-views.js';

type Body = Record<string, string | undefined>;

/** List filters from the query string; a value that makes no sense is ignored, not an error. */
const ListQuery = z.object({
  q: z.string().max(100).optional().catch(undefined),
  school: idSchema.optional().catch(undefined),
  group: idSchema.optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  state: z.enum(['active', 'inactive']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function staffRouter(deps: AdminDeps): Router {
  const router = express.Router();
  const { db } = deps;
  const body = (req: Request) => (req.body ?? {}) as Body;

  router.get('/staff', async (req, res) => {
    const viewer = managerOf(res);
    const q = ListQuery.parse(emptyAsMissing(req.query));
    const schools = await db.school.findMany({ where: managedSchoolsFilter(viewer.actor), orderBy: [{ active: 'desc' }, { name: 'asc' }], select: { id: true, name: true } });
    // A school admin of one school sees that school's groups without choosing it first.
    const schoolForGroups = q.school ?? (schools.length === 1 ? schools[0]!.id : undefined);
    const groups = schoolForGroups && schools.some((s) => s.id === schoolForGroups)
      ? await db.group.findMany({ where: { schoolId: schoolForGroups }, orderBy: [{ active: 'desc' }, { name: 'asc' }], select: { id: true, name: true } })
      : [];
    const query: StaffQuery = { text: q.q?.trim() || undefined, schoolId: q.school, groupId: q.group, role: q.role, state: q.state, page: q.page };
    const result = await searchStaff(db, viewer.actor, query);
    sendAdminPage(req, res, 'staff', 'Cán bộ, giáo viên', staffListPage(viewer, query, { schools, groups }, result));
  });

  router.get('/staff/new', async (req, res) => {
    const viewer = managerOf(res);
    const choices = await placeChoices(viewer);
    const place = typeof req.query.place === 'string' ? req.query.place : choices.schools.length === 1 ? `s:${choices.schools[0]!.id}` : '';
    const schoolId = /^s:\d+$/.test(place) && choices.schools.some((s) => `s:${s.id}` === place) ? Number(place.slice(2)) : null;
    const code = schoolId ? await suggestStaffCode(db, schoolId) : null;
    sendAdminPage(req, res, 'staff', 'Thêm cán bộ', newStaffPage(viewer, choices, { place, code: code ?? '' }, await knownSubjects()));
  });

  // The next free staff code of a school the viewer may add people to (the form fills it in).
  router.get('/staff/new/code', async (req, res) => {
    const choices = await placeChoices(managerOf(res));
    const place = typeof req.query.place === 'string' ? req.query.place : '';
    const school = choices.schools.find((s) => `s:${s.id}` === place);
    res.json({ code: school ? await suggestStaffCode(db, school.id) : null });
  });

  router.post('/staff/new', async (req, res) => {
    const viewer = managerOf(res);
    try {
      const { id } = await createStaff(db, changerOf(viewer), body(req));
      setFlash(res, 'ok', 'Đã thêm cán bộ. Hãy giao vai trò cho người này.');
      res.redirect(303, `/staff/${id}`);
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'INVALID_INPUT' && error.code !== 'CONFLICT')) throw error;
      const values: StaffFormValues = body(req);
      sendAdminPage(req, res, 'staff', 'Thêm cán bộ', newStaffPage(viewer, await placeChoices(viewer), values, await knownSubjects(), error.userMessage), 400);
    }
  });

  router.get('/staff/:id', async (req, res) => {
    const viewer = managerOf(res);
    const detail = await staffDetail(db, viewer.actor, idParam(req), deps.now());
    if (!detail) throw notFound();
    sendAdminPage(req, res, 'staff', detail.staff.fullName, staffPage(viewer, detail));
  });

  router.post('/staff/:id', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/staff/${id}`, async () => {
      await updateStaff(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã lưu thông tin.';
    });
  });

  router.post('/staff/:id/active', async (req, res) => {
    const id = idParam(req);
    const back = body(req).back === 'list' ? '/staff' : `/staff/${id}`;
    await applyChange(res, back, async () => {
      const active = await setStaffActive(db, changerOf(managerOf(res)), id, body(req));
      return active
        ? 'Đã kích hoạt lại. Tài khoản web (nếu có) vẫn khóa cho đến khi được mở khóa.'
        : 'Đã ngừng hoạt động: tài khoản web đã khóa, người này không nộp hay duyệt hồ sơ qua chat được nữa.';
    });
  });

  router.post('/staff/:id/roles', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/staff/${id}`, async () => {
      await addRole(db, changerOf(managerOf(res)), id, body(req));
      return 'Đã thêm vai trò.';
    });
  });

  router.post('/staff/:id/roles/:roleId/delete', async (req, res) => {
    const id = idParam(req);
    const roleId = idParam(req, 'roleId');
    await applyChange(res, `/staff/${id}`, async () => {
      await removeRole(db, changerOf(managerOf(res)), id, roleId);
      return 'Đã bỏ vai trò.';
    });
  });

  // The temporary password is shown in this response only: never in a redirect, URL or cookie.
  router.post('/staff/:id/account', async (req, res) => {
    const id = idParam(req);
    await issueAccount(req, res, id, false, (viewer) => createStaffAccount(db, changerOf(viewer), id, body(req)));
  });

  router.post('/staff/:id/account/reset', async (req, res) => {
    const id = idParam(req);
    await issueAccount(req, res, id, true, (viewer) => resetStaffPassword(db, changerOf(viewer), id));
  });

  router.post('/staff/:id/account/active', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/staff/${id}`, async () => {
      const active = await setStaffAccountActive(db, changerOf(managerOf(res)), id, body(req));
      return active ? 'Đã mở khóa tài khoản web.' : 'Đã khóa tài khoản web và đăng xuất người này khỏi mọi thiết bị.';
    });
  });

  // A sign-in lock (too many wrong passwords, perhaps a stranger's) lifted for the person.
  router.post('/staff/:id/account/unlock', async (req, res) => {
    const id = idParam(req);
    await applyChange(res, `/staff/${id}`, async () => {
      const wasLocked = await unlockStaffSignIn(db, changerOf(managerOf(res)), id, deps.now());
      return wasLocked ? 'Đã gỡ khóa đăng nhập tạm thời: người này đăng nhập lại được ngay.' : 'Tài khoản này không bị khóa đăng nhập; không cần gỡ.';
    });
  });

  async function issueAccount(
    req: Request, res: Response, staffId: number, reset: boolean,
    issue: (viewer: Viewer) => Promise<{ username: string; temporaryPassword: string }>,
  ): Promise<void> {
    const viewer = managerOf(res);
    let issued: { username: string; temporaryPassword: string };
    try {
      issued = await issue(viewer);
    } catch (error) {
      if (!isAppError(error) || (error.code !== 'INVALID_INPUT' && error.code !== 'CONFLICT')) throw error;
      setFlash(res, 'error', error.userMessage);
      return res.redirect(303, `/staff/${staffId}`);
    }
    const staff = await db.staff.findUniqueOrThrow({ where: { id: staffId }, select: { id: true, fullName: true } });
    res.setHeader('Cache-Control', 'no-store');
    const title = reset ? 'Đã cấp lại mật khẩu' : 'Đã tạo tài khoản web';
    sendAdminPage(req, res, 'staff', title, issuedAccountPage(staff, issued, new URL('/login', deps.publicUrl).href, reset));
  }

  async function placeChoices(viewer: Viewer) {
    const [schools, units] = await Promise.all([
      db.school.findMany({ where: { AND: [managedSchoolsFilter(viewer.actor), { active: true }] }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
      canManageCity(viewer.actor)
        ? db.orgUnit.findMany({ where: { active: true }, orderBy: [{ kind: 'asc' }, { name: 'asc' }], select: { id: true, name: true } })
        : [],
    ]);
    return { schools, units };
  }

  async function knownSubjects(): Promise<string[]> {
    const rows = await db.subgroup.findMany({ where: { active: true }, distinct: ['subject'], select: { subject: true }, orderBy: { subject: 'asc' } });
    return rows.map((r) => r.subject);
  }

  return router;
}

/** `?school=` (an empty select) means "any", like a missing parameter. */
function emptyAsMissing(query: Request['query']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}
