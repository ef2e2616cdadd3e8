// Pages of the staff section: the searchable list, a new person, one person's profile with
// roles, web account and chat links, and the one-time page showing a temporary password.
import { storedSubjects } from '../../db/stored-json.js';
import { canAssignRole, canManageStaff, placementOf } from '../../core/admin-rights.js';
import { formatVnDate, vnDateOf, vnTimeOf } from '../../core/calendar.js';
import { isSchoolRole, scopeNeedOf } from '../../core/role-scope.js';
import { ROLES, ROLE_LABELS, type Role, SCHOOL_ROLES, roleOf } from '../../core/vocabulary.js';
import type { StaffDetail } from '../../read-models/staff-detail.js';
import type { searchStaff, StaffQuery } from '../../read-models/staff-search.js';
import { STAFF_PAGE_SIZE } from '../../read-models/staff-search.js';
import type { Viewer } from '../auth/guard.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField } from '../layout.js';
import { activeToggle, CONFIRM_SCRIPT, OFF_STYLE, stateBadge } from './page-kit.js';

type SearchResult = Awaited<ReturnType<typeof searchStaff>>;
type StaffRow = SearchResult['rows'][number];
type Option = { id: number; name: string };

const CHANNEL_LABELS: Record<string, string> = { TELEGRAM: 'Telegram', ZALO: 'Zalo' };
const rowStyle = (active: boolean) => (active ? '' : OFF_STYLE);
const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;

function when(instant: Date): string {
  return `${formatVnDate(vnDateOf(instant))} ${vnTimeOf(instant)}`;
}

function selected(a: unknown, b: unknown): SafeHtml {
  return String(a) === String(b) ? html` selected` : html``;
}

export interface ListFilters {
  schools: Option[];
  groups: Option[];
}

export function staffListPage(viewer: Viewer, query: StaffQuery, filters: ListFilters, result: SearchResult): SafeHtml {
  const pages = Math.max(1, Math.ceil(result.total / STAFF_PAGE_SIZE));
  return html`<h1>Cán bộ, giáo viên</h1>
<div class="row"><a class="button" href="/staff/new${query.schoolId ? `?place=s:${query.schoolId}` : ''}">Thêm cán bộ</a></div>
<form method="get" action="/staff" class="card filters" role="search">
<div><label for="q">Tìm theo tên, mã, điện thoại</label><input type="search" id="q" name="q" value="${query.text ?? ''}" placeholder="nguyen thi ha, THCS-TP-004, 0912…"></div>
<div><label for="school">Trường</label><select id="school" name="school"><option value="">Tất cả</option>${filters.schools.map((s) => html`<option value="${s.id}"${selected(s.id, query.schoolId)}>${s.name}</option>`)}</select></div>
${filters.groups.length > 0 ? html`<div><label for="group">Tổ</label><select id="group" name="group"><option value="">Tất cả</option>${filters.groups.map((g) => html`<option value="${g.id}"${selected(g.id, query.groupId)}>${g.name}</option>`)}</select></div>` : ''}
<div><label for="role">Vai trò</label><select id="role" name="role"><option value="">Tất cả</option>${ROLES.map((r) => html`<option value="${r}"${selected(r, query.role)}>${ROLE_LABELS[r]}</option>`)}</select></div>
<div><label for="state">Trạng thái</label><select id="state" name="state"><option value="">Tất cả</option><option value="active"${selected('active', query.state)}>Đang hoạt động</option><option value="inactive"${selected('inactive', query.state)}>Ngừng hoạt động</option></select></div>
<div><button type="submit">Lọc</button></div></form>
<p class="hint">${result.total} người${result.total > STAFF_PAGE_SIZE ? ` · trang ${query.page}/${pages}` : ''}. Tìm không cần gõ dấu.</p>
${result.rows.length === 0 ? html`<p class="notice">Không có ai khớp với bộ lọc.</p>` : html`<style>@media (max-width:40rem){.staff-list .wide{display:none}}</style><div class="table-wrap"><table class="staff-list">
<thead><tr><th>Họ và tên</th><th class="wide">Trường / đơn vị</th><th>Vai trò</th><th class="wide">Chat</th><th class="wide">Tài khoản web</th></tr></thead>
<tbody>${result.rows.map((s) => staffRow(viewer, s))}</tbody></table></div>`}
${pages > 1 ? pager(query, pages) : ''}`;
}

