// Chat linking (R2) for the people an admin manages: who has linked Telegram or Zalo and who
// has not, printable link codes for one person or a whole group or school, and unlinking.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { idOrNoneSchema, idSchema } from '../../core/ids.js';
import { isHotline, managesAnything } from '../../core/admin-rights.js';
import { AppError } from '../../core/app-error.js';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import {
  checkLinkScope, hasStatus, linkCodeTargets, loadLinkPeople, NOT_IN_SCOPE, type LinkPerson, type LinkStatus,
} from '../../read-models/chat-link-people.js';
import { managedSchoolsFilter } from '../../read-models/scope-filters.js';
import { DEFAULT_LINK_CODE_HOURS, issueLinkCode } from '../../use-cases/issue-link-code.js';
import { revokeChatLink } from '../../use-cases/revoke-link.js';
import type { AdminDeps } from '../admin-deps.js';
import { viewerOf, type Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, sendAdminPage, setFlash } from '../layout.js';
import { linkCodeSheet, type LinkCodeCard } from '../links/link-code-sheet.js';

const PAGE_SIZE = 100;
/** One sheet stays printable; a whole city is issued school by school. */
const MAX_CODES_AT_ONCE = 1000;
const CHANNEL_LABELS: Record<string, string> = { TELEGRAM: 'Telegram', ZALO: 'Zalo' };
const STATUS_LABELS: Record<LinkStatus, string> = {
  all: 'Tất cả', linked: 'Đã liên kết', unlinked: 'Chưa liên kết', unreachable: 'Không liên lạc được',
};

