// The audit log and the queue view, through real HTTP on the web harness: only the hotline team
// may use them; the log names people and pages through large tables without repeats; the queue
// view still shows the outbox when Redis is away. What needs the chat and BullMQ (the queues'
// counts, the contested-lessons count, the retry button's delivery by the real relay) is in
// pages-in-chat.test.ts.
import net from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { vnDateOf, addDays } from '../../src/core/calendar.js';
import { audit } from '../../src/db/audit.js';
import { runLinkCode } from '../../src/cli/link-code-command.js';
import { createLogger } from '../../src/infra/logger.js';
import { JobSystem } from '../../src/jobs/job-system.js';
import { linkByPhone } from '../../src/use-cases/link-chat.js';
import { createApp } from '../../src/web-admin/create-app.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let base: string;

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  await giveWebAccount(h.product.db, 'SGD-HL1', 'hotline');
  await giveWebAccount(h.product.db, 'THCS-TP-007', 'nhung');
  await giveWebAccount(h.product.db, 'PLC-01', 'lechan');
});
afterAll(async () => {
  await h?.stop();
});

async function signedIn(username: string, at = base): Promise<WebClient> {
  const c = new WebClient(at);
  await c.signIn(username);
  await c.get('/password'); // any signed-in page: its forms carry the session's CSRF token
  expect(c.csrf).not.toBe('');
  return c;
}

const unescape = (s: string) => s.replace(/&amp;/g, '&');

/** The audit table's rows, as the HTML of each. */
function auditRows(page: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return body.split('<tr>').slice(1);
}

describe('who may use the operations pages', () => {
  for (const username of ['nhung', 'lechan']) {
    it(`${username} (not hotline) is refused the audit log, the queues and the retry`, async () => {
      const c = await signedIn(username);
      for (const path of ['/audit', '/audit?before=5', '/queues']) {
        const res = await c.get(path);
        expect(res.status, path).toBe(403);
        expect(res.text).toContain('chỉ dành cho tổ hỗ trợ (Hotline)');
        expect(res.text).not.toContain('<table');
      }
      const failed = await h.product.db.outboxMessage.create({
        data: { idempotencyKey: `test:forbidden-retry:${username}`, channel: 'TELEGRAM', chatId: '8899', payload: JSON.stringify({ type: 'text', text: 'x' }), status: 'FAILED', attempts: 8, lastError: 'Bad Gateway' },
      });
      const audits = await h.product.db.auditLog.count();
      const res = await c.post(`/queues/outbox/${failed.id}/retry`);
      expect(res.status).toBe(403);
      expect(await h.product.db.outboxMessage.findUniqueOrThrow({ where: { id: failed.id } })).toEqual(failed);
      expect(await h.product.db.auditLog.count({ where: { action: 'outbox.retry' } })).toBe(0);
      expect(await h.product.db.auditLog.count()).toBe(audits);
    });
  }

  it('the hotline team sees both pages in its navigation', async () => {
    const c = await signedIn('hotline');
    const res = await c.get('/audit');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<a href="/audit" class="on">Nhật ký</a>');
    expect(res.text).toContain('<a href="/queues" class="">Hàng đợi</a>');
  });
});