function staffRow(viewer: Viewer, s: StaffRow): SafeHtml {
  const roles = [...new Set(s.roles.map((r) => roleLabel(r.role) + (r.subgroup ? ` (${r.subgroup.name})` : r.group ? ` (${r.group.name})` : '')))];
  const manageable = canManageStaff(viewer.actor, placementOf(s));
  return html`<tr style="${rowStyle(s.active)}"><td><a href="/staff/${s.id}">${s.fullName}</a>${stateBadge(s.active)}
<br><span class="hint">${s.code}${s.phone ? ` · ${s.phone}` : ''}</span>
${!s.active && manageable && s.id !== viewer.staff.id ? html`<form method="post" action="/staff/${s.id}/active" style="margin:0">${csrfField(viewer)}<input type="hidden" name="active" value="1"><input type="hidden" name="back" value="list"><button type="submit" class="secondary" style="margin-top:.3rem;padding:.2rem .6rem;font-size:.85rem">Kích hoạt lại</button></form>` : ''}</td>
<td class="wide">${s.school?.name ?? s.unit?.name ?? ''}</td>
<td>${roles.length > 0 ? roles.join(', ') : html`<span class="hint">chưa có</span>`}</td>
<td class="wide">${s.identities.length > 0 ? s.identities.map((i) => CHANNEL_LABELS[i.channel] ?? i.channel).join(', ') : html`<span class="hint">chưa liên kết</span>`}</td>
<td class="wide">${s.webAccount ? html`${s.webAccount.username}${s.webAccount.active ? '' : html` <span class="badge bad">Đã khóa</span>`}` : html`<span class="hint">chưa có</span>`}</td></tr>`;
}

function pager(query: StaffQuery, pages: number): SafeHtml {
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (query.text) params.set('q', query.text);
    if (query.schoolId) params.set('school', String(query.schoolId));
    if (query.groupId) params.set('group', String(query.groupId));
    if (query.role) params.set('role', query.role);
    if (query.state) params.set('state', query.state);
    params.set('page', String(page));
    return `/staff?${params}`;
  };
  return html`<nav class="pager" aria-label="Trang">
${query.page > 1 ? html`<a href="${link(query.page - 1)}">← Trang trước</a>` : html`<span></span>`}
<span>Trang ${query.page}/${pages}</span>
${query.page < pages ? html`<a href="${link(query.page + 1)}">Trang sau →</a>` : html`<span></span>`}</nav>`;
}

export interface StaffFormValues {
  code?: string;
  fullName?: string;
  phone?: string | null;
  email?: string | null;
  subjects?: string;
  place?: string;
}

export interface PlaceChoices {
  schools: Option[];
  /** Office units: the hotline team only. */
  units: Option[];
}

export function newStaffPage(viewer: Viewer, choices: PlaceChoices, values: StaffFormValues, knownSubjects: string[], error?: string): SafeHtml {
  return html`<p><a href="/staff">← Cán bộ, giáo viên</a></p><h1>Thêm cán bộ</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/staff/new" class="card" style="max-width:40rem">${csrfField(viewer)}
<label for="place">Nơi công tác</label><select id="place" name="place" required data-suggest-code="/staff/new/code">
<option value=""${values.place ? '' : html` selected`} disabled>— Chọn trường hoặc cơ quan —</option>
${choices.schools.length > 0 ? html`<optgroup label="Trường">${choices.schools.map((s) => html`<option value="s:${s.id}"${selected(`s:${s.id}`, values.place)}>${s.name}</option>`)}</optgroup>` : ''}
${choices.units.length > 0 ? html`<optgroup label="Cơ quan quản lý (tài khoản đơn vị, Phòng GDTrH, Sở)">${choices.units.map((u) => html`<option value="u:${u.id}"${selected(`u:${u.id}`, values.place)}>${u.name}</option>`)}</optgroup>` : ''}
</select>
${profileFields(values, knownSubjects)}
<p class="hint">Sau khi thêm, giao vai trò (giáo viên của tổ/nhóm, tổ trưởng…) và tạo tài khoản web ở trang của người đó.</p>
<button type="submit">Thêm cán bộ</button></form><script src="/assets/staff-code.js" defer></script>`;
}