const optionalId = z.preprocess((v) => (v === '' ? undefined : v), idOrNoneSchema.optional());
const listQuery = z.object({
  school: optionalId,
  group: optionalId,
  status: z.enum(['all', 'linked', 'unlinked', 'unreachable']).default('all'),
  q: z.string().max(100).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
const codesForm = z.object({
  staffId: optionalId,
  groupId: optionalId,
  schoolId: optionalId,
  hours: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(720).default(DEFAULT_LINK_CODE_HOURS)),
});

export function linkRouter(deps: AdminDeps): Router {
  const router = express.Router();

  router.get('/links', async (req, res) => {
    const viewer = linkManager(res);
    const query = parse(listQuery, req.query);
    const schools = await deps.db.school.findMany({
      where: { AND: [managedSchoolsFilter(viewer.actor), { active: true }] }, orderBy: { name: 'asc' }, select: { id: true, name: true },
    });
    // The admin of one school starts in that school, with its groups.
    const only = schools.length === 1 && !isHotline(viewer.actor) ? schools[0]!.id : undefined;
    const scope = await checkLinkScope(deps.db, viewer.actor, { schoolId: query.school ?? (query.group === undefined ? only : undefined), groupId: query.group });
    const [people, groups] = await Promise.all([
      loadLinkPeople(deps.db, viewer.actor, scope, query.q),
      scope.schoolId ? deps.db.group.findMany({ where: { schoolId: scope.schoolId, active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } }) : [],
    ]);
    const names = await placeNames(deps, people);
    const shown = people.filter((p) => hasStatus(p, query.status));
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const page = Math.min(query.page, pages);
    const body = html`<h1>Liên kết chat</h1>
${filtersForm(viewer, query, scope, schools, groups)}
${statsOf(people)}
${summaryOf(viewer, query, scope, people, schools, groups)}
${peopleTable(viewer, shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), names, query.status)}
${pager(req, page, pages, shown.length)}`;
    sendAdminPage(req, res, 'links', 'Liên kết chat', body);
  });

  router.post('/links/codes', async (req, res) => {
    const viewer = linkManager(res);
    const form = parse(codesForm, req.body);
    const chosen = [form.staffId, form.groupId, form.schoolId].filter((v) => v !== undefined).length;
    if (chosen !== 1) throw new AppError('INVALID_INPUT', 'Hãy chọn một người, một tổ hoặc một trường để cấp mã.');
    const target = form.staffId !== undefined ? { staffId: form.staffId } : { groupId: form.groupId, schoolId: form.schoolId };
    const people = await linkCodeTargets(deps.db, viewer.actor, target);
    if (people.length === 0) {
      setFlash(res, 'ok', 'Mọi người trong phạm vi này đều đã liên kết chat, không cần cấp mã.');
      return void res.redirect(303, `/links?${new URLSearchParams(form.groupId !== undefined ? { group: String(form.groupId) } : { school: String(form.schoolId) })}`);
    }
    if (people.length > MAX_CODES_AT_ONCE) {
      throw new AppError('INVALID_INPUT', `Mỗi lần cấp tối đa ${MAX_CODES_AT_ONCE} mã; hãy cấp theo từng trường hoặc từng tổ.`);
    }
    const names = await placeNames(deps, people);
    const cards: LinkCodeCard[] = [];
    for (const person of people) {
      const issued = await issueLinkCode(deps.db, { staffId: person.id, issuedBy: `web:${viewer.username}`, hours: form.hours, now: deps.now() });
      cards.push({ issued, place: placeOf(person, names) });
    }
    // Shown once: never cached, never behind a URL that could be opened again.
    res.setHeader('Cache-Control', 'no-store');
    sendAdminPage(req, res, 'links', 'Mã liên kết', await linkCodeSheet(cards, { botUsername: deps.telegramBotUsername(), zaloBotName: deps.zaloBotName?.(), on: deps.channels }));
  });

  router.get('/links/:identityId/revoke', async (req, res) => {
    const viewer = linkManager(res);
    const identity = await managedIdentity(deps, viewer, req.params.identityId);
    const channel = CHANNEL_LABELS[identity.channel] ?? identity.channel;
    sendAdminPage(req, res, 'links', 'Huỷ liên kết', html`<h1>Huỷ liên kết ${channel}</h1>
<div class="card"><p>Huỷ liên kết ${channel} của <strong>${identity.staff.fullName}</strong> (${identity.staff.code})?</p>
<p class="hint">Liên kết từ ${dateTime(identity.linkedAt)}, dùng gần nhất ${dateTime(identity.lastUsedAt)}.
Sau khi huỷ, trợ lý không nhận ra tài khoản chat này nữa; tin nhắn chưa gửi tới đó bị huỷ. Người này có thể liên kết lại bằng mã mới.</p>
<form method="post" action="/links/${identity.id}/revoke">${csrfField(viewer)}
<button type="submit" class="danger">Huỷ liên kết</button> <a href="/links?q=${encodeURIComponent(identity.staff.code)}">Không, quay lại</a></form></div>`);
  });

  router.post('/links/:identityId/revoke', async (req, res) => {
    const viewer = linkManager(res);
    const identityId = parse(idSchema, req.params.identityId, 'NOT_FOUND');
    const revoked = await revokeChatLink(deps.db, { identityId, actor: viewer.actor, actorLabel: `web:${viewer.username}` });
    const code = (await deps.db.staff.findUniqueOrThrow({ where: { id: revoked.staffId }, select: { code: true } })).code;
    setFlash(res, 'ok', `Đã huỷ liên kết ${CHANNEL_LABELS[revoked.channel] ?? revoked.channel} của ${revoked.fullName}. Người này có thể liên kết lại bằng mã mới.`);
    res.redirect(303, `/links?q=${encodeURIComponent(code)}`);
  });

  return router;
}

function linkManager(res: Parameters<typeof viewerOf>[0]): Viewer {
  const viewer = viewerOf(res);
  if (!managesAnything(viewer.actor)) throw new AppError('FORBIDDEN', 'Bạn không có quyền quản lý liên kết chat.');
  return viewer;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, code: 'INVALID_INPUT' | 'NOT_FOUND' = 'INVALID_INPUT'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError(code, code === 'NOT_FOUND' ? NOT_IN_SCOPE : 'Dữ liệu gửi lên không hợp lệ.');
  return result.data;
}

async function managedIdentity(deps: AdminDeps, viewer: Viewer, rawId: string | string[] | undefined) {
  const id = parse(idSchema, rawId, 'NOT_FOUND');
  const identity = await deps.db.chatIdentity.findUnique({ where: { id }, include: { staff: { select: { id: true, code: true, fullName: true } } } });
  // Scope is decided on the person, exactly as the revoke itself decides it.
  const inScope = identity ? (await loadLinkPeople(deps.db, viewer.actor, {}, '', identity.staffId)).length > 0 : false;
  if (!identity || !inScope) throw new AppError('NOT_FOUND', NOT_IN_SCOPE);
  return identity;
}

interface PlaceNames {
  schools: Map<number, string>;
  groups: Map<number, string>;
}

async function placeNames(deps: AdminDeps, people: readonly LinkPerson[]): Promise<PlaceNames> {
  const schoolIds = [...new Set(people.flatMap((p) => (p.schoolId != null ? [p.schoolId] : [])))];
  const groupIds = [...new Set(people.flatMap((p) => p.groupIds))];
  const [schools, groups] = await Promise.all([
    deps.db.school.findMany({ where: { id: { in: schoolIds } }, select: { id: true, name: true } }),
    deps.db.group.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } }),
  ]);
  return { schools: new Map(schools.map((s) => [s.id, s.name])), groups: new Map(groups.map((g) => [g.id, g.name])) };
}

