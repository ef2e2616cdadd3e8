// "Tách thành N giáo án" in the chat: a .docx refused for holding several lessons is cut into one
// file per lesson, the teacher confirms the titles and gives the dates, and every lesson is filed
// as its own plan through the same submission path (stored by hash, checked, confirmed, reviewed).
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../../src/core/documents/document-analysis.js';
import { extractText } from '../../../src/documents/extract-text.js';
import * as corpus from '../../support/plan-corpus.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../../support/chat-harness.js';

let h: ChatHarness;
let teacher: TelegramUser;
let colleague: TelegramUser;
let head: TelegramUser;

beforeAll(async () => {
  h = await startChatHarness();
  teacher = await h.linkedUser('THCS-TP-004', 931); // Phạm Minh Tuấn, Toán
  colleague = await h.linkedUser('THCS-TP-005', 932); // Hoàng Thị Lan, Toán
  head = await h.linkedUser('THCS-TP-003', 933); // Lê Thị Mai Anh, tổ trưởng (reviewer)
});
afterAll(async () => {
  await h?.stop();
});

/** A weekly bundle of three lessons; the first one says its own teaching date. */
function bundle(titles: string[]): corpus.Block[] {
  return titles.flatMap((title, i) => {
    const blocks = corpus.lessonPlan({ title, preparedDate: `0${i + 1}/12/2026` });
    if (i === 0) blocks.splice(blocks.findIndex((b) => typeof b === 'string' && b.startsWith('TÊN BÀI DẠY')) + 1, 0, 'Ngày dạy: 21/12/2026');
    return blocks;
  });
}

