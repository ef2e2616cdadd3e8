// School-year settings in the web admin, through real HTTP: only the hotline team reads or
// changes them; bad values are explained field by field and nothing is saved. On the web
// harness; that a saved quiet window is what the delivery then keeps (the relay and a Bot API
// server) is tested in pages-in-chat.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatVnDate } from '../../src/core/calendar.js';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: WebHarness;
let base: string;
let yearId: number;

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  await giveWebAccount(h.product.db, 'SGD-HL1', 'hotline');
  await giveWebAccount(h.product.db, 'THCS-TP-007', 'nhung');
  await giveWebAccount(h.product.db, 'PLC-01', 'lechan');
  yearId = (await h.product.db.schoolYear.findFirstOrThrow({ orderBy: { name: 'desc' } })).id;
});
afterAll(async () => {
  await h?.stop();
});

async function signedIn(username: string): Promise<WebClient> {
  const c = new WebClient(base);
  await c.signIn(username);
  await c.get('/password'); // any signed-in page: its forms carry the session's CSRF token
  expect(c.csrf).not.toBe('');
  return c;
}

const year = () => h.product.db.schoolYear.findUniqueOrThrow({ where: { id: yearId } });
const auditCount = () => h.product.db.auditLog.count({ where: { entityType: 'SchoolYear' } });

/** The form as stored, with some fields changed. */
async function settingsForm(changes: Record<string, string> = {}): Promise<Record<string, string>> {
  const y = await year();
  return {
    startsOn: y.startsOn, endsOn: y.endsOn, annualDeadline: y.annualDeadline,
    reminderOffsetsDays: (JSON.parse(y.reminderOffsetsDays) as number[]).join(', '), reminderTime: y.reminderTime,
    quietStart: y.quietStart, quietEnd: y.quietEnd, digestTime: y.digestTime, nudgeAfterHours: String(y.nudgeAfterHours), ...changes,
  };
}