describe('the audit log', () => {
  it('shows what people did under their names, newest first, with readable details', async () => {
    const teacher = await h.staffByCode('THCS-TP-004');
    // What the bot does with a contact shared from Telegram (the bot itself: test/bot): audited as staff:<id>.
    await linkByPhone(h.product.db, { channel: 'TELEGRAM', externalUserId: '9101', chatId: '9101' }, teacher.phone!);
    await runLinkCode(h.product.db, loadConfig({}), 'THCS-TP-005'); // the CLI: audited as cli
    const c = await signedIn('hotline'); // audited as web:hotline
    const page = await c.get('/audit');
    expect(page.status).toBe(200);
    const rows = auditRows(page.text);
    const signIn = rows.findIndex((r) => r.includes('<code>web.sign-in</code>'));
    const cliCode = rows.findIndex((r) => r.includes('<code>link-code.issue</code>'));
    const link = rows.findIndex((r) => r.includes('<code>chat.link.phone</code>'));
    expect(signIn).toBeGreaterThanOrEqual(0);
    expect(signIn).toBeLessThan(cliCode); // newest first
    expect(cliCode).toBeLessThan(link);
    expect(rows[signIn]).toContain('Tạ Minh Hiếu<br><span class="hint">web:hotline · SGD-HL1</span>');
    expect(rows[cliCode]).toContain('Dòng lệnh (CLI)');
    expect(rows[cliCode]).toContain('Cấp mã liên kết chat');
    expect(rows[link]).toContain(`Phạm Minh Tuấn<br><span class="hint">staff:${teacher.id} · THCS-TP-004</span>`);
    expect(rows[link]).toContain(`<span class="hint">Cán bộ, giáo viên</span><br><a href="/staff/${teacher.id}">Phạm Minh Tuấn (THCS-TP-004)</a>`);
    expect(rows[link]).toContain('Liên kết chat bằng số điện thoại');
    expect(rows[signIn]).toMatch(/<span class="hint">Tài khoản web<\/span><br>hotline — Tạ Minh Hiếu/);
    expect(rows[link]).toContain('Kênh chat: Telegram<br>');
    expect(rows[link]).not.toContain('externalUserId: 9101<br>'); // the chat's own id: only in the full JSON
    expect(rows[link]).toContain('<summary>Xem đầy đủ</summary><pre>');
  });

  it('reads the details in people\'s terms: Vietnamese labels, names for staff ids, ids and hashes only in the full JSON', async () => {
    const teacher = await h.staffByCode('THCS-TP-004');
    const reviewer = await h.staffByCode('THCS-TP-002');
    const colleague = await h.staffByCode('THCS-TP-006');
    const school = await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } });
    const sha = 'c0ffee'.repeat(10) + 'beef';
    // As submit-plan.ts, review-page.ts and auth-routes.ts write them.
    await h.product.db.$transaction(async (tx) => {
      await audit(tx, { actor: `staff:${teacher.id}`, action: 'plan.submit', entityType: 'Plan', entityId: 987654, details: { version: 2, submissionId: 4321, sha256: sha, reviewers: [reviewer.id] } });
      await audit(tx, { actor: `staff:${reviewer.id}`, action: 'plan.download', entityType: 'Submission', entityId: 4321, details: { planId: 987654, refCode: 'KHBD-TEST-01', version: 2, sha256: sha, via: 'review-link' } });
      await audit(tx, { actor: `staff:${reviewer.id}`, action: 'plan.approve', entityType: 'Plan', entityId: 987654, details: { submissionId: 4321, version: 2, basis: 'REVIEW', reason: null } });
      await audit(tx, { actor: 'system', action: 'web.sign-in-lock', entityType: 'WebAccount', entityId: null, details: { lock: 'username', username: 'nhung', address: '10.0.0.9', until: '2026-12-07T03:15:00.000Z' } });
      await audit(tx, { actor: 'web:hotline', action: 'role.add', entityType: 'Staff', entityId: colleague.id, details: { roleId: 77, role: 'GROUP_HEAD', schoolId: school.id, subjects: ['Toán', 'Tin học'] } });
    });
    const c = await signedIn('hotline');
    const rows = auditRows((await c.get('/audit?action=plan.')).text);
    const row = (action: string) => rows.find((r) => r.includes(`<code>${action}</code>`) && r.includes('Lần nộp: 2'))!;
    const submit = row('plan.submit');
    expect(submit).toContain(`<td data-label="Chi tiết"><div class="details">Lần nộp: 2<br>Người duyệt: ${reviewer.fullName} (THCS-TP-002)<br><details><summary>Xem đầy đủ</summary><pre>`);
    expect(submit).not.toMatch(/sha256:|submissionId:|reviewers:|version:/);
    expect(submit.slice(submit.indexOf('<pre>'))).toContain(`&quot;sha256&quot;: &quot;${sha}&quot;`); // still there for whoever needs it
    expect(row('plan.download')).toContain('Mã hồ sơ: KHBD-TEST-01<br>Lần nộp: 2<br>Qua: Đường dẫn duyệt hồ sơ gửi qua chat<br>');
    expect(row('plan.approve')).toContain('Lần nộp: 2<br>Căn cứ: Người duyệt theo phân công<br>Lý do: —<br>');
    const [lock] = auditRows((await c.get('/audit?action=web.sign-in-lock')).text);
    expect(lock).toContain('Khoá đăng nhập (nhập sai nhiều lần)');
    expect(lock).toContain('Khoá theo: Tên đăng nhập<br>Tên đăng nhập: nhung<br>Địa chỉ IP: 10.0.0.9<br>Khoá đến: 10:15 07/12/2026<br>');
    const [role] = auditRows((await c.get('/audit?action=role.add')).text);
    expect(role).toContain(`Vai trò: Tổ trưởng chuyên môn<br>Trường: ${school.name}<br>Môn dạy: Toán, Tin học<br>`);
    for (const r of [submit, lock, role]) expect(r).not.toMatch(/(<br>|class="details">)[a-zA-Z]+: /); // no raw English key left in the lines
  });

  it('filters by actor (string or name), action prefix, entity and dates', async () => {
    const teacher = await h.staffByCode('THCS-TP-004');
    const c = await signedIn('hotline');
    const byName = auditRows((await c.get(`/audit?actor=${encodeURIComponent('Phạm Minh Tuấn')}`)).text);
    expect(byName.length).toBeGreaterThan(0);
    for (const r of byName) expect(r).toContain(`staff:${teacher.id} · THCS-TP-004`);
    const byString = auditRows((await c.get('/audit?actor=web%3Ahotl')).text);
    expect(byString.length).toBeGreaterThan(0);
    for (const r of byString) expect(r).toContain('web:hotline');
    const byAction = auditRows((await c.get('/audit?action=chat.')).text);
    expect(byAction.length).toBeGreaterThan(0);
    for (const r of byAction) expect(r).toMatch(/<code>chat\./);
    const byEntity = auditRows((await c.get(`/audit?entityType=Staff&entityId=${teacher.id}`)).text);
    expect(byEntity.map((r) => /<code>([^<]+)<\/code>/.exec(r)?.[1])).toEqual(['chat.link.phone']);
    const today = vnDateOf(new Date());
    expect(auditRows((await c.get(`/audit?from=${today}&to=${today}&action=web.sign-in`)).text).length).toBeGreaterThan(0);
    const tomorrow = await c.get(`/audit?from=${addDays(today, 1)}`);
    expect(auditRows(tomorrow.text)).toEqual([]);
    expect(tomorrow.text).toContain('Không có mục nào khớp bộ lọc.');
    const badDate = await c.get('/audit?from=32%2F13%2F2026&action=web.sign-in');
    expect(badDate.status).toBe(200);
    expect(badDate.text).toContain('&quot;32/13/2026&quot; không phải là ngày hợp lệ');
    expect(auditRows(badDate.text).length).toBeGreaterThan(0);
  });

  it('escapes whatever the log holds', async () => {
    await h.product.db.$transaction((tx) => audit(tx, { actor: '<b>kẻ lạ</b>', action: 'test.escape', entityType: '<i>T</i>', entityId: '"1"', details: { note: '<script>alert(1)</script>' } }));
    const c = await signedIn('hotline');
    const page = await c.get('/audit?action=test.escape');
    const [row] = auditRows(page.text);
    expect(row).toContain('&lt;b&gt;kẻ lạ&lt;/b&gt;');
    expect(row).toContain('note: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(row).toContain('<span class="hint">&lt;i&gt;T&lt;/i&gt;</span><br>#&quot;1&quot;');
    expect(page.text).not.toContain('<script>alert(1)');
  });

  it('pages through a large log by id: each entry once, even when entries arrive meanwhile', async () => {
    const write = (from: number, to: number) => h.product.db.$transaction(async (tx) => {
      for (let n = from; n < to; n++) await audit(tx, { actor: 'system', action: 'test.paging', entityType: 'Test', entityId: n, details: { n } });
    });
    await write(0, 250);
    const c = await signedIn('hotline');
    const numbers = (page: string) => auditRows(page).map((r) => Number(/n: (\d+)<br>/.exec(r)?.[1]));
    const olderLink = (page: string) => /href="(\/audit\?[^"]*)">Cũ hơn →/.exec(page)?.[1];
    const newerLink = (page: string) => /href="(\/audit\?[^"]*)">← Mới hơn/.exec(page)?.[1];

    const seen: number[] = [];
    let page = (await c.get('/audit?action=test.paging')).text;
    expect(newerLink(page)).toBeUndefined();
    seen.push(...numbers(page));
    await write(250, 255); // newer entries must not push older ones onto the next page twice
    const pages = [page];
    for (let link = olderLink(page); link; link = olderLink(page)) {
      page = (await c.get(unescape(link))).text;
      pages.push(page);
      seen.push(...numbers(page));
    }
    expect(pages.map((p) => numbers(p).length)).toEqual([100, 100, 50]);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => 249 - i));

    // And back up from the last page: the same pages, then the entries written meanwhile.
    const back: number[][] = [];
    for (let link = newerLink(page); link; link = newerLink(page)) {
      page = (await c.get(unescape(link))).text;
      back.push(numbers(page));
    }
    expect(back).toEqual([
      Array.from({ length: 100 }, (_, i) => 149 - i),
      Array.from({ length: 100 }, (_, i) => 249 - i),
      [254, 253, 252, 251, 250],
    ]);
    expect(olderLink(page)).toBeDefined();
  });
});

