// The security sweep's table of every route the web app serves: how it is guarded, which
// viewers may use it at all (the section), how to fill its ids and whether the core lets a
// viewer reach each one, and what a forged form to it would carry. A route missing here fails
// the sweep: a new route is added with its ids and rights, or it is not added.
import {
  canAssignRole, canManageCity, canManageSchool, canManageStaff, canOperateCity, complianceScope, managedSchools, managesAnything, scopeIncludesSchool,
  type StaffPlacement,
} from '../../src/core/admin-rights.js';
import type { Actor, PlanScope } from '../../src/core/org.js';
import { canSee } from '../../src/core/visibility.js';
import { SCHOOL_ROLES, type Role } from '../../src/core/vocabulary.js';
import { planScopeOf } from '../../src/read-models/org-loader.js';
import type { Db } from '../../src/db/prisma.js';

export interface StaffItem {
  id: number;
  code: string;
  schoolId: number | null;
  active: boolean;
  hasAccount: boolean;
  placement: StaffPlacement;
}

/** Every id the sweep may put in an address or a form, with what the oracles need to know. */
export interface Catalogue {
  units: Array<{ id: number; kind: string }>;
  schools: Array<{ id: number; code: string; supervisingUnitId: number }>;
  groups: Array<{ id: number; schoolId: number }>;
  subgroups: Array<{ id: number; groupId: number; schoolId: number }>;
  staff: StaffItem[];
  roles: Array<{ id: number; staffId: number; role: string; schoolId: number | null }>;
  plans: Array<{ id: number; refCode: string; scope: PlanScope; versions: number[] }>;
  identities: Array<{ id: number; staffId: number }>;
  outbox: Array<{ id: number }>;
  years: Array<{ id: number }>;
}

export async function loadCatalogue(db: Db): Promise<Catalogue> {
  const [units, schools, groups, subgroups, staff, plans, identities, outbox, years] = await Promise.all([
    db.orgUnit.findMany({ select: { id: true, kind: true }, orderBy: { id: 'asc' } }),
    db.school.findMany({ select: { id: true, code: true, supervisingUnitId: true }, orderBy: { id: 'asc' } }),
    db.group.findMany({ select: { id: true, schoolId: true }, orderBy: { id: 'asc' } }),
    db.subgroup.findMany({ select: { id: true, groupId: true, group: { select: { schoolId: true } } }, orderBy: { id: 'asc' } }),
    db.staff.findMany({ include: { roles: true, webAccount: { select: { id: true } } }, orderBy: { id: 'asc' } }),
    db.plan.findMany({ include: { submissions: { select: { version: true } } }, orderBy: { id: 'asc' } }),
    db.chatIdentity.findMany({ select: { id: true, staffId: true }, orderBy: { id: 'asc' } }),
    db.outboxMessage.findMany({ where: { status: 'FAILED' }, select: { id: true }, orderBy: { id: 'asc' } }),
    db.schoolYear.findMany({ select: { id: true }, orderBy: { id: 'asc' } }),
  ]);
  return {
    units,
    schools,
    groups,
    subgroups: subgroups.map((s) => ({ id: s.id, groupId: s.groupId, schoolId: s.group.schoolId })),
    staff: staff.map((s) => ({
      id: s.id, code: s.code, schoolId: s.schoolId, active: s.active, hasAccount: s.webAccount !== null,
      // Written out rather than placementOf: the sweep's oracle does not reuse the code it checks.
      placement: {
        schoolId: s.schoolId,
        roleSchoolIds: s.roles.flatMap((r) => (r.schoolId != null ? [r.schoolId] : [])),
        holdsOfficeRole: s.unitId != null || s.roles.some((r) => !SCHOOL_ROLES.includes(r.role as Role)),
        holdsBoardRole: s.roles.some((r) => r.role === 'PRINCIPAL' || r.role === 'VICE_PRINCIPAL'),
      },
    })),
    roles: staff.flatMap((s) => s.roles.map((r) => ({ id: r.id, staffId: s.id, role: r.role, schoolId: r.schoolId }))),
    plans: await Promise.all(plans.map(async (p) => ({ id: p.id, refCode: p.refCode, scope: await planScopeOf(db, p), versions: p.submissions.map((s) => s.version) }))),
    identities,
    outbox,
    years,
  };
}

