// The scheduler end to end: the BullMQ Job Scheduler ticks, the due round runs, and the
// message reaches the reviewer's chat through the delivery queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import { submitPlan } from '../../src/use-cases/submit-plan.js';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatHarness({}, { tickEveryMs: 300 });
});
afterAll(async () => {
  await h?.stop();
});

describe('scheduled digest', () => {
  it('arrives in the reviewer’s chat once its time has come, and only once', async () => {
    const reviewer = await h.linkedUser('THCS-TP-003', 951);
    const teacher = await h.staffByCode('THCS-TP-004');
    const roles = await h.product.db.roleAssignment.findFirstOrThrow({ where: { staffId: teacher.id, role: 'TEACHER' } });
    await submitPlan(h.product.db, {
      staffId: teacher.id, channel: 'WEB',
      file: { sha256: 'a'.repeat(64), size: 1, originalName: 'a.docx' },
      details: { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 3: Chờ duyệt', teachingDate: '2027-03-01', groupId: roles.groupId, subgroupId: roles.subgroupId },
    });
    // Make the digest due now (Vietnam time, one minute ago); nothing else.
    // (Just after midnight a minute ago is yesterday: use 00:00 then.)
    const minuteAgo = new Date(Date.now() + 7 * 3_600_000 - 60_000).toISOString();
    const vnNow = minuteAgo.slice(0, 10) === new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10) ? minuteAgo.slice(11, 16) : '00:00';
    const year = await ensureCurrentSchoolYear(h.product.db);
    await h.product.db.schoolYear.update({ where: { id: year.id }, data: { digestTime: vnNow, reminderOffsetsDays: '[]', reminderTime: '23:59' } });
    const digest = await reviewer.expectMessage(/📥 Hồ sơ đang chờ thầy\/cô duyệt \(1\)[\s\S]*Bài 3: Chờ duyệt/);
    expect(digest.method).toBe('sendMessage');
    await new Promise((r) => setTimeout(r, 1500)); // several more ticks
    expect(reviewer.inbox().filter((c) => /📥 Hồ sơ đang chờ/.test(String(c.body.text)))).toHaveLength(1);
  });
});
