// "First one wins" under real concurrency. SQLite runs one writing transaction at a time;
// PostgreSQL (npm run test:postgres) runs them at once, so each rule below holds only because
// the write is conditional, the row is locked, or the loser of a unique constraint runs again
// (src/db/concurrency.ts). Every case fires its writes together through one client's pool.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { issueLinkCode } from '../../src/use-cases/issue-link-code.js';
import { linkByCode } from '../../src/use-cases/link-chat.js';
import { submitPlan, type SubmitInput } from '../../src/use-cases/submit-plan.js';
import { claimAttempt } from '../../src/use-cases/web-auth/sign-in-throttle.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

let t: TestDb;
const vn = (local: string) => new Date(`${local}+07:00`);
const AT = vn('2026-09-10T09:00:00');

beforeEach(async () => {
  t = createTestDb({ roster: true });
  await ensureCurrentSchoolYear(t.db, vn('2026-09-01T08:00:00'));
});
afterEach(async () => {
  await t.close();
});

async function lessonPlan(code: string, title: string, n = 0): Promise<SubmitInput> {
  const member = await t.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const teaching = member.roles.find((r) => r.role === 'TEACHER')!;
  return {
    staffId: member.id, channel: 'TELEGRAM', now: AT,
    file: { sha256: `${n}`.padStart(64, 'a'), size: 10, originalName: `${title}.docx` },
    details: { kind: 'LESSON_PLAN', groupId: teaching.groupId, subgroupId: teaching.subgroupId, grade: 8, title, teachingDate: '2026-09-21' },
  };
}

const settled = async <T>(runs: Array<Promise<T>>) => {
  const results = await Promise.allSettled(runs);
  return {
    won: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    lost: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : [])),
  };
};

describe('writes that race', () => {
  it('eight reviewers deciding one version at once: exactly one decision, the others are told it is taken', async () => {
    const filed = await submitPlan(t.db, await lessonPlan('THCS-TP-004', 'Phân thức'));
    const reviewer = filed.reviewerIds[0]!;
    const { won, lost } = await settled(
      Array.from({ length: 8 }, (_, i) =>
        decidePlan(t.db, { deciderId: reviewer, submissionId: filed.submissionId, action: i % 2 ? 'APPROVE' : 'RETURN', reason: 'Thiếu mục tiêu', now: AT }),
      ),
    );
    expect(won).toHaveLength(1);
    expect(lost.map((e) => e.code)).toEqual(Array(7).fill('ALREADY_DECIDED'));
    expect(await t.db.decision.count({ where: { submissionId: filed.submissionId } })).toBe(1);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: filed.planId } });
    expect(plan.state).toBe(won[0]!.state);
  });

  it('six versions of one plan sent at once: all filed, numbered 1 to 6, one plan', async () => {
    const inputs = await Promise.all(Array.from({ length: 6 }, (_, i) => lessonPlan('THCS-TP-004', 'Luyện tập', i)));
    const { won, lost } = await settled(inputs.map((input) => submitPlan(t.db, input)));
    expect(lost).toEqual([]);
    expect(new Set(won.map((r) => r.planId)).size).toBe(1);
    expect(won.map((r) => r.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: won[0]!.planId }, include: { submissions: true } });
    expect(plan.currentVersion).toBe(6);
    expect(plan.submissions.map((s) => s.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('one intake handled by four workers at once: one submission, the same answer for all', async () => {
    const input = await lessonPlan('THCS-TP-004', 'Hằng đẳng thức');
    const intake = await t.db.intake.create({ data: { staffId: input.staffId, channel: 'TELEGRAM', chatId: '1', fileRef: 'f', originalName: 'a.docx', details: '{}' } });
    const { won, lost } = await settled(Array.from({ length: 4 }, () => submitPlan(t.db, { ...input, intakeId: intake.id })));
    expect(lost).toEqual([]);
    expect(new Set(won.map((r) => r.submissionId)).size).toBe(1);
    expect(await t.db.submission.count()).toBe(1);
  });

  it('one link code typed in five chats at once: one chat is linked', async () => {
    const staff = await t.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-004' } });
    const { code } = await issueLinkCode(t.db, { staffId: staff.id, issuedBy: 'test', now: AT });
    const { won, lost } = await settled(
      Array.from({ length: 5 }, (_, i) => linkByCode(t.db, { channel: 'ZALO', externalUserId: `z${i}`, chatId: `z${i}` }, code, AT)),
    );
    expect(won).toEqual([staff.id]);
    expect(lost.map((e) => e.code)).toEqual(Array(4).fill('CONFLICT'));
    expect(await t.db.chatIdentity.count({ where: { channel: 'ZALO' } })).toBe(1);
  });

  it('twenty sign-in attempts on one username at once: five are let through to the password check', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => claimAttempt(t.db, ['user:ha.nt'], AT)));
    expect(results.filter((r) => r === null)).toHaveLength(5);
    const row = await t.db.signInThrottle.findUniqueOrThrow({ where: { key: 'user:ha.nt' } });
    expect(row.failures).toBe(5);
    expect(row.lockedUntil).not.toBeNull();
  });

  it('plans moving between states in opposite directions at once: the tally stays equal to the plans', async () => {
    const filed = [];
    for (let i = 0; i < 12; i++) filed.push(await submitPlan(t.db, await lessonPlan('THCS-TP-004', `Bài ${i}`, i)));
    // Half go SUBMITTED → RETURNED, half are first RETURNED and then come back to SUBMITTED:
    // the two kinds of update take the same two tally rows in opposite order.
    const back = filed.slice(6).map((f) => f.planId);
    await t.db.plan.updateMany({ where: { id: { in: back } }, data: { state: 'RETURNED' } });
    await Promise.all(
      filed.map((f, i) => t.db.plan.update({ where: { id: f.planId }, data: { state: i < 6 ? 'RETURNED' : 'SUBMITTED' } })),
    );
    const tally = await t.db.planTally.findMany({ where: { count: { gt: 0 } } });
    const byState = Object.fromEntries(tally.map((r) => [r.state, r.count]));
    expect(byState).toEqual({ SUBMITTED: 6, RETURNED: 6 });
  });
});
