// The audit log for the hotline team: who did what, when, newest first, 100 entries a page.
import express, { type Request, type Router } from 'express';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { parseFormDate } from '../../core/school-year-rules.js';
import { actorPeople, AUDIT_PAGE_SIZE, auditPage, entityKey, entityNames, type AuditCursor, type AuditFilters } from '../../read-models/audit-log.js';
import type { AdminDeps } from '../admin-deps.js';
import { html, type SafeHtml } from '../html.js';
import { sendAdminPage } from '../layout.js';
import { detailRefs } from './audit-details.js';
import { actionLabel, actorCell, detailsCell, entityCell } from './audit-view.js';
import { requireOperator } from './operator-guard.js';

const KNOWN_ENTITY_TYPES = ['Plan', 'Submission', 'Staff', 'WebAccount', 'School', 'OrgUnit', 'Group', 'Subgroup', 'SchoolYear', 'Roster', 'OutboxMessage'];
const KNOWN_ACTION_PREFIXES = ['plan.', 'chat.link.', 'link-code.', 'roster.', 'web.', 'web-account.', 'staff.', 'role.', 'school.', 'unit.', 'group.', 'subgroup.', 'school-year.', 'outbox.'];

export function auditRouter(deps: AdminDeps): Router {
  const router = express.Router();
  router.use('/audit', requireOperator);

  router.get('/audit', async (req, res) => {
    const { filters, cursor, values, errors } = readQuery(req);
    const page = await auditPage(deps.db, filters, cursor);
    // Items named in the details (reviewers, schools, groups…) are looked up with the entries' own: one query per kind.
    const mentioned = page.entries.flatMap((e) => detailRefs(parsedOrNull(e.details)));
    const [people, names] = await Promise.all([actorPeople(deps.db, page.entries.map((e) => e.actor)), entityNames(deps.db, [...page.entries, ...mentioned])]);
    const nameOf = (type: string, id: string) => names.get(entityKey(type, id));
    const rows = page.entries.map((e) => html`<tr>
<td data-label="Thời gian">${formatVnDate(vnDateOf(e.at))} <span class="hint">${vnTimeOf(e.at)}</span></td>
<td data-label="Người thực hiện">${actorCell(e.actor, people.get(e.actor))}</td>
<td data-label="Thao tác">${actionLabel(e.action) ? html`${actionLabel(e.action)}<br><span class="hint"><code>${e.action}</code></span>` : html`<code>${e.action}</code>`}</td>
<td data-label="Đối tượng">${entityCell(e.entityType, e.entityId, names.get(entityKey(e.entityType, e.entityId)))}</td>
<td data-label="Chi tiết">${detailsCell(e.details, nameOf)}</td>
</tr>`);
    const link = (c: AuditCursor) => `/audit?${new URLSearchParams({ ...values, ...(c.before ? { before: String(c.before) } : {}), ...(c.after ? { after: String(c.after) } : {}) })}`;
    const paged = page.newerAfter !== undefined || page.olderBefore !== undefined;
    const pager = html`<div class="pager">
<span>${page.newerAfter !== undefined ? html`<a href="${link({ after: page.newerAfter })}">← Mới hơn</a> · <a href="${link({})}">Mới nhất</a>` : ''}</span>
<span class="hint">${page.entries.length} mục${paged ? ` (${AUDIT_PAGE_SIZE} mục mỗi trang)` : ''}</span>
<span>${page.olderBefore !== undefined ? html`<a href="${link({ before: page.olderBefore })}">Cũ hơn →</a>` : ''}</span>
</div>`;
    const body = html`<h1>Nhật ký thao tác</h1>
<form method="get" action="/audit" class="card filters" role="search">
${textFilter('actor', 'Người thực hiện', values, 'Tên, web:…, staff:…, cli')}
${textFilter('action', 'Thao tác', values, 'plan. hoặc plan.approve', 'audit-actions')}
${textFilter('entityType', 'Loại đối tượng', values, 'Plan, Staff…', 'audit-types')}
${textFilter('entityId', 'Mã đối tượng', values, 'số')}
${dateFilter('from', 'Từ ngày', values, errors)}
${dateFilter('to', 'Đến ngày', values, errors)}
<div class="row"><button type="submit">Lọc</button><a class="button secondary" href="/audit">Xoá lọc</a></div>
<datalist id="audit-actions">${KNOWN_ACTION_PREFIXES.map((a) => html`<option value="${a}">`)}</datalist>
<datalist id="audit-types">${KNOWN_ENTITY_TYPES.map((t) => html`<option value="${t}">`)}</datalist>
</form>
<p class="hint">Mới nhất ở trên. Thời gian theo giờ Việt Nam. Ô "Thao tác" lọc theo phần đầu của mã thao tác
(mã in nhỏ dưới mỗi thao tác; ví dụ <code>plan.</code> là mọi thao tác trên hồ sơ).</p>
${page.entries.length === 0
    ? html`<p class="card">Không có mục nào${Object.keys(values).length > 0 ? ' khớp bộ lọc' : ''}.</p>`
    : html`${pager}<div class="table-wrap"><table class="stack">
<thead><tr><th>Thời gian</th><th>Người thực hiện</th><th>Thao tác</th><th>Đối tượng</th><th>Chi tiết</th></tr></thead>
<tbody>${rows}</tbody></table></div>${paged ? pager : ''}`}`;
    sendAdminPage(req, res, 'audit', 'Nhật ký thao tác', body);
  });

  return router;
}

function parsedOrNull(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function one(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, 100) : '';
}

function readQuery(req: Request): { filters: AuditFilters; cursor: AuditCursor; values: Record<string, string>; errors: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const key of ['actor', 'action', 'entityType', 'entityId', 'from', 'to']) {
    const value = one(req.query[key]);
    if (value) values[key] = value;
  }
  const errors: Record<string, string> = {};
  const filters: AuditFilters = { actor: values.actor, action: values.action, entityType: values.entityType, entityId: values.entityId };
  for (const key of ['from', 'to'] as const) {
    if (!values[key]) continue;
    const date = parseFormDate(values[key]);
    if (date.ok) filters[key] = date.value;
    else errors[key] = `${date.error} Bộ lọc này chưa được áp dụng.`;
  }
  const position = (key: string) => (/^\d{1,9}$/.test(one(req.query[key])) ? Number(one(req.query[key])) : undefined);
  return { filters, cursor: { before: position('before'), after: position('after') }, values, errors };
}

function textFilter(name: string, label: string, values: Record<string, string>, placeholder: string, list?: string): SafeHtml {
  return html`<div><label for="q-${name}">${label}</label><input id="q-${name}" name="${name}" type="search" value="${values[name] ?? ''}" placeholder="${placeholder}"${list ? html` list="${list}"` : ''}></div>`;
}

function dateFilter(name: string, label: string, values: Record<string, string>, errors: Record<string, string>): SafeHtml {
  return html`<div><label for="q-${name}">${label}</label><input id="q-${name}" name="${name}" type="date" value="${values[name] ?? ''}">${errors[name] ? html`<p class="error">${errors[name]}</p>` : ''}</div>`;
}