/** One request of the sweep: the address's ids (and a form's, if any), and whether the core allows it. */
export interface Case {
  params: Record<string, string>;
  allowed: boolean;
  /** Whose it is (`school:3`, `office`, `none`): refused changes are tried once per owner. */
  owner: string;
  /** Ids carried by the form rather than the address. */
  body?: Record<string, string>;
  /** A refused id in a form may be explained on the form (a 303 with an error), not only 403/404. */
  formRefusal?: boolean;
  /** Always tried, even when another case of the same owner was. */
  always?: boolean;
}

export type Access = 'public' | 'auth' | 'token' | 'webhook' | 'session';

export interface Viewer {
  name: string;
  actor: Actor;
  /** The school the viewer's own forms point at (their own, or any for the hotline). */
  homeSchoolId: number;
}

export interface Rule {
  access: Access;
  /** Session routes: whether the viewer may use the section at all (403 otherwise). */
  section?: (a: Actor) => boolean;
  /** Routes with ids (in the address or the form): every case to request, per viewer. */
  ids?: (c: Catalogue, v: Viewer) => Case[];
  /** Session POSTs: a form, as the hotline would send it, that changes something if accepted. */
  form?: (c: Catalogue) => { params?: Record<string, string>; fields: Record<string, string> };
  multipart?: boolean;
}

const everyone = () => true;
const followsCompliance = (a: Actor) => complianceScope(a) !== null;
const own = (schoolId: number | null) => (schoolId == null ? 'office' : `school:${schoolId}`);
const maxId = (list: ReadonlyArray<{ id: number }>) => Math.max(0, ...list.map((x) => x.id));

/** One case per item, plus an id nobody has. */
function byId<T extends { id: number }>(param: string, list: readonly T[], owner: (t: T) => string, allowed: (t: T) => boolean): Case[] {
  return [
    ...list.map((t) => ({ params: { [param]: String(t.id) }, allowed: allowed(t), owner: owner(t) })),
    { params: { [param]: String(maxId(list) + 1000) }, allowed: false, owner: 'none', always: true },
  ];
}

/** Whom the staff pages show a viewer: the people of the schools they manage. */
export function readsStaff(a: Actor, s: StaffItem): boolean {
  const managed = managedSchools(a);
  return managed === 'ALL' || [s.schoolId, ...s.placement.roleSchoolIds].some((id) => id != null && managed.includes(id));
}

const staffOf = (c: Catalogue, id: number) => c.staff.find((s) => s.id === id)!;
const schoolOf = (c: Catalogue, id: number) => c.schools.find((s) => s.id === id)!;

const units = (allowed: (a: Actor, unit: { kind: string }) => boolean) => (c: Catalogue, v: Viewer) =>
  byId('id', c.units, (u) => `unit:${u.kind}`, (u) => allowed(v.actor, u));
const schools = (allowed: (a: Actor, id: number) => boolean) => (c: Catalogue, v: Viewer) =>
  byId('id', c.schools, (s) => own(s.id), (s) => allowed(v.actor, s.id));
const groups = (allowed: (a: Actor, schoolId: number) => boolean) => (c: Catalogue, v: Viewer) =>
  byId('id', c.groups, (g) => own(g.schoolId), (g) => allowed(v.actor, g.schoolId));
const subgroups = (c: Catalogue, v: Viewer) => byId('id', c.subgroups, (s) => own(s.schoolId), (s) => canManageSchool(v.actor, s.schoolId));
const staffCases = (allowed: (v: Viewer, s: StaffItem) => boolean) => (c: Catalogue, v: Viewer) =>
  byId('id', c.staff, (s) => own(s.schoolId), (s) => allowed(v, s)).map((k) => (k.params.id === String(v.actor.staffId) ? { ...k, always: true } : k));
const manages = (v: Viewer, s: StaffItem) => canManageStaff(v.actor, s.placement);
/** Accounts are handled by whoever manages the person, never by their holder (they use "Đổi mật khẩu"). */
const managesOther = (v: Viewer, s: StaffItem) => manages(v, s) && s.id !== v.actor.staffId;

function dashboardSchools(c: Catalogue, v: Viewer): Case[] {
  return byId('id', c.schools, (s) => own(s.id), (s) => scopeIncludesSchool(v.actor, s));
}

function plans(c: Catalogue, v: Viewer): Case[] {
  return byId('id', c.plans, (p) => own(p.scope.schoolId), (p) => canSee(v.actor, p.scope));
}

