// An audit entry's details JSON in people's terms: Vietnamese labels for the keys the product
// writes, Vietnamese words for their coded values, names instead of staff/school/group ids.
// Internal ids and file hashes are left to the full JSON ("Xem đầy đủ"); a key this module does
// not know is still shown as it is (escaped by the page), never dropped.
import { formatVnDate, vnDateOf, vnTimeOf, type IsoDate } from '../../core/calendar.js';
import { PLAN_KIND_LABELS, PLAN_STATE_LABELS, ROLE_LABELS, SCHOOL_LEVEL_LABELS } from '../../core/vocabulary.js';
import { IMPORT_FIELDS, type ImportField } from '../../roster/roster-columns.js';
import { columnLetter } from '../../roster/roster-layout.js';
import { formatSize } from '../records/record-format.js';

/** Keys written by the `audit(...)` calls under src/, as the hotline says them. */
const DETAIL_LABELS: Record<string, string> = {
  // plans and versions
  version: 'Lần nộp', refCode: 'Mã hồ sơ', reviewers: 'Người duyệt', basis: 'Căn cứ', reason: 'Lý do', via: 'Qua',
  pdf: 'Xem dạng PDF', teachingDate: 'Ngày dạy', kind: 'Loại hồ sơ',
  // people, schools, units, groups
  code: 'Mã', fullName: 'Họ và tên', phone: 'Số điện thoại', email: 'Email', subjects: 'Môn dạy', subject: 'Môn',
  name: 'Tên', typeLabel: 'Loại đơn vị', level: 'Cấp học', before: 'Trước', after: 'Sau', changes: 'Thay đổi',
  staffId: 'Cán bộ', staffIds: 'Người chuyển theo', staffDeactivated: 'Cán bộ ngừng hoạt động theo', with: 'Theo',
  schoolId: 'Trường', fromSchoolId: 'Từ trường', toSchoolId: 'Sang trường', unitId: 'Đơn vị', fromUnitId: 'Từ đơn vị',
  toUnitId: 'Sang đơn vị', supervisingUnitId: 'Đơn vị quản lý', groupId: 'Tổ chuyên môn', fromGroupId: 'Từ tổ', toGroupId: 'Sang tổ',
  subgroupId: 'Nhóm chuyên môn', role: 'Vai trò',
  // chat links and messages
  channel: 'Kênh chat', cancelledMessages: 'Tin chờ gửi đã huỷ', status: 'Trạng thái', attempts: 'Số lần gửi', lastError: 'Lỗi gần nhất',
  // web accounts and sign-in
  username: 'Tên đăng nhập', wasLocked: 'Đang bị khoá', address: 'Địa chỉ IP', chats: 'Số tài khoản chat nhận mã', lock: 'Khoá theo',
  until: 'Khoá đến',
  // school years
  startsOn: 'Ngày bắt đầu năm học', endsOn: 'Ngày kết thúc năm học', annualDeadline: 'Hạn nộp hồ sơ đầu năm',
  reminderOffsetsDays: 'Nhắc trước hạn (ngày)', reminderTime: 'Giờ gửi nhắc nhở', quietStart: 'Bắt đầu giờ yên lặng',
  quietEnd: 'Kết thúc giờ yên lặng', digestTime: 'Giờ gửi danh sách chờ duyệt', nudgeAfterHours: 'Nhắc người duyệt sau (giờ)',
  settingsFrom: 'Cài đặt chép từ năm học',
  // rosters and exports
  format: 'Định dạng tệp', fileName: 'Tên tệp', size: 'Dung lượng', ok: 'Đọc được', expiresAt: 'Hết hạn lúc', schoolCode: 'Mã trường',
  choices: 'Cột chọn lại', people: 'Số người', rows: 'Số dòng', schools: 'Số trường', year: 'Năm học', yearId: 'Năm học',
  unit: 'Đơn vị quản lý', group: 'Tổ chuyên môn', sort: 'Sắp xếp',
  units: 'Đơn vị', groups: 'Tổ chuyên môn', subgroups: 'Nhóm chuyên môn', staff: 'Cán bộ, giáo viên', roles: 'Vai trò',
  created: 'thêm', updated: 'sửa', removed: 'bỏ',
};

