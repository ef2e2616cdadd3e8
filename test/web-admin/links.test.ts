// Chat linking in the web admin, against the whole product: people link through the real bot
// (fake Telegram server), admins see it, issue printable codes that really link, and unlink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';
import { giveWebAccount, WebClient, type WebResponse } from '../support/web-client.js';

let h: ChatHarness;
let schoolAdmin: WebClient;
let hotline: WebClient;
let tp: { id: number };
let nq: { id: number };

beforeAll(async () => {
  h = await startChatHarness();
  const base = `http://127.0.0.1:${h.product.port}`;
  schoolAdmin = new WebClient(base);
  await schoolAdmin.signIn(await giveWebAccount(h.product.db, 'THCS-TP-007'));
  hotline = new WebClient(base);
  await hotline.signIn(await giveWebAccount(h.product.db, 'SGD-HL1'));
  tp = await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } });
  nq = await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-NQ' } });
});
afterAll(async () => {
  await h?.stop();
});

/** The table row of a person on the links page, by staff code. */
function rowOf(page: WebResponse, code: string): string | undefined {
  return new RegExp(`<tr data-staff="${code}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1];
}

function codesOf(page: WebResponse): string[] {
  return [...page.text.matchAll(/<p class="code">([A-Z2-9]{8})<\/p>/g)].map((m) => m[1]!);
}

async function identityOf(code: string) {
  const staff = await h.staffByCode(code);
  return h.product.db.chatIdentity.findFirst({ where: { staffId: staff.id } });
}

describe('links page', () => {
  it('shows who is linked, with last use, who is not, and who cannot be reached; filters and search work', async () => {
    await h.linkedUser('THCS-TP-004', 801);
    await h.linkedUser('THCS-TP-005', 802);
    await h.product.db.chatIdentity.updateMany({ where: { externalUserId: '802' }, data: { unreachableAt: new Date('2026-09-20T01:00:00Z') } });

    const page = await schoolAdmin.get(`/links?school=${tp.id}`);
    expect(page.status).toBe(200);
    expect(rowOf(page, 'THCS-TP-004')).toMatch(/Phạm Minh Tuấn[\s\S]*<span class="badge good">Đã liên kết<\/span>[\s\S]*Dùng gần nhất: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}[\s\S]*<span class="badge">Chưa liên kết<\/span>/);
    expect(rowOf(page, 'THCS-TP-005')).toMatch(/Không liên lạc được<\/span><br><span class="hint">từ 20\/09\/2026 08:00/);
    expect(rowOf(page, 'THCS-TP-006')).toMatch(/<td[^>]*><span class="badge">Chưa liên kết<\/span><\/td><td[^>]*><span class="badge">Chưa liên kết<\/span><\/td>/);
    expect(rowOf(page, 'THCS-NQ-004')).toBeUndefined();
    expect(page.text).toContain('Theo tổ chuyên môn');
    // Without a filter, the admin of one school starts in it.
    const start = await schoolAdmin.get('/links');
    expect(start.text).toContain('Theo tổ chuyên môn');
    // The principal and the vice-principal are the hotline's to link (issue 17): 15 people, 2 linked, 2 on the board.
    expect(start.text).toMatch(/Cấp mã cho cả trường: 11 người chưa liên kết/);

    const linked = await schoolAdmin.get(`/links?school=${tp.id}&status=linked`);
    expect(rowOf(linked, 'THCS-TP-004')).toBeDefined();
    expect(rowOf(linked, 'THCS-TP-006')).toBeUndefined();
    const unlinked = await schoolAdmin.get(`/links?status=unlinked`);
    expect(rowOf(unlinked, 'THCS-TP-004')).toBeUndefined();
    expect(rowOf(unlinked, 'THCS-TP-006')).toBeDefined();
    const unreachable = await schoolAdmin.get(`/links?status=unreachable`);
    expect([rowOf(unreachable, 'THCS-TP-004'), rowOf(unreachable, 'THCS-TP-005')].map(Boolean)).toEqual([false, true]);
    const search = await schoolAdmin.get(`/links?q=${encodeURIComponent('tuan')}`);
    expect(rowOf(search, 'THCS-TP-004')).toBeDefined();
    expect(rowOf(search, 'THCS-TP-005')).toBeUndefined();

    // The hotline sees every school, office staff apart.
    const city = await hotline.get('/links');
    expect(city.text).toContain('Theo trường');
    expect(rowOf(city, 'THCS-NQ-004')).toBeDefined();
    const offices = await hotline.get('/links?school=0');
    expect(rowOf(offices, 'GDTRH-02')).toBeDefined();
    expect(rowOf(offices, 'THCS-TP-004')).toBeUndefined();
  });

  it("another school, its groups and office staff are not the school admin's to see", async () => {
    expect((await schoolAdmin.get(`/links?school=${nq.id}`)).status).toBe(404);
    const nqGroup = await h.product.db.group.findFirstOrThrow({ where: { schoolId: nq.id } });
    expect((await schoolAdmin.get(`/links?group=${nqGroup.id}`)).status).toBe(404);
    expect((await schoolAdmin.get('/links?school=0')).status).toBe(404);
    const teacher = new WebClient(schoolAdmin.base);
    await teacher.signIn(await giveWebAccount(h.product.db, 'THCS-TP-004'));
    expect((await teacher.get('/links')).status).toBe(403);
  });
});

describe('link codes', () => {
  it('a group gets one printable card per unlinked person, and a code links through the bot', async () => {
    const group = await h.product.db.group.findFirstOrThrow({ where: { schoolId: tp.id, name: 'Tổ Ngữ văn – Ngoại ngữ' } });
    const members = await h.product.db.staff.findMany({ where: { roles: { some: { groupId: group.id } } } });
    expect(members).toHaveLength(5);
    await h.linkedUser('THCS-TP-008', 811); // already linked: gets no code
    const codesBefore = await h.product.db.linkCode.count();

    await schoolAdmin.get(`/links?school=${tp.id}`);
    const sheet = await schoolAdmin.post('/links/codes', { groupId: String(group.id) });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('cache-control')).toBe('no-store');
    const codes = codesOf(sheet);
    expect(codes).toHaveLength(4);
    expect(new Set(codes).size).toBe(4);
    expect(sheet.text).not.toContain('Bùi Văn Long');
    expect(sheet.text).toContain('Đặng Thị Thanh Hương');
    for (const code of codes) {
      expect(sheet.text).toContain(`https://t.me/hscm_test_bot?start=${code}`);
      // This product runs without a Zalo token: the cards leave Zalo out, and the sheet says why.
      expect(sheet.text).not.toContain(`Zalo:</strong> gửi mã ${code}`);
    }
    expect(sheet.text).toContain('Kênh Zalo đang tắt (chưa cấu hình ZALO_BOT_TOKEN)');
    expect(sheet.text.match(/<svg[^>]*>/g)).toHaveLength(4);
    expect(await h.product.db.linkCode.count()).toBe(codesBefore + 4);
    expect(await h.product.db.auditLog.count({ where: { action: 'link-code.issue', actor: 'web:thcs-tp-007' } })).toBeGreaterThanOrEqual(4);

    // The card for Đặng Thị Thanh Hương, used on Telegram.
    const card = sheet.text.split('<section class="code-card">').find((c) => c.includes('Đặng Thị Thanh Hương'));
    const code = /<p class="code">([A-Z2-9]{8})<\/p>/.exec(card ?? '')?.[1];
    expect(code).toBeDefined();
    const user = h.user(812, 'Hương');
    user.send(`/start ${code}`);
    await user.expectMessage(/Đã liên kết/);
    expect((await identityOf('THCS-TP-009'))?.externalUserId).toBe('812');
    // Shown once: there is no page to open the codes again.
    expect((await schoolAdmin.get('/links/codes')).status).toBe(404);
  });

  it("a school admin cannot issue codes for another school's person, group or school", async () => {
    await schoolAdmin.get('/links');
    const before = await h.product.db.linkCode.count();
    const other = await h.staffByCode('THCS-NQ-004');
    const office = await h.staffByCode('GDTRH-02');
    const nqGroup = await h.product.db.group.findFirstOrThrow({ where: { schoolId: nq.id } });
    expect((await schoolAdmin.post('/links/codes', { staffId: String(other.id) })).status).toBe(404);
    expect((await schoolAdmin.post('/links/codes', { staffId: String(office.id) })).status).toBe(404);
    expect((await schoolAdmin.post('/links/codes', { groupId: String(nqGroup.id) })).status).toBe(404);
    expect((await schoolAdmin.post('/links/codes', { schoolId: String(nq.id) })).status).toBe(404);
    expect((await schoolAdmin.post('/links/codes', { staffId: '999999' })).status).toBe(404);
    expect(await h.product.db.linkCode.count()).toBe(before);
    expect((await schoolAdmin.post('/links/codes', { _csrf: '', staffId: String((await h.staffByCode('THCS-TP-006')).id) })).status).toBe(403);
    expect(await h.product.db.linkCode.count()).toBe(before);
  });

  it('the hotline issues a code for anyone, office staff included', async () => {
    await hotline.get('/links');
    const office = await h.staffByCode('GDTRH-02');
    const sheet = await hotline.post('/links/codes', { staffId: String(office.id) });
    expect(codesOf(sheet)).toHaveLength(1);
    expect(sheet.text).toContain('Hồ Thị Thanh Tâm');
  });
});