function placeOf(person: LinkPerson, names: PlaceNames): string {
  const school = person.schoolId != null ? names.schools.get(person.schoolId) : 'Cơ quan quản lý';
  return [school, ...person.groupIds.map((id) => names.groups.get(id))].filter(Boolean).join(' · ');
}

function dateTime(instant: Date): string {
  return `${formatVnDate(vnDateOf(instant))} ${vnTimeOf(instant)}`;
}

type ListQuery = z.infer<typeof listQuery>;

function filtersForm(viewer: Viewer, query: ListQuery, scope: { schoolId?: number; groupId?: number }, schools: Array<{ id: number; name: string }>, groups: Array<{ id: number; name: string }>): SafeHtml {
  const option = (value: string | number, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const schoolOptions = [
    ...(schools.length > 1 || isHotline(viewer.actor) ? [option('', 'Tất cả trường', scope.schoolId === undefined)] : []),
    ...schools.map((s) => option(s.id, s.name, scope.schoolId === s.id)),
    ...(isHotline(viewer.actor) ? [option(0, 'Cơ quan quản lý (không thuộc trường)', scope.schoolId === 0)] : []),
  ];
  return html`<form method="get" action="/links" class="card filters no-print">
<div><label for="f-school">Trường</label><select id="f-school" name="school">${schoolOptions}</select></div>
${groups.length > 0 ? html`<div><label for="f-group">Tổ chuyên môn</label><select id="f-group" name="group">${option('', 'Tất cả tổ', scope.groupId === undefined)}${groups.map((g) => option(g.id, g.name, scope.groupId === g.id))}</select></div>` : ''}
<div><label for="f-status">Tình trạng</label><select id="f-status" name="status">${(Object.keys(STATUS_LABELS) as LinkStatus[]).map((s) => option(s, STATUS_LABELS[s], query.status === s))}</select></div>
<div><label for="f-q">Tìm theo tên, mã, số điện thoại</label><input id="f-q" name="q" type="search" value="${query.q}" maxlength="100"></div>
<div><button type="submit">Lọc</button></div></form>`;
}

interface Tally {
  total: number;
  telegram: number;
  zalo: number;
  unlinked: number;
  unreachable: number;
}

function tally(people: readonly LinkPerson[]): Tally {
  const on = (p: LinkPerson, channel: string) => p.identities.some((i) => i.channel === channel);
  return {
    total: people.length,
    telegram: people.filter((p) => on(p, 'TELEGRAM')).length,
    zalo: people.filter((p) => on(p, 'ZALO')).length,
    unlinked: people.filter((p) => hasStatus(p, 'unlinked')).length,
    unreachable: people.filter((p) => hasStatus(p, 'unreachable')).length,
  };
}

function statsOf(people: readonly LinkPerson[]): SafeHtml {
  const t = tally(people);
  return html`<div class="stats"><div class="stat"><b>${t.total}</b>người</div><div class="stat"><b>${t.telegram}</b>đã liên kết Telegram</div>
<div class="stat"><b>${t.zalo}</b>đã liên kết Zalo</div><div class="stat"><b>${t.unlinked}</b>chưa liên kết</div>
<div class="stat"><b>${t.unreachable}</b>không liên lạc được</div></div>`;
}

/** Per school (several schools in view) or per group (one school): counts and codes for the unlinked. */
function summaryOf(
  viewer: Viewer, query: ListQuery, scope: { schoolId?: number; groupId?: number }, people: readonly LinkPerson[],
  schools: Array<{ id: number; name: string }>, groups: Array<{ id: number; name: string }>,
): SafeHtml {
  if (scope.groupId !== undefined || scope.schoolId === 0 || query.q) return html``;
  const bySchool = scope.schoolId === undefined && schools.length > 1;
  const members = partition(people, bySchool ? (p) => [p.schoolId] : (p) => p.groupIds);
  const rows = (bySchool
    ? schools.map((s) => ({ label: s.name, href: `/links?school=${s.id}`, field: 'schoolId', id: s.id }))
    : groups.map((g) => ({ label: g.name, href: `/links?school=${scope.schoolId}&group=${g.id}`, field: 'groupId', id: g.id }))
  ).map((r) => ({ ...r, people: members.get(r.id) ?? [] }));
  if (rows.length === 0) return html``;
  const schoolId = scope.schoolId;
  const whole = !bySchool && schoolId !== undefined ? tally(people).unlinked : 0;
  return html`<h2>${bySchool ? 'Theo trường' : 'Theo tổ chuyên môn'}</h2>
<div class="table-wrap"><table><thead><tr><th>${bySchool ? 'Trường' : 'Tổ'}</th><th class="num">Số người</th><th class="num">Telegram</th><th class="num">Zalo</th><th class="num">Chưa liên kết</th><th class="num">Không liên lạc được</th><th class="no-print">Cấp mã</th></tr></thead>
<tbody>${rows.map((r) => {
    const t = tally(r.people);
    return html`<tr><td><a href="${r.href}">${r.label}</a></td><td class="num">${t.total}</td><td class="num">${t.telegram}</td><td class="num">${t.zalo}</td><td class="num">${t.unlinked}</td><td class="num">${t.unreachable}</td>
<td class="no-print">${t.unlinked > 0 ? codesButton(viewer, r.field, r.id, `Cấp mã cho ${t.unlinked} người chưa liên kết`) : ''}</td></tr>`;
  })}</tbody></table></div>
${whole > 0 ? html`<div class="no-print">${codesButton(viewer, 'schoolId', schoolId!, `Cấp mã cho cả trường: ${whole} người chưa liên kết`)}</div>` : ''}`;
}

/** People by school or by group, in one pass (a city has hundreds of schools). */
function partition(people: readonly LinkPerson[], keys: (p: LinkPerson) => ReadonlyArray<number | null>): Map<number | null, LinkPerson[]> {
  const map = new Map<number | null, LinkPerson[]>();
  for (const p of people) for (const k of keys(p)) (map.get(k) ?? map.set(k, []).get(k)!).push(p);
  return map;
}

function codesButton(viewer: Viewer, field: string, id: number, label: string): SafeHtml {
  return html`<form method="post" action="/links/codes" class="row">${csrfField(viewer)}<input type="hidden" name="${field}" value="${id}"><button type="submit" class="secondary">${label}</button></form>`;
}

function peopleTable(viewer: Viewer, people: readonly LinkPerson[], names: PlaceNames, status: LinkStatus): SafeHtml {
  if (people.length === 0) return html`<p class="card">Không có ai ${status === 'all' ? 'phù hợp với bộ lọc' : `ở tình trạng “${STATUS_LABELS[status].toLowerCase()}”`}.</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th>Họ và tên</th><th>Telegram</th><th>Zalo</th><th class="no-print">Mã liên kết</th></tr></thead>
<tbody>${people.map((p) => html`<tr data-staff="${p.code}"><td><strong>${p.fullName}</strong><br><span class="hint">${p.code} · ${placeOf(p, names)}</span></td>
<td>${channelCell(p, 'TELEGRAM')}</td><td>${channelCell(p, 'ZALO')}</td>
<td class="no-print">${codesButton(viewer, 'staffId', p.id, p.identities.length > 0 ? 'Cấp mã mới' : 'Cấp mã')}</td></tr>`)}</tbody></table></div>`;
}

function channelCell(person: LinkPerson, channel: string): SafeHtml {
  const identity = person.identities.find((i) => i.channel === channel);
  if (!identity) return html`<span class="badge">Chưa liên kết</span>`;
  const state = identity.unreachableAt
    ? html`<span class="badge bad">Không liên lạc được</span><br><span class="hint">từ ${dateTime(identity.unreachableAt)}</span>`
    : html`<span class="badge good">Đã liên kết</span>`;
  return html`${state}<br><span class="hint">Dùng gần nhất: ${dateTime(identity.lastUsedAt)}</span>
<br><a class="no-print" href="/links/${identity.id}/revoke">Huỷ liên kết</a>`;
}

function pager(req: Request, page: number, pages: number, count: number): SafeHtml {
  if (pages <= 1) return html``;
  const at = (n: number) => {
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.set('page', String(n));
    return `/links?${params}`;
  };
  return html`<div class="pager no-print">${page > 1 ? html`<a href="${at(page - 1)}">← Trang trước</a>` : html`<span></span>`}
<span>Trang ${page}/${pages} (${count} người)</span>${page < pages ? html`<a href="${at(page + 1)}">Trang sau →</a>` : html`<span></span>`}</div>`;
}