/** Coded values, per key. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  basis: { REVIEW: 'Người duyệt theo phân công', SCHOOL_COUNCIL: 'Hội đồng trường' },
  via: { 'review-link': 'Đường dẫn duyệt hồ sơ gửi qua chat', manager: 'Người quản lý mở khoá', 'chat-code': 'Mã mở khoá gửi qua chat' },
  lock: { address: 'Địa chỉ IP', device: 'Thiết bị', username: 'Tên đăng nhập' },
  channel: { TELEGRAM: 'Telegram', ZALO: 'Zalo', WEB: 'Trang web', CLI: 'Dòng lệnh' },
  status: { PENDING: 'Chờ gửi', SENT: 'Đã gửi', FAILED: 'Lỗi', UNREACHABLE: 'Không liên lạc được', ...PLAN_STATE_LABELS },
  role: ROLE_LABELS,
  kind: PLAN_KIND_LABELS,
  level: SCHOOL_LEVEL_LABELS,
  sort: { name: 'Theo tên trường', overdue: 'Nhiều hồ sơ quá hạn trước', missing: 'Nhiều hồ sơ chưa nộp trước', late: 'Nhiều bài dạy trễ hạn trước' },
};

/** Keys whose value is the id (or ids) of another item: shown by its name. */
const REF_KEYS: Record<string, string> = {
  reviewers: 'Staff', staffId: 'Staff', staffIds: 'Staff', staffDeactivated: 'Staff',
  schoolId: 'School', fromSchoolId: 'School', toSchoolId: 'School',
  unitId: 'OrgUnit', fromUnitId: 'OrgUnit', toUnitId: 'OrgUnit', supervisingUnitId: 'OrgUnit', unit: 'OrgUnit',
  groupId: 'Group', fromGroupId: 'Group', toGroupId: 'Group', group: 'Group',
  subgroupId: 'Subgroup', yearId: 'SchoolYear', year: 'SchoolYear',
};

/** `with: "school:12"` (people deactivated with their school). */
const REF_PREFIXES: Record<string, { type: string; label: string }> = { school: { type: 'School', label: 'trường' } };

/** Internal ids and hashes: only in the full JSON. */
const HIDDEN_KEYS = new Set(['planId', 'submissionId', 'sha256', 'roleId', 'identityId', 'externalUserId', 'chatId']);

/** Looks up an item's name: (kind, id) → name, or undefined when unknown. */
export type NameOf = (entityType: string, entityId: string) => string | undefined;

export interface DetailRef { entityType: string; entityId: string }

const isId = (v: unknown): v is number | string => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d{1,9}$/.test(v));

