// The single-use web upload page: offered by the bot for files over 20 MB (and used by Zalo),
// fetched and posted like a browser would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, type ChatHarness, type TelegramUser } from '../support/chat-harness.js';

let h: ChatHarness;
let teacher: TelegramUser;
let reviewer: TelegramUser;
let base: string;

beforeAll(async () => {
  h = await startChatHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  teacher = await h.linkedUser('THCS-TP-004', 701);
  reviewer = await h.linkedUser('THCS-TP-003', 702);
});
afterAll(async () => {
  await h?.stop();
});

/** Sends a 25 MB document and returns the path of the link the bot offers. */
async function askForLink(): Promise<string> {
  const seen = teacher.inbox().length;
  teacher.sendDocument(h.server.bigDocument('KHBD lon.pdf', 25 * 1024 * 1024));
  const reply = await teacher.expectMessage(/vượt giới hạn 20 MB/, seen);
  const url = /(http\S+\/u\/[A-Za-z0-9_-]{43})/.exec(reply.body.text)?.[1];
  expect(url).toBeDefined();
  return new URL(url!).pathname;
}

function form(fields: Record<string, string>, file?: { name: string; content: string }): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (file) data.append('file', new Blob([file.content]), file.name);
  return data;
}

describe('web upload page', () => {
  it('a file over 20 MB gets a single-use link; the page asks the same questions and files the plan', async () => {
    const path = await askForLink();
    const pageHtml = await (await fetch(base + path)).text();
    expect(pageHtml).toContain('Nộp hồ sơ chuyên môn');
    expect(pageHtml).toContain('Phạm Minh Tuấn');
    expect(pageHtml).toContain('<option value="LESSON_PLAN">Kế hoạch bài dạy</option>');
    expect(pageHtml).not.toContain('Kế hoạch giáo dục của nhà trường');

    const seen = teacher.inbox().length;
    const res = await fetch(base + path, {
      method: 'POST',
      body: form({ kind: 'LESSON_PLAN', grade: '8', title: 'Bài 9: Hình thang cân', teachingDate: '2026-12-21' }, { name: 'KHBD bai 9.pdf', content: '%PDF-1.7 giả lập' }),
    });
    expect(res.status).toBe(200);
    const done = await res.text();
    expect(done).toMatch(/Đã nhận hồ sơ. Mã hồ sơ: [A-Z2-9]{6}/);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*Bài 9: Hình thang cân[\s\S]*21\/12\/2026/, seen);
    // The reviewer receives the file itself, uploaded from our store.
    const review = await reviewer.expectMessage(/Bài 9: Hình thang cân/);
    expect(review.method).toBe('sendDocument');
    expect(review.body.document_filename).toBe('KHBD bai 9.pdf');
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { title: 'Bài 9: Hình thang cân' }, include: { submissions: true } });
    expect(plan.submissions[0]).toMatchObject({ channel: 'WEB', originalName: 'KHBD bai 9.pdf', channelFileRef: null });

    const again = await fetch(base + path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('Mỗi liên kết chỉ dùng một lần');
  });

  it('a missing answer or a wrong file type is refused with the reason, and the link still works', async () => {
    const path = await askForLink();
    let res = await fetch(base + path, { method: 'POST', body: form({ kind: 'LESSON_PLAN', grade: '8', title: '', teachingDate: '2026-12-21' }, { name: 'a.docx', content: 'x' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Còn thiếu: Tên bài dạy hoặc chủ đề là gì?');
    res = await fetch(base + path, { method: 'POST', body: form({ kind: 'LESSON_PLAN', grade: '8', title: 'Bài 10', teachingDate: '2026-12-21' }, { name: 'virus.exe', content: 'MZ' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Không nhận tệp “.exe”');
    res = await fetch(base + path, { method: 'POST', body: form({ kind: 'SCHOOL_PLAN' }, { name: 'a.docx', content: 'x' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Vui lòng chọn loại hồ sơ');
    expect((await fetch(base + path)).status).toBe(200);
  });

  it('a forged or malformed token shows a Vietnamese page, never a stack trace', async () => {
    for (const bad of ['/u/' + 'A'.repeat(43), '/u/../../etc/passwd', '/u/%00']) {
      const res = await fetch(base + bad);
      expect([404, 410]).toContain(res.status);
      const text = await res.text();
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    }
    const res = await fetch(`${base}/u/${'B'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Liên kết tải tệp không đúng');
  });
});