function entryOf(buffer: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return void zip.readEntry();
        zip.openReadStream(e, (er, s) => {
          if (er || !s) return reject(er);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not found`)));
      zip.readEntry();
    });
  });
}

async function storedBytes(sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await h.product.fileStore.open(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('splitting a several-lessons .docx in the chat', () => {
  const titles = ['Bài 4: Phân thức', 'Bài 5: Phép cộng phân thức', 'Bài 6: Phép nhân phân thức'];

  it('refused with the lessons named → split offered → titles confirmed → dates given → three plans filed, each one lesson', async () => {
    const seen = teacher.inbox().length;
    const seenHead = head.inbox().length;
    const source = await corpus.toDocx(bundle(titles));
    teacher.sendFile(source, 'KHBD tuan 15.docx', 'KHBD Toán 8');
    const question = await teacher.expectMessage(/❌ Tệp có 3 kế hoạch bài dạy/, seen);
    expect(question.body.text).toContain('(1) BÀI 4: PHÂN THỨC; (2) BÀI 5: PHÉP CỘNG PHÂN THỨC; (3) BÀI 6: PHÉP NHÂN PHÂN THỨC');
    expect(question.body.text).toContain('Trợ lý có thể tách tệp thành 3 giáo án');
    const offered = TelegramUser.buttonsOf(question);
    expect(offered.map((b) => b.text)).toEqual(['✂️ Tách thành 3 giáo án', 'Tệp này chỉ có một bài dạy', 'Tôi sẽ tách và gửi lại']);

    teacher.press(offered[0]!.callback_data);
    await teacher.expectMessage(/⏳ Đang tách tệp thành 3 giáo án/, seen);
    const titlesQuestion = await teacher.expectMessage(/✂️ Trợ lý đã tách tệp thành 3 giáo án/, seen);
    expect(titlesQuestion.body.text).toContain('1. Bài 4: Phân thức\n2. Bài 5: Phép cộng phân thức\n3. Bài 6: Phép nhân phân thức');
    expect(TelegramUser.buttonsOf(titlesQuestion).map((b) => b.text)).toEqual(['✅ Đúng', 'Huỷ']);
    // Nothing is filed before the teacher has confirmed.
    expect(await h.product.db.plan.count({ where: { title: { in: titles } } })).toBe(0);

    teacher.press(TelegramUser.buttonsOf(titlesQuestion)[0]!.callback_data);
    const datesQuestion = await teacher.expectMessage(/📅 Ngày dạy của từng bài/, seen);
    // The first lesson's own "Ngày dạy" is proposed; the others are not known.
    expect(datesQuestion.body.text).toContain('1. Bài 4: Phân thức — 21/12/2026');
    expect(datesQuestion.body.text).toContain('2. Bài 5: Phép cộng phân thức — chưa rõ ngày dạy');
    teacher.send('21/12\n23/12/2026');
    await teacher.expectMessage(/Cần 3 ngày dạy \(mỗi bài một dòng, theo thứ tự\), trợ lý đọc được 2/, seen);
    teacher.send('1. 21/12/2026\n2. 23/12/2026\n3. 28/12/2026');
    await teacher.expectMessage(/✂️ Đã nộp 3 giáo án tách từ tệp “KHBD tuan 15.docx”/, seen);

    const dates = ['2026-12-21', '2026-12-23', '2026-12-28'];
    for (const [i, title] of titles.entries()) {
      const confirmation = await teacher.expectMessage(new RegExp(`✅ Đã nhận hồ sơ[\\s\\S]*${title}`), seen);
      expect(confirmation.body.text).toContain(`✂️ Bài ${i + 1}/3 tách từ tệp “KHBD tuan 15.docx”.`);
      const review = await head.expectMessage(new RegExp(title), seenHead);
      expect(TelegramUser.buttonsOf(review).length).toBeGreaterThan(0);
      const plan = await h.product.db.plan.findFirstOrThrow({ where: { title }, include: { submissions: true } });
      expect(plan).toMatchObject({ kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, teachingDate: dates[i], state: 'SUBMITTED' });
      expect(plan.submissions).toHaveLength(1);
      const submission = plan.submissions[0]!;
      expect(submission.originalName).toBe(`KHBD tuan 15 - bài ${i + 1}.docx`);
      expect(JSON.parse(submission.checkReport!)).toMatchObject({ lessons: { verdict: 'ONE' }, splitFrom: { part: i + 1, of: 3, name: 'KHBD tuan 15.docx' } });
      // The stored file, opened again: exactly this lesson, its four activity tables whole.
      const bytes = await storedBytes(submission.fileSha256);
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      const text = await extractText(await h.product.fileStore.localPath(submission.fileSha256));
      if (text.status !== 'TEXT') throw new Error('part unreadable');
      expect(analyseText(text.format, text.paragraphs).lessons).toMatchObject({ verdict: 'ONE' });
      expect(text.paragraphs).toContain(`TÊN BÀI DẠY: ${title.toLocaleUpperCase('vi')}`);
      expect(text.paragraphs.filter((p) => p.startsWith('TÊN BÀI DẠY'))).toHaveLength(1);
      expect(text.paragraphs.filter((p) => p === 'Bước 4: Kết luận, nhận định')).toHaveLength(4);
      expect((await entryOf(bytes, 'word/document.xml')).match(/<w:tbl>/g)).toHaveLength(4);
    }
    const intake = await h.product.db.intake.findFirstOrThrow({ where: { originalName: 'KHBD tuan 15.docx' } });
    expect(intake.status).toBe('DONE');
    // The teacher's chat is free again.
    const seenAfter = teacher.inbox().length;
    teacher.send('/huy');
    await teacher.expectMessage(/Không có thao tác nào đang làm dở/, seenAfter);
  });

  it('cancel at the titles or at the dates files nothing and says what to do next', async () => {
    const cancelTitles = ['Bài 11: Đối xứng trục', 'Bài 12: Đối xứng tâm'];
    let seen = colleague.inbox().length;
    colleague.sendFile(await corpus.toDocx(corpus.severalLessons(cancelTitles)), 'doi xung.docx', 'KHBD Toán 8');
    await colleague.expectMessage(/❌ Tệp có 2 kế hoạch bài dạy/, seen);
    colleague.send('tách'); // typed, as on a channel without buttons
    const titlesQuestion = await colleague.expectMessage(/✂️ Trợ lý đã tách tệp thành 2 giáo án/, seen);
    colleague.press(TelegramUser.buttonsOf(titlesQuestion)[1]!.callback_data);
    const cancelled = await colleague.expectMessage(/Đã huỷ: chưa giáo án nào từ tệp “doi xung.docx” được nộp/, seen);
    expect(cancelled.body.text).toContain('tự tách tệp trong Word');

    seen = colleague.inbox().length;
    colleague.sendFile(await corpus.toDocx(corpus.severalLessons(cancelTitles)), 'doi xung 2.docx', 'KHBD Toán 8');
    const question = await colleague.expectMessage(/❌ Tệp có 2 kế hoạch bài dạy/, seen);
    colleague.press(TelegramUser.buttonsOf(question)[0]!.callback_data);
    const again = await colleague.expectMessage(/✂️ Trợ lý đã tách tệp thành 2 giáo án/, seen);
    // Titles retyped, one per line.
    colleague.send('Bài 11: Phép đối xứng trục\nBài 12: Phép đối xứng tâm');
    await colleague.expectMessage(/📅 Ngày dạy của từng bài:\n1\. Bài 11: Phép đối xứng trục/, seen);
    expect(again).toBeDefined();
    colleague.send('/huy');
    await colleague.expectMessage(/Đã huỷ: chưa giáo án nào từ tệp “doi xung 2.docx” được nộp/, seen);

    const owner = await h.staffByCode('THCS-TP-005');
    expect(await h.product.db.plan.count({ where: { ownerId: owner.id } })).toBe(0);
    expect(await h.product.db.intake.count({ where: { staffId: owner.id, status: 'CANCELLED' } })).toBe(2);
  });

  it('a PDF holding several lessons is not split, and the teacher is told why and what to do', async () => {
    const seen = colleague.inbox().length;
    colleague.sendFile(await corpus.toPdf(corpus.severalLessons(['Bài 13: Hình thoi', 'Bài 14: Hình vuông'])), 'hinh.pdf', 'KHBD Toán 8');
    const question = await colleague.expectMessage(/❌ Tệp có 2 kế hoạch bài dạy/, seen);
    expect(question.body.text).toContain('Tệp PDF không tách tự động được');
    expect(question.body.text).toContain('lưu mỗi bài thành một tệp (.docx)');
    expect(TelegramUser.buttonsOf(question).map((b) => b.text)).toEqual(['Tệp này chỉ có một bài dạy', 'Tôi sẽ tách và gửi lại']);
  });
});
