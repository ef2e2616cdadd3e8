// Submitting and reviewing plans through the real telegraf bot (R3–R9): every file the
// server serves is downloaded through getFile, stored, recorded, routed and decided.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';
import { returnedAndResubmitted } from '../../support/preview-fixtures.js';

let h: ChatHarness;
const users = {} as Record<'mathTeacher' | 'infoTeacher' | 'groupHead' | 'infoHead' | 'principal' | 'vicePrincipal' | 'wardOffice', TelegramUser>;

const link = (code: string, id: number) => h.linkedUser(code, id);

const docx = (text: string) => Buffer.from(`PK\u0003\u0004 giả lập tệp Word: ${text}`);

beforeAll(async () => {
  h = await startChatHarness();
  users.mathTeacher = await link('THCS-TP-004', 601); // Phạm Minh Tuấn, Toán
  users.infoTeacher = await link('THCS-TP-007', 602); // Đỗ Thị Hồng Nhung, Tin học + quản trị
  users.groupHead = await link('THCS-TP-003', 603); // Lê Thị Mai Anh, tổ trưởng Toán – Tin
  users.infoHead = await link('THCS-TP-006', 604); // Vũ Đức Thắng, nhóm trưởng Tin học
  users.principal = await link('THCS-TP-001', 605);
  users.vicePrincipal = await link('THCS-TP-002', 606);
  users.wardOffice = await link('PLC-01', 607);
});
afterAll(async () => {
  await h?.stop();
});

