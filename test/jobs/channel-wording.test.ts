// Every notification kind says what to do on the channel it goes out on: Telegram takes files
// and shows buttons; a Zalo bot does neither, so there a returned plan is resubmitted by typing
// "nop" (the upload page), never "send the file and choose Nộp lại", and lists by "choduyet".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZaloClient } from '../../src/bot/zalo/zalo-client.js';
import { ZaloSender } from '../../src/bot/zalo/zalo-sender.js';
import { ensureCurrentSchoolYear } from '../../src/db/org-setup.js';
import type { ChannelSender } from '../../src/use-cases/channel-ports.js';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { deliverOutboxMessage } from '../../src/use-cases/deliver-outbox-message.js';
import type { OutgoingMessage } from '../../src/use-cases/outbox.js';
import { queueForChat } from '../../src/use-cases/outbox.js';
import { ReviewLinks } from '../../src/use-cases/review-links.js';
import { runDueWork } from '../../src/use-cases/scheduled/run-due-work.js';
import { submitPlan, type PlanDetails } from '../../src/use-cases/submit-plan.js';
import { importDemoRoster } from '../support/demo-roster.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

const vn = (local: string) => new Date(`${local}+07:00`);
const zalo = new ZaloSender(new ZaloClient({ token: '1:secret', apiRoot: 'http://127.0.0.1:1' }), new ReviewLinks('x'.repeat(32), 'https://hscm.example.vn'));

/** What the person reads on the channel: Telegram's text or caption; Zalo's rendering. */
function shown(channel: 'TELEGRAM' | 'ZALO', row: { payload: string; staffId: number | null }): string {
  const message = JSON.parse(row.payload) as OutgoingMessage;
  if (channel === 'ZALO') return zalo.render(message, row.staffId);
  return message.type === 'document' ? message.caption : message.text;
}

/** Instructions that only make sense on the other channel. */
const WRONG_ON = {
  ZALO: [/\/choduyet|\/trangthai|\/huy|\/nop/, /[Gg]ửi tệp/, /“Nộp lại”/, /bấm Bắt đầu/, /nút/],
  TELEGRAM: [/“nop”|“choduyet”|duyet <mã>/],
};

