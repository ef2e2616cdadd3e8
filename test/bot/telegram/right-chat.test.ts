// A person's notifications go to their own private chat with the bot: a button press reported
// from another chat (someone else's chat, a group) answers in the presser's own chat and never
// moves where their later messages go.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

let h: ChatHarness;
let teacher: TelegramUser;
let head: TelegramUser;

beforeAll(async () => {
  h = await startChatHarness();
  teacher = await h.linkedUser('THCS-TP-004', 801); // Phạm Minh Tuấn, Toán
  head = await h.linkedUser('THCS-TP-003', 803); // Lê Thị Mai Anh, tổ trưởng Toán – Tin
});
afterAll(async () => {
  await h?.stop();
});

/** A press by `user` on a message that the update says is in `chat` (not the user's own). */
function pressIn(user: TelegramUser, chat: { id: number; type: string }, data: string) {
  return h.server.pushUpdate({
    callback_query: {
      id: randomUUID(), from: { id: user.id, is_bot: false, first_name: user.name }, chat_instance: 'other', data,
      message: { message_id: 1, date: 0, chat, text: '…' },
    },
  });
}

describe('a press from another chat', () => {
  it('answers in the presser’s own chat; their later messages still go there', async () => {
    const seenHead = head.inbox().length;
    const seenTeacher = teacher.inbox().length;
    teacher.sendFile(Buffer.from('PK\u0003\u0004 Bài 9'), 'KHBD.docx', 'KHBD Toán 8 - Bài 9: Hình thang - 14/12/2026');
    const review = await head.expectMessage(/Bài 9: Hình thang/, seenHead);
    const ret = TelegramUser.buttonsOf(review).find((b) => b.text.includes('Trả lại'))!;

    // Reported as pressed in the teacher's chat, then in a group.
    pressIn(head, { id: teacher.id, type: 'private' }, ret.callback_data);
    await head.expectMessage(/nhập lý do trả lại hồ sơ/, seenHead);
    pressIn(head, { id: -100_777, type: 'supergroup' }, ret.callback_data);
    await h.server.waitFor(() => head.inbox().slice(seenHead).filter((c) => /nhập lý do/.test(String(c.body.text))).length === 2);
    head.send('Thiếu hoạt động Luyện tập');
    await head.expectMessage(/Đã trả lại hồ sơ/, seenHead);
    await teacher.expectMessage(/↩️ Đã trả lại[\s\S]*Thiếu hoạt động Luyện tập/, seenTeacher);

    // Nothing went to the teacher's chat or the group from the reviewer's turn.
    const teacherTexts = teacher.inbox().slice(seenTeacher).map((c) => String(c.body.text ?? c.body.caption));
    expect(teacherTexts.filter((t) => /lý do trả lại hồ sơ|Đã trả lại hồ sơ/.test(t))).toEqual([]);
    expect(h.server.sentTo(-100_777)).toEqual([]);
    const identity = await h.product.db.chatIdentity.findFirstOrThrow({ where: { staffId: (await h.staffByCode('THCS-TP-003')).id } });
    expect(identity.chatId).toBe(String(head.id));

    // The reviewer's next notification (the teacher's new version) goes to the reviewer's chat.
    const beforeResubmit = head.inbox().length;
    const seenAgain = teacher.inbox().length;
    teacher.sendFile(Buffer.from('PK\u0003\u0004 Bài 10'), 'KHBD10.docx', 'KHBD Toán 8 - Bài 10: Hình bình hành - 15/12/2026');
    const question = await teacher.expectMessage(/bản sửa của hồ sơ nào/, seenAgain);
    teacher.press(TelegramUser.buttonsOf(question).at(-1)!.callback_data); // "Không, đây là hồ sơ mới"
    await head.expectMessage(/Bài 10: Hình bình hành/, beforeResubmit);
    expect(h.server.sentTo(teacher.id).some((c) => /Bài 10: Hình bình hành[\s\S]*Đang chờ thầy\/cô duyệt/.test(String(c.body.caption ?? '')))).toBe(false);
  });
});