function profileFields(values: StaffFormValues, knownSubjects: string[]): SafeHtml {
  return html`<label for="code">Mã cán bộ</label><input type="text" id="code" name="code" value="${values.code ?? ''}" required maxlength="40" autocapitalize="characters">
<p class="hint">Mã như cột "Mã cán bộ" của danh sách nhập: lần nhập sau nhận ra người này theo mã (hoặc theo số điện thoại).
Khi chọn trường, mã tiếp theo của trường được điền sẵn; sửa nếu trường dùng cách đánh mã khác.</p>
<label for="fullName">Họ và tên</label><input type="text" id="fullName" name="fullName" value="${values.fullName ?? ''}" required maxlength="120">
<label for="phone">Điện thoại</label><input type="text" id="phone" name="phone" value="${values.phone ?? ''}" inputmode="tel" maxlength="30" placeholder="0912 345 678">
<p class="hint">Số dùng để liên kết Telegram/Zalo; mỗi số chỉ thuộc một người.</p>
<label for="email">Email</label><input type="text" id="email" name="email" value="${values.email ?? ''}" inputmode="email" maxlength="120">
<label for="subjects">Môn dạy</label><input type="text" id="subjects" name="subjects" value="${values.subjects ?? ''}" list="known-subjects" placeholder="Toán; Tin học">
<datalist id="known-subjects">${knownSubjects.map((s) => html`<option value="${s}">`)}</datalist>
<p class="hint">Nhiều môn cách nhau bằng dấu chấm phẩy.</p>`;
}

export function staffPage(viewer: Viewer, d: StaffDetail): SafeHtml {
  const { staff } = d;
  const subjects = storedSubjects(staff.subjects);
  const self = staff.id === viewer.staff.id;
  return html`<p><a href="/staff">← Cán bộ, giáo viên</a></p>
<h1>${staff.fullName}${stateBadge(staff.active)}</h1>
${!d.manageable ? html`<p class="notice">Người này còn có vai trò ở trường khác hoặc ở cơ quan quản lý: chỉ tổ hỗ trợ của Sở được thay đổi.</p>` : ''}
${!staff.active ? html`<p class="notice">Đang ngừng hoạt động: tài khoản web bị khóa; liên kết chat vẫn được lưu nhưng người này không nộp hay duyệt hồ sơ được nữa. Hồ sơ và quyết định đã có được giữ nguyên.</p>` : ''}
<dl class="facts card"><dt>Mã cán bộ</dt><dd>${staff.code}</dd>
<dt>Nơi công tác</dt><dd>${staff.school ? html`<a href="/org/schools/${staff.school.id}">${staff.school.name}</a>` : staff.unit?.name ?? '—'}</dd>
<dt>Điện thoại</dt><dd>${staff.phone ?? '—'}</dd><dt>Email</dt><dd>${staff.email ?? '—'}</dd>
<dt>Môn dạy</dt><dd>${subjects.length > 0 ? subjects.join(', ') : '—'}</dd>
<dt>Hồ sơ đã nộp</dt><dd>${d.plans}</dd><dt>Quyết định duyệt đã ra</dt><dd>${d.decisions}</dd></dl>
${d.manageable ? html`<h2>Sửa thông tin</h2>
<form method="post" action="/staff/${staff.id}" class="card" style="max-width:40rem">${csrfField(viewer)}
${profileFields({ ...staff, subjects: subjects.join('; ') }, d.knownSubjects)}<button type="submit">Lưu</button></form>` : ''}
<h2>Vai trò</h2>
${rolesTable(viewer, d)}
${d.manageable ? addRoleForm(viewer, d) : ''}
<h2>Tài khoản web</h2>
${accountBox(viewer, d, self)}
<h2>Liên kết chat</h2>
${chatLinks(viewer, d)}
${d.manageable && !self ? html`<h2>Trạng thái</h2><div class="card">
<p class="hint">${staff.active
    ? 'Ngừng hoạt động: người này không đăng nhập web được nữa (mọi phiên bị đóng); liên kết Telegram/Zalo vẫn được lưu nhưng họ không nộp hay duyệt hồ sơ được nữa. Hồ sơ, quyết định và nhật ký được giữ nguyên.'
    : 'Kích hoạt lại: người này nộp và duyệt hồ sơ qua chat được như trước. Tài khoản web vẫn khóa cho đến khi bạn mở khóa.'}</p>
${activeToggle(viewer, `/staff/${staff.id}/active`, staff.active, 'người này', `Ngừng hoạt động ${staff.fullName}?`)}</div>` : ''}
${CONFIRM_SCRIPT}`;
}

