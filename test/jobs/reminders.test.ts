// Scheduled work with the clock under the test's control: the right people get the right
// reminders at the right time, and only once (R4, R5).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanDetails } from '../../src/use-cases/submit-plan.js';
import { submitPlan } from '../../src/use-cases/submit-plan.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { runDueWork } from '../../src/use-cases/scheduled/run-due-work.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
const vn = (local: string) => new Date(`${local}+07:00`);
const staff: Record<string, { id: number; fullName: string }> = {};

beforeEach(async () => {
  t = createTestDb({ roster: true });
  await ensureCurrentSchoolYear(t.db, vn('2026-09-01T08:00:00'));
  // Everyone of THCS Trần Phú and the ward office has linked Telegram.
  const people = await t.db.staff.findMany({ where: { OR: [{ code: { startsWith: 'THCS-TP-' } }, { code: 'PLC-01' }] } });
  for (const p of people) {
    staff[p.code] = p;
    await t.db.chatIdentity.create({ data: { channel: 'TELEGRAM', externalUserId: `u${p.id}`, chatId: `c${p.id}`, staffId: p.id } });
  }
});
afterEach(async () => {
  await t.close();
});

async function submit(code: string, details: PlanDetails, at: Date) {
  const member = await t.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const teaching = member.roles.find((r) => r.role === 'TEACHER');
  return submitPlan(t.db, {
    staffId: member.id, channel: 'TELEGRAM', now: at,
    file: { sha256: `${code}-${details.kind}-${details.title ?? ''}`.padEnd(64, '0').slice(0, 64), size: 10, originalName: 'a.docx' },
    details: { groupId: teaching?.groupId, subgroupId: teaching?.subgroupId, ...details },
  });
}

async function outboxFor(code: string, keyPart: string) {
  return t.db.outboxMessage.findMany({ where: { staffId: staff[code]!.id, idempotencyKey: { contains: keyPart } } });
}

describe('annual reminders before 15/9', () => {
  it('7 days before at 07:30: each person gets exactly what they owe; heads and the board get their people', async () => {
    await submit('THCS-TP-005', { kind: 'TEACHER_PLAN', subject: 'Toán' }, vn('2026-09-05T09:00:00'));
    const result = await runDueWork(t.db, vn('2026-09-08T07:30:00'));
    expect(result.rounds).toContain(`annual:1:2026-09-15:7`);

    const [teacher] = await outboxFor('THCS-TP-004', ':own:');
    const text = JSON.parse(teacher!.payload).text as string;
    expect(text).toContain('⏰ Nhắc hạn nộp hồ sơ năm học 2026-2027: hạn 15/09/2026, còn 7 ngày.');
    expect(text).toContain('• Kế hoạch giáo dục của giáo viên (Toán)');
    expect(await outboxFor('THCS-TP-005', ':own:')).toEqual([]); // submitted: owes nothing

    const [groupHeadOwn] = await outboxFor('THCS-TP-003', ':own:');
    expect(JSON.parse(groupHeadOwn!.payload).text).toContain('• Kế hoạch tổ chức các hoạt động giáo dục');
    const [groupList] = await outboxFor('THCS-TP-003', ':group:');
    const groupText = JSON.parse(groupList!.payload).text as string;
    expect(groupText).toContain(staff['THCS-TP-004']!.fullName);
    expect(groupText).not.toContain(staff['THCS-TP-005']!.fullName);

    const [board] = await outboxFor('THCS-TP-001', ':board:');
    expect(JSON.parse(board!.payload).text).toMatch(/Toàn trường còn \d+ hồ sơ chưa nộp hoặc bị trả lại/);
  });

  it('runs once: the same minute again, later that day, or after a restart sends nothing new', async () => {
    await runDueWork(t.db, vn('2026-09-08T07:30:00'));
    const count = await t.db.outboxMessage.count();
    expect(count).toBeGreaterThan(10);
    await runDueWork(t.db, vn('2026-09-08T07:30:30'));
    await runDueWork(t.db, vn('2026-09-08T11:00:00'));
    expect(await t.db.outboxMessage.count()).toBe(count);
    await runDueWork(t.db, vn('2026-09-12T07:31:00'));
    expect(await outboxFor('THCS-TP-004', ':2026-09-15:3:own:')).toHaveLength(1);
  });

  it('a returned plan is still owed and says so; a pending one is not', async () => {
    const first = await submit('THCS-TP-004', { kind: 'TEACHER_PLAN', subject: 'Toán' }, vn('2026-09-05T09:00:00'));
    await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: first.submissionId, action: 'RETURN', reason: 'Thiếu phân phối chương trình', now: vn('2026-09-06T09:00:00') });
    await runDueWork(t.db, vn('2026-09-14T07:30:00'));
    const [msg] = await outboxFor('THCS-TP-004', ':2026-09-15:1:own:');
    expect(JSON.parse(msg!.payload).text).toContain('Kế hoạch giáo dục của giáo viên (Toán) — bị trả lại, cần nộp lại');
  });

  it('after the deadline: one overdue notice, and a summary to the board and the supervising unit', async () => {
    await runDueWork(t.db, vn('2026-09-16T07:30:00'));
    const [notice] = await outboxFor('THCS-TP-004', 'overdue:');
    expect(JSON.parse(notice!.payload).text).toContain('⚠️ Đã quá hạn nộp hồ sơ năm học 2026-2027 (hạn 15/09/2026).');
    const [unit] = await outboxFor('PLC-01', ':unit:');
    expect(JSON.parse(unit!.payload).text).toMatch(/Trường THCS Trần Phú: còn \d+ hồ sơ/);
    await runDueWork(t.db, vn('2026-09-16T09:00:00'));
    expect(await outboxFor('THCS-TP-004', 'overdue:')).toHaveLength(1);
  });
});

