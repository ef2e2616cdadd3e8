// The document checks as a teacher meets them in the chat: real files, read by the intake job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as corpus from '../../support/plan-corpus.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

let h: ChatHarness;
let teacher: TelegramUser;
let colleague: TelegramUser;
let head: TelegramUser;

const link = (code: string, id: number) => h.linkedUser(code, id);

beforeAll(async () => {
  h = await startChatHarness();
  teacher = await link('THCS-TP-004', 901); // Phạm Minh Tuấn, Toán
  colleague = await link('THCS-TP-005', 902); // Hoàng Thị Lan, Toán
  head = await link('THCS-TP-003', 903); // Lê Thị Mai Anh, tổ trưởng
});
afterAll(async () => {
  await h?.stop();
});

describe('document checks in the chat', () => {
  it('refuses a lesson-plan file holding three lessons, naming them (R6), with a way forward', async () => {
    const seen = teacher.inbox().length;
    const titles = ['Bài 4: Phân thức', 'Bài 5: Phép cộng phân thức', 'Bài 6: Phép nhân phân thức'];
    teacher.sendFile(await corpus.toDocx(corpus.severalLessons(titles)), 'KHBD tuan 5.docx', 'KHBD Toán 8 - 25/9/2026');
    const question = await teacher.expectMessage(/❌ Tệp có 3 kế hoạch bài dạy/, seen);
    expect(question.body.text).toContain('Tệp có 3 kế hoạch bài dạy: (1) BÀI 4: PHÂN THỨC; (2) BÀI 5: PHÉP CỘNG PHÂN THỨC; (3) BÀI 6: PHÉP NHÂN PHÂN THỨC.');
    expect(TelegramUser.buttonsOf(question).map((b) => b.text)).toEqual(['✂️ Tách thành 3 giáo án', 'Tệp này chỉ có một bài dạy', 'Tôi sẽ tách và gửi lại']);
    teacher.press(TelegramUser.buttonsOf(question)[2]!.callback_data);
    const refusal = await teacher.expectMessage(/❌ Chưa nhận tệp/, seen);
    expect(refusal.body.text).toBe(
      '❌ Chưa nhận tệp “KHBD tuan 5.docx”: Tệp có 3 kế hoạch bài dạy: (1) BÀI 4: PHÂN THỨC; (2) BÀI 5: PHÉP CỘNG PHÂN THỨC; (3) BÀI 6: PHÉP NHÂN PHÂN THỨC. ' +
        'Theo quy định, mỗi tệp kế hoạch bài dạy chỉ chứa 01 bài học hoặc 01 chủ đề; thầy/cô vui lòng tách thành từng tệp rồi gửi lại.',
    );
    expect(await h.product.db.plan.count({ where: { ownerId: (await h.staffByCode('THCS-TP-004')).id } })).toBe(0);
  });

  it('a teacher who contests the refusal in one tap gets the plan filed, the reviewer sees verdict and contest', async () => {
    const seenT = colleague.inbox().length;
    const seenH = head.inbox().length;
    const titles = ['Bài 9: Hình bình hành', 'Bài 10: Hình chữ nhật'];
    colleague.sendFile(await corpus.toDocx(corpus.severalLessons(titles)), 'hinh.docx', 'KHBD Toán 8 - Bài 9: Hình bình hành - 29/9/2026');
    const question = await colleague.expectMessage(/❌ Tệp có 2 kế hoạch bài dạy/, seenT);
    colleague.press(TelegramUser.buttonsOf(question).find((b) => b.text === 'Tệp này chỉ có một bài dạy')!.callback_data);
    const confirmation = await colleague.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 9: Hình bình hành/, seenT);
    expect(confirmation.body.text).toContain('giáo viên khẳng định tệp chỉ có một bài dạy');
    const review = await head.expectMessage(/Bài 9: Hình bình hành/, seenH);
    expect(review.body.caption).toContain('Trợ lý thấy tệp có 2 bài ((1) BÀI 9: HÌNH BÌNH HÀNH; (2) BÀI 10: HÌNH CHỮ NHẬT); giáo viên khẳng định tệp chỉ có một bài dạy');
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 9: Hình bình hành' }, include: { submissions: true } });
    expect(JSON.parse(plan.submissions[0]!.checkReport!)).toMatchObject({ lessons: { verdict: 'SEVERAL', count: 2, confidence: 'SURE' }, lessonsContested: true });
  });

  it('reads kind, subject and grade from the document and proposes its title', async () => {
    const seen = teacher.inbox().length;
    teacher.sendFile(await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 })), 'giao an.docx');
    const titleQuestion = await teacher.expectMessage(/Tên bài dạy hoặc chủ đề là gì\?/, seen);
    expect(TelegramUser.buttonsOf(titleQuestion).map((b) => b.text)).toEqual(['Dùng: Bài 5: Phân thức']);
    teacher.press(TelegramUser.buttonsOf(titleQuestion)[0]!.callback_data);
    const dateQuestion = await teacher.expectMessage(/Ngày dạy là ngày nào\?/, seen);
    teacher.press(TelegramUser.buttonsOf(dateQuestion)[1]!.callback_data);
    const confirmation = await teacher.expectMessage(/✅ Đã nhận hồ sơ/, seen);
    expect(confirmation.body.text).toContain('Môn: Toán · Lớp 8');
    expect(confirmation.body.text).toContain('🔎 Kiểm tra tự động: có đủ các phần theo mẫu.');
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 5: Phân thức' }, include: { submissions: true } });
    expect(JSON.parse(plan.submissions[0]!.checkReport!)).toMatchObject({ readability: { status: 'TEXT', format: 'DOCX' }, lessons: { verdict: 'ONE' } });
  });

  it('a topic over several periods passes as one plan', async () => {
    const seen = colleague.inbox().length;
    colleague.sendFile(await corpus.toDocx(corpus.topicPlan(3)), 'chu de 2.docx', 'KHBD Toán 7 - Chủ đề 2: Nguyên tử - 2/10/2026');
    await colleague.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Chủ đề 2: Nguyên tử/, seen);
  });

  it('missing parts are a warning shown to the teacher and the reviewer, not a refusal', async () => {
    const seenT = teacher.inbox().length;
    const seenH = head.inbox().length;
    const file = await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 8: Hình thang', missing: ['equipment'] }));
    teacher.sendFile(file, 'KHBD.docx', 'KHBD Toán 8 - Bài 8: Hình thang - 28/9/2026');
    const confirmation = await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 8: Hình thang/, seenT);
    expect(confirmation.body.text).toContain('🔎 Kiểm tra tự động — chưa thấy: II. Thiết bị dạy học và học liệu.');
    const review = await head.expectMessage(/Bài 8: Hình thang/, seenH);
    expect(review.body.caption).toContain('chưa thấy: II. Thiết bị dạy học và học liệu');
  });

  it('the same file again: flagged to its owner for another lesson, and to the reviewer when another teacher sends it', async () => {
    const file = await corpus.toDocx(corpus.lessonPlan({ title: 'Bài 9: Hình bình hành' }));
    let seen = teacher.inbox().length;
    teacher.sendFile(file, 'a.docx', 'KHBD Toán 8 - Bài 9: Hình bình hành - 30/9/2026');
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 9/, seen);
    seen = teacher.inbox().length;
    teacher.sendFile(file, 'b.docx', 'KHBD Toán 8 - Bài 10: Hình chữ nhật - 2/10/2026');
    const again = await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 10/, seen);
    expect(again.body.text).toMatch(/⚠️ Tệp này giống hệt tệp thầy\/cô đã nộp cho hồ sơ [A-Z2-9]{6} \(Bài 9: Hình bình hành\)/);
    const seenH = head.inbox().length;
    colleague.sendFile(file, 'c.docx', 'KHBD Toán 8 - Bài 9: Hình bình hành - 30/9/2026');
    const review = await head.expectMessage(/Hoàng Thị Lan[\s\S]*Bài 9/, seenH);
    expect(review.body.caption).toMatch(/⚠️ Tệp trùng hoàn toàn với tệp của Phạm Minh Tuấn/);
  });

  it('an encrypted or scanned file is stored and flagged “không đọc được nội dung”, never refused for it', async () => {
    const seen = colleague.inbox().length;
    colleague.sendFile(await corpus.toPdf(corpus.lessonPlan({ title: 'Bài 11' }), { password: 'x' }), 'KHBD.pdf', 'KHBD Toán 8 - Bài 11: Đối xứng - 5/10/2026');
    const confirmation = await colleague.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 11/, seen);
    expect(confirmation.body.text).toContain('⚠️ Không đọc được nội dung (tệp được đặt mật khẩu); người duyệt cần mở tệp để kiểm tra.');
  });

  it('an executable renamed .docx and an empty file are refused; a zip bomb leaves the bot serving', async () => {
    let seen = teacher.inbox().length;
    teacher.sendFile(corpus.renamedExe(), 'KHBD.docx', 'KHBD Toán 8 - Bài 12: Chương trình - 6/10/2026');
    await teacher.expectMessage(/❌ Chưa nhận tệp “KHBD.docx”: Nội dung tệp là một chương trình máy tính/, seen);
    seen = teacher.inbox().length;
    teacher.sendFile(Buffer.alloc(0), 'rong.docx', 'KHBD Toán 8 - Bài 13: Rỗng - 6/10/2026');
    await teacher.expectMessage(/❌ Chưa nhận tệp “rong.docx”: Tệp rỗng/, seen);
    seen = teacher.inbox().length;
    teacher.sendFile(await corpus.zipBomb(300), 'bom.docx', 'KHBD Toán 8 - Bài 14: Nén - 7/10/2026');
    const seenOther = colleague.inbox().length;
    colleague.send('/huongdan');
    await colleague.expectMessage(/Trợ lý hồ sơ chuyên môn giúp/, seenOther);
    const flagged = await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 14/, seen);
    expect(flagged.body.text).toContain('Không đọc được nội dung (tệp quá phức tạp hoặc quá lớn để đọc)');
  });
});