for (const channel of ['TELEGRAM', 'ZALO'] as const) {
  describe(`notifications on ${channel}`, () => {
    let t: TestDb;
    const staff: Record<string, { id: number }> = {};

    beforeEach(async () => {
      t = createTestDb();
      await importDemoRoster(t.db);
      await ensureCurrentSchoolYear(t.db, vn('2026-09-01T08:00:00'));
      const people = await t.db.staff.findMany({ where: { OR: [{ code: { startsWith: 'THCS-TP-' } }, { code: 'PLC-01' }] } });
      for (const p of people) {
        staff[p.code] = p;
        await t.db.chatIdentity.create({ data: { channel, externalUserId: `u${p.id}`, chatId: `c${p.id}`, staffId: p.id } });
      }
    });
    afterEach(async () => {
      await t.close();
    });

    const submit = async (code: string, details: PlanDetails, at: Date) => {
      const member = await t.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
      const teaching = member.roles.find((r) => r.role === 'TEACHER');
      return submitPlan(t.db, {
        staffId: member.id, channel, now: at,
        file: { sha256: `${code}-${details.kind}-${details.title ?? ''}`.padEnd(64, '0').slice(0, 64), size: 10, originalName: 'a.docx' },
        details: { groupId: teaching?.groupId, subgroupId: teaching?.subgroupId, ...details },
      });
    };
    const read = async (code: string, keyPart: string, required = true) => {
      const rows = await t.db.outboxMessage.findMany({ where: { staffId: staff[code]!.id, idempotencyKey: { contains: keyPart } } });
      if (required) expect(rows.length, `${keyPart} for ${code}`).toBeGreaterThan(0);
      return rows.map((r) => shown(channel, r)).join('\n---\n');
    };
    const expectRightFor = (text: string) => {
      for (const wrong of WRONG_ON[channel]) expect(text).not.toMatch(wrong);
    };

    it('annual reminder: how to hand in', async () => {
      await runDueWork(t.db, vn('2026-09-08T07:30:00'));
      const own = await read('THCS-TP-004', ':own:');
      expect(own).toContain(channel === 'ZALO' ? 'Gõ “nop” để nhận liên kết trang nộp hồ sơ' : 'Gửi tệp kế hoạch cho trợ lý để nộp.');
      expectRightFor(own);
      expectRightFor(await read('THCS-TP-003', ':group:'));
      expectRightFor(await read('THCS-TP-001', ':board:'));
    });

    it('overdue notice and the supervising unit’s summary', async () => {
      await runDueWork(t.db, vn('2026-09-16T07:30:00'));
      expectRightFor(await read('THCS-TP-004', 'overdue:'));
      expectRightFor(await read('PLC-01', ':unit:'));
    });

    it('confirmation, review request, decision notices: a returned plan says how to resubmit here', async () => {
      const s = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 5: Phân thức', teachingDate: '2026-10-06' }, vn('2026-10-01T09:00:00'));
      expectRightFor(await read('THCS-TP-004', `submit:${s.submissionId}:confirm`));
      const request = await read('THCS-TP-003', `review:${s.submissionId}`);
      if (channel === 'ZALO') expect(request).toMatch(/Xem tệp và duyệt: https:\/\/hscm\.example\.vn\/r\/[\s\S]*duyet /);
      expectRightFor(request);
      await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: s.submissionId, action: 'RETURN', reason: 'Thiếu phần luyện tập', now: vn('2026-10-02T09:00:00') });
      const returned = await read('THCS-TP-004', `decided:${s.submissionId}:owner`);
      expect(returned).toContain(channel === 'ZALO' ? 'gõ “nop” để nhận liên kết trang nộp hồ sơ, tải tệp mới lên và chọn nộp lại hồ sơ' : 'gửi tệp mới cho trợ lý và chọn “Nộp lại” hồ sơ');
      expectRightFor(returned);
      // The reviewers' copies, updated (on Zalo the decider's own is not: they were answered).
      expectRightFor(await read('THCS-TP-003', `decided:${s.submissionId}:`, channel === 'TELEGRAM'));
      const again = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 6: Cộng phân thức', teachingDate: '2026-10-07' }, vn('2026-10-02T10:00:00'));
      await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: again.submissionId, action: 'APPROVE', now: vn('2026-10-02T11:00:00') });
      expectRightFor(await read('THCS-TP-004', `decided:${again.submissionId}:owner`));
    });

    it('lesson-eve reminders, the 17:00 digest, nudges and escalations: how to see the list here', async () => {
      const pending = await submit('THCS-TP-004', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 5: Phân thức', teachingDate: '2026-10-06' }, vn('2026-10-01T09:00:00'));
      const returned = await submit('THCS-TP-005', { kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 6: Cộng phân thức', teachingDate: '2026-10-06' }, vn('2026-10-01T09:00:00'));
      await decidePlan(t.db, { deciderId: staff['THCS-TP-003']!.id, submissionId: returned.submissionId, action: 'RETURN', reason: 'Thiếu phần luyện tập', now: vn('2026-10-02T09:00:00') });
      await runDueWork(t.db, vn('2026-10-02T10:00:00')); // 25 h waiting: nudged
      const nudge = await read('THCS-TP-003', `nudge:${pending.submissionId}`);
      expect(nudge).toContain(channel === 'ZALO' ? 'Gõ “choduyet” để xem và duyệt.' : 'Gõ /choduyet để xem và duyệt.');
      expectRightFor(nudge);
      await runDueWork(t.db, vn('2026-10-03T10:00:00')); // 49 h: escalated
      expectRightFor(await read('THCS-TP-002', `escalate:${pending.submissionId}`));
      await runDueWork(t.db, vn('2026-10-05T07:30:00'));
      const eve = await read('THCS-TP-003', `eve:2026-10-05@07:30:pending:${pending.submissionId}`);
      expect(eve).toContain(channel === 'ZALO' ? 'Gõ “choduyet” để xem.' : 'Gõ /choduyet để xem.');
      expectRightFor(eve);
      expectRightFor(await read('THCS-TP-005', 'eve:2026-10-05@07:30:returned'));
      await runDueWork(t.db, vn('2026-10-06T17:00:00'));
      expectRightFor(await read('THCS-TP-003', 'digest:2026-10-06@17:00:'));
    });

    it('the school plan reported to the supervising unit', async () => {
      const s = await submit('THCS-TP-001', { kind: 'SCHOOL_PLAN' }, vn('2026-09-05T09:00:00'));
      await decidePlan(t.db, { deciderId: staff['THCS-TP-001']!.id, submissionId: s.submissionId, action: 'APPROVE', now: vn('2026-09-06T09:00:00') });
      const report = await read('PLC-01', `report:${s.submissionId}`);
      if (channel === 'ZALO') expect(report).toMatch(/Xem tệp: https:\/\/hscm\.example\.vn\/r\//);
      expectRightFor(report);
    });

    it('the admins’ notice that someone cannot be reached names what to do in that person’s app', async () => {
      const row = await queueForChat(t.db, { channel, chatId: `c${staff['THCS-TP-004']!.id}`, staffId: staff['THCS-TP-004']!.id, key: 'probe', message: { type: 'text', text: 'Thử' } });
      const blocked: ChannelSender = { send: async () => ({ status: 'UNREACHABLE', error: 'Forbidden: blocked' }) };
      await deliverOutboxMessage({ db: t.db, senders: { [channel]: blocked }, quietHours: async () => ({ start: '00:00', end: '00:00' }) }, row.id);
      const notice = await read('THCS-TP-007', 'unreachable:'); // the school's software admin
      expect(notice).toContain(channel === 'ZALO' ? 'chưa nhắn tin cho trợ lý trên Zalo' : 'chưa bấm Bắt đầu');
      expectRightFor(notice);
    });
  });
}