describe('who may use the school-year pages', () => {
  it('the hotline team reads the list and a year', async () => {
    const c = await signedIn('hotline');
    const y = await year();
    const list = await c.get('/years');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/years/${yearId}"><b>${y.name}</b></a> <span class="badge good">Đang áp dụng</span>`);
    expect(list.text).toContain(`<td data-label="Hạn nộp hồ sơ đầu năm"><b>${formatVnDate(y.annualDeadline)}</b></td>`);
    expect(list.text).toContain('Trước hạn 7, 3, 1, 0 ngày, lúc 07:30');
    expect(list.text).toContain('không cần khởi động lại');
    const edit = await c.get(`/years/${yearId}`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain(`<input id="f-annualDeadline" name="annualDeadline" type="date" value="${y.annualDeadline}"`);
    expect(edit.text).toContain('value="7, 3, 1, 0"');
    expect(edit.text).toContain('nghĩa là không có giờ yên lặng');
    expect((await c.get('/years/999999')).status).toBe(404);
  });

  for (const username of ['nhung', 'lechan']) {
    it(`${username} (not hotline) is refused every page and every change, and nothing changes`, async () => {
      const c = await signedIn(username);
      for (const path of ['/years', `/years/${yearId}`, '/years/new']) {
        const res = await c.get(path);
        expect(res.status, path).toBe(403);
        expect(res.text).toContain('chỉ dành cho tổ hỗ trợ (Hotline)');
      }
      const before = await year();
      const audits = await auditCount();
      const years = await h.product.db.schoolYear.count();
      const edit = await c.post(`/years/${yearId}`, await settingsForm({ annualDeadline: addDays(before.annualDeadline, 3), quietStart: '12:00' }));
      expect(edit.status).toBe(403);
      const open = await c.post('/years/new', { name: '2090-2091', startsOn: '2090-08-01', endsOn: '2091-07-31', annualDeadline: '2090-09-15' });
      expect(open.status).toBe(403);
      expect(await year()).toEqual(before);
      expect(await h.product.db.schoolYear.count()).toBe(years);
      expect(await auditCount()).toBe(audits);
    });
  }
});

describe('editing a year', () => {
  it('saves the settings, audits old → new, and shows them back', async () => {
    const c = await signedIn('hotline');
    const before = await year();
    const deadline = addDays(before.annualDeadline, 5);
    const res = await c.post(`/years/${yearId}`, await settingsForm({
      annualDeadline: deadline, reminderOffsetsDays: '5, 10,2', reminderTime: '7:45', digestTime: '16:30', nudgeAfterHours: '36',
    }));
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/years/${yearId}`);
    const after = await year();
    expect(after).toMatchObject({ annualDeadline: deadline, reminderOffsetsDays: '[10,5,2]', reminderTime: '07:45', digestTime: '16:30', nudgeAfterHours: 36, quietStart: before.quietStart });
    const entry = await h.product.db.auditLog.findFirstOrThrow({ where: { action: 'school-year.update', entityId: String(yearId) }, orderBy: { id: 'desc' } });
    expect(entry.actor).toBe('web:hotline');
    expect(JSON.parse(entry.details)).toEqual({
      name: before.name,
      changes: {
        annualDeadline: { from: before.annualDeadline, to: deadline },
        reminderOffsetsDays: { from: [7, 3, 1, 0], to: [10, 5, 2] },
        reminderTime: { from: before.reminderTime, to: '07:45' },
        digestTime: { from: before.digestTime, to: '16:30' },
        nudgeAfterHours: { from: before.nudgeAfterHours, to: 36 },
      },
    });
    const page = await c.follow(res);
    expect(page.text).toContain('Đã lưu cài đặt năm học');
    expect(page.text).toContain('value="10, 5, 2"');
    const list = (await c.get('/years')).text;
    expect(list).toContain(`<td data-label="Hạn nộp hồ sơ đầu năm"><b>${formatVnDate(deadline)}</b></td>`);
    expect(list).toContain('Trước hạn 10, 5, 2 ngày, lúc 07:45');
  });

  it('saving the same values writes nothing', async () => {
    const c = await signedIn('hotline');
    const audits = await auditCount();
    const res = await c.post(`/years/${yearId}`, await settingsForm());
    expect(res.status).toBe(303);
    expect((await c.follow(res)).text).toContain('Không có gì thay đổi.');
    expect(await auditCount()).toBe(audits);
  });

  it('refuses bad values with a Vietnamese message per field, keeps what was typed, saves nothing', async () => {
    const c = await signedIn('hotline');
    const before = await year();
    const audits = await auditCount();
    const res = await c.post(`/years/${yearId}`, await settingsForm({
      annualDeadline: 'không phải ngày', reminderOffsetsDays: '7,a', quietStart: '25:00', nudgeAfterHours: '0',
    }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Chưa lưu: vui lòng sửa các mục được đánh dấu');
    expect(res.text).toContain('<p class="error" id="f-annualDeadline-error">&quot;không phải ngày&quot; không phải là ngày hợp lệ');
    expect(res.text).toContain('<p class="error" id="f-reminderOffsetsDays-error">&quot;a&quot; không phải số ngày hợp lệ');
    expect(res.text).toContain('<p class="error" id="f-quietStart-error">Giờ &quot;25:00&quot; không hợp lệ');
    expect(res.text).toContain('<p class="error" id="f-nudgeAfterHours-error">Số giờ phải là số nguyên từ 1 đến 168');
    expect(res.text).toContain('name="reminderOffsetsDays" type="text" value="7,a"');
    expect(res.text).toContain('name="quietStart" type="time" value="25:00"');
    expect(res.text).not.toContain('id="f-quietEnd-error"');
    expect(await year()).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('refuses a deadline outside the year, and a missing field', async () => {
    const c = await signedIn('hotline');
    const before = await year();
    const outside = await c.post(`/years/${yearId}`, await settingsForm({ annualDeadline: addDays(before.endsOn, 40) }));
    expect(outside.status).toBe(400);
    expect(outside.text).toContain(`Hạn nộp phải nằm trong năm học ${before.name}`);
    // Reported together with the other fields' problems, not one submission later.
    const both = await c.post(`/years/${yearId}`, await settingsForm({ annualDeadline: addDays(before.endsOn, 40), reminderOffsetsDays: '3, 3' }));
    expect(both.text).toContain(`<p class="error" id="f-annualDeadline-error">Hạn nộp phải nằm trong năm học ${before.name}`);
    expect(both.text).toContain('<p class="error" id="f-reminderOffsetsDays-error">Số ngày 3 được nhập hai lần');
    const { digestTime: _omitted, ...withoutDigest } = await settingsForm();
    const missing = await c.post(`/years/${yearId}`, withoutDigest);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Vui lòng nhập giờ gửi danh sách chờ duyệt.');
    expect(await year()).toEqual(before);
  });

  it('refuses a form without the CSRF token', async () => {
    const c = await signedIn('hotline');
    const before = await year();
    const res = await c.post(`/years/${yearId}`, { ...(await settingsForm({ quietStart: '22:00' })), _csrf: 'sai' });
    expect(res.status).toBe(403);
    expect(await year()).toEqual(before);
  });
});

describe('opening the next school year', () => {
  it('offers the year after the latest with its default dates, creates it with the latest settings, audited', async () => {
    const c = await signedIn('hotline');
    const latest = await year();
    const first = Number(latest.name.slice(0, 4)) + 1;
    const name = `${first}-${first + 1}`;
    const form = await c.get('/years/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="name" type="text" value="${name}"`);
    expect(form.text).toContain(`name="annualDeadline" type="date" value="${first}-09-15"`);

    const res = await c.post('/years/new', { name, startsOn: `${first}-08-01`, endsOn: `${first + 1}-07-31`, annualDeadline: `15/09/${first}` });
    expect(res.status).toBe(303);
    const created = await h.product.db.schoolYear.findUniqueOrThrow({ where: { name } });
    expect(res.location).toBe(`/years/${created.id}`);
    expect(created).toMatchObject({
      startsOn: `${first}-08-01`, endsOn: `${first + 1}-07-31`, annualDeadline: `${first}-09-15`,
      reminderOffsetsDays: latest.reminderOffsetsDays, reminderTime: latest.reminderTime, digestTime: latest.digestTime, nudgeAfterHours: latest.nudgeAfterHours,
    });
    const entry = await h.product.db.auditLog.findFirstOrThrow({ where: { action: 'school-year.create', entityId: String(created.id) } });
    expect(entry.actor).toBe('web:hotline');
    expect(JSON.parse(entry.details)).toMatchObject({ name, annualDeadline: `${first}-09-15`, settingsFrom: latest.name });
    expect((await c.follow(res)).text).toContain(`Đã mở năm học ${name}`);

    const again = await c.post('/years/new', { name, startsOn: `${first}-08-01`, endsOn: `${first + 1}-07-31`, annualDeadline: `${first}-09-15` });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`Năm học ${name} đã có.`);
    expect(await h.product.db.schoolYear.count({ where: { name } })).toBe(1);
  });

  it('refuses a malformed name or dates, and creates nothing', async () => {
    const c = await signedIn('hotline');
    const years = await h.product.db.schoolYear.count();
    const res = await c.post('/years/new', { name: '2080-2082', startsOn: '2080-08-01', endsOn: '2080-07-01', annualDeadline: 'mai' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tên năm học gồm hai năm liền nhau, ví dụ 2027-2028.');
    expect(res.text).toContain('&quot;mai&quot; không phải là ngày hợp lệ');
    expect(res.text).toContain('value="2080-2082"');
    const backwards = await c.post('/years/new', { name: '2080-2081', startsOn: '2080-08-01', endsOn: '2080-07-01', annualDeadline: '2080-09-15' });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('Ngày kết thúc phải sau ngày bắt đầu năm học.');
    expect(await h.product.db.schoolYear.count()).toBe(years);
  });
});