describe('submitting a lesson plan', () => {
  it('a full caption fills everything in: the file is downloaded, stored, recorded and sent to the reviewer', async () => {
    const { mathTeacher, groupHead } = users;
    const content = docx('Bài 5: Phân thức');
    mathTeacher.sendFile(content, 'KHBD_Toan8_Bai5.docx', 'KHBD Toán 8 - Bài 5: Phân thức - 20/9/2026');
    await mathTeacher.expectMessage(/⏳ Đang kiểm tra tệp “KHBD_Toan8_Bai5.docx”/);
    const confirmation = await mathTeacher.expectMessage(/✅ Đã nhận hồ sơ/);
    expect(confirmation.body.text).toMatch(/Mã hồ sơ: [A-Z2-9]{6}/);
    expect(confirmation.body.text).toContain('Người duyệt: Lê Thị Mai Anh.');
    expect(confirmation.body.text).toContain('Ngày dạy: 20/09/2026');

    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 5: Phân thức' }, include: { submissions: true } });
    expect(plan).toMatchObject({ kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, teachingDate: '2026-09-20', state: 'SUBMITTED', currentVersion: 1 });
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(plan.submissions[0]).toMatchObject({ fileSha256: sha256, fileSize: content.length, originalName: 'KHBD_Toan8_Bai5.docx', channel: 'TELEGRAM' });
    expect(await h.product.fileStore.verify(sha256)).toBe(true);

    // The reviewer gets the file itself, re-sent by file_id, with the two buttons.
    const review = await groupHead.expectMessage(/Kế hoạch bài dạy[\s\S]*Bài 5: Phân thức/);
    expect(review.method).toBe('sendDocument');
    expect(review.body.document).toBe(plan.submissions[0]!.channelFileRef);
    expect(TelegramUser.buttonsOf(review).map((b) => b.text)).toEqual(['✅ Duyệt', '↩️ Trả lại']);
  });

  it('asks only what it cannot infer, with buttons, and accepts typed answers', async () => {
    const { mathTeacher } = users;
    const seen = mathTeacher.inbox().length;
    mathTeacher.sendFile(docx('đa thức'), 'tai lieu.docx');
    const kindQuestion = await mathTeacher.expectMessage(/Tệp này là loại hồ sơ nào\?/, seen);
    expect(TelegramUser.buttonsOf(kindQuestion).map((b) => b.text)).toEqual(['Kế hoạch bài dạy', 'Kế hoạch giáo dục của giáo viên']);
    mathTeacher.press(TelegramUser.buttonsOf(kindQuestion)[0]!.callback_data);
    // One subject only (Toán): no subject question; the grade comes next.
    const gradeQuestion = await mathTeacher.expectMessage(/Dạy lớp \(khối\) mấy\?/, seen);
    expect(TelegramUser.buttonsOf(gradeQuestion).map((b) => b.text)).toEqual(['Lớp 6', 'Lớp 7', 'Lớp 8', 'Lớp 9']);
    mathTeacher.press(TelegramUser.buttonsOf(gradeQuestion)[1]!.callback_data);
    await mathTeacher.expectMessage(/Tên bài dạy hoặc chủ đề là gì\?/, seen);
    mathTeacher.send('Bài 2: Đa thức nhiều biến');
    const dateQuestion = await mathTeacher.expectMessage(/Ngày dạy là ngày nào\?/, seen);
    expect(TelegramUser.buttonsOf(dateQuestion)[1]!.text).toMatch(/^Ngày mai/);
    mathTeacher.send('31/2');
    await mathTeacher.expectMessage(/Chưa hiểu ngày dạy/, seen);
    mathTeacher.send('15/12/2026');
    await mathTeacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 2: Đa thức nhiều biến[\s\S]*15\/12\/2026/, seen);
    expect(await h.product.db.plan.findFirst({ where: { title: 'Bài 2: Đa thức nhiều biến', grade: 7 } })).not.toBeNull();
  });

  it('a second file while a flow is open is answered, and /huy leaves the flow', async () => {
    const { mathTeacher } = users;
    const seen = mathTeacher.inbox().length;
    mathTeacher.sendFile(docx('a'), 'mot.docx');
    await mathTeacher.expectMessage(/Tệp này là loại hồ sơ nào\?/, seen);
    mathTeacher.sendFile(docx('b'), 'hai.docx');
    await mathTeacher.expectMessage(/đang nộp dở tệp “mot.docx”/, seen);
    mathTeacher.send('/huy');
    await mathTeacher.expectMessage(/Đã huỷ/, seen);
    expect(await h.product.db.conversation.count({ where: { chatId: String(mathTeacher.id) } })).toBe(0);
  });

  it('refuses a wrong file type and a file over 20 MB at once, with the reason', async () => {
    const { mathTeacher } = users;
    const seen = mathTeacher.inbox().length;
    mathTeacher.sendFile(Buffer.from('MZ'), 'setup.exe');
    await mathTeacher.expectMessage(/không nhận tệp “\.exe”/, seen);
    mathTeacher.sendDocument(h.server.bigDocument('KHGD ca nam.pdf', 25 * 1024 * 1024));
    await mathTeacher.expectMessage(/Tệp nặng 25 MB, vượt giới hạn 20 MB/, seen);
    expect(h.server.callsTo('getFile').every((c) => !String(c.body.file_id).startsWith('BIG-'))).toBe(true);
  });

  it('a photo of a page is not a plan; other messages get a helpful answer', async () => {
    const { mathTeacher } = users;
    const seen = mathTeacher.inbox().length;
    mathTeacher.sendPhoto();
    await mathTeacher.expectMessage(/Ảnh chụp trang giấy không phải là tệp kế hoạch/, seen);
    mathTeacher.send('alo');
    await mathTeacher.expectMessage(/Trợ lý chưa hiểu ý thầy\/cô/, seen);
  });
});