describe('unlinking', () => {
  it('removes the link: the bot no longer knows the chat, and the person links again with a new code', async () => {
    const user = await h.linkedUser('THCS-TP-010', 821);
    const identity = (await identityOf('THCS-TP-010'))!;

    const confirm = await schoolAdmin.get(`/links/${identity.id}/revoke`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Ngô Quang Huy');
    const done = await schoolAdmin.post(`/links/${identity.id}/revoke`);
    expect(done.status).toBe(303);
    const page = await schoolAdmin.follow(done);
    expect(page.text).toContain('Đã huỷ liên kết Telegram của Ngô Quang Huy');
    expect(rowOf(page, 'THCS-TP-010')).toMatch(/<td[^>]*><span class="badge">Chưa liên kết<\/span><\/td><td[^>]*><span class="badge">Chưa liên kết/);
    expect(await identityOf('THCS-TP-010')).toBeNull();
    const logged = await h.product.db.auditLog.findFirstOrThrow({ where: { action: 'chat.unlink', actor: 'web:thcs-tp-007' } });
    expect(logged.entityId).toBe(String(identity.staffId));
    expect(JSON.parse(logged.details)).toMatchObject({ channel: 'TELEGRAM', externalUserId: '821' });

    const seen = user.inbox().length;
    user.send('/trangthai');
    await user.expectMessage(/chưa liên kết tài khoản/, seen);
    // Revoking twice: already gone.
    expect((await schoolAdmin.post(`/links/${identity.id}/revoke`)).status).toBe(404);

    const sheet = await schoolAdmin.post('/links/codes', { staffId: String(identity.staffId) });
    const [code] = codesOf(sheet);
    user.send(`/start ${code}`);
    await user.expectMessage(/Đã liên kết/, seen);
    expect((await identityOf('THCS-TP-010'))?.externalUserId).toBe('821');
  });

  it("a school admin cannot see or revoke another school's links", async () => {
    await h.linkedUser('THCS-NQ-005', 831);
    const identity = (await identityOf('THCS-NQ-005'))!;
    await schoolAdmin.get('/links');
    expect((await schoolAdmin.get(`/links/${identity.id}/revoke`)).status).toBe(404);
    expect((await schoolAdmin.post(`/links/${identity.id}/revoke`)).status).toBe(404);
    expect((await schoolAdmin.post('/links/abc/revoke')).status).toBe(404);
    expect(await identityOf('THCS-NQ-005')).not.toBeNull();
    expect((await schoolAdmin.post(`/links/${identity.id}/revoke`, { _csrf: '' })).status).toBe(403);
  });
});