function planFiles(c: Catalogue, v: Viewer): Case[] {
  return [
    ...c.plans.flatMap((p) => [
      ...p.versions.map((version) => ({ params: { id: String(p.id), version: String(version) }, allowed: canSee(v.actor, p.scope), owner: own(p.scope.schoolId) })),
      { params: { id: String(p.id), version: '99' }, allowed: false, owner: 'none' },
    ]),
    { params: { id: String(maxId(c.plans) + 1000), version: '1' }, allowed: false, owner: 'none', always: true },
  ];
}

/** A role removed through a person: the person's own roles, and roles of someone else named through them. */
function roleRemovals(c: Catalogue, v: Viewer): Case[] {
  const cases: Case[] = [];
  for (const staff of c.staff) {
    const mine = c.roles.filter((r) => r.staffId === staff.id);
    const other = c.roles.find((r) => r.staffId !== staff.id && r.schoolId !== staff.schoolId);
    const reachable = manages(v, staff);
    for (const role of mine.slice(0, 1)) {
      const keepsOwn = staff.id === v.actor.staffId && (role.role === 'SCHOOL_ADMIN' || role.role === 'HOTLINE_ADMIN');
      const allowed = reachable && canAssignRole(v.actor, role.role as Role, role.schoolId) && !keepsOwn;
      cases.push({ params: { id: String(staff.id), roleId: String(role.id) }, allowed, owner: own(staff.schoolId) });
    }
    // The person is the viewer's, the role is not: the pair itself must be refused.
    if (other && reachable) cases.push({ params: { id: String(staff.id), roleId: String(other.id) }, allowed: false, owner: `pair:${own(staff.schoolId)}` });
  }
  return cases;
}

function identities(c: Catalogue, v: Viewer, needActive: boolean): Case[] {
  return byId('identityId', c.identities, (i) => own(staffOf(c, i.staffId).schoolId), (i) => {
    const staff = staffOf(c, i.staffId);
    return manages(v, staff) && (!needActive || staff.active);
  });
}

/** New people placed in a school or an office: the place is an id in the form. */
function newStaffPlaces(c: Catalogue, v: Viewer): Case[] {
  const office = c.units.find((u) => u.kind === 'SUPERVISING')!;
  return [
    ...c.schools.map((s) => ({ params: {}, body: { place: `s:${s.id}` }, allowed: canManageSchool(v.actor, s.id), owner: own(s.id) })),
    { params: {}, body: { place: `u:${office.id}` }, allowed: canManageCity(v.actor), owner: 'office' },
  ];
}

/** Link codes for a person, a group or a school named in the form. */
function linkCodeTargets(c: Catalogue, v: Viewer): Case[] {
  return [
    ...c.staff.map((s) => ({ params: {}, body: { staffId: String(s.id) }, allowed: manages(v, s) && s.active, owner: `staff:${own(s.schoolId)}` })),
    ...c.groups.map((g) => ({ params: {}, body: { groupId: String(g.id) }, allowed: canManageSchool(v.actor, g.schoolId), owner: `group:${own(g.schoolId)}` })),
    ...c.schools.map((s) => ({ params: {}, body: { schoolId: String(s.id) }, allowed: canManageSchool(v.actor, s.id), owner: `school:${own(s.id)}` })),
    { params: {}, body: { schoolId: '0' }, allowed: canManageCity(v.actor), owner: 'office' },
  ];
}

/** The viewer's own sub-group moved into another school's group: the target is an id in the form. */
function subgroupMoves(c: Catalogue, v: Viewer): Case[] {
  const cases = subgroups(c, v);
  const mine = c.subgroups.find((s) => s.schoolId === v.homeSchoolId && canManageSchool(v.actor, s.schoolId));
  if (mine) {
    for (const g of c.groups.filter((g) => g.schoolId !== mine.schoolId)) {
      cases.push({ params: { id: String(mine.id) }, body: { groupId: String(g.id) }, allowed: false, owner: `target:${own(g.schoolId)}`, formRefusal: true });
    }
  }
  return cases;
}

/** A role added to the viewer's own person in another school's group: refused. */
function roleAdds(c: Catalogue, v: Viewer): Case[] {
  const cases = staffCases(manages)(c, v);
  const mine = c.staff.find((s) => s.schoolId === v.homeSchoolId && manages(v, s) && s.id !== v.actor.staffId && s.active);
  if (mine) {
    for (const g of c.groups.filter((g) => g.schoolId !== mine.schoolId)) {
      cases.push({ params: { id: String(mine.id) }, body: { role: 'TEACHER', place: `g:${g.id}` }, allowed: false, owner: `target:${own(g.schoolId)}`, formRefusal: true });
    }
  }
  return cases;
}