describe('reviewing', () => {
  it('two reviewers clicking at once: the first decision wins, both copies are updated, the submitter is told', async () => {
    const { infoTeacher, groupHead, infoHead } = users;
    infoTeacher.sendFile(docx('Tin 6'), 'KHBD.docx', 'KHBD Tin học 6 - Bài 1: Thông tin và dữ liệu - 10/12/2026');
    const confirmation = await infoTeacher.expectMessage(/✅ Đã nhận hồ sơ/);
    expect(confirmation.body.text).toMatch(/Người duyệt: (Vũ Đức Thắng, Lê Thị Mai Anh|Lê Thị Mai Anh, Vũ Đức Thắng)\./);
    const a = await groupHead.expectMessage(/Bài 1: Thông tin và dữ liệu/);
    const b = await infoHead.expectMessage(/Bài 1: Thông tin và dữ liệu/);
    const approveData = TelegramUser.buttonsOf(a)[0]!.callback_data;
    expect(TelegramUser.buttonsOf(b)[0]!.callback_data).toBe(approveData);
    const toasts = h.server.callsTo('answerCallbackQuery').length;
    groupHead.press(approveData);
    infoHead.press(approveData);
    const answers = await h.server.waitFor((calls) => {
      const mine = calls.filter((c) => c.method === 'answerCallbackQuery').slice(toasts);
      return mine.length >= 2 ? mine : undefined;
    });
    const texts = answers.map((c) => c.body.text).sort();
    expect(texts[0]).toMatch(/^Hồ sơ [A-Z2-9]{6} đã được (Lê Thị Mai Anh|Vũ Đức Thắng) duyệt trước đó\.$/);
    expect(texts[1]).toMatch(/^Đã duyệt hồ sơ [A-Z2-9]{6}\.$/);
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 1: Thông tin và dữ liệu' }, include: { decisions: true } });
    expect(plan.state).toBe('APPROVED');
    expect(plan.decisions).toHaveLength(1);
    await infoTeacher.expectMessage(/✅ Đã duyệt bởi/);
    const edits = await h.server.waitFor((calls) => {
      const e = calls.filter((c) => c.method === 'editMessageCaption' && /Thông tin và dữ liệu/.test(c.body.caption));
      return e.length >= 2 ? e : undefined;
    });
    expect(edits.map((e) => String(e.body.chat_id)).sort()).toEqual([String(groupHead.id), String(infoHead.id)].sort());
    expect(edits.every((e) => /✅ Đã duyệt bởi/.test(e.body.caption) && e.body.reply_markup.inline_keyboard.length === 0)).toBe(true);
  });

  it('a return needs a reason; the teacher resubmits a new version; the old buttons are stale', async () => {
    const { mathTeacher, groupHead } = users;
    const seenT = mathTeacher.inbox().length;
    const seenR = groupHead.inbox().length;
    mathTeacher.sendFile(docx('v1'), 'KHBD.docx', 'KHBD Toán 9 - Bài 7: Căn bậc hai - 11/12/2026');
    const review = await groupHead.expectMessage(/Bài 7: Căn bậc hai/, seenR);
    const [approve, ret] = TelegramUser.buttonsOf(review);
    groupHead.press(ret!.callback_data);
    const ask = await groupHead.expectMessage(/nhập lý do trả lại hồ sơ/, seenR);
    expect(ask.body.reply_markup).toMatchObject({ force_reply: true });
    groupHead.send('sai');
    await groupHead.expectMessage(/ít nhất 5 ký tự/, seenR);
    groupHead.send('Thiếu hoạt động Vận dụng');
    await groupHead.expectMessage(/Đã trả lại hồ sơ/, seenR);
    const returned = await mathTeacher.expectMessage(/↩️ Đã trả lại bởi Lê Thị Mai Anh[\s\S]*Lý do: Thiếu hoạt động Vận dụng[\s\S]*Nộp lại/, seenT);
    expect(returned.body.text).toContain('lần nộp thứ 2');

    // Resubmit: a new file is offered as the next version of the returned plan.
    mathTeacher.sendFile(docx('v2'), 'KHBD_sua.docx');
    const question = await mathTeacher.expectMessage(/Tệp này là bản sửa của hồ sơ nào\?/, seenT);
    expect(TelegramUser.buttonsOf(question).at(-1)!.text).toBe('Không, đây là hồ sơ mới');
    const again = TelegramUser.buttonsOf(question).find((b) => b.text.startsWith('↩️ Nộp lại: Bài 7: Căn bậc hai'));
    expect(again).toBeDefined();
    mathTeacher.press(again!.callback_data);
    await mathTeacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*lần nộp thứ 2/, seenT);
    await groupHead.expectMessage(/lần nộp thứ 2[\s\S]*Bài 7: Căn bậc hai/, seenR);

    // The first version's Approve button no longer decides anything.
    const toasts = h.server.callsTo('answerCallbackQuery').length;
    groupHead.press(approve!.callback_data);
    await groupHead.expectToast(/Phiên bản 1 đã được thay bằng phiên bản 2/, toasts);
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 7: Căn bậc hai' }, include: { submissions: true, decisions: true } });
    expect(plan).toMatchObject({ state: 'SUBMITTED', currentVersion: 2 });
    expect(plan.submissions).toHaveLength(2);
    expect(plan.decisions.map((d) => [d.action, d.reason])).toEqual([['RETURN', 'Thiếu hoạt động Vận dụng']]);
  });

  it('the review request carries a "Xem nhanh" link: the signed preview shows the file and, for a resubmission, what changed next to the return reason', async () => {
    const { mathTeacher, groupHead } = users;
    const seenT = mathTeacher.inbox().length;
    const seenR = groupHead.inbox().length;
    const { v1, v2 } = await returnedAndResubmitted('Bài 8: Căn bậc ba');
    mathTeacher.sendFile(v1, 'KHBD Toan 9 Bai 8.docx', 'KHBD Toán 9 - Bài 8: Căn bậc ba - 12/12/2026');
    const review = await groupHead.expectMessage(/Bài 8: Căn bậc ba/, seenR);
    const quick = (message: typeof review) => {
      const url = /\n\n👁 Xem nhanh[^:]*: (\S+)$/.exec(String(message.body.caption))?.[1];
      expect(url, String(message.body.caption)).toMatch(/\/r\/[0-9a-z-]+-[A-Za-z0-9_-]{22}\/preview$/);
      return new URL(url!);
    };
    const first = quick(review);
    const reviewer = await h.staffByCode('THCS-TP-003');
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 8: Căn bậc ba' }, include: { submissions: true } });
    // Signed for this reviewer and this version.
    expect(h.product.reviewLinks.open(first.pathname.split('/')[2]!)).toMatchObject({ staffId: reviewer.id, submissionId: plan.submissions[0]!.id });
    const page = await fetch(`http://127.0.0.1:${h.product.port}${first.pathname}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('TÊN BÀI DẠY: BÀI 8: CĂN BẬC BA');

    groupHead.press(TelegramUser.buttonsOf(review)[1]!.callback_data);
    await groupHead.expectMessage(/nhập lý do trả lại hồ sơ/, seenR);
    groupHead.send('Chưa có hoạt động Luyện tập');
    await groupHead.expectMessage(/Đã trả lại hồ sơ/, seenR);
    await mathTeacher.expectMessage(/↩️ Đã trả lại bởi Lê Thị Mai Anh/, seenT);
    mathTeacher.sendFile(v2, 'KHBD Toan 9 Bai 8 (sua).docx');
    const question = await mathTeacher.expectMessage(/Tệp này là bản sửa của hồ sơ nào\?/, seenT);
    mathTeacher.press(TelegramUser.buttonsOf(question).find((b) => b.text.startsWith('↩️ Nộp lại: Bài 8: Căn bậc ba'))!.callback_data);
    const second = quick(await groupHead.expectMessage(/lần nộp thứ 2[\s\S]*Bài 8: Căn bậc ba/, seenR));
    const changed = await (await fetch(`http://127.0.0.1:${h.product.port}${second.pathname}`)).text();
    expect(changed).toContain('Những gì đã sửa so với lần nộp thứ 1 (bị trả lại)');
    expect(changed).toContain('<strong>Lý do trả lại:</strong> Chưa có hoạt động Luyện tập');
    expect(changed).toContain('<ins>3. Hoạt động 3: Luyện tập</ins>');
  });

  it('forged or foreign button data changes nothing', async () => {
    const { mathTeacher, infoHead } = users;
    const mine = await h.product.db.submission.findFirstOrThrow({ where: { plan: { title: 'Bài 7: Căn bậc hai' }, version: 2 } });
    let toasts = h.server.callsTo('answerCallbackQuery').length;
    mathTeacher.press(`d:${mine.id}:a`); // the submitter approving their own plan
    await mathTeacher.expectToast(/không có quyền duyệt/, toasts);
    toasts = h.server.callsTo('answerCallbackQuery').length;
    infoHead.press(`d:${mine.id}:a`); // head of another sub-group
    await infoHead.expectToast(/không có quyền duyệt/, toasts);
    toasts = h.server.callsTo('answerCallbackQuery').length;
    infoHead.press('d:999999:a');
    await infoHead.expectToast(/Không tìm thấy hồ sơ/, toasts);
    toasts = h.server.callsTo('answerCallbackQuery').length;
    infoHead.press('x'.repeat(64));
    await infoHead.expectToast(/Nút này không còn hiệu lực/, toasts);
    toasts = h.server.callsTo('answerCallbackQuery').length;
    infoHead.press('f:forged:LESSON_PLAN');
    await infoHead.expectToast(/Nút này không còn hiệu lực/, toasts);
    expect((await h.product.db.plan.findFirstOrThrow({ where: { id: mine.planId } })).state).toBe('SUBMITTED');
  });

  it('/choduyet lists what waits for the reviewer, oldest first, with buttons', async () => {
    const { groupHead } = users;
    const seen = groupHead.inbox().length;
    groupHead.send('/choduyet');
    const list = await groupHead.expectMessage(/Hồ sơ chờ thầy\/cô duyệt/, seen);
    expect(list.body.text).toContain('Bài 7: Căn bậc hai');
    expect(list.body.text.indexOf('Bài 5: Phân thức')).toBeLessThan(list.body.text.indexOf('Bài 7: Căn bậc hai'));
    expect(TelegramUser.buttonsOf(list).some((b) => /^✅ Duyệt [A-Z2-9]{6}$/.test(b.text))).toBe(true);
  });

  it('/trangthai lists the teacher’s plans and what is still owed before the deadline', async () => {
    const { mathTeacher } = users;
    const seen = mathTeacher.inbox().length;
    mathTeacher.send('/trangthai');
    const status = await mathTeacher.expectMessage(/Hồ sơ của thầy\/cô — năm học/, seen);
    expect(status.body.text).toMatch(/Bài 5: Phân thức — Chờ duyệt/);
    expect(status.body.text).toMatch(/Kế hoạch giáo dục của giáo viên \(Toán\)/);
  });
});