function rolesTable(viewer: Viewer, d: StaffDetail): SafeHtml {
  const { staff } = d;
  if (staff.roles.length === 0) return html`<p class="notice">Chưa có vai trò nào: người này chưa nộp hay duyệt được hồ sơ.</p>`;
  const withSubjects = staff.roles.some((r) => r.subjects !== '[]');
  return html`<div class="table-wrap"><table><thead><tr><th>Vai trò</th><th>Nơi</th>${withSubjects ? html`<th>Môn phụ trách</th>` : ''}<th><span class="sr-only">Thao tác</span></th></tr></thead>
<tbody>${staff.roles.map((r) => {
    const where = r.unitId != null
      ? d.unitNames.get(r.unitId) ?? ''
      : [r.school?.name, r.group?.name, r.subgroup?.name].filter(Boolean).join(' › ');
    const removable = d.manageable && canAssignRole(viewer.actor, roleOf(r.role), r.schoolId);
    const subjects = storedSubjects(r.subjects);
    return html`<tr><td>${roleLabel(r.role)}</td><td>${where}</td>${withSubjects ? html`<td>${subjects.join(', ')}</td>` : ''}
<td>${removable ? html`<form method="post" action="/staff/${staff.id}/roles/${r.id}/delete">${csrfField(viewer)}<button type="submit" class="secondary" style="margin:0" data-confirm="Bỏ vai trò ${roleLabel(r.role)}?">Bỏ</button></form>` : ''}</td></tr>`;
  })}</tbody></table></div>`;
}

function addRoleForm(viewer: Viewer, d: StaffDetail): SafeHtml {
  const { staff } = d;
  const candidates = staff.schoolId != null ? SCHOOL_ROLES : staff.unitId != null ? ROLES.filter((r) => !isSchoolRole(r)) : [];
  const roles = candidates.filter((r) => canAssignRole(viewer.actor, r, isSchoolRole(r) ? staff.schoolId : null));
  if (roles.length === 0) {
    return staff.schoolId == null && staff.unitId == null
      ? html`<p class="hint">Người này chưa thuộc trường hay đơn vị nào nên chưa giao được vai trò.</p>`
      : html``;
  }
  const school = staff.schoolId != null;
  return html`<form method="post" action="/staff/${staff.id}/roles" class="card">${csrfField(viewer)}<h3 style="margin:0">Thêm vai trò</h3>
<div class="filters">
<div><label for="role">Vai trò</label><select id="role" name="role">${roles.map((r) => html`<option value="${r}">${ROLE_LABELS[r]}</option>`)}</select></div>
${school ? html`<div><label for="place">Tổ / nhóm</label><select id="place" name="place"><option value="">— Cả trường (ban giám hiệu, quản trị) —</option>
${d.groups.map((g) => html`<optgroup label="${g.name}"><option value="g:${g.id}">Cả ${g.name}</option>${g.subgroups.map((sg) => html`<option value="s:${sg.id}">${sg.name}</option>`)}</optgroup>`)}</select></div>` : ''}
${!school ? html`<div><label for="role-subjects">Môn phụ trách (chuyên viên)</label><input type="text" id="role-subjects" name="subjects" list="known-subjects-role" placeholder="Toán; Tin học">
<datalist id="known-subjects-role">${d.knownSubjects.map((s) => html`<option value="${s}">`)}</datalist></div>` : ''}
</div>
<p class="hint">${school
    ? html`${roleNeeds()}`
    : 'Vai trò ở cơ quan áp dụng cho đơn vị của người này. Chuyên viên bộ môn xem hồ sơ tổ/nhóm và giáo viên các môn phụ trách trong toàn thành phố.'}</p>
<button type="submit">Thêm vai trò</button></form>`;
}