describe('the queue view', () => {
  it('still shows the outbox, with a clear message, when Redis does not answer', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    // A delivered message (nothing is delivered on the web harness): the page must still count it.
    await h.product.db.outboxMessage.create({
      data: { idempotencyKey: 'test:redis-away:sent', channel: 'TELEGRAM', chatId: '8804', payload: JSON.stringify({ type: 'text', text: 'Đã gửi' }), status: 'SENT', attempts: 1 },
    });
    const logger = createLogger('silent');
    const jobs = new JobSystem({
      redisUrl: `redis://127.0.0.1:${closedPort}`, logger, workers: false,
      handlers: { intake: async () => {}, intakeGaveUp: async () => {}, deliver: async () => {}, deliveryGaveUp: async () => {}, tick: async () => {} },
    });
    const app = createApp({
      db: h.product.db, logger, fileStore: h.product.fileStore, now: () => new Date(), publicUrl: 'http://127.0.0.1', cityName: 'Hải Phòng',
      telegramBotUsername: () => undefined, queueCounts: () => jobs.counts(), pingRedis: async () => false, channels: { telegram: false, zalo: false },
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const c = await signedIn('hotline', `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
      const res = await c.get('/queues');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Không đọc được hàng đợi: máy chủ Redis không trả lời');
      const sent = await h.product.db.outboxMessage.count({ where: { status: 'SENT' } });
      expect(sent).toBeGreaterThan(0);
      expect(res.text).toContain(`<div class="stat"><b>${sent}</b>Đã gửi</div>`);
    } finally {
      await new Promise((r) => server.close(r));
      await Promise.race([jobs.close(), new Promise((r) => setTimeout(r, 2000))]);
    }
  });
});