describe('group and school plans', () => {
  it('a group head’s teaching plan asks which subject of the group, then goes to the board', async () => {
    const { groupHead, principal } = users;
    const seen = groupHead.inbox().length;
    groupHead.sendFile(docx('KHDH'), 'KHDH.docx', 'Kế hoạch dạy học tổ');
    const question = await groupHead.expectMessage(/Môn học nào\?/, seen);
    expect(TelegramUser.buttonsOf(question).map((b) => b.text)).toEqual(['Toán', 'Tin học']);
    groupHead.press(TelegramUser.buttonsOf(question)[1]!.callback_data);
    await groupHead.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Kế hoạch dạy học của tổ chuyên môn[\s\S]*Môn: Tin học/, seen);
    await principal.expectMessage(/Kế hoạch dạy học của tổ chuyên môn[\s\S]*Môn: Tin học/);
  });

  it('a teacher’s annual education plan goes to the heads like a lesson plan', async () => {
    const { infoTeacher, infoHead } = users;
    const seen = infoTeacher.inbox().length;
    infoTeacher.sendFile(docx('KHGD'), 'KHGD_GV.docx', 'Kế hoạch giáo dục của giáo viên');
    await infoTeacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Kế hoạch giáo dục của giáo viên[\s\S]*Môn: Tin học/, seen);
    await infoHead.expectMessage(/Kế hoạch giáo dục của giáo viên[\s\S]*Đỗ Thị Hồng Nhung/);
  });

  it('a group head’s activities plan goes to the school board', async () => {
    const { groupHead, principal, vicePrincipal } = users;
    const seen = groupHead.inbox().length;
    groupHead.sendFile(docx('HĐGD'), 'KH_HDGD_to_Toan_Tin.docx', 'Kế hoạch tổ chức các hoạt động giáo dục');
    await groupHead.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Kế hoạch tổ chức các hoạt động giáo dục/, seen);
    await principal.expectMessage(/Kế hoạch tổ chức các hoạt động giáo dục/);
    await vicePrincipal.expectMessage(/Kế hoạch tổ chức các hoạt động giáo dục/);
  });

  it('the principal records the School Council’s approval and the plan is reported to the supervising unit (R9)', async () => {
    const { principal, wardOffice } = users;
    const seen = principal.inbox().length;
    principal.sendFile(docx('KHGD nhà trường'), 'KHGD_nha_truong_2026.pdf', 'KHGD nhà trường');
    await principal.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Kế hoạch giáo dục của nhà trường/, seen);
    const review = await principal.expectMessage(/Kế hoạch giáo dục của nhà trường[\s\S]*chờ thầy\/cô duyệt/, seen);
    const council = TelegramUser.buttonsOf(review)[0]!;
    expect(council.text).toBe('✅ Hội đồng trường đã thông qua');
    principal.press(council.callback_data);
    const report = await wardOffice.expectMessage(/Báo cáo kế hoạch giáo dục nhà trường[\s\S]*Trường THCS Trần Phú gửi UBND phường Lê Chân/);
    expect(report.method).toBe('sendDocument');
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { kind: 'SCHOOL_PLAN' }, include: { decisions: true, reports: true } });
    expect(plan.state).toBe('APPROVED');
    expect(plan.decisions[0]!.basis).toBe('SCHOOL_COUNCIL');
    expect(plan.reports).toHaveLength(1);
  });
});

