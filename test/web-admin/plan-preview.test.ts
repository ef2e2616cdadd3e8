// "Xem nhanh" (issue 18, item 6) over real HTTP: real .docx and .pdf files handed in through the
// real use case and stored in the real store, read on the admin's plan page and through the
// signed review link, under the same scope as the download (R10), under a strict CSP; and what
// changed since a returned version, next to the reason it was returned for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidePlan } from '../../src/use-cases/decide-plan.js';
import { submitPlan } from '../../src/use-cases/submit-plan.js';
import * as corpus from '../support/plan-corpus.js';
import { HOSTILE_TEXT, hostileDocx, returnedAndResubmitted } from '../support/preview-fixtures.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let base: string;
const clients = {} as Record<'groupHead' | 'teacher' | 'otherSchool' | 'hotline', WebClient>;
const plans = {} as Record<'hostile' | 'pdf' | 'resubmitted' | 'missing', { planId: number; submissionId: number; refCode: string }>;
const RETURN_REASON = 'Chưa có hoạt động Luyện tập; cô thêm bài tập luyện tập rồi nộp lại.';
let pdfBytes: Buffer;

async function handIn(code: string, title: string, bytes: Buffer | null, name: string) {
  const staff = await h.product.db.staff.findUniqueOrThrow({ where: { code }, include: { roles: true } });
  const role = staff.roles.find((r) => r.role === 'TEACHER')!;
  const file = bytes ? await h.product.fileStore.put(bytes) : { sha256: 'e'.repeat(64), size: 1234 };
  return submitPlan(h.product.db, {
    staffId: staff.id, channel: 'TELEGRAM', file: { sha256: file.sha256, size: file.size, originalName: name },
    details: { kind: 'LESSON_PLAN', groupId: role.groupId, subgroupId: role.subgroupId, subject: 'Toán', grade: 8, title, teachingDate: '2027-01-12' },
  });
}

