// Pages of the organisation section: supervising units, schools, groups and sub-groups.
// Views only: every value comes from a scoped read, every form posts to a route that checks
// the viewer's rights again.
import { canManageCity } from '../../core/admin-rights.js';
import { ROLE_LABELS, type Role, SCHOOL_LEVELS, SCHOOL_LEVEL_LABELS, type SchoolLevel } from '../../core/vocabulary.js';
import type { groupDetail, Member, schoolDetail, SchoolSummary, unitDetail, UnitSummary } from '../../read-models/org-overview.js';
import type { Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';
import { activeToggle, CONFIRM_SCRIPT, OFF_STYLE, stateBadge } from './page-kit.js';

type Supervisor = { id: number; name: string; typeLabel: string | null; kind: string };
type SchoolDetail = NonNullable<Awaited<ReturnType<typeof schoolDetail>>>;
type GroupDetail = NonNullable<Awaited<ReturnType<typeof groupDetail>>>;
type UnitDetail = NonNullable<Awaited<ReturnType<typeof unitDetail>>>;

const levelLabel = (level: string) => SCHOOL_LEVEL_LABELS[level as SchoolLevel] ?? level;
const rowStyle = (active: boolean) => (active ? '' : OFF_STYLE);

export function orgHome(viewer: Viewer, data: { units: UnitSummary[]; schools: SchoolSummary[]; text: string }): SafeHtml {
  const city = canManageCity(viewer.actor);
  return html`<h1>Đơn vị, trường, tổ</h1>
${city ? unitsSection(data.units) : ''}
<h2>${city ? 'Trường' : 'Trường của tôi'}</h2>
<div class="row">
${city ? html`<a class="button" href="/org/schools/new">Thêm trường</a>` : ''}
<form method="get" action="/org" class="row" role="search"><label for="q" class="hint" style="margin:0">Tìm trường</label>
<input type="search" id="q" name="q" value="${data.text}" placeholder="Tên hoặc mã trường" style="max-width:18rem"><button type="submit" class="secondary">Tìm</button></form>
</div>
${data.schools.length === 0 ? html`<p class="notice">Không có trường nào${data.text ? ' khớp với tìm kiếm' : ''}.</p>` : html`<div class="table-wrap"><table>
<thead><tr><th>Trường</th><th>Mã</th><th>Cấp học</th><th>Đơn vị quản lý</th><th class="num">Tổ</th><th class="num">Cán bộ</th></tr></thead>
<tbody>${data.schools.map((s) => html`<tr style="${rowStyle(s.active)}"><td><a href="/org/schools/${s.id}">${s.name}</a>${stateBadge(s.active)}</td>
<td>${s.code}</td><td>${levelLabel(s.level)}</td><td>${s.unitName}</td><td class="num">${s.groups}</td><td class="num">${s.staff}</td></tr>`)}</tbody>
</table></div>`}
<p class="hint">Số tổ và số cán bộ chỉ tính những gì đang hoạt động.</p>`;
}

function unitsSection(units: UnitSummary[]): SafeHtml {
  return html`<h2>Đơn vị quản lý trường</h2>
<p class="hint">Đơn vị nhận báo cáo kế hoạch giáo dục của nhà trường và được xem hồ sơ của các trường mình quản lý (phòng GDĐT, UBND phường/xã…). Trường THPT thường do Phòng Giáo dục trung học quản lý.</p>
<a class="button" href="/org/units/new">Thêm đơn vị</a>
<div class="table-wrap"><table>
<thead><tr><th>Đơn vị</th><th>Loại đơn vị</th><th class="num">Trường đang quản lý</th><th class="num">Tài khoản</th></tr></thead>
<tbody>${units.map((u) => html`<tr style="${rowStyle(u.active)}"><td>${u.kind === 'SUPERVISING' ? html`<a href="/org/units/${u.id}">${u.name}</a>` : u.name}${stateBadge(u.active)}</td>
<td>${u.typeLabel ?? ''}</td><td class="num">${u.schools}</td><td class="num">${u.accounts}</td></tr>`)}</tbody>
</table></div>`;
}

export interface UnitFormValues {
  name?: string;
  typeLabel?: string | null;
}

export function unitForm(viewer: Viewer, action: string, values: UnitFormValues, submit: string): SafeHtml {
  return html`<form method="post" action="${action}" class="card" style="max-width:36rem">${csrfField(viewer)}
<label for="name">Tên đơn vị</label><input type="text" id="name" name="name" value="${values.name ?? ''}" required maxlength="160" placeholder="UBND phường Lê Chân">
<label for="typeLabel">Loại đơn vị</label><input type="text" id="typeLabel" name="typeLabel" value="${values.typeLabel ?? ''}" maxlength="100" placeholder="Phòng GDĐT quận, UBND phường…" list="unit-types">
<datalist id="unit-types"><option value="Phòng GDĐT quận"><option value="Phòng GDĐT huyện"><option value="UBND phường"><option value="UBND xã"><option value="Phòng Văn hóa – Xã hội phường"></datalist>
<p class="hint">Mã đơn vị được tạo từ tên, giống như khi nhập danh sách, để lần nhập sau nhận ra đơn vị này.</p>
<button type="submit">${submit}</button></form>`;
}

export function newUnitPage(viewer: Viewer, values: UnitFormValues, error?: string): SafeHtml {
  return html`<p><a href="/org">← Đơn vị, trường, tổ</a></p><h1>Thêm đơn vị quản lý</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}${unitForm(viewer, '/org/units/new', values, 'Thêm đơn vị')}`;
}

export function unitPage(viewer: Viewer, d: UnitDetail): SafeHtml {
  const { unit } = d;
  return html`<p><a href="/org">← Đơn vị, trường, tổ</a></p>
<h1>${unit.name}${stateBadge(unit.active)}</h1>
<dl class="facts card"><dt>Mã</dt><dd>${unit.code}</dd><dt>Loại đơn vị</dt><dd>${unit.typeLabel ?? '—'}</dd></dl>
<h2>Sửa thông tin</h2>${unitForm(viewer, `/org/units/${unit.id}`, unit, 'Lưu')}
<h2>Trường do đơn vị quản lý</h2>
${d.schools.length === 0 ? html`<p class="hint">Chưa có trường nào.</p>` : html`<div class="table-wrap"><table><thead><tr><th>Trường</th><th>Cấp học</th></tr></thead>
<tbody>${d.schools.map((s) => html`<tr style="${rowStyle(s.active)}"><td><a href="/org/schools/${s.id}">${s.name}</a>${stateBadge(s.active)}</td><td>${levelLabel(s.level)}</td></tr>`)}</tbody></table></div>`}
<h2>Tài khoản của đơn vị</h2>
${d.accounts.length === 0 ? html`<p class="hint">Chưa có tài khoản nào. Thêm ở trang <a href="/staff/new">Cán bộ, giáo viên</a>.</p>` : html`<ul>${d.accounts.map((a) => html`<li style="${rowStyle(a.active)}"><a href="/staff/${a.id}">${a.fullName}</a> (${a.code})${stateBadge(a.active)}</li>`)}</ul>`}
<h2>Trạng thái</h2>
<div class="card"><p class="hint">Ngừng hoạt động giữ lại đơn vị cùng các báo cáo đã nhận; đơn vị không còn xuất hiện khi chọn đơn vị quản lý. Chỉ ngừng được khi đơn vị không còn quản lý trường nào đang hoạt động và không còn tài khoản đang hoạt động.</p>
${activeToggle(viewer, `/org/units/${unit.id}/active`, unit.active, 'đơn vị', `Ngừng hoạt động ${unit.name}?`)}</div>${CONFIRM_SCRIPT}`;
}

export interface SchoolFormValues {
  code?: string;
  name?: string;
  level?: string;
  supervisingUnitId?: number | string;
}

function supervisorOptions(supervisors: Supervisor[], selected: number | string | undefined): SafeHtml {
  return html`${supervisors.map((u) => html`<option value="${u.id}"${String(selected) === String(u.id) ? html` selected` : ''}>${u.name}${u.typeLabel ? ` (${u.typeLabel})` : ''}</option>`)}`;
}

function levelOptions(selected: string | undefined): SafeHtml {
  return html`${SCHOOL_LEVELS.map((l) => html`<option value="${l}"${selected === l ? html` selected` : ''}>${SCHOOL_LEVEL_LABELS[l]}</option>`)}`;
}

export function newSchoolPage(viewer: Viewer, supervisors: Supervisor[], values: SchoolFormValues, error?: string): SafeHtml {
  return html`<p><a href="/org">← Đơn vị, trường, tổ</a></p><h1>Thêm trường</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/org/schools/new" class="card" style="max-width:36rem">${csrfField(viewer)}
<label for="code">Mã trường</label><input type="text" id="code" name="code" value="${values.code ?? ''}" required maxlength="40" placeholder="THCS-TP" autocapitalize="characters">
<p class="hint">Như cột "Mã trường" của danh sách nhập; không đổi được sau này.</p>
<label for="name">Tên trường</label><input type="text" id="name" name="name" value="${values.name ?? ''}" required maxlength="160" placeholder="Trường THCS Trần Phú">
<label for="level">Cấp học</label><select id="level" name="level">${levelOptions(values.level)}</select>
<label for="supervisingUnitId">Đơn vị quản lý (nhận báo cáo kế hoạch nhà trường)</label>
<select id="supervisingUnitId" name="supervisingUnitId" required><option value="">— Chọn đơn vị —</option>${supervisorOptions(supervisors, values.supervisingUnitId)}</select>
<button type="submit">Thêm trường</button></form>`;
}

export function schoolPage(viewer: Viewer, d: SchoolDetail, supervisors: Supervisor[]): SafeHtml {
  const { school } = d;
  const city = canManageCity(viewer.actor);
  return html`<p><a href="/org">← Đơn vị, trường, tổ</a></p>
<h1>${school.name}${stateBadge(school.active)}</h1>
<dl class="facts card"><dt>Mã trường</dt><dd>${school.code}</dd><dt>Cấp học</dt><dd>${levelLabel(school.level)}</dd>
<dt>Đơn vị quản lý</dt><dd>${school.supervisingUnit.name}</dd><dt>Cán bộ đang hoạt động</dt><dd><a href="/staff?school=${school.id}">${d.staff} người</a>${school.active ? html` · <a href="/staff/new?place=s:${school.id}">Thêm cán bộ</a>` : ''}</dd>
<dt>Hồ sơ đã nộp</dt><dd>${d.plans}</dd></dl>
<h2>Tổ chuyên môn</h2>
${groupsTable(d)}
${school.active ? html`<form method="post" action="/org/schools/${school.id}/groups" class="card row" style="align-items:end">${csrfField(viewer)}
<div style="flex:1;min-width:14rem"><label for="group-name" style="margin-top:0">Thêm tổ</label><input type="text" id="group-name" name="name" required maxlength="120" placeholder="Tổ Khoa học xã hội"></div>
<button type="submit">Thêm tổ</button></form>` : ''}
${city ? schoolCityForms(viewer, d, supervisors) : html`<p class="hint">Tên, cấp học và đơn vị quản lý của trường do tổ hỗ trợ của Sở thay đổi.</p>`}
${CONFIRM_SCRIPT}`;
}

function groupsTable(d: SchoolDetail): SafeHtml {
  if (d.groups.length === 0) return html`<p class="hint">Trường chưa có tổ nào.</p>`;
  return html`<div class="table-wrap"><table>
<thead><tr><th>Tổ</th><th>Tổ trưởng</th><th>Nhóm chuyên môn (nhóm trưởng)</th><th class="num">Giáo viên</th></tr></thead>
<tbody>${d.groups.map((g) => html`<tr style="${rowStyle(g.active)}"><td><a href="/org/groups/${g.id}">${g.name}</a>${stateBadge(g.active)}</td>
<td>${peopleList(g.heads)}</td>
<td>${g.subgroups.length === 0 ? html`<span class="hint">—</span>` : html`<ul style="margin:0;padding-left:1.1rem">${g.subgroups.map((sg) => html`<li style="${rowStyle(sg.active && g.active)}">${sg.name}${stateBadge(sg.active)}${headsOf(g.subgroupHeads, sg.id)}</li>`)}</ul>`}</td>
<td class="num">${g.teachers}</td></tr>`)}</tbody></table></div>`;
}

function headsOf(heads: Member[], subgroupId: number): SafeHtml {
  const list = heads.filter((h) => h.subgroupId === subgroupId);
  return list.length === 0 ? html`` : html` — ${peopleList(list)}`;
}

function peopleList(people: Member[]): SafeHtml {
  if (people.length === 0) return html`<span class="hint">chưa có</span>`;
  return html`${people.map((p, i) => html`${i > 0 ? ', ' : ''}<a href="/staff/${p.staffId}" style="${rowStyle(p.active)}">${p.fullName}</a>`)}`;
}

function schoolCityForms(viewer: Viewer, d: SchoolDetail, supervisors: Supervisor[]): SafeHtml {
  const { school } = d;
  return html`<h2>Sửa thông tin trường</h2>
<form method="post" action="/org/schools/${school.id}" class="card" style="max-width:36rem">${csrfField(viewer)}
<label for="name">Tên trường</label><input type="text" id="name" name="name" value="${school.name}" required maxlength="160">
<label for="level">Cấp học</label><select id="level" name="level">${levelOptions(school.level)}</select>
<button type="submit">Lưu</button></form>
<h2>Chuyển sang đơn vị quản lý khác</h2>
<form method="post" action="/org/schools/${school.id}/move" class="card" style="max-width:36rem">${csrfField(viewer)}
<p class="hint">Hồ sơ đã nộp vẫn thuộc trường này. Từ khi chuyển, đơn vị mới xem được toàn bộ hồ sơ của trường (kể cả hồ sơ cũ) và nhận các báo cáo kế hoạch nhà trường tiếp theo; đơn vị cũ không xem được nữa. Báo cáo đã gửi vẫn được ghi là đã gửi đơn vị cũ.</p>
<label for="supervisingUnitId">Đơn vị quản lý mới</label>
<select id="supervisingUnitId" name="supervisingUnitId">${supervisorOptions(supervisors, school.supervisingUnitId)}</select>
<button type="submit">Chuyển trường</button></form>
<h2>Trạng thái</h2>
<div class="card">${school.active
    ? html`<form method="post" action="/org/schools/${school.id}/active">${csrfField(viewer)}<input type="hidden" name="active" value="0">
<p class="hint">Ngừng hoạt động: trường không còn được nhắc hạn và không còn xuất hiện khi chọn trường. Hồ sơ, quyết định duyệt và báo cáo đã có được giữ nguyên. ${d.staff} cán bộ của trường cũng ngừng hoạt động: tài khoản web bị khóa, liên kết chat vẫn được lưu nhưng họ không nộp hay duyệt hồ sơ được nữa.</p>
<label><input type="checkbox" name="confirm" value="1" required> Tôi hiểu và muốn ngừng hoạt động trường này cùng ${d.staff} cán bộ</label>
<button type="submit" class="danger">Ngừng hoạt động trường</button></form>`
    : html`<p class="hint">Kích hoạt lại trường không tự kích hoạt lại cán bộ: kích hoạt từng người ở trang <a href="/staff?school=${school.id}&amp;state=inactive">Cán bộ, giáo viên</a> hoặc nhập lại danh sách.</p>
${activeToggle(viewer, `/org/schools/${school.id}/active`, false, 'trường')}`}</div>`;
}

export function groupPage(viewer: Viewer, d: GroupDetail): SafeHtml {
  const { group } = d;
  const city = canManageCity(viewer.actor);
  const active = d.people.filter((p) => p.active);
  return html`<p><a href="/org/schools/${group.schoolId}">← ${group.school.name}</a></p>
<h1>${group.name}${stateBadge(group.active)}</h1>
<dl class="facts card"><dt>Trường</dt><dd>${group.school.name}</dd><dt>Người có vai trò trong tổ</dt><dd>${new Set(active.map((p) => p.staffId)).size} đang hoạt động</dd>
<dt>Hồ sơ đã nộp trong tổ</dt><dd>${d.plans}</dd></dl>
<h2>Nhóm chuyên môn</h2>
${d.group.subgroups.length === 0 ? html`<p class="hint">Tổ chưa có nhóm nào.</p>` : html`${d.group.subgroups.map((sg) => subgroupCard(viewer, d, sg))}`}
${group.active ? html`<form method="post" action="/org/groups/${group.id}/subgroups" class="card">${csrfField(viewer)}<h3 style="margin:0">Thêm nhóm</h3>
<div class="filters"><div><label for="sg-subject">Môn</label><input type="text" id="sg-subject" name="subject" required maxlength="80" placeholder="Tin học"></div>
<div><label for="sg-name">Tên nhóm (không bắt buộc)</label><input type="text" id="sg-name" name="name" maxlength="120" placeholder="Nhóm Tin học"></div></div>
<button type="submit">Thêm nhóm</button></form>` : ''}
<h2>Người trong tổ</h2>
${membersTable(d.people, d.group.subgroups)}
<h2>Đổi tên tổ</h2>
<form method="post" action="/org/groups/${group.id}" class="card row" style="align-items:end">${csrfField(viewer)}
<div style="flex:1;min-width:14rem"><label for="name" style="margin-top:0">Tên tổ</label><input type="text" id="name" name="name" value="${group.name}" required maxlength="120"></div>
<button type="submit">Lưu</button></form>
${city && d.schools.length > 0 ? html`<h2>Chuyển tổ sang trường khác</h2>
<form method="post" action="/org/groups/${group.id}/move" class="card">${csrfField(viewer)}
<p class="hint">Dùng khi sáp nhập trường. Tổ chuyển cùng các nhóm và những người có vai trò trong tổ (nơi công tác của họ đổi sang trường mới). Hồ sơ đã nộp vẫn thuộc trường cũ. Người còn vai trò khác ở trường cũ (ví dụ phó hiệu trưởng) cần được sắp xếp lại trước.</p>
<label for="schoolId">Trường mới</label><select id="schoolId" name="schoolId">${d.schools.map((s) => html`<option value="${s.id}">${s.name} (${s.code})</option>`)}</select>
<button type="submit" data-confirm="Chuyển ${group.name} sang trường đã chọn?">Chuyển tổ</button></form>` : ''}
<h2>Trạng thái</h2>
<div class="card"><p class="hint">Ngừng hoạt động giữ lại tổ cùng hồ sơ đã nộp; tổ không còn được nhắc hạn và không còn xuất hiện khi chọn tổ. Chỉ ngừng được khi không còn ai đang hoạt động có vai trò trong tổ.</p>
${activeToggle(viewer, `/org/groups/${group.id}/active`, group.active, 'tổ', `Ngừng hoạt động ${group.name}?`)}</div>${CONFIRM_SCRIPT}`;
}

type SubgroupRow = GroupDetail['group']['subgroups'][number];

function subgroupCard(viewer: Viewer, d: GroupDetail, sg: SubgroupRow): SafeHtml {
  const heads = d.people.filter((p) => p.subgroupId === sg.id && p.role === 'SUBGROUP_HEAD');
  return html`<div class="card" id="subgroup-${sg.id}" style="${rowStyle(sg.active)}">
<h3 style="margin:0 0 .4rem">${sg.name}${stateBadge(sg.active)}</h3>
<p style="margin:0">Môn: ${sg.subject} · Nhóm trưởng: ${peopleList(heads)}</p>
<form method="post" action="/org/subgroups/${sg.id}">${csrfField(viewer)}<div class="filters">
<div><label for="sg-subject-${sg.id}">Môn</label><input type="text" id="sg-subject-${sg.id}" name="subject" value="${sg.subject}" required maxlength="80"></div>
<div><label for="sg-name-${sg.id}">Tên nhóm</label><input type="text" id="sg-name-${sg.id}" name="name" value="${sg.name}" maxlength="120"></div>
<div><button type="submit" class="secondary">Lưu nhóm</button></div></div></form>
<div class="row">
${d.siblings.length > 0 ? html`<form method="post" action="/org/subgroups/${sg.id}/move" class="row">${csrfField(viewer)}
<label for="sg-move-${sg.id}" class="hint" style="margin:0">Chuyển sang tổ</label><select id="sg-move-${sg.id}" name="groupId" style="width:auto">${d.siblings.map((g) => html`<option value="${g.id}">${g.name}</option>`)}</select>
<button type="submit" class="secondary" data-confirm="Chuyển ${sg.name} sang tổ đã chọn? Hồ sơ đã nộp vẫn ở tổ cũ.">Chuyển</button></form>` : ''}
${activeToggle(viewer, `/org/subgroups/${sg.id}/active`, sg.active, 'nhóm', `Ngừng hoạt động ${sg.name}?`)}
</div></div>`;
}

/** One row per person, with each of their roles in the group ("Giáo viên (Nhóm Toán)"). */
function membersTable(people: Member[], subgroups: SubgroupRow[]): SafeHtml {
  if (people.length === 0) return html`<p class="hint">Chưa có ai có vai trò trong tổ.</p>`;
  const subgroupName = new Map(subgroups.map((s) => [s.id, s.name]));
  const byPerson = new Map<number, { person: Member; roles: string[] }>();
  for (const m of people) {
    const label = `${ROLE_LABELS[m.role as Role] ?? m.role}${m.subgroupId ? ` (${subgroupName.get(m.subgroupId) ?? ''})` : ''}`;
    const entry = byPerson.get(m.staffId) ?? { person: m, roles: [] };
    entry.roles.push(label);
    byPerson.set(m.staffId, entry);
  }
  return html`<div class="table-wrap"><table><thead><tr><th>Họ và tên</th><th>Mã</th><th>Vai trò trong tổ</th></tr></thead>
<tbody>${[...byPerson.values()].map(({ person: p, roles }) => html`<tr style="${rowStyle(p.active)}"><td><a href="/staff/${p.staffId}">${p.fullName}</a>${stateBadge(p.active)}</td><td>${p.code}</td>
<td>${roles.join(', ')}</td></tr>`)}</tbody></table></div>`;
}