describe('unreachable reviewers', () => {
  it('a reviewer who blocked the bot is marked unreachable; the other reviewer still gets the plan', async () => {
    const { infoTeacher, infoHead, groupHead } = users;
    h.server.blockChat(infoHead.id);
    const seen = groupHead.inbox().length;
    infoTeacher.sendFile(docx('Tin 7'), 'KHBD.docx', 'KHBD Tin học 7 - Bài 3: Mạng xã hội - 12/12/2026');
    await groupHead.expectMessage(/Bài 3: Mạng xã hội/, seen);
    const staff = await h.staffByCode('THCS-TP-006');
    await h.server.waitFor(async () => undefined, 10).catch(() => undefined);
    const identity = await waitUntil(() => h.product.db.chatIdentity.findFirst({ where: { staffId: staff.id, unreachableAt: { not: null } } }));
    expect(identity).not.toBeNull();
    // The person is marked before the message is settled (deliver-outbox-message.ts): wait for both.
    const row = await waitUntil(() => h.product.db.outboxMessage.findFirst({ where: { staffId: staff.id, status: 'UNREACHABLE' } }));
    expect(row?.lastError).toMatch(/blocked/);
    // The school's software admin (the Tin học teacher here) hears about it once.
    await infoTeacher.expectMessage(/không gửi được tin nhắn Telegram cho Vũ Đức Thắng/);
  });
});

async function waitUntil<T>(read: () => Promise<T | null>, timeoutMs = 10_000): Promise<T | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