beforeAll(async () => {
  h = await startWebHarness();
  base = h.baseUrl;
  plans.hostile = await handIn('THCS-TP-004', 'Bài 6: Tam giác đồng dạng', await hostileDocx(), 'KHBD Toán 8 <b>Bài 6.docx');
  pdfBytes = await corpus.toPdf(corpus.lessonPlan({ title: 'Bài 1: Tập hợp' }));
  plans.pdf = await handIn('THCS-TP-004', 'Bài 1: Tập hợp', pdfBytes, 'KHBD Bài 1.docx'); // a PDF under a .docx name
  const { v1, v2 } = await returnedAndResubmitted('Bài 4: Giải hệ phương trình');
  const first = await handIn('THCS-TP-004', 'Bài 4: Giải hệ phương trình', v1, 'KHBD Bài 4.docx');
  const groupHead = await h.staffByCode('THCS-TP-003');
  await decidePlan(h.product.db, { deciderId: groupHead.id, submissionId: first.submissionId, action: 'RETURN', reason: RETURN_REASON });
  plans.resubmitted = await handIn('THCS-TP-004', 'Bài 4: Giải hệ phương trình', v2, 'KHBD Bài 4 (sửa).docx');
  plans.missing = await handIn('THCS-TP-004', 'Bài 9: Tệp thất lạc', null, 'mat.docx');
  for (const [name, code] of [['groupHead', 'THCS-TP-003'], ['teacher', 'THCS-TP-004'], ['otherSchool', 'THCS-NQ-003'], ['hotline', 'SGD-HL1']] as const) {
    clients[name] = new WebClient(base);
    await clients[name].signIn(await giveWebAccount(h.product.db, code));
  }
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const STRICT_CSP = /^default-src 'none'; img-src 'self' data:; style-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/;

/** The document part of a preview page (between its heading and the end of main). */
function documentPart(page: string): string {
  const start = page.indexOf('<div class="doc-body');
  expect(start, 'the page has a document').toBeGreaterThan(0);
  return page.slice(start, page.indexOf('</main>'));
}

function expectNoActiveContent(page: string): void {
  expect(page).not.toMatch(/<script|<iframe|<object|<embed/i);
  for (const [tag] of page.matchAll(/<[^>]+>/g)) expect(tag).not.toMatch(/\son\w+\s*=|javascript:/i);
  expect(page).not.toMatch(/evil\.example/i);
}

describe('the admin plan page', () => {
  it('offers "Xem nhanh" for each version and, for a resubmission, what changed since the returned one', async () => {
    const page = await clients.groupHead.get(`/plans/${plans.resubmitted.planId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<a class="button" href="/plans/${plans.resubmitted.planId}/versions/2/preview">Xem nhanh lần nộp 2</a>`);
    expect(page.text).toContain(`<a class="button" href="/plans/${plans.resubmitted.planId}/versions/1/preview">Xem nhanh lần nộp 1</a>`);
    expect(page.text).toContain(`href="/plans/${plans.resubmitted.planId}/versions/2/preview#changes">Đã sửa gì so với lần nộp 1 (bị trả lại)</a>`);
  });

  it('a hostile .docx is shown with its text and table, inert, under the strict CSP, and the read is audited', async () => {
    const res = await clients.groupHead.get(`/plans/${plans.hostile.planId}/versions/1/preview`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(STRICT_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.text).toContain('Xem nhanh: KHBD Toán 8 &lt;b&gt;Bài 6.docx');
    expect(res.text).toContain(`<a class="button secondary" href="/plans/${plans.hostile.planId}/versions/1/file" download>Tải tệp về</a>`);
    const doc = documentPart(res.text);
    expect(doc).toContain(HOSTILE_TEXT.heading);
    expect(doc).toContain('&lt;script&gt;alert("xss")&lt;/script&gt; Mục tiêu của bài');
    expect(doc).toContain('<table class="doc-table">');
    expect(doc).toContain(HOSTILE_TEXT.cellProduct);
    expect(doc).toMatch(/<img src="data:image\/png;base64,/);
    expect(res.text).toContain('1 hình ảnh không hiển thị trong bản xem nhanh');
    expectNoActiveContent(res.text);
    // The page's own style block is the one the CSP's hash allows.
    const hash = /'(sha256-[^']+)'/.exec(res.headers.get('content-security-policy')!)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1]!;
    const { createHash } = await import('node:crypto');
    expect(`sha256-${createHash('sha256').update(style).digest('base64')}`).toBe(hash);
    const audited = await h.product.db.auditLog.findFirst({ where: { action: 'plan.preview', entityId: String(plans.hostile.submissionId) }, orderBy: { id: 'desc' } });
    expect(audited?.actor).toBe('web:thcs-tp-003');
  });

  it('a PDF is shown by the browser: inline, typed as PDF from its content, nosniff, never framed', async () => {
    const page = await clients.teacher.get(`/plans/${plans.pdf.planId}/versions/1/preview`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<a class="button" href="/plans/${plans.pdf.planId}/versions/1/preview/pdf">Mở tệp PDF trong trình duyệt</a>`);
    expect(page.text).toContain('Tiến trình dạy học'); // its text, for phones
    const res = await fetch(`${base}/plans/${plans.pdf.planId}/versions/1/preview/pdf`, { headers: { cookie: cookieOf(clients.teacher) } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="KHBD Bai 1.docx"; filename\*=UTF-8''KHBD%20B%C3%A0i%201.docx$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes)).toBe(true);
    // A Word file is never sent inline: its PDF address does not exist, and says what to use.
    const docx = await clients.teacher.get(`/plans/${plans.hostile.planId}/versions/1/preview/pdf`);
    expect(docx.status).toBe(404);
    expect(docx.text).toContain('Lần nộp này không phải tệp PDF');
  });

  it('a viewer outside the plan\'s scope gets 404 for the preview and the PDF, as for the download; signed out, the sign-in page', async () => {
    for (const path of [`/plans/${plans.pdf.planId}/versions/1/preview`, `/plans/${plans.pdf.planId}/versions/1/preview/pdf`, `/plans/${plans.pdf.planId}/versions/1/file`]) {
      const res = await clients.otherSchool.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain(plans.pdf.refCode);
      expect(res.text).not.toContain('Tiến trình');
    }
    for (const path of [`/plans/${plans.pdf.planId}/versions/9/preview`, `/plans/${plans.pdf.planId}/versions/x/preview`, '/plans/99999/versions/1/preview']) {
      expect((await clients.hotline.get(path)).status, path).toBe(404);
    }
    const anonymous = await new WebClient(base).get(`/plans/${plans.pdf.planId}/versions/1/preview`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/login\?next=/);
    expect(await h.product.db.auditLog.count({ where: { action: 'plan.preview', actor: 'web:thcs-nq-003' } })).toBe(0);
  });

  it('a stored file gone missing is said plainly (410), with whom to tell', async () => {
    const res = await clients.hotline.get(`/plans/${plans.missing.planId}/versions/1/preview`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('không còn trong kho lưu trữ');
    expect(res.text).toContain(plans.missing.refCode);
  });

  it('a resubmission shows the return reason and the changes: the practice activity added, the edited objective, marked with <ins>/<del> and words', async () => {
    const res = await clients.groupHead.get(`/plans/${plans.resubmitted.planId}/versions/2/preview`);
    expect(res.status).toBe(200);
    const changes = res.text.slice(res.text.indexOf('<section class="card" id="changes"'), res.text.indexOf('<div class="doc-body'));
    expect(changes).toContain('Những gì đã sửa so với lần nộp thứ 1 (bị trả lại)');
    expect(changes).toContain(`<strong>Lý do trả lại:</strong> ${RETURN_REASON}`);
    expect(changes).toContain('Lê Thị Mai Anh');
    expect(changes).toMatch(/So với lần nộp thứ 1: thêm \d+ đoạn, sửa 1 đoạn\./);
    expect(changes).toContain('<li class="added"><span class="tag">Thêm:</span><ins>3. Hoạt động 3: Luyện tập</ins></li>');
    expect(changes).toMatch(/<li class="edited"><span class="tag">Sửa:<\/span>- Năng lực tư duy[^<]*<ins><span class="sr-only">\[thêm: <\/span>[^<]*Học sinh tự đánh giá bài làm của bạn\.<span class="sr-only">\]<\/span><\/ins>/);
    expect(changes).toMatch(/<li class="skipped">… \d+ đoạn không đổi …<\/li>/);
    // The first version has nothing before it.
    const first = await clients.groupHead.get(`/plans/${plans.resubmitted.planId}/versions/1/preview`);
    expect(first.text).not.toContain('id="changes"');
  });
});

function cookieOf(client: WebClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('the signed review page', () => {
  const linkFor = (submissionId: number, staffId: number) => new URL(h.product.reviewLinks.url(submissionId, staffId)).pathname;

  it('links to "Xem nhanh" and shows what changed next to the return reason', async () => {
    const groupHead = await h.staffByCode('THCS-TP-003');
    const path = linkFor(plans.resubmitted.submissionId, groupHead.id);
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(`<a class="button" href="${path}/preview">Xem nhanh nội dung (không cần tải về)</a>`);
    expect(body).toContain(`<strong>Lý do trả lại:</strong> ${RETURN_REASON}`);
    expect(body).toContain('<ins>3. Hoạt động 3: Luyện tập</ins>');
    // The changes come before the decision forms.
    expect(body.indexOf('id="changes"')).toBeLessThan(body.indexOf('<h2>Quyết định</h2>'));
  });

  it('its preview works with the token, under the strict CSP, and is audited for the reviewer', async () => {
    const groupHead = await h.staffByCode('THCS-TP-003');
    const path = linkFor(plans.hostile.submissionId, groupHead.id);
    const res = await fetch(`${base}${path}/preview`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(STRICT_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.text();
    expect(documentPart(body)).toContain(HOSTILE_TEXT.cellProduct);
    expectNoActiveContent(body);
    expect(body).toContain(`<a class="button" href="${path}">Duyệt hoặc trả lại hồ sơ này</a>`);
    expect(body).toContain(`href="${path}/file" download>Tải tệp về</a>`);
    const audited = await h.product.db.auditLog.findFirst({ where: { action: 'plan.preview', actor: `staff:${groupHead.id}` }, orderBy: { id: 'desc' } });
    expect(JSON.parse(audited!.details)).toMatchObject({ planId: plans.hostile.planId, via: 'review-link' });
    // A HEAD asks without reading: not audited.
    const count = await h.product.db.auditLog.count({ where: { action: 'plan.preview' } });
    expect((await fetch(`${base}${path}/preview`, { method: 'HEAD' })).status).toBe(200);
    expect(await h.product.db.auditLog.count({ where: { action: 'plan.preview' } })).toBe(count);

    const pdfPath = linkFor(plans.pdf.submissionId, groupHead.id);
    const pdf = await fetch(`${base}${pdfPath}/preview/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a tampered token opens nothing; a link signed for someone outside the plan\'s scope neither', async () => {
    const groupHead = await h.staffByCode('THCS-TP-003');
    const path = linkFor(plans.hostile.submissionId, groupHead.id);
    const last = path.at(-1) === 'A' ? 'B' : 'A';
    const tampered = path.slice(0, -1) + last;
    // Another submission's id under the same signature.
    const swapped = path.replace(/^\/r\/[0-9a-z]+-/, `/r/${plans.pdf.submissionId.toString(36)}-`);
    for (const p of [tampered, swapped]) {
      for (const suffix of ['/preview', '/preview/pdf']) {
        const res = await fetch(base + p + suffix);
        expect(res.status, p + suffix).toBe(404);
        const body = await res.text();
        expect(body).toContain('Liên kết duyệt hồ sơ không đúng');
        expect(body).not.toContain(HOSTILE_TEXT.cell);
      }
    }
    const outsider = await h.staffByCode('THCS-NQ-003');
    const theirs = linkFor(plans.hostile.submissionId, outsider.id);
    for (const suffix of ['/preview', '/preview/pdf']) {
      const res = await fetch(base + theirs + suffix);
      expect(res.status, suffix).toBe(404);
      expect(await res.text()).not.toContain(HOSTILE_TEXT.cell);
    }
  });
});