function roleNeeds(): string {
  const needs = SCHOOL_ROLES.map((r) => {
    switch (scopeNeedOf(r)) {
      case 'SCHOOL': return `${ROLE_LABELS[r]}: cả trường`;
      case 'GROUP': return `${ROLE_LABELS[r]}: chọn tổ`;
      case 'SUBGROUP': return `${ROLE_LABELS[r]}: chọn nhóm`;
      default: return `${ROLE_LABELS[r]}: chọn tổ hoặc nhóm`;
    }
  });
  return `${needs.join('; ')}. Tổ trưởng, nhóm trưởng thường cũng là giáo viên của tổ/nhóm.`;
}

function accountBox(viewer: Viewer, d: StaffDetail, self: boolean): SafeHtml {
  const { staff } = d;
  const account = staff.webAccount;
  if (self) return html`<div class="card"><p>Đây là tài khoản của bạn (${viewer.username}). Đổi mật khẩu ở trang <a href="/password">Đổi mật khẩu</a>.</p></div>`;
  if (!account) {
    if (!d.manageable) return html`<p class="hint">Chưa có tài khoản web.</p>`;
    if (!staff.active) return html`<p class="hint">Chưa có tài khoản web. Kích hoạt lại người này trước khi tạo tài khoản.</p>`;
    return html`<form method="post" action="/staff/${staff.id}/account" class="card" style="max-width:36rem">${csrfField(viewer)}
<p>Chưa có tài khoản web. Giáo viên nộp và duyệt hồ sơ qua chat; tài khoản web dành cho người cần xem, tra cứu trên máy tính.</p>
<label for="username">Tên đăng nhập</label><input type="text" id="username" name="username" value="${staff.code.toLowerCase()}" maxlength="40" autocapitalize="none">
<p class="hint">Mật khẩu tạm được tạo tự động và chỉ hiện một lần ở trang kết quả; lần đăng nhập đầu tiên người dùng phải đặt mật khẩu của mình.</p>
<button type="submit">Tạo tài khoản web</button></form>`;
  }
  return html`<div class="card"><dl class="facts"><dt>Tên đăng nhập</dt><dd>${account.username}</dd>
<dt>Trạng thái</dt><dd>${account.active ? html`<span class="badge good">Đang dùng</span>` : html`<span class="badge bad">Đã khóa</span>`}${account.mustChangePassword ? html` <span class="badge wait">Chưa đổi mật khẩu tạm</span>` : ''}</dd>
<dt>Đăng nhập gần nhất</dt><dd>${account.lastSignInAt ? when(account.lastSignInAt) : 'chưa đăng nhập'}</dd>
${d.signInLockedUntil ? html`<dt>Khóa đăng nhập tạm</dt><dd><span class="badge bad">Đến ${when(d.signInLockedUntil)}</span> <span class="hint">do đăng nhập sai mật khẩu nhiều lần (có thể do người khác thử)</span></dd>` : ''}</dl>
${d.manageable ? html`<div class="row">
${d.signInLockedUntil ? html`<form method="post" action="/staff/${staff.id}/account/unlock">${csrfField(viewer)}<button type="submit">Gỡ khóa đăng nhập</button></form>` : ''}
${staff.active ? html`<form method="post" action="/staff/${staff.id}/account/reset">${csrfField(viewer)}<button type="submit" class="secondary" data-confirm="Cấp mật khẩu tạm mới cho ${staff.fullName}? Mật khẩu cũ hết hiệu lực.">Cấp lại mật khẩu</button></form>` : ''}
${account.active || staff.active ? html`<form method="post" action="/staff/${staff.id}/account/active">${csrfField(viewer)}<input type="hidden" name="active" value="${account.active ? '0' : '1'}">
<button type="submit" class="${account.active ? 'danger' : 'secondary'}">${account.active ? 'Khóa tài khoản' : 'Mở khóa tài khoản'}</button></form>` : ''}
</div><p class="hint">Cấp lại mật khẩu hoặc khóa tài khoản sẽ đăng xuất người này trên mọi thiết bị.</p>` : ''}</div>`;
}

