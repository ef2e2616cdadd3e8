// How audit entries read on the page: who (a person's name rather than `staff:12`), what (a
// Vietnamese label beside the action code), on what (a link where the item has a page), and the
// details in people's terms (audit-details.ts), escaped like everything else.
import { html, type SafeHtml } from '../html.js';
import { describeDetails, type NameOf } from './audit-details.js';

const ACTION_LABELS: Record<string, string> = {
  'plan.submit': 'Nộp hồ sơ',
  'plan.approve': 'Duyệt hồ sơ',
  'plan.return': 'Trả lại hồ sơ',
  'plan.late': 'Kế hoạch bài dạy chưa được duyệt trước giờ dạy',
  'plan.report': 'Gửi kế hoạch nhà trường lên đơn vị quản lý',
  'plan.download': 'Tải tệp hồ sơ',
  'plan.preview': 'Xem nhanh hồ sơ',
  'link-code.issue': 'Cấp mã liên kết chat',
  'chat.link.code': 'Liên kết chat bằng mã',
  'chat.link.phone': 'Liên kết chat bằng số điện thoại',
  'roster.import': 'Nhập danh sách',
  'roster.export': 'Xuất danh sách',
  'web.sign-in': 'Đăng nhập trang quản trị',
  'web.sign-in-lock': 'Khoá đăng nhập (nhập sai nhiều lần)',
  'web.sign-in-unlock': 'Mở khoá đăng nhập',
  'web.unlock-code.send': 'Gửi mã mở khoá qua chat',
  'web-account.create': 'Tạo tài khoản web',
  'web-account.reset-password': 'Đặt lại mật khẩu web',
  'web-account.enable': 'Mở lại tài khoản web',
  'web-account.disable': 'Khoá tài khoản web',
  'web-account.change-password': 'Đổi mật khẩu web',
  'school-year.create': 'Mở năm học',
  'school-year.update': 'Sửa cài đặt năm học',
  'outbox.retry': 'Gửi lại tin nhắn lỗi',
  'chat.unlink': 'Gỡ liên kết chat',
  'dashboard.export': 'Tải bảng tổng hợp (Excel)',
  'roster.preview': 'Kiểm tra tệp danh sách (chưa nhập)',
  'role.add': 'Thêm vai trò',
  'role.remove': 'Bỏ vai trò',
  'staff.create': 'Thêm cán bộ, giáo viên',
  'staff.update': 'Sửa thông tin cán bộ, giáo viên',
  'staff.deactivate': 'Cho cán bộ nghỉ (ngừng hoạt động)',
  'staff.reactivate': 'Cho cán bộ hoạt động lại',
  'school.create': 'Thêm trường',
  'school.update': 'Sửa thông tin trường',
  'school.move': 'Chuyển trường sang đơn vị quản lý khác',
  'school.deactivate': 'Ngừng hoạt động trường',
  'school.reactivate': 'Cho trường hoạt động lại',
  'unit.create': 'Thêm đơn vị',
  'unit.update': 'Sửa thông tin đơn vị',
  'unit.deactivate': 'Ngừng hoạt động đơn vị',
  'unit.reactivate': 'Cho đơn vị hoạt động lại',
  'group.create': 'Thêm tổ chuyên môn',
  'group.rename': 'Đổi tên tổ chuyên môn',
  'group.move': 'Chuyển tổ chuyên môn',
  'group.deactivate': 'Ngừng hoạt động tổ chuyên môn',
  'group.reactivate': 'Cho tổ chuyên môn hoạt động lại',
  'subgroup.create': 'Thêm nhóm chuyên môn',
  'subgroup.update': 'Sửa nhóm chuyên môn',
  'subgroup.move': 'Chuyển nhóm chuyên môn sang tổ khác',
  'subgroup.deactivate': 'Ngừng hoạt động nhóm chuyên môn',
  'subgroup.reactivate': 'Cho nhóm chuyên môn hoạt động lại',
};

/** Kinds of items, as the hotline calls them. */
const ENTITY_LABELS: Record<string, string> = {
  Plan: 'Hồ sơ', Submission: 'Lần nộp hồ sơ', Staff: 'Cán bộ, giáo viên', WebAccount: 'Tài khoản web', School: 'Trường', OrgUnit: 'Đơn vị',
  Group: 'Tổ chuyên môn', Subgroup: 'Nhóm chuyên môn', SchoolYear: 'Năm học', Roster: 'Danh sách cán bộ', RosterUpload: 'Tệp danh sách tải lên',
  OutboxMessage: 'Tin nhắn gửi đi', Address: 'Địa chỉ IP',
};

export function entityLabel(entityType: string): string {
  return ENTITY_LABELS[entityType] ?? entityType;
}

export function actionLabel(action: string): string | undefined {
  return ACTION_LABELS[action];
}

/** Items that have a page of their own in the admin (which checks the viewer's rights again). */
const ENTITY_PAGES: Record<string, string> = {
  Plan: '/plans/', Staff: '/staff/', SchoolYear: '/years/', School: '/org/schools/', OrgUnit: '/org/units/', Group: '/org/groups/',
};

/**
 * "Cán bộ, giáo viên: Phạm Minh Tuấn (THCS-TP-004)", linked where the item has a page; an item
 * since deleted, or known by a file's hash, keeps its kind and a short id.
 */
export function entityCell(entityType: string, entityId: string | null, name?: string): SafeHtml {
  const kind = entityLabel(entityType);
  if (!entityId) return html`${kind}`;
  const shownId = /^[0-9a-f]{64}$/.test(entityId) ? `${entityId.slice(0, 10)}…` : `#${entityId}`;
  const what = name ?? shownId;
  const page = ENTITY_PAGES[entityType];
  const text = page && /^\d+$/.test(entityId) ? html`<a href="${page}${entityId}">${what}</a>` : html`${what}`;
  return html`<span class="hint">${kind}</span><br>${text}`;
}

const NON_PEOPLE: Record<string, string> = { cli: 'Dòng lệnh (CLI)', system: 'Hệ thống (tự động)' };

export function actorCell(actor: string, person: { fullName: string; code: string } | undefined): SafeHtml {
  if (person) return html`${person.fullName}<br><span class="hint">${actor} · ${person.code}</span>`;
  const base = actor.split(':')[0]!;
  const label = NON_PEOPLE[actor] ?? (actor.includes(':') ? NON_PEOPLE[base] : undefined);
  return label ? html`${label}<br><span class="hint">${actor}</span>` : html`${actor}`;
}

const MAX_LINES = 20;

/**
 * The details column: labelled lines (see audit-details.ts), and the full JSON behind "Xem đầy
 * đủ" when lines were cut or ids and hashes were left out of them.
 */
export function detailsCell(json: string, nameOf?: NameOf): SafeHtml {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return html`<code>${json.length > 160 ? `${json.slice(0, 160)}…` : json}</code>`;
  }
  const { lines, hidden } = describeDetails(parsed, nameOf);
  const full = html`<pre>${JSON.stringify(parsed, null, 2).slice(0, 20_000)}</pre>`;
  if (lines.length === 0) return hidden ? html`<div class="details"><details><summary>Xem đầy đủ</summary>${full}</details></div>` : html`<span class="hint">—</span>`;
  const shown = lines.slice(0, MAX_LINES).map((l) => html`${l}<br>`);
  const long = hidden || lines.length > MAX_LINES || lines.some((l) => l.endsWith('…'));
  return html`<div class="details">${shown}${long
    ? html`<details><summary>Xem đầy đủ${lines.length > MAX_LINES ? ` (${lines.length} dòng)` : ''}</summary>${full}</details>`
    : ''}</div>`;
}