describe('lesson plans and reviewers', () => {
  it('the day before teaching: reviewers are nudged for pending plans, teachers reminded of returned ones', async () => {
    const pending = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 5: Phân thức', teachingDate: '2026-10-06' }, vn('2026-10-01T09:00:00'));
    const returned = await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 6: Cộng phân thức', teachingDate: '2026-10-06' }, vn('2026-10-01T09:00:00'));
    await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: returned.submissionId, action: 'RETURN', reason: 'Thiếu phần luyện tập', now: vn('2026-10-02T09:00:00') });
    await runDueWork(t.db, vn('2026-10-05T07:30:00'));
    const [toReviewer] = await outboxFor('THCS-TP-003', `eve:2026-10-05@07:30:pending:${pending.submissionId}`);
    expect(JSON.parse(toReviewer!.payload).text).toContain('Bài 5: Phân thức — Phạm Minh Tuấn sẽ dạy ngày mai (06/10/2026)');
    const [toTeacher] = await outboxFor('THCS-TP-005', 'eve:2026-10-05@07:30:returned');
    expect(JSON.parse(toTeacher!.payload).text).toContain('đang bị trả lại, chưa được duyệt');
  });

  it('past the teaching day unapproved: marked late; the board sees it in the 17:00 digest, reviewers their list oldest first', async () => {
    const older = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 1: Cũ nhất', teachingDate: '2026-10-06' }, vn('2026-10-01T08:00:00'));
    await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 2: Mới hơn', teachingDate: '2026-10-20' }, vn('2026-10-02T08:00:00'));
    const approved = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 3: Đã duyệt', teachingDate: '2026-10-06' }, vn('2026-10-01T08:00:00'));
    await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: approved.submissionId, action: 'APPROVE', now: vn('2026-10-02T08:00:00') });
    const result = await runDueWork(t.db, vn('2026-10-06T17:00:00'));
    expect(result.lateMarked).toBe(1);
    const late = await t.db.plan.findUniqueOrThrow({ where: { id: older.planId } });
    expect(late.lateAt?.toISOString()).toBe(vn('2026-10-06T00:00:00').toISOString());
    const [digest] = await outboxFor('THCS-TP-003', 'digest:2026-10-06@17:00:');
    const text = JSON.parse(digest!.payload).text as string;
    expect(text.indexOf('Bài 1: Cũ nhất')).toBeLessThan(text.indexOf('Bài 2: Mới hơn'));
    expect(text).not.toContain('Bài 3: Đã duyệt');
    const [board] = await outboxFor('THCS-TP-001', 'digest:2026-10-06@17:00:late:');
    expect(JSON.parse(board!.payload).text).toContain('Bài 1: Cũ nhất');
  });

  it('a nudge after 24 h of waiting, once; escalation to the vice-principal after 48 h', async () => {
    const s = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 4: Chờ lâu', teachingDate: '2026-11-20' }, vn('2026-11-02T10:00:00'));
    await runDueWork(t.db, vn('2026-11-03T09:59:00'));
    expect(await outboxFor('THCS-TP-003', `nudge:${s.submissionId}`)).toHaveLength(0);
    await runDueWork(t.db, vn('2026-11-03T10:01:00'));
    await runDueWork(t.db, vn('2026-11-03T12:00:00'));
    expect(await outboxFor('THCS-TP-003', `nudge:${s.submissionId}`)).toHaveLength(1);
    expect(await outboxFor('THCS-TP-002', `escalate:${s.submissionId}`)).toHaveLength(0);
    await runDueWork(t.db, vn('2026-11-04T10:01:00'));
    const [escalation] = await outboxFor('THCS-TP-002', `escalate:${s.submissionId}`);
    expect(JSON.parse(escalation!.payload).text).toMatch(/Bài 4: Chờ lâu — Phạm Minh Tuấn đã chờ duyệt 48 giờ\. Người duyệt: Lê Thị Mai Anh/);
  });
});