/** One click to a printable link code for this person, and their line on the links page. */
function linkCodeActions(viewer: Viewer, d: StaffDetail, first: boolean): SafeHtml {
  const links = html`<a href="/links?q=${encodeURIComponent(d.staff.code)}">Xem ở trang Liên kết chat</a>`;
  if (!d.manageable || !d.staff.active) return html`<p class="hint">${links}</p>`;
  return html`<div class="row"><form method="post" action="/links/codes">${csrfField(viewer)}<input type="hidden" name="staffId" value="${d.staff.id}">
<button type="submit" class="secondary">${first ? 'Cấp mã liên kết chat' : 'Cấp mã liên kết mới'}</button></form>${links}</div>`;
}

function chatLinks(viewer: Viewer, d: StaffDetail): SafeHtml {
  const { identities } = d.staff;
  if (identities.length === 0) return html`<p class="hint">Chưa liên kết Telegram hay Zalo.</p>${linkCodeActions(viewer, d, true)}`;
  return html`<div class="table-wrap"><table><thead><tr><th>Kênh</th><th>Liên kết từ</th><th>Dùng gần nhất</th><th>Tình trạng</th></tr></thead>
<tbody>${identities.map((i) => html`<tr><td>${CHANNEL_LABELS[i.channel] ?? i.channel}</td><td>${when(i.linkedAt)}</td><td>${when(i.lastUsedAt)}</td>
<td>${i.unreachableAt ? html`<span class="badge bad">Không gửi được tin từ ${formatVnDate(vnDateOf(i.unreachableAt))}</span>` : d.staff.active ? html`<span class="badge good">Hoạt động</span>` : html`<span class="badge">Không còn được nhận</span>`}</td></tr>`)}</tbody></table></div>
<p class="hint">Thu hồi liên kết ở trang Liên kết chat.</p>${linkCodeActions(viewer, d, false)}`;
}

export function issuedAccountPage(staff: { id: number; fullName: string }, issued: { username: string; temporaryPassword: string }, loginUrl: string, reset: boolean): SafeHtml {
  return html`<p><a href="/staff/${staff.id}">← ${staff.fullName}</a></p>
<h1>${reset ? 'Đã cấp lại mật khẩu' : 'Đã tạo tài khoản web'}</h1>
<div class="card"><dl class="facts"><dt>Người dùng</dt><dd>${staff.fullName}</dd><dt>Địa chỉ đăng nhập</dt><dd>${loginUrl}</dd>
<dt>Tên đăng nhập</dt><dd><strong>${issued.username}</strong></dd>
<dt>Mật khẩu tạm</dt><dd><strong style="font-size:1.3rem;letter-spacing:.05em" id="temporary-password">${issued.temporaryPassword}</strong></dd></dl></div>
<p class="notice">Mật khẩu tạm chỉ hiện một lần, ngay tại đây: hãy ghi lại và chuyển riêng cho ${staff.fullName} (không gửi vào nhóm chung). Lần đăng nhập đầu tiên, người dùng phải đặt mật khẩu của mình. Nếu làm mất, hãy cấp lại mật khẩu.</p>
<p><a class="button secondary" href="/staff/${staff.id}">Về trang của ${staff.fullName}</a></p>`;
}
