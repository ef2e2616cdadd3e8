// The review page behind a signed link (what Zalo reviewers get instead of buttons): the whole
// product runs; a teacher submits real .docx files through the Telegram bot, and the page is
// fetched and posted like a phone browser would. Every refusal is checked against the database.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as corpus from '../support/plan-corpus.js';
import { startChatHarness, TelegramUser, type ChatHarness } from '../support/chat-harness.js';

let h: ChatHarness;
let teacher: TelegramUser; // Phạm Minh Tuấn, Toán, THCS Trần Phú
let base: string;
const ids = {} as Record<'teacher' | 'groupHead' | 'vicePrincipal' | 'otherSchoolHead', number>;

beforeAll(async () => {
  h = await startChatHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  teacher = await h.linkedUser('THCS-TP-004', 1101);
  ids.teacher = (await h.staffByCode('THCS-TP-004')).id;
  ids.groupHead = (await h.staffByCode('THCS-TP-003')).id; // Lê Thị Mai Anh, tổ trưởng Toán – Tin: the reviewer
  ids.vicePrincipal = (await h.staffByCode('THCS-TP-002')).id; // sees every plan of the school, decides none of these
  ids.otherSchoolHead = (await h.staffByCode('THCS-NQ-003')).id; // tổ trưởng Toán at THCS Ngô Quyền
});
afterAll(async () => {
  await h?.stop();
});

interface Submitted {
  planId: number;
  submissionId: number;
  refCode: string;
  content: Buffer;
}

/** The teacher sends a real lesson plan with a full caption; returns what was recorded. */
async function submit(title: string, date: string, fileName = 'KHBD Toán 8.docx'): Promise<Submitted> {
  const seen = teacher.inbox().length;
  const content = await corpus.toDocx(corpus.lessonPlan({ title, subject: 'Toán', grade: 8 }));
  teacher.sendFile(content, fileName, `KHBD Toán 8 - ${title} - ${date}`);
  const reply = await teacher.expectMessage(/✅ Đã nhận hồ sơ|Tệp này là bản sửa của hồ sơ nào\?/, seen);
  // Once a plan of this teacher was returned, the bot first asks whether a file is its new version.
  const fresh = TelegramUser.buttonsOf(reply).find((b) => b.text === 'Không, đây là hồ sơ mới');
  if (fresh) teacher.press(fresh.callback_data);
  await teacher.expectMessage(/✅ Đã nhận hồ sơ/, seen);
  const plan = await h.product.db.plan.findFirstOrThrow({ where: { title }, include: { submissions: true } });
  return { planId: plan.id, submissionId: plan.submissions[0]!.id, refCode: plan.refCode, content };
}

/** The path of a link as the product signs it (PUBLIC_URL is not where the test server listens). */
function linkFor(submissionId: number, staffId: number, now?: Date): string {
  return new URL(h.product.reviewLinks.url(submissionId, staffId, now)).pathname;
}

/** A form post from the page itself: a browser sends its own origin. */
function post(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(base + path, { method: 'POST', headers: { Origin: base }, body: new URLSearchParams(fields) });
}

async function planState(planId: number) {
  return h.product.db.plan.findUniqueOrThrow({ where: { id: planId }, include: { decisions: true } });
}