/** The items a details JSON names by id, so that the page can look their names up with the rest (one query per kind). */
export function detailRefs(details: unknown): DetailRef[] {
  const refs: DetailRef[] = [];
  const walk = (value: unknown, key: string | undefined) => {
    if (key && REF_KEYS[key]) {
      for (const id of Array.isArray(value) ? value : [value]) if (isId(id)) refs.push({ entityType: REF_KEYS[key]!, entityId: String(id) });
      return;
    }
    if (typeof value === 'string') {
      const prefixed = /^([a-z]+):(\d{1,9})$/.exec(value);
      if (prefixed && REF_PREFIXES[prefixed[1]!]) refs.push({ entityType: REF_PREFIXES[prefixed[1]!]!.type, entityId: prefixed[2]! });
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(details, undefined);
  return refs;
}

const MAX_VALUE = 160;

function cut(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

export function keyLabel(key: string): string {
  return DETAIL_LABELS[key] ?? key;
}

/** One value as people read it: names for ids, words for codes, Vietnamese dates and times. */
export function valueText(key: string | undefined, value: unknown, nameOf: NameOf = () => undefined): string {
  if (value === null || value === undefined) return '—';
  if (key && REF_KEYS[key]) {
    const list = Array.isArray(value) ? value : [value];
    if (list.every(isId)) return list.length === 0 ? '—' : cut(list.map((id) => nameOf(REF_KEYS[key]!, String(id)) ?? `#${id}`).join(', '));
  }
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number') return key === 'size' ? formatSize(value) : String(value);
  if (typeof value === 'string') {
    const coded = key ? VALUE_LABELS[key]?.[value] : undefined;
    if (coded) return coded;
    const prefixed = /^([a-z]+):(\d{1,9})$/.exec(value);
    const ref = prefixed ? REF_PREFIXES[prefixed[1]!] : undefined;
    if (prefixed && ref) return `${ref.label} ${nameOf(ref.type, prefixed[2]!) ?? `#${prefixed[2]}`}`;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatVnDate(value as IsoDate);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
      const at = new Date(value);
      return `${vnTimeOf(at)} ${formatVnDate(vnDateOf(at))}`;
    }
    return cut(value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.length === 0 ? '—' : cut(value.map((v) => valueText(key, v, nameOf)).join(', '));
  }
  return cut(JSON.stringify(value));
}

/** A roster column's chosen field (`phone`) by its header in the file template ("Điện thoại"). */
function fieldHeader(field: unknown): string {
  const known = typeof field === 'string' && Object.hasOwn(IMPORT_FIELDS, field) ? IMPORT_FIELDS[field as ImportField].header : undefined;
  return known ?? valueText(undefined, field);
}

function isChange(value: unknown): value is { from: unknown; to: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value;
}

/** A few plain values (`{created: 1, updated: 0}`): one line reads better than one per value. */
function isFlatRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const values = Object.values(value);
  return values.length > 0 && values.length <= 6 && values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
}

export interface DetailText {
  lines: string[];
  /** Some keys were left to the full JSON (ids, hashes). */
  hidden: boolean;
}

/**
 * `{version: 2, reviewers: [16], changes: {reminderTime: {from: "07:00", to: "08:00"}}}` →
 * ["Lần nộp: 2", "Người duyệt: Lê Văn A (THCS-TP-002)", "Thay đổi › Giờ gửi nhắc nhở: 07:00 → 08:00"].
 */
export function describeDetails(details: unknown, nameOf: NameOf = () => undefined): DetailText {
  let hidden = false;
  const walk = (value: unknown, key: string | undefined, path: string): string[] => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const text = valueText(key, value, nameOf);
      return [path ? `${path}: ${text}` : text];
    }
    const lines: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (HIDDEN_KEYS.has(k)) {
        hidden = true;
        continue;
      }
      const label = path ? `${path} › ${keyLabel(k)}` : keyLabel(k);
      if (REF_KEYS[k] && !isChange(v)) lines.push(`${label}: ${valueText(k, v, nameOf)}`);
      else if (isChange(v)) lines.push(`${label}: ${valueText(k, v.from, nameOf)} → ${valueText(k, v.to, nameOf)}`);
      else if (k === 'choices' && isFlatRecord(v)) lines.push(`${label}: ${Object.entries(v).map(([col, field]) => `cột ${/^\d+$/.test(col) ? columnLetter(Number(col)) : col} → ${field === null ? 'bỏ qua' : fieldHeader(field)}`).join(', ')}`);
      else if (isFlatRecord(v)) {
        const shown = Object.entries(v).filter(([sub]) => !HIDDEN_KEYS.has(sub));
        if (shown.length < Object.keys(v).length) hidden = true;
        lines.push(`${label}: ${shown.map(([sub, s]) => `${keyLabel(sub)} ${valueText(sub, s, nameOf)}`).join(', ')}`);
      }
      else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) lines.push(...walk(v, k, label));
      else lines.push(`${label}: ${valueText(k, v, nameOf)}`);
    }
    return lines;
  };
  const lines = walk(details, undefined, '');
  return { lines, hidden };
}
