// Every action the product writes to the audit log has a Vietnamese label on the log page: the
// actions are read from the source itself, so a new `audit(...)` call without a label fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel } from '../../src/web-admin/pages/audit-view.js';
import { describeDetails, detailRefs } from '../../src/web-admin/pages/audit-details.js';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'generated') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Audit actions are dotted lower-case codes (`plan.approve`); chat commands such as 'APPROVE' are not. */
const ACTION_CODE = /['`]([a-z][a-z-]*(?:\.[a-z-]+|\.\$\{[^}]+\})+)['`]/g;

function writtenActions(): { literal: Set<string>; templated: Set<string> } {
  const literal = new Set<string>();
  const templated = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // `action: 'x'`, `action: active ? 'x' : 'y'`, `action: \`plan.${…}\``, and `const ACTION = 'x'`.
    for (const m of text.matchAll(/\baction: ([^,\n]+)|\bconst ACTION = ([^;\n]+)/g)) {
      for (const code of (m[1] ?? m[2]!).matchAll(ACTION_CODE)) {
        const value = code[1]!;
        if (value.includes('${')) templated.add(value.slice(0, value.indexOf('${')));
        else literal.add(value);
      }
    }
  }
  return { literal, templated };
}

describe('audit action labels', () => {
  const { literal, templated } = writtenActions();

  it('finds the actions the product writes (the scan itself works)', () => {
    for (const known of ['plan.submit', 'web.sign-in-lock', 'web.sign-in-unlock', 'web.unlock-code.send', 'roster.preview', 'school.reactivate', 'school.deactivate']) {
      expect(literal, known).toContain(known);
    }
    expect(templated).toContain('plan.');
    expect(templated).toContain('chat.link.');
    expect(literal.size).toBeGreaterThan(40);
  });

  it('has a Vietnamese label for every action written under src/', () => {
    const missing = [...literal].filter((a) => !actionLabel(a));
    expect(missing).toEqual([]);
  });

  it('has labels for every outcome of the actions built from a value', () => {
    for (const action of ['plan.approve', 'plan.return', 'chat.link.code', 'chat.link.phone']) expect(actionLabel(action), action).toBeDefined();
  });

  it('labels the sign-in locks the hotline looks up', () => {
    expect(actionLabel('web.sign-in-lock')).toBe('Khoá đăng nhập (nhập sai nhiều lần)');
    expect(actionLabel('web.sign-in-unlock')).toBe('Mở khoá đăng nhập');
    expect(actionLabel('web.unlock-code.send')).toBe('Gửi mã mở khoá qua chat');
  });
});

describe('audit details in people\u2019s terms', () => {
  const names = new Map([['Staff#16', 'Lê Thị Hoa (THCS-TP-002)'], ['School#3', 'THCS Trần Phú'], ['Group#7', 'Tổ Toán – Tin']]);
  const nameOf = (type: string, id: string) => names.get(`${type}#${id}`);

  it('labels keys and values in Vietnamese, names people, and leaves ids and hashes to the full JSON', () => {
    const { lines, hidden } = describeDetails({ version: 2, submissionId: 41, sha256: 'ab'.repeat(32), reviewers: [16, 99], basis: 'REVIEW', planId: 4 }, nameOf);
    expect(lines).toEqual(['Lần nộp: 2', 'Người duyệt: Lê Thị Hoa (THCS-TP-002), #99', 'Căn cứ: Người duyệt theo phân công']);
    expect(hidden).toBe(true);
    expect(describeDetails({ via: 'review-link', pdf: true }).lines).toEqual(['Qua: Đường dẫn duyệt hồ sơ gửi qua chat', 'Xem dạng PDF: có']);
  });

  it('reads changes, counts, dates and coded values', () => {
    expect(describeDetails({ name: '2026-2027', changes: { reminderTime: { from: '07:00', to: '08:00' }, annualDeadline: { from: '2026-09-30', to: '2026-10-05' } } }).lines).toEqual([
      'Tên: 2026-2027', 'Thay đổi › Giờ gửi nhắc nhở: 07:00 → 08:00', 'Thay đổi › Hạn nộp hồ sơ đầu năm: 30/09/2026 → 05/10/2026',
    ]);
    expect(describeDetails({ changes: { staff: { created: 3, updated: 1, removed: 0 } } }).lines).toEqual(['Thay đổi › Cán bộ, giáo viên: thêm 3, sửa 1, bỏ 0']);
    expect(describeDetails({ lock: 'device', until: '2026-12-07T03:15:00.000Z', wasLocked: false }).lines).toEqual(['Khoá theo: Thiết bị', 'Khoá đến: 10:15 07/12/2026', 'Đang bị khoá: không']);
    expect(describeDetails({ role: 'GROUP_HEAD', schoolId: 3, groupId: 7, roleId: 12 }, nameOf).lines).toEqual(['Vai trò: Tổ trưởng chuyên môn', 'Trường: THCS Trần Phú', 'Tổ chuyên môn: Tổ Toán – Tin']);
    expect(describeDetails({ with: 'school:3' }, nameOf).lines).toEqual(['Theo: trường THCS Trần Phú']);
    expect(describeDetails({ fileName: 'ds.xlsx', size: 2048, ok: true, choices: { 7: 'phone', 9: null } }).lines).toEqual([
      'Tên tệp: ds.xlsx', 'Dung lượng: 2 KB', 'Đọc được: có', 'Cột chọn lại: cột H → Điện thoại, cột J → bỏ qua',
    ]);
  });

  it('still shows keys it does not know', () => {
    expect(describeDetails({ somethingNew: 'x', note: '<b>' }).lines).toEqual(['somethingNew: x', 'note: <b>']);
  });

  it('collects the items named by id, for one lookup per kind', () => {
    expect(detailRefs({ reviewers: [16, 17], fromSchoolId: 3, toSchoolId: 4, with: 'school:5', before: { groupId: 7 }, sha256: 'x' })).toEqual([
      { entityType: 'Staff', entityId: '16' }, { entityType: 'Staff', entityId: '17' }, { entityType: 'School', entityId: '3' },
      { entityType: 'School', entityId: '4' }, { entityType: 'School', entityId: '5' }, { entityType: 'Group', entityId: '7' },
    ]);
  });
});
