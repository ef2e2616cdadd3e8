// Honest replies at night: while quiet hours hold notifications back, a reply never says that
// someone "has been told" — it says when they will be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toldSentence } from '../../../src/use-cases/notify-time.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

describe('the sentence', () => {
  const vn = (local: string) => new Date(`${local}+07:00`);
  it('says "đã được báo" when nothing is held, and the time (and day) when it is', () => {
    expect(toldSentence('Giáo viên', null, vn('2026-10-01T10:00:00'))).toBe('Giáo viên đã được báo.');
    expect(toldSentence('Giáo viên', vn('2026-10-02T06:30:00'), vn('2026-10-01T22:15:00'))).toBe(
      'Giáo viên sẽ được báo lúc 06:30 ngày 02/10/2026 (trợ lý không gửi thông báo trong giờ nghỉ ban đêm).',
    );
    expect(toldSentence('Giáo viên', vn('2026-10-02T06:30:00'), vn('2026-10-02T05:00:00'))).toMatch(/^Giáo viên sẽ được báo lúc 06:30 hôm nay/);
  });
});

describe('in quiet hours', () => {
  let h: ChatHarness;
  let teacher: TelegramUser;
  let head: TelegramUser;
  beforeAll(async () => {
    h = await startChatHarness({ QUIET_HOURS: '00:00-23:59' }); // quiet all day but the last minute
    teacher = await h.linkedUser('THCS-TP-004', 901);
    head = await h.linkedUser('THCS-TP-003', 903);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the confirmation says when the reviewer gets the plan; the reviewer’s reply says when the teacher hears of the return', async () => {
    const seenT = teacher.inbox().length;
    teacher.sendFile(Buffer.from('PK\u0003\u0004 Bài 3'), 'KHBD.docx', 'KHBD Toán 8 - Bài 3: Phép nhân - 16/12/2026');
    const confirmation = await teacher.expectMessage(/✅ Đã nhận hồ sơ/, seenT);
    expect(confirmation.body.text).toMatch(/Người duyệt sẽ nhận được hồ sơ lúc 23:59 hôm nay \(trợ lý không gửi thông báo trong giờ nghỉ ban đêm\)\./);
    expect(head.inbox().some((c) => /Bài 3: Phép nhân/.test(String(c.body.caption ?? c.body.text)))).toBe(false); // held

    // The reviewer asks for the list (a reply: not held), returns the plan from it.
    const seenR = head.inbox().length;
    head.send('/choduyet');
    const list = await head.expectMessage(/Hồ sơ chờ thầy\/cô duyệt/, seenR);
    head.press(TelegramUser.buttonsOf(list).find((b) => b.text.startsWith('↩️ Trả lại'))!.callback_data);
    await head.expectMessage(/nhập lý do trả lại/, seenR);
    head.send('Thiếu phần vận dụng');
    const reply = await head.expectMessage(/Đã trả lại hồ sơ/, seenR);
    expect(reply.body.text).toMatch(/Giáo viên sẽ được báo lúc 23:59 hôm nay/);
    expect(reply.body.text).not.toContain('đã được báo');
    const notice = await h.product.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: { endsWith: ':owner' }, staffId: (await h.staffByCode('THCS-TP-004')).id } });
    expect(notice.status).toBe('PENDING'); // it does wait, as the reply said
  });
});