const supervising = (c: Catalogue) => c.units.filter((u) => u.kind === 'SUPERVISING');
const firstOf = <T>(list: readonly T[], where: (t: T) => boolean = () => true): T => list.find(where)!;

export const SWEEP: Record<string, Rule> = {
  // Public, or guarded by something other than a session.
  'GET /health': { access: 'public' },
  'GET /ready': { access: 'public' },
  'GET /': { access: 'public' },
  'GET /favicon.ico': { access: 'public' },
  'POST /telegram/webhook': { access: 'webhook' },
  'POST /zalo/webhook': { access: 'webhook' },
  'GET /u/:token': { access: 'token' },
  'POST /u/:token': { access: 'token' },
  'GET /r/:token': { access: 'token' },
  'GET /r/:token/file': { access: 'token' },
  'GET /r/:token/preview': { access: 'token' },
  'GET /r/:token/preview/pdf': { access: 'token' },
  'POST /r/:token': { access: 'token' },
  'GET /login': { access: 'auth' },
  'POST /login': { access: 'auth' },
  'GET /login/unlock': { access: 'auth' },
  'POST /login/unlock': { access: 'auth' },

  // Signed in, every viewer.
  'POST /logout': { access: 'session', section: everyone, form: () => ({ fields: {} }) },
  'GET /password': { access: 'session', section: everyone },
  'POST /password': { access: 'session', section: everyone, form: () => ({ fields: { current: 'mat-khau-thu-nghiem-1', next: 'mat-khau-moi-rat-dai-1', confirm: 'mat-khau-moi-rat-dai-1' } }) },
  'GET /records': { access: 'session', section: everyone },
  'GET /plans/:id': { access: 'session', section: everyone, ids: plans },
  'GET /plans/:id/versions/:version/file': { access: 'session', section: everyone, ids: planFiles },
  'GET /plans/:id/versions/:version/preview': { access: 'session', section: everyone, ids: planFiles },
  // Served for PDFs only; the sweep's files are Word files, so it is 404 for everyone here
  // (its scope with real PDFs: test/web-admin/plan-preview.test.ts).
  'GET /plans/:id/versions/:version/preview/pdf': { access: 'session', section: everyone, ids: (c, v) => planFiles(c, v).map((x) => ({ ...x, allowed: false })) },

  // Compliance dashboard (R10 scopes).
  'GET /dashboard': { access: 'session', section: followsCompliance },
  'GET /dashboard.xlsx': { access: 'session', section: followsCompliance },
  'GET /dashboard/schools/:id': { access: 'session', section: followsCompliance, ids: dashboardSchools },
  'GET /dashboard/schools/:id.xlsx': { access: 'session', section: followsCompliance, ids: dashboardSchools },

  // Organisation.
  'GET /org': { access: 'session', section: managesAnything },
  'GET /org/units/new': { access: 'session', section: canManageCity },
  'POST /org/units/new': { access: 'session', section: canManageCity, form: () => ({ fields: { name: 'Đơn vị giả mạo' } }) },
  'GET /org/units/:id': { access: 'session', section: canManageCity, ids: units((a, u) => canManageCity(a) && u.kind === 'SUPERVISING') },
  'POST /org/units/:id': {
    access: 'session', section: managesAnything, ids: units((a, u) => canManageCity(a) && u.kind === 'SUPERVISING'),
    form: (c) => ({ params: { id: String(firstOf(supervising(c)).id) }, fields: { name: 'Đơn vị đổi tên giả mạo' } }),
  },
  'POST /org/units/:id/active': {
    access: 'session', section: managesAnything, ids: units((a, u) => canManageCity(a) && u.kind === 'SUPERVISING'),
    form: (c) => ({ params: { id: String(firstOf(supervising(c)).id) }, fields: { active: '0' } }),
  },
  'GET /org/schools/new': { access: 'session', section: canManageCity },
  'POST /org/schools/new': {
    access: 'session', section: canManageCity,
    form: (c) => ({ fields: { code: 'GIA-MAO', name: 'Trường giả mạo', level: 'THCS', supervisingUnitId: String(firstOf(supervising(c)).id) } }),
  },
  'GET /org/schools/:id': { access: 'session', section: managesAnything, ids: schools(canManageSchool) },
  'POST /org/schools/:id': { access: 'session', section: managesAnything, ids: schools(canManageCity), form: (c) => ({ params: { id: String(c.schools[0]!.id) }, fields: { name: 'Trường đổi tên', level: 'THPT' } }) },
  'POST /org/schools/:id/move': {
    access: 'session', section: managesAnything, ids: schools(canManageCity),
    form: (c) => ({ params: { id: String(c.schools[0]!.id) }, fields: { supervisingUnitId: String(supervising(c).find((u) => u.id !== c.schools[0]!.supervisingUnitId)!.id) } }),
  },
  'POST /org/schools/:id/active': { access: 'session', section: managesAnything, ids: schools(canManageCity), form: (c) => ({ params: { id: String(c.schools[0]!.id) }, fields: { active: '0', confirm: '1' } }) },
  'POST /org/schools/:id/groups': { access: 'session', section: managesAnything, ids: schools(canManageSchool), form: (c) => ({ params: { id: String(c.schools[0]!.id) }, fields: { name: 'Tổ giả mạo' } }) },
  'GET /org/groups/:id': { access: 'session', section: managesAnything, ids: groups(canManageSchool) },
  'POST /org/groups/:id': { access: 'session', section: managesAnything, ids: groups(canManageSchool), form: (c) => ({ params: { id: String(c.groups[0]!.id) }, fields: { name: 'Tổ đổi tên' } }) },
  'POST /org/groups/:id/active': { access: 'session', section: managesAnything, ids: groups(canManageSchool), form: (c) => ({ params: { id: String(c.groups[0]!.id) }, fields: { active: '0' } }) },
  'POST /org/groups/:id/move': {
    access: 'session', section: managesAnything, ids: groups((a) => canManageCity(a)),
    form: (c) => ({ params: { id: String(c.groups[0]!.id) }, fields: { schoolId: String(c.schools.find((s) => s.id !== c.groups[0]!.schoolId)!.id) } }),
  },
  'POST /org/groups/:id/subgroups': { access: 'session', section: managesAnything, ids: groups(canManageSchool), form: (c) => ({ params: { id: String(c.groups[0]!.id) }, fields: { subject: 'Môn giả mạo' } }) },
  'POST /org/subgroups/:id': { access: 'session', section: managesAnything, ids: subgroups, form: (c) => ({ params: { id: String(c.subgroups[0]!.id) }, fields: { subject: 'Môn đổi tên', name: 'Nhóm đổi tên' } }) },
  'POST /org/subgroups/:id/active': { access: 'session', section: managesAnything, ids: subgroups, form: (c) => ({ params: { id: String(c.subgroups[0]!.id) }, fields: { active: '0' } }) },
  'POST /org/subgroups/:id/move': {
    access: 'session', section: managesAnything, ids: subgroupMoves,
    form: (c) => {
      const sg = c.subgroups[0]!;
      return { params: { id: String(sg.id) }, fields: { groupId: String(c.groups.find((g) => g.schoolId === sg.schoolId && g.id !== sg.groupId)!.id) } };
    },
  },

  // Staff.
  'GET /staff': { access: 'session', section: managesAnything },
  'GET /staff/new': { access: 'session', section: managesAnything },
  'GET /staff/new/code': { access: 'session', section: managesAnything },
  'POST /staff/new': {
    access: 'session', section: managesAnything, ids: newStaffPlaces,
    form: (c) => ({ fields: { place: `s:${c.schools[0]!.id}`, code: 'GIA-MAO-001', fullName: 'Người giả mạo' } }),
  },
  'GET /staff/:id': { access: 'session', section: managesAnything, ids: staffCases((v, s) => readsStaff(v.actor, s)) },
  'POST /staff/:id': { access: 'session', section: managesAnything, ids: staffCases(manages), form: (c) => ({ params: { id: String(c.staff[0]!.id) }, fields: { code: 'GIA-MAO-002', fullName: 'Tên giả mạo' } }) },
  'POST /staff/:id/active': { access: 'session', section: managesAnything, ids: staffCases(manages), form: (c) => ({ params: { id: String(c.staff[0]!.id) }, fields: { active: '0' } }) },
  'POST /staff/:id/roles': {
    access: 'session', section: managesAnything, ids: roleAdds,
    form: (c) => ({ params: { id: String(c.staff[0]!.id) }, fields: { role: 'TEACHER', place: `g:${c.groups.find((g) => g.schoolId === c.staff[0]!.schoolId)!.id}` } }),
  },
  'POST /staff/:id/roles/:roleId/delete': {
    access: 'session', section: managesAnything, ids: roleRemovals,
    form: (c) => {
      const role = c.roles.find((r) => r.role === 'TEACHER')!;
      return { params: { id: String(role.staffId), roleId: String(role.id) }, fields: {} };
    },
  },
  'POST /staff/:id/account': { access: 'session', section: managesAnything, ids: staffCases(managesOther), form: (c) => ({ params: { id: String(c.staff.find((s) => !s.hasAccount && s.active)!.id) }, fields: { username: 'gia-mao' } }) },
  'POST /staff/:id/account/reset': { access: 'session', section: managesAnything, ids: staffCases(managesOther), form: (c) => ({ params: { id: String(c.staff.find((s) => s.hasAccount && s.schoolId != null)!.id) }, fields: {} }) },
  'POST /staff/:id/account/unlock': {
    access: 'session', section: managesAnything, ids: staffCases(managesOther),
    form: (c) => ({ params: { id: String(c.staff.find((s) => s.hasAccount && s.schoolId != null)!.id) }, fields: {} }),
  },
  'POST /staff/:id/account/active': {
    access: 'session', section: managesAnything, ids: staffCases(managesOther),
    form: (c) => ({ params: { id: String(c.staff.find((s) => s.hasAccount && s.schoolId != null)!.id) }, fields: { active: '0' } }),
  },

  // Roster import and export.
  'GET /roster': { access: 'session', section: managesAnything },
  'POST /roster/preview': { access: 'session', section: managesAnything, multipart: true, form: () => ({ fields: {} }) },
  'POST /roster/import': { access: 'session', section: managesAnything, form: () => ({ fields: { file: 'a'.repeat(64) } }) },
  'GET /roster/export.xlsx': { access: 'session', section: managesAnything },
  'GET /roster/export.csv': { access: 'session', section: managesAnything },
  'GET /roster/template.xlsx': { access: 'session', section: managesAnything },
  // A background import's page: its owner's only (another viewer's job id is a 404, test/web-admin/roster.test.ts).
  'GET /roster/jobs/:jobId': { access: 'session', section: managesAnything, ids: () => [{ params: { jobId: 'roster-999999' }, allowed: false, owner: 'none', always: true }] },

  // Chat links.
  'GET /links': { access: 'session', section: managesAnything },
  'POST /links/codes': { access: 'session', section: managesAnything, ids: linkCodeTargets, form: (c) => ({ fields: { staffId: String(c.staff.find((s) => s.active)!.id) } }) },
  'GET /links/:identityId/revoke': { access: 'session', section: managesAnything, ids: (c, v) => identities(c, v, true) },
  'POST /links/:identityId/revoke': { access: 'session', section: managesAnything, ids: (c, v) => identities(c, v, false), form: (c) => ({ params: { identityId: String(c.identities[0]!.id) }, fields: {} }) },

  // City operations: the hotline team only.
  'GET /years': { access: 'session', section: canOperateCity },
  'GET /years/new': { access: 'session', section: canOperateCity },
  'POST /years/new': { access: 'session', section: canOperateCity, form: () => ({ fields: { name: '2031-2032' } }) },
  'GET /years/:id': { access: 'session', section: canOperateCity, ids: (c) => byId('id', c.years, () => 'city', () => true) },
  'POST /years/:id': { access: 'session', section: canOperateCity, ids: (c) => byId('id', c.years, () => 'city', () => true), form: (c) => ({ params: { id: String(c.years[0]!.id) }, fields: { nudgeAfterHours: '5' } }) },
  'GET /audit': { access: 'session', section: canOperateCity },
  'GET /queues': { access: 'session', section: canOperateCity },
  'POST /queues/outbox/:id/retry': { access: 'session', section: canOperateCity, ids: (c) => byId('id', c.outbox, () => 'city', () => true), form: (c) => ({ params: { id: String(c.outbox[0]!.id) }, fields: {} }) },
};

/** The address of a route with its ids filled in (`/dashboard/schools/:id.xlsx` included). */
export function pathOf(route: string, params: Record<string, string> = {}): string {
  return route.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${route}`);
    return encodeURIComponent(params[name]!);
  });
}

export { schoolOf, staffOf };