describe('review page', () => {
  it('shows the reviewer the plan’s facts, the checker’s findings and the two decisions', async () => {
    const plan = await submit('Bài 5: Phân thức', '14/12/2026');
    const path = linkFor(plan.submissionId, ids.groupHead);
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('same-origin'); // not no-referrer: browsers would post the forms with `Origin: null`
    const body = await res.text();
    for (const text of [
      `Duyệt hồ sơ ${plan.refCode}`, 'Liên kết dành cho <strong>Lê Thị Mai Anh</strong>',
      '<dt>Loại hồ sơ</dt><dd>Kế hoạch bài dạy</dd>', '<dd>Trường THCS Trần Phú</dd>', '<dd>Tổ Toán – Tin</dd>',
      '<dt>Người nộp</dt><dd>Phạm Minh Tuấn</dd>', '<dt>Môn học</dt><dd>Toán</dd>', '<dt>Lớp</dt><dd>8</dd>',
      '<dd>Bài 5: Phân thức</dd>', '<dt>Ngày dạy</dt><dd>14/12/2026</dd>', 'Lần nộp thứ 1', 'Chờ duyệt',
      // The checker's findings for this version, as the records page writes them.
      '✓ Đọc được nội dung (Word (.docx)).', 'Có đủ các phần theo mẫu.',
      `<a href="${path}/file" download>KHBD Toán 8.docx</a>`,
      `<form method="post" action="${path}">`, '<input type="hidden" name="action" value="approve">', '✅ Duyệt</button>',
      '<textarea id="reason" name="reason" rows="4" required minlength="5" maxlength="1000"', '↩️ Trả lại</button>',
    ]) {
      expect(body).toContain(text);
    }
    const year = await h.product.db.plan.findUniqueOrThrow({ where: { id: plan.planId }, include: { schoolYear: true } });
    expect(body).toContain(`<dt>Năm học</dt><dd>${year.schoolYear.name}</dd>`);
  });

  it('the file downloads byte for byte as submitted, as an attachment, and the download is audited', async () => {
    const plan = await submit('Bài 6: Nhân phân thức', '15/12/2026', 'KHBD Bài 6.docx');
    const path = `${linkFor(plan.submissionId, ids.groupHead)}/file`;
    const audits = () => h.product.db.auditLog.findMany({ where: { action: 'plan.download', entityId: String(plan.submissionId) } });

    const head = await fetch(base + path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(plan.content.length));
    expect(await audits()).toHaveLength(0); // asking about the file is not taking it

    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(plan.content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="KHBD Bai 6.docx"; filename*=UTF-8''KHBD%20B%C3%A0i%206.docx`);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const [entry] = await audits();
    expect(entry).toMatchObject({ actor: `staff:${ids.groupHead}`, entityType: 'Submission' });
    expect(JSON.parse(entry!.details)).toMatchObject({ planId: plan.planId, version: 1, via: 'review-link' });
  });

  it('a file gone from the store answers 410 with the plan’s code', async () => {
    const plan = await submit('Bài 12: Hình chóp', '16/12/2026');
    const submission = await h.product.db.submission.findUniqueOrThrow({ where: { id: plan.submissionId } });
    await fs.rm(await h.product.fileStore.localPath(submission.fileSha256));
    const res = await fetch(`${base}${linkFor(plan.submissionId, ids.groupHead)}/file`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain(`không còn trong kho lưu trữ`);
    expect(await h.product.db.auditLog.count({ where: { action: 'plan.download', entityId: String(plan.submissionId) } })).toBe(0);
  });

  it('approving records the decision, tells the teacher, and a second post changes nothing', async () => {
    const plan = await submit('Bài 7: Phép chia phân thức', '17/12/2026');
    const path = linkFor(plan.submissionId, ids.groupHead);
    const seen = teacher.inbox().length;
    // A form posted from another site is refused before anything is read (checkOrigin).
    const crossSite = await fetch(base + path, { method: 'POST', headers: { Origin: 'https://evil.example' }, body: new URLSearchParams({ action: 'approve' }) });
    expect(crossSite.status).toBe(403);
    expect((await planState(plan.planId)).state).toBe('SUBMITTED');

    const res = await post(path, { action: 'approve' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`✅ Đã duyệt hồ sơ ${plan.refCode}. Giáo viên đã được báo.`);
    const after = await planState(plan.planId);
    expect(after.state).toBe('APPROVED');
    expect(after.decisions.map((d) => [d.action, d.deciderId, d.submissionId])).toEqual([['APPROVE', ids.groupHead, plan.submissionId]]);
    await teacher.expectMessage(/Bài 7: Phép chia phân thức[\s\S]*✅ Đã duyệt bởi Lê Thị Mai Anh/, seen);

    const again = await post(path, { action: 'return', reason: 'Đổi ý, trả lại' });
    expect(again.status).toBe(409);
    const page = await again.text();
    expect(page).toContain(`Hồ sơ ${plan.refCode} đã được Lê Thị Mai Anh duyệt trước đó.`);
    expect(page).not.toContain('<form');
    const unchanged = await planState(plan.planId);
    expect(unchanged.state).toBe('APPROVED');
    expect(unchanged.decisions).toHaveLength(1);

    // Opened later, the page says who decided instead of offering the forms.
    const view = await (await fetch(base + path)).text();
    expect(view).toMatch(/✅ Lần nộp này đã được Lê Thị Mai Anh duyệt lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\./);
    expect(view).not.toContain('<form');
  });

  it('two posts at once: one decision, and the loser is told who decided', async () => {
    const plan = await submit('Bài 15: Tam giác đồng dạng', '28/12/2026');
    const path = linkFor(plan.submissionId, ids.groupHead);
    const answers = await Promise.all([post(path, { action: 'approve' }), post(path, { action: 'return', reason: 'Thiếu phần Vận dụng' })]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    const lost = await answers.find((r) => r.status === 409)!.text();
    expect(lost).toMatch(new RegExp(`Hồ sơ ${plan.refCode} đã được Lê Thị Mai Anh (duyệt|trả lại) trước đó\\.`));
    expect(lost).toMatch(/Lần nộp này đã được Lê Thị Mai Anh (duyệt|trả lại) lúc/);
    expect(lost).not.toContain('<form');
    expect((await planState(plan.planId)).decisions).toHaveLength(1);
  });

  it('a return needs a reason; with one, the plan is returned with that reason', async () => {
    const plan = await submit('Bài 8: Biến đổi biểu thức', '18/12/2026');
    const path = linkFor(plan.submissionId, ids.groupHead);
    const empty = await post(path, { action: 'return', reason: '  ' });
    expect(empty.status).toBe(400);
    const page = await empty.text();
    expect(page).toContain('Vui lòng ghi rõ lý do trả lại (ít nhất 5 ký tự).');
    expect(page).toContain('<textarea id="reason"'); // the form is still there to fill in
    let now = await planState(plan.planId);
    expect(now.state).toBe('SUBMITTED');
    expect(now.decisions).toHaveLength(0);

    const tooLong = await post(path, { action: 'return', reason: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Lý do trả lại dài quá 1000 ký tự.');
    const unknown = await post(path, { action: 'delete' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Thao tác không hợp lệ.');
    expect((await planState(plan.planId)).decisions).toHaveLength(0);

    const seen = teacher.inbox().length;
    const res = await post(path, { action: 'return', reason: 'Thiếu hoạt động Vận dụng' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`↩️ Đã trả lại hồ sơ ${plan.refCode}.`);
    now = await planState(plan.planId);
    expect(now.state).toBe('RETURNED');
    expect(now.decisions.map((d) => [d.action, d.reason, d.deciderId])).toEqual([['RETURN', 'Thiếu hoạt động Vận dụng', ids.groupHead]]);
    await teacher.expectMessage(/↩️ Đã trả lại bởi Lê Thị Mai Anh[\s\S]*Lý do: Thiếu hoạt động Vận dụng/, seen);
  });

  it('someone who may see but not decide gets no forms, and a post is refused', async () => {
    const plan = await submit('Bài 9: Phương trình bậc nhất', '19/12/2026');
    for (const staffId of [ids.teacher, ids.vicePrincipal]) {
      const path = linkFor(plan.submissionId, staffId);
      const view = await fetch(base + path);
      expect(view.status).toBe(200);
      const body = await view.text();
      expect(body).toContain('<dd>Bài 9: Phương trình bậc nhất</dd>');
      expect(body).toContain('Thầy/cô xem được hồ sơ này nhưng không có quyền duyệt.');
      expect(body).not.toContain('<form');
      const res = await post(path, { action: 'approve' });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Thầy/cô không có quyền duyệt hồ sơ này.');
    }
    const after = await planState(plan.planId);
    expect(after.state).toBe('SUBMITTED');
    expect(after.decisions).toHaveLength(0);
  });

  it('someone who cannot see the plan, a forged link and an expired link open nothing', async () => {
    const plan = await submit('Bài 10: Giải bài toán bằng cách lập phương trình', '21/12/2026');
    const foreign = linkFor(plan.submissionId, ids.otherSchoolHead);
    const genuine = linkFor(plan.submissionId, ids.groupHead);
    const [, sub, staff, expires, mac] = /^\/r\/([0-9a-z]+)-([0-9a-z]+)-([0-9a-z]+)-(.{22})$/.exec(genuine)!;
    const otherChar = mac!.at(-1) === 'A' ? 'B' : 'A';
    const forgedMac = `/r/${sub}-${staff}-${expires}-${mac!.slice(0, -1)}${otherChar}`;
    const otherPlan = `/r/${(plan.submissionId - 1).toString(36)}-${staff}-${expires}-${mac}`;
    const expired = linkFor(plan.submissionId, ids.groupHead, new Date(Date.now() - 10 * 24 * 3600 * 1000));

    const foreignPage = await fetch(base + foreign);
    expect(foreignPage.status).toBe(404);
    const foreignBody = await foreignPage.text();
    expect(foreignBody).toContain('Không tìm thấy, hoặc bạn không có quyền xem mục này.');
    expect(foreignBody).not.toContain('Phương trình');
    expect((await fetch(`${base}${foreign}/file`)).status).toBe(404);
    expect((await post(foreign, { action: 'approve' })).status).toBe(404);

    for (const path of [forgedMac, otherPlan]) {
      const res = await fetch(base + path);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain('Liên kết duyệt hồ sơ không đúng.');
      expect(body).not.toContain(plan.refCode);
      expect((await fetch(`${base}${path}/file`)).status).toBe(404);
      expect((await post(path, { action: 'approve' })).status).toBe(404);
    }

    const old = await fetch(base + expired);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('Liên kết duyệt hồ sơ này đã hết hạn.');
    const oldPost = await post(expired, { action: 'approve' });
    expect(oldPost.status).toBe(410);

    const after = await planState(plan.planId);
    expect(after.state).toBe('SUBMITTED');
    expect(after.decisions).toHaveLength(0);
    // The genuine link still works: the refusals above were about the links, not the plan.
    expect(await (await fetch(base + genuine)).text()).toContain('<input type="hidden" name="action" value="approve">');
  });

  it('a deactivated reviewer’s link is refused', async () => {
    const plan = await submit('Bài 13: Hình lăng trụ', '22/12/2026');
    const path = linkFor(plan.submissionId, ids.vicePrincipal);
    expect((await fetch(base + path)).status).toBe(200);
    await h.product.db.staff.update({ where: { id: ids.vicePrincipal }, data: { active: false } });
    try {
      const res = await fetch(base + path);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('không còn hoạt động');
    } finally {
      await h.product.db.staff.update({ where: { id: ids.vicePrincipal }, data: { active: true } });
    }
  });

  it('a link to version 1 after version 2 was submitted explains it and decides nothing', async () => {
    const title = 'Bài 11: Căn bậc hai';
    const plan = await submit(title, '23/12/2026');
    const v1 = linkFor(plan.submissionId, ids.groupHead);
    expect((await post(v1, { action: 'return', reason: 'Thiếu phần Luyện tập' })).status).toBe(200);

    const seen = teacher.inbox().length;
    teacher.sendFile(await corpus.toDocx(corpus.lessonPlan({ title, subject: 'Toán', grade: 9 })), 'KHBD sua.docx');
    const question = await teacher.expectMessage(/Tệp này là bản sửa của hồ sơ nào\?/, seen);
    const again = TelegramUser.buttonsOf(question).find((b) => b.text.startsWith(`↩️ Nộp lại: ${title}`));
    teacher.press(again!.callback_data);
    await teacher.expectMessage(/✅ Đã nhận hồ sơ[\s\S]*lần nộp thứ 2/, seen);

    const body = await (await fetch(base + v1)).text();
    expect(body).toContain('Hồ sơ đã có lần nộp mới (lần 2); vui lòng mở liên kết trong tin nhắn mới nhất.');
    expect(body).toContain('Lý do: Thiếu phần Luyện tập');
    expect(body).toContain('<dt>Trạng thái hồ sơ</dt><dd><span class="badge SUBMITTED">Chờ duyệt</span> (lần nộp 2)</dd>');
    expect(body).not.toContain('<form');
    const res = await post(v1, { action: 'approve' });
    expect(res.status).toBe(409);
    const after = await planState(plan.planId);
    expect(after).toMatchObject({ state: 'SUBMITTED', currentVersion: 2 });
    expect(after.decisions).toHaveLength(1);

    const v2 = await h.product.db.submission.findUniqueOrThrow({ where: { planId_version: { planId: plan.planId, version: 2 } } });
    const current = await (await fetch(base + linkFor(v2.id, ids.groupHead))).text();
    expect(current).toContain('Lần nộp thứ 2');
    expect(current).toContain('✅ Duyệt</button>');
  });

  it('a school plan is approved as the School Council’s decision, recorded by the principal', async () => {
    const principal = await h.linkedUser('THCS-TP-001', 1102);
    const seen = principal.inbox().length;
    principal.sendFile(await corpus.toDocx(corpus.schoolPlan()), 'KHGD nha truong.docx', 'KHGD nhà trường');
    await principal.expectMessage(/✅ Đã nhận hồ sơ/, seen);
    const plan = await h.product.db.plan.findFirstOrThrow({ where: { kind: 'SCHOOL_PLAN' }, include: { submissions: true } });
    const path = linkFor(plan.submissions[0]!.id, plan.ownerId);
    const body = await (await fetch(base + path)).text();
    expect(body).toContain('<dd>Kế hoạch giáo dục của nhà trường</dd>');
    expect(body).toContain('✅ Hội đồng trường đã thông qua</button>');
    expect(body).not.toContain('✅ Duyệt</button>');
    const res = await post(path, { action: 'approve' });
    expect(await res.text()).toContain(`✅ Đã ghi nhận Hội đồng trường thông qua hồ sơ ${plan.refCode}.`);
    const after = await h.product.db.plan.findUniqueOrThrow({ where: { id: plan.id }, include: { decisions: true, reports: true } });
    expect(after.state).toBe('APPROVED');
    expect(after.decisions.map((d) => d.basis)).toEqual(['SCHOOL_COUNCIL']);
    expect(after.reports).toHaveLength(1);
    expect(await (await fetch(base + path)).text()).toContain('✅ Hội đồng trường đã thông qua lần nộp này (ghi nhận bởi Nguyễn Thị Thu Hà lúc');
  });

  it('markup in a teacher’s title is shown as text', async () => {
    const title = 'Bài 14: <img src=x onerror=alert(1)> & "Đa giác"';
    const plan = await submit(title, '24/12/2026');
    expect((await planState(plan.planId)).title).toBe(title);
    const body = await (await fetch(base + linkFor(plan.submissionId, ids.groupHead))).text();
    expect(body).toContain('<dd>Bài 14: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Đa giác&quot;</dd>');
    expect(body).not.toContain('<img');
  });
});
