// Linking a Telegram account to a person of the roster (R2), through the real telegraf bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLinkCode } from '../../../src/use-cases/issue-link-code.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('Telegram onboarding', () => {
  it('registers the Vietnamese command menu', async () => {
    const call = await h.server.waitFor((calls) => calls.find((c) => c.method === 'setMyCommands'));
    expect(call.body.commands).toContainEqual({ command: 'trangthai', description: 'Hồ sơ của tôi và những gì còn thiếu' });
    expect(call.body.commands.map((c: { command: string }) => c.command)).toEqual(['nop', 'trangthai', 'choduyet', 'huongdan', 'huy']);
  });

  it('/start asks for the user’s own phone number, then links by it and says who they are', async () => {
    const teacher = await h.staffByCode('THCS-TP-004');
    const user = h.user(501);
    user.send('/start');
    const ask = await user.expectMessage(/Chia sẻ số điện thoại/);
    expect(ask.body.reply_markup.keyboard[0][0]).toEqual({ text: '📱 Chia sẻ số điện thoại', request_contact: true });
    user.shareContact(`+84${teacher.phone!.slice(1)}`);
    const hello = await user.expectMessage(/Đã liên kết tài khoản thành công/);
    expect(hello.body.text).toContain(teacher.fullName);
    expect(hello.body.text).toContain('Trường THCS Trần Phú');
    expect(hello.body.text).toContain('Tổ Toán – Tin (Nhóm Toán)');
    expect(hello.body.text).toContain('Giáo viên');
    const identity = await h.product.db.chatIdentity.findFirstOrThrow({ where: { externalUserId: '501' } });
    expect(identity).toMatchObject({ channel: 'TELEGRAM', staffId: teacher.id, chatId: '501' });
  });

  it('refuses a contact that is not the sender’s own', async () => {
    const other = await h.staffByCode('THCS-TP-005');
    const user = h.user(502);
    user.shareContact(other.phone!, 999);
    await user.expectMessage(/số điện thoại của chính thầy\/cô/);
    expect(await h.product.db.chatIdentity.count({ where: { externalUserId: '502' } })).toBe(0);
  });

  it('tells an unknown number to ask the school’s software admin', async () => {
    const user = h.user(503);
    user.shareContact('0999888777');
    await user.expectMessage(/0999888777 chưa có trong danh sách.*giáo viên quản trị phần mềm/s);
  });

  it('links by a one-time code in a deep link; a used or unknown code gets a clear message', async () => {
    const staff = await h.staffByCode('THCS-TP-006');
    const { code } = await issueLinkCode(h.product.db, { staffId: staff.id, issuedBy: 'test' });
    const user = h.user(504);
    user.send(`/start ${code}`);
    await user.expectMessage(new RegExp(`Đã liên kết.*${staff.fullName}`, 's'));
    const other = h.user(505);
    other.send(`/start ${code}`);
    await other.expectMessage(/Mã liên kết này đã được sử dụng/);
    other.send('/start ZZZZ2222');
    await other.expectMessage(/Mã liên kết không đúng/);
  });

  it('an expired code is refused', async () => {
    const staff = await h.staffByCode('THCS-TP-008');
    const { code } = await issueLinkCode(h.product.db, { staffId: staff.id, issuedBy: 'test', now: new Date(Date.now() - 100 * 3_600_000) });
    const user = h.user(506);
    user.send(`/start ${code}`);
    await user.expectMessage(/đã hết hạn/);
  });

  it('one Telegram account links to one person at a time: linking again moves the link', async () => {
    const first = await h.staffByCode('THCS-NQ-003');
    const second = await h.staffByCode('THCS-NQ-004');
    const user = h.user(507);
    user.shareContact(first.phone!);
    await user.expectMessage(new RegExp(first.fullName));
    user.shareContact(second.phone!);
    await user.expectMessage(new RegExp(second.fullName));
    const links = await h.product.db.chatIdentity.findMany({ where: { externalUserId: '507' } });
    expect(links.map((l) => l.staffId)).toEqual([second.id]);
  });

  it('anything from an unlinked user gets a helpful answer', async () => {
    const user = h.user(508);
    user.send('xin chào');
    await user.expectMessage(/chưa liên kết tài khoản/);
    user.sendFile(Buffer.from('x'), 'KHBD.docx');
    expect((await user.expectMessage(/chưa liên kết tài khoản/, 1)).body.text).toBeTruthy();
    const before = h.server.callsTo('answerCallbackQuery').length;
    user.press('d:1:a');
    await user.expectToast(/chưa liên kết/, before);
  });

  it('a duplicated update is handled once', async () => {
    const staff = await h.staffByCode('THCS-NQ-005');
    const user = h.user(509);
    const update = user.shareContact(staff.phone!);
    await user.expectMessage(/Đã liên kết/);
    h.server.redeliver(update);
    h.server.redeliver(update);
    await h.server.settled();
    expect(user.inbox().filter((c) => /Đã liên kết/.test(c.body.text)).length).toBe(1);
  });

  it('keeps the buttons helper honest', () => {
    expect(TelegramUser.buttonsOf({ method: 'sendMessage', at: 0, body: { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] } } })).toEqual([{ text: 'a', callback_data: 'b' }]);
  });
});
