// "Tách thành từng giáo án" for Zalo, which hands the bot no files and shows no buttons: the
// upload page offers the split when it refuses a several-lessons .docx, and the questions go on
// in the Zalo chat with typed words ("dung", dates one per line).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, type ChatHarness } from '../../support/chat-harness.js';
import type { ZaloChatUser } from '../../support/zalo-api-server.js';
import { lessonPlan, severalLessons, toDocx } from '../../support/plan-corpus.js';

let h: ChatHarness;
let teacher: ZaloChatUser; // Phạm Minh Tuấn, Toán
let head: ZaloChatUser; // Lê Thị Mai Anh, tổ trưởng Toán – Tin

beforeAll(async () => {
  h = await startChatHarness({}, { zalo: 'webhook' });
  teacher = await h.linkedZaloUser('THCS-TP-004', 'zalo-split-tuan');
  head = await h.linkedZaloUser('THCS-TP-003', 'zalo-split-maianh');
});
afterAll(async () => {
  await h?.stop();
});

const textOf = (call: { body: Record<string, any> }) => String(call.body.text ?? '');

function uploadForm(fields: Record<string, string>, file: { name: string; content: Buffer }): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  return data;
}

async function uploadLink(): Promise<string> {
  const seen = teacher.inbox().length;
  await teacher.sendText('nop');
  return /(http\S+\/u\/\S+)/.exec(textOf(await teacher.expectMessage(/mở liên kết sau/, seen)))![1]!;
}

describe('splitting on Zalo', () => {
  const titles = ['Bài 1: Tập hợp', 'Bài 2: Cách ghi số tự nhiên', 'Bài 3: Thứ tự trong tập hợp'];
  const fields = { kind: 'LESSON_PLAN', subject: 'Toán', grade: '6', title: 'Tuần 1', teachingDate: '2026-12-21' };

  it('the page offers the split; the chat asks with typed words; three plans are filed', async () => {
    const content = await toDocx(severalLessons(titles, { grade: 6 }));
    const link = await uploadLink();
    const refused = await fetch(link, { method: 'POST', body: uploadForm(fields, { name: 'tuan 1.docx', content }) });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain('Để trợ lý tách thành 3 giáo án');
    expect(page).toContain('đánh dấu ô “Tách thành từng giáo án” rồi nộp lại: trợ lý sẽ hỏi tên bài và ngày dạy trong Zalo');

    const seen = teacher.inbox().length;
    const seenHead = head.inbox().length;
    // Splitting, the title field may stay empty: the titles come from the document.
    const split = await fetch(link, { method: 'POST', body: uploadForm({ ...fields, title: '', split: '1' }, { name: 'tuan 1.docx', content }) });
    const splitPage = await split.text();
    expect(split.status, splitPage).toBe(200);
    expect(splitPage).toContain('Trợ lý đã tách tệp thành 3 giáo án');
    expect(splitPage).toContain('Chưa giáo án nào được nộp cho đến khi thầy/cô xác nhận');

    const titlesQuestion = textOf(await teacher.expectMessage(/✂️ Trợ lý đã tách tệp thành 3 giáo án/, seen));
    expect(titlesQuestion).toContain('1. Bài 1: Tập hợp\n2. Bài 2: Cách ghi số tự nhiên\n3. Bài 3: Thứ tự trong tập hợp');
    // Channel-true: what to type, no buttons to press.
    expect(titlesQuestion).toContain('Gõ “dung” nếu đúng');
    expect(titlesQuestion).not.toMatch(/[Bb]ấm/);
    await teacher.sendText('đúng');
    const datesQuestion = textOf(await teacher.expectMessage(/📅 Ngày dạy của từng bài/, seen));
    expect(datesQuestion).not.toMatch(/[Bb]ấm/);
    await teacher.sendText('21/12\n22/12\n23/12');
    await teacher.expectMessage(/✂️ Đã nộp 3 giáo án tách từ tệp “tuan 1.docx”/, seen);
    for (const [i, title] of titles.entries()) {
      await teacher.expectMessage(new RegExp(`✅ Đã nhận hồ sơ[\\s\\S]*${title}`), seen);
      const review = textOf(await head.expectMessage(new RegExp(`${title}[\\s\\S]*Xem tệp và duyệt`), seenHead));
      expect(review).toContain(`✂️ Bài ${i + 1}/3 tách từ tệp “tuan 1.docx”.`);
      const plan = await h.product.db.plan.findFirstOrThrow({ where: { title }, include: { submissions: true } });
      expect(plan).toMatchObject({ grade: 6, teachingDate: `2026-12-${21 + i}` });
      expect(plan.submissions[0]!.originalName).toBe(`tuan 1 - bài ${i + 1}.docx`);
    }
    // The link was spent by the split.
    expect((await fetch(link)).status).toBe(410);
  });

  it('a single lesson with the split box ticked and no title is asked for its title, not filed untitled', async () => {
    const link = await uploadLink();
    const content = await toDocx(lessonPlan({ title: 'Bài 7: Số nguyên tố', grade: 6 }));
    const res = await fetch(link, { method: 'POST', body: uploadForm({ ...fields, title: '', split: '1' }, { name: 'mot bai.docx', content }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('không cần tách: vui lòng nhập tên bài dạy');
    expect((await fetch(link)).status).toBe(200);
  });

  it('"huy" in the chat while splitting files nothing and says how to go on', async () => {
    const link = await uploadLink();
    const seen = teacher.inbox().length;
    const content = await toDocx(severalLessons(['Bài 4: Phép cộng và phép trừ', 'Bài 5: Phép nhân và phép chia'], { grade: 6 }));
    const split = await fetch(link, { method: 'POST', body: uploadForm({ ...fields, split: '1' }, { name: 'tuan 2.docx', content }) });
    expect(split.status).toBe(200);
    await teacher.expectMessage(/✂️ Trợ lý đã tách tệp thành 2 giáo án/, seen);
    await teacher.sendText('huy');
    const cancelled = textOf(await teacher.expectMessage(/Đã huỷ: chưa giáo án nào từ tệp “tuan 2.docx” được nộp/, seen));
    expect(cancelled).toContain('gõ “nop”');
    expect(await h.product.db.plan.count({ where: { title: { startsWith: 'Bài 4: Phép cộng' } } })).toBe(0);
  });
});
