// The staff pages over real HTTP: the list and search, a person's record, roles, web account
// and deactivation. Who may do what (hotline everyone, a school admin their school's people,
// nobody else), IDOR sweeps over other schools' people and office accounts, CSRF, escaping,
// and that roles given here are the ones a later roster import recognises. On the web harness:
// the one test that needs the chat (a deactivated person's chat is no longer linked) is in
// pages-in-chat.test.ts; what a page tells a person in their chat is read from the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { TEST_PASSWORD, WebClient } from '../support/web-client.js';
import { flashAfter, foreignIds, groupOf, schoolId, signInPeople, staffId, type People } from './management-fixture.js';
import { importDemoRoster } from '../support/demo-roster.js';

let h: WebHarness;
let p: People;
let tp: number;
let base: string;

beforeAll(async () => {
  h = await startWebHarness();
  p = await signInPeople(h);
  tp = await schoolId(h.product.db, 'THCS-TP');
  base = `http://127.0.0.1:${h.product.port}`;
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.product.db;
/** The number of people a list page says it found. */
const found = (page: { text: string }) => Number(/<p class="hint">(\d+) người/.exec(page.text)?.[1]);

/** What a refused request must leave as it was: people, their roles and their accounts. */
async function staffSnapshot() {
  const [staff, roles, accounts, sessions] = await Promise.all([
    db().staff.findMany({ orderBy: { id: 'asc' }, select: { id: true, code: true, fullName: true, phone: true, email: true, subjects: true, active: true } }),
    db().roleAssignment.findMany({ orderBy: { id: 'asc' } }),
    db().webAccount.findMany({ orderBy: { id: 'asc' }, select: { id: true, username: true, passwordHash: true, active: true } }),
    db().webSession.count(),
  ]);
  return { staff, roles, accounts, sessions };
}

async function reimportDemoRoster() {
  return importDemoRoster(db());
}

describe('who may open the staff pages', () => {
  it('a teacher, a principal and a ward unit account get 403 on every page and form, and nothing changes', async () => {
    const someone = await staffId(db(), 'THCS-TP-005');
    const role = await db().roleAssignment.findFirstOrThrow({ where: { staffId: someone } });
    const before = await staffSnapshot();
    for (const client of [p.teacher, p.principal, p.unit]) {
      for (const path of ['/staff', '/staff/new', `/staff/${someone}`]) expect((await client.get(path)).status, path).toBe(403);
      const posts: Array<[string, Record<string, string>]> = [
        ['/staff/new', { place: `s:${tp}`, code: 'X-1', fullName: 'Người lạ' }],
        [`/staff/${someone}`, { code: 'THCS-TP-005', fullName: 'Đổi tên' }],
        [`/staff/${someone}/active`, { active: '0' }],
        [`/staff/${someone}/roles`, { role: 'PRINCIPAL' }],
        [`/staff/${someone}/roles/${role.id}/delete`, {}],
        [`/staff/${someone}/account`, { username: 'la' }],
        [`/staff/${someone}/account/reset`, {}],
        [`/staff/${someone}/account/active`, { active: '0' }],
      ];
      for (const [path, fields] of posts) expect((await client.post(path, fields)).status, path).toBe(403);
    }
    expect(await staffSnapshot()).toEqual(before);
  });
});

describe('the staff list', () => {
  it('a school admin lists the people of their school only; the hotline lists everyone', async () => {
    const page = await p.admin.get('/staff');
    expect(page.status).toBe(200);
    const ownCount = await db().staff.count({ where: { schoolId: tp } });
    expect(found(page)).toBe(ownCount);
    expect(page.text).toContain('Nguyễn Thị Thu Hà');
    for (const other of ['Đinh Văn Khánh', 'Bùi Thị Hạnh', 'Tài khoản Phòng Văn hóa', 'Tạ Minh Hiếu']) expect(page.text).not.toContain(other);
    const all = await p.hotline.get('/staff');
    expect(found(all)).toBe(await db().staff.count());
  });

  it('finds people by name without diacritics, by code and by phone digits, and filters by school, group, role and state', async () => {
    const byName = await p.admin.get(`/staff?q=${encodeURIComponent('nguyen thi thu ha')}`);
    expect(found(byName)).toBe(1);
    expect(byName.text).toContain('Nguyễn Thị Thu Hà');
    const byCode = await p.admin.get('/staff?q=tp-004');
    expect(byCode.text).toContain('Phạm Minh Tuấn');
    expect(found(byCode)).toBe(1);
    const byPhone = await p.admin.get(`/staff?q=${encodeURIComponent('0942 346')}`);
    expect(byPhone.text).toContain('Phạm Minh Tuấn');
    // The admin's search never reaches another school's person, even by exact name.
    expect(found(await p.admin.get(`/staff?q=${encodeURIComponent('Đinh Văn Khánh')}`))).toBe(0);

    const heads = await p.hotline.get(`/staff?school=${tp}&role=GROUP_HEAD`);
    expect(found(heads)).toBe(3);
    expect(heads.text).toContain('Lê Thị Mai Anh');
    const maths = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    const inGroup = await p.admin.get(`/staff?group=${maths.id}`);
    const members = await db().staff.count({ where: { roles: { some: { groupId: maths.id } } } });
    expect(found(inGroup)).toBe(members);
    expect(found(await p.admin.get('/staff?state=inactive'))).toBe(0);
    expect((await p.admin.get('/staff?school=abc&role=NOPE&page=-3')).status).toBe(200);
  });
});

describe('a school admin and other schools’ people', () => {
  it('reaches nobody outside their school (other schools, office accounts): 404 to read, 403 to change, nothing changes', async () => {
    const foreign = await foreignIds(db());
    const offices = await db().staff.findMany({ where: { schoolId: null }, select: { id: true } });
    expect(offices.length).toBeGreaterThanOrEqual(6);
    const ownRole = await db().roleAssignment.findFirstOrThrow({ where: { staff: { code: 'THCS-TP-005' } } });
    const before = await staffSnapshot();
    for (const id of foreign.staff) {
      expect((await p.admin.get(`/staff/${id}`)).status, `staff ${id}`).toBe(404);
      const anyRole = await db().roleAssignment.findFirst({ where: { staffId: id } });
      const posts: Array<[string, Record<string, string>]> = [
        [`/staff/${id}`, { code: `X-${id}`, fullName: 'Đổi tên' }],
        [`/staff/${id}/active`, { active: '0' }],
        [`/staff/${id}/roles`, { role: 'TEACHER', place: '' }],
        [`/staff/${id}/roles/${anyRole?.id ?? ownRole.id}/delete`, {}],
        [`/staff/${id}/account`, { username: `x${id}` }],
        [`/staff/${id}/account/reset`, {}],
        [`/staff/${id}/account/active`, { active: '0' }],
      ];
      const statuses = await Promise.all(posts.map(([path, fields]) => p.admin.post(path, fields).then((r) => [path, r.status])));
      expect(statuses).toEqual(posts.map(([path]) => [path, 403]));
    }
    // A role id of someone else, posted under one's own person, is not found.
    const foreignRole = await db().roleAssignment.findFirstOrThrow({ where: { staff: { code: 'THCS-NQ-004' } } });
    const own = await staffId(db(), 'THCS-TP-005');
    expect((await p.admin.post(`/staff/${own}/roles/${foreignRole.id}/delete`, {})).status).toBe(404);
    expect((await p.admin.get('/staff/999999')).status).toBe(404);
    expect(await staffSnapshot()).toEqual(before);
  }, 120_000);
});

describe('people and their records', () => {
  it('a school admin adds a person to their school with a suggested code and a normalised phone', async () => {
    const form = await p.admin.get('/staff/new');
    expect(form.text).toContain('value="THCS-TP-016"');
    const res = await p.admin.post('/staff/new', {
      place: `s:${tp}`, code: 'THCS-TP-016', fullName: '  Nguyễn   Văn   Mới ', phone: '+84 912 999 001', email: 'moi@truong.edu.vn', subjects: 'Toán; toán ; Tin học',
    });
    expect(res.status).toBe(303);
    const staff = await db().staff.findUniqueOrThrow({ where: { code: 'THCS-TP-016' } });
    expect(res.location).toBe(`/staff/${staff.id}`);
    expect(staff).toMatchObject({ fullName: 'Nguyễn Văn Mới', phone: '0912999001', email: 'moi@truong.edu.vn', schoolId: tp, unitId: null, active: true });
    expect(JSON.parse(staff.subjects)).toEqual(['Toán', 'Tin học']);
    expect(await db().auditLog.count({ where: { action: 'staff.create', entityId: String(staff.id), actor: 'web:thcs-tp-007' } })).toBe(1);
    expect((await p.admin.get(`/staff/${staff.id}`)).text).toContain('Chưa có vai trò nào');
  });

  it('the hotline must choose the place (no school is picked for them); the chosen school\'s next code is offered', async () => {
    const form = await p.hotline.get('/staff/new');
    expect(form.text).toContain('<option value="" selected disabled>— Chọn trường hoặc cơ quan —</option>');
    expect(form.text).not.toMatch(/<option value="s:\d+" selected>/);
    expect(form.text).toContain('<script src="/assets/staff-code.js" defer></script>');
    const fromSchool = await p.hotline.get(`/staff/new?place=s:${tp}`);
    expect(fromSchool.text).toContain(`<option value="s:${tp}" selected>`);
    const nq = await schoolId(db(), 'THCS-NQ');
    expect(JSON.parse((await p.hotline.get(`/staff/new/code?place=s:${nq}`)).text)).toEqual({ code: 'THCS-NQ-013' });
    // A school admin gets codes of their own school only.
    expect(JSON.parse((await p.admin.get(`/staff/new/code?place=s:${nq}`)).text)).toEqual({ code: null });
    expect((await p.teacher.get(`/staff/new/code?place=s:${tp}`)).status).toBe(403);
  });

  it("a person's page issues a link code in one click and links to their own line on the links page", async () => {
    const teacher = await staffId(db(), 'THCS-TP-005');
    const page = await p.admin.get(`/staff/${teacher}`);
    expect(page.text).toContain(`<input type="hidden" name="staffId" value="${teacher}">`);
    expect(page.text).toContain('href="/links?q=THCS-TP-005"');
    const sheet = await p.admin.follow(await p.admin.post('/links/codes', { staffId: String(teacher) }));
    expect(sheet.text).toContain('Mã liên kết trợ lý (1 người)');
    expect(sheet.text).toContain('Hoàng Thị Lan');
    const filtered = await p.admin.get('/links?q=THCS-TP-005');
    expect(filtered.text).toContain('Hoàng Thị Lan');
    expect(filtered.text).not.toContain('Phạm Minh Tuấn');
  });

  it('explains a phone or code that is taken, naming the holder only when the admin manages them', async () => {
    const count = await db().staff.count();
    const own = await p.admin.post('/staff/new', { place: `s:${tp}`, code: 'THCS-TP-017', fullName: 'Trùng số', phone: '0942 346 011' });
    expect(own.status).toBe(400);
    expect(own.text).toContain('Số điện thoại 0942346011 đang thuộc &quot;Phạm Minh Tuấn&quot; (mã THCS-TP-004)');
    expect(own.text).toContain('value="Trùng số"');
    const other = await p.admin.post('/staff/new', { place: `s:${tp}`, code: 'THCS-TP-017', fullName: 'Trùng số', phone: '0902347655' });
    expect(other.status).toBe(400);
    expect(other.text).toContain('Số điện thoại 0902347655 đang thuộc một người khác trong hệ thống');
    expect(other.text).not.toContain('Đinh Văn Khánh');
    const code = await p.admin.post('/staff/new', { place: `s:${tp}`, code: 'THCS-NQ-001', fullName: 'Trùng mã' });
    expect(code.text).toContain('Mã cán bộ THCS-NQ-001 đang thuộc một người khác');
    const badPhone = await p.admin.post('/staff/new', { place: `s:${tp}`, code: 'THCS-TP-017', fullName: 'Số sai', phone: '12345' });
    expect(badPhone.text).toContain('Số điện thoại &quot;12345&quot; không hợp lệ');
    expect(await db().staff.count()).toBe(count);
  });

  it('a school admin cannot add people to another school or office accounts', async () => {
    const count = await db().staff.count();
    const nq = await schoolId(db(), 'THCS-NQ');
    const unit = await db().orgUnit.findFirstOrThrow({ where: { kind: 'SUPERVISING' } });
    expect((await p.admin.post('/staff/new', { place: `s:${nq}`, code: 'NQ-X', fullName: 'Người lạ' })).status).toBe(403);
    expect((await p.admin.post('/staff/new', { place: `u:${unit.id}`, code: 'PLC-X', fullName: 'Tài khoản lạ' })).status).toBe(403);
    expect((await p.admin.get('/staff/new')).text).not.toContain(`value="u:`);
    expect(await db().staff.count()).toBe(count);
  });

  it('a school admin edits a person of their school; the audit keeps before and after', async () => {
    const id = await staffId(db(), 'THCS-TP-016');
    const flash = await flashAfter(p.admin, await p.admin.post(`/staff/${id}`, { code: 'THCS-TP-016', fullName: 'Nguyễn Văn Mới', phone: '84 912 999 002', email: '', subjects: 'Tin học' }));
    expect(flash).toBe('Đã lưu thông tin.');
    const staff = await db().staff.findUniqueOrThrow({ where: { id } });
    expect(staff).toMatchObject({ phone: '0912999002', email: null, subjects: '["Tin học"]' });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'staff.update', entityId: String(id) } });
    expect(JSON.parse(audit.details)).toMatchObject({ before: { phone: '0912999001' }, after: { phone: '0912999002' } });
    const taken = await flashAfter(p.admin, await p.admin.post(`/staff/${id}`, { code: 'THCS-TP-004', fullName: 'Nguyễn Văn Mới' }));
    expect(taken).toBe('Mã cán bộ THCS-TP-004 đang thuộc "Phạm Minh Tuấn" (mã THCS-TP-004). Mỗi người có một mã và một số điện thoại riêng.');
    expect((await db().staff.findUniqueOrThrow({ where: { id } })).code).toBe('THCS-TP-016');
  });

  it('a name with markup is shown as text in the list and on the record', async () => {
    const id = await staffId(db(), 'THCS-TP-016');
    await p.admin.post(`/staff/${id}`, { code: 'THCS-TP-016', fullName: '<script>alert("gv")</script> Mới', phone: '0912999002' });
    expect((await db().staff.findUniqueOrThrow({ where: { id } })).fullName).toBe('<script>alert("gv")</script> Mới');
    for (const path of ['/staff', `/staff/${id}`, `/staff?q=${encodeURIComponent('moi')}`]) {
      const page = await p.admin.get(path);
      expect(page.text, path).toContain('&lt;script&gt;alert(&quot;gv&quot;)&lt;/script&gt; Mới');
      expect(page.text, path).not.toContain('<script>alert');
    }
    await p.admin.post(`/staff/${id}`, { code: 'THCS-TP-016', fullName: 'Nguyễn Văn Mới', phone: '0912999002' });
  });
});

describe('roles', () => {
  it('a school admin gives teaching and heads’ roles in their school with the roster’s scope key, and takes them away; board roles are the hotline’s', async () => {
    const id = await staffId(db(), 'THCS-TP-016');
    const maths = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    const tin = maths.subgroups.find((s) => s.subject === 'Tin học')!;
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'TEACHER', place: `s:${tin.id}` }))).toBe('Đã thêm vai trò.');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'GROUP_HEAD', place: `s:${tin.id}` }))).toBe('Đã thêm vai trò.');
    expect((await p.admin.post(`/staff/${id}/roles`, { role: 'VICE_PRINCIPAL', place: '' })).status).toBe(403);
    expect(await db().auditLog.count({ where: { action: 'role.add', entityId: String(id), actor: 'web:thcs-tp-007' } })).toBe(2);

    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'TEACHER', place: `s:${tin.id}` }))).toContain('đã có vai trò "Giáo viên" ở đúng nơi này');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'SUBGROUP_HEAD', place: `g:${maths.id}` }))).toBe('Nhóm trưởng cần chọn nhóm chuyên môn.');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'TEACHER', place: '' }))).toBe('Giáo viên cần chọn tổ hoặc nhóm chuyên môn.');
    expect(await db().roleAssignment.count({ where: { staffId: id } })).toBe(2);

    // Board roles are the hotline's to give.
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/roles`, { role: 'VICE_PRINCIPAL', place: '' }))).toBe('Đã thêm vai trò.');
    const roles = await db().roleAssignment.findMany({ where: { staffId: id }, orderBy: { id: 'asc' } });
    expect(roles.map((r) => [r.role, r.schoolId, r.groupId, r.subgroupId, r.unitId, r.scopeKey])).toEqual([
      ['TEACHER', tp, maths.id, tin.id, null, `${tp}|${maths.id}|${tin.id}|`],
      ['GROUP_HEAD', tp, maths.id, null, null, `${tp}|${maths.id}||`],
      ['VICE_PRINCIPAL', tp, null, null, null, `${tp}|||`],
    ]);

    const page = await p.admin.get(`/staff/${id}`);
    expect(page.text).toContain('Trường THCS Trần Phú › Tổ Toán – Tin › Nhóm Tin học');
    // A vice-principal is now the hotline's to manage: the school admin can neither take the role away nor touch the person.
    expect((await p.admin.post(`/staff/${id}/roles/${roles[2]!.id}/delete`, {})).status).toBe(403);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/roles/${roles[2]!.id}/delete`, {}))).toBe('Đã bỏ vai trò.');
    expect(await db().roleAssignment.findUnique({ where: { id: roles[2]!.id } })).toBeNull();
    const removal = await db().auditLog.findFirstOrThrow({ where: { action: 'role.remove', entityId: String(id) } });
    expect(JSON.parse(removal.details)).toMatchObject({ role: 'VICE_PRINCIPAL', schoolId: tp });
  });

  it('a school admin cannot give office roles, roles in another school’s groups, or take away their own admin role', async () => {
    const id = await staffId(db(), 'THCS-TP-016');
    const self = await staffId(db(), 'THCS-TP-007');
    const before = await staffSnapshot();
    for (const role of ['HOTLINE_ADMIN', 'UNIT_ACCOUNT', 'DIVISION_SPECIALIST', 'DIVISION_LEADER', 'DEPARTMENT_DIRECTOR']) {
      expect((await p.admin.post(`/staff/${id}/roles`, { role, place: '', subjects: 'Toán' })).status, role).toBe(403);
    }
    const foreignGroup = await groupOf(db(), 'THCS-NQ', 'Tổ Toán – Tin');
    for (const place of [`g:${foreignGroup.id}`, `s:${foreignGroup.subgroups[0]!.id}`]) {
      const flash = await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'TEACHER', place }));
      expect(flash).toContain('không thuộc trường của người này');
    }
    const adminRole = await db().roleAssignment.findFirstOrThrow({ where: { staffId: self, role: 'SCHOOL_ADMIN' } });
    expect((await p.admin.post(`/staff/${self}/roles/${adminRole.id}/delete`, {})).status).toBe(403);
    expect((await p.admin.post(`/staff/${self}/active`, { active: '0' })).status).toBe(403);
    expect(await staffSnapshot()).toEqual(before);
  });

  it('a role given on the web is the role a later roster import recognises: no duplicate, nothing removed', async () => {
    const id = await staffId(db(), 'THCS-TP-004');
    const original = await db().roleAssignment.findFirstOrThrow({ where: { staffId: id, role: 'TEACHER' } });
    await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles/${original.id}/delete`, {}));
    expect(await db().roleAssignment.count({ where: { staffId: id } })).toBe(0);
    await flashAfter(p.admin, await p.admin.post(`/staff/${id}/roles`, { role: 'TEACHER', place: `s:${original.subgroupId}` }));
    const again = await db().roleAssignment.findFirstOrThrow({ where: { staffId: id, role: 'TEACHER' } });
    expect(again.scopeKey).toBe(original.scopeKey);

    const result = await reimportDemoRoster();
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.changes.roles).toEqual({ created: 0, updated: 0, removed: 0 });
    expect(await db().roleAssignment.findMany({ where: { staffId: id } })).toEqual([again]);
  });

  it('the hotline makes an office account, gives it a Division role with subjects, and edits office accounts a school admin cannot touch', async () => {
    const division = await db().orgUnit.findUniqueOrThrow({ where: { code: 'GDTRH' } });
    const res = await p.hotline.post('/staff/new', { place: `u:${division.id}`, code: 'GDTRH-04', fullName: 'Chuyên viên Lí Hóa', phone: '0703 000 111' });
    expect(res.status).toBe(303);
    const staff = await db().staff.findUniqueOrThrow({ where: { code: 'GDTRH-04' } });
    expect(staff).toMatchObject({ unitId: division.id, schoolId: null, phone: '0703000111' });
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${staff.id}/roles`, { role: 'DIVISION_SPECIALIST', subjects: '' }))).toBe('Chuyên viên bộ môn cần ít nhất một môn phụ trách.');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${staff.id}/roles`, { role: 'DIVISION_SPECIALIST', subjects: 'Vật lí; Hóa học; vật lí' }))).toBe('Đã thêm vai trò.');
    const role = await db().roleAssignment.findFirstOrThrow({ where: { staffId: staff.id } });
    expect(role).toMatchObject({ role: 'DIVISION_SPECIALIST', schoolId: null, unitId: division.id, scopeKey: `|||${division.id}`, subjects: '["Vật lí","Hóa học"]' });
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${staff.id}/roles`, { role: 'TEACHER', place: '' }))).toBe('Vai trò trong trường chỉ dành cho người thuộc một trường.');

    const ward = await staffId(db(), 'PLC-01');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${ward}`, { code: 'PLC-01', fullName: 'Tài khoản phường Lê Chân', phone: '0862352998' }))).toBe('Đã lưu thông tin.');
    expect((await db().staff.findUniqueOrThrow({ where: { id: ward } })).fullName).toBe('Tài khoản phường Lê Chân');
    expect((await p.admin.get(`/staff/${staff.id}`)).status).toBe(404);
    expect((await p.admin.post(`/staff/${ward}`, { code: 'PLC-01', fullName: 'Đổi' })).status).toBe(403);
  });
});

describe('the hotline', () => {
  it('manages the people of any school: record, roles, web account, deactivation', async () => {
    const id = await staffId(db(), 'THCS-NQ-009');
    expect((await p.hotline.get(`/staff/${id}`)).status).toBe(200);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}`, { code: 'THCS-NQ-009', fullName: 'Phạm Thị Quỳnh', phone: '0382 348 759', subjects: 'Ngữ văn; Lịch sử' }))).toBe('Đã lưu thông tin.');
    expect(await db().staff.findUniqueOrThrow({ where: { id } })).toMatchObject({ phone: '0382348759', subjects: '["Ngữ văn","Lịch sử"]' });
    const languages = await groupOf(db(), 'THCS-NQ', 'Tổ Ngữ văn – Ngoại ngữ');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/roles`, { role: 'GROUP_HEAD', place: `g:${languages.id}` }))).toBe('Đã thêm vai trò.');
    const nq = await schoolId(db(), 'THCS-NQ');
    expect(await db().roleAssignment.findFirst({ where: { staffId: id, role: 'GROUP_HEAD' } })).toMatchObject({ schoolId: nq, groupId: languages.id, scopeKey: `${nq}|${languages.id}||` });

    const created = await p.hotline.post(`/staff/${id}/account`, { username: 'quynh.nq' });
    expect(created.status).toBe(200);
    expect(created.text).toContain('quynh.nq');
    expect(await db().webAccount.findUniqueOrThrow({ where: { staffId: id } })).toMatchObject({ username: 'quynh.nq', mustChangePassword: true });
    const reset = await p.hotline.post(`/staff/${id}/account/reset`, {});
    expect(reset.status).toBe(200);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/account/active`, { active: '0' }))).toContain('Đã khóa');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/active`, { active: '0' }))).toContain('Đã ngừng hoạt động');
    expect((await db().staff.findUniqueOrThrow({ where: { id } })).active).toBe(false);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/staff/${id}/active`, { active: '1' }))).toContain('Đã kích hoạt lại');
    expect((await db().staff.findUniqueOrThrow({ where: { id } })).active).toBe(true);
    expect(await db().auditLog.count({ where: { actor: 'web:sgd-hl1', OR: [{ entityType: 'Staff', entityId: String(id) }, { entityType: 'WebAccount' }] } })).toBeGreaterThanOrEqual(7);
  });
});

describe('web accounts', () => {
  it('a created account shows its temporary password once, signs in with it and must change it first', async () => {
    const id = await staffId(db(), 'THCS-TP-016');
    const res = await p.admin.post(`/staff/${id}/account`, { username: '' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const password = /id="temporary-password">([a-z0-9-]+)</.exec(res.text)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(res.text).toContain('thcs-tp-016');
    expect(res.headers.getSetCookie().join(';')).not.toContain(password!);
    const account = await db().webAccount.findUniqueOrThrow({ where: { staffId: id } });
    expect(account).toMatchObject({ username: 'thcs-tp-016', mustChangePassword: true, active: true });
    expect(await db().auditLog.count({ where: { action: 'web-account.create', entityId: String(account.id), actor: 'web:thcs-tp-007' } })).toBe(1);
    const profile = await p.admin.get(`/staff/${id}`);
    expect(profile.text).not.toContain(password!);
    expect(profile.text).toContain('Chưa đổi mật khẩu tạm');

    const newcomer = new WebClient(base);
    const landing = await newcomer.signIn('thcs-tp-016', password!);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('hãy đặt mật khẩu của riêng thầy/cô');
    expect((await newcomer.get('/staff')).location).toBe('/password');

    const twice = await flashAfter(p.admin, await p.admin.post(`/staff/${id}/account`, { username: 'khac' }));
    expect(twice).toContain('đã có tài khoản "thcs-tp-016"');
    const taken = await staffId(db(), 'THCS-TP-009');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${taken}/account`, { username: 'THCS-TP-016' }))).toBe('Tên đăng nhập "thcs-tp-016" đã có người dùng.');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${taken}/account`, { username: 'x y' }))).toContain('Tên đăng nhập gồm 3–40 ký tự');
    expect(await db().webAccount.findUnique({ where: { staffId: taken } })).toBeNull();
  });

  it('resetting the password signs the person out and only the new one works; disabling stops sign-in', async () => {
    const id = await staffId(db(), 'THCS-TP-004');
    const teacherAccount = await db().webAccount.findUniqueOrThrow({ where: { staffId: id } });
    expect((await p.teacher.get('/password')).status).toBe(200);
    const res = await p.admin.post(`/staff/${id}/account/reset`, {});
    expect(res.status).toBe(200);
    const password = /id="temporary-password">([a-z0-9-]+)</.exec(res.text)![1]!;
    expect(await db().webSession.count({ where: { accountId: teacherAccount.id } })).toBe(0);
    expect((await p.teacher.get('/password')).status).toBe(303);
    expect((await new WebClient(base).signIn('thcs-tp-004', TEST_PASSWORD)).status).toBe(401);
    const fresh = new WebClient(base);
    expect((await fresh.signIn('thcs-tp-004', password)).text).toContain('Đổi mật khẩu');
    expect((await db().webAccount.findUniqueOrThrow({ where: { id: teacherAccount.id } })).mustChangePassword).toBe(true);

    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${id}/account/active`, { active: '0' }))).toContain('Đã khóa tài khoản web');
    expect((await db().webAccount.findUniqueOrThrow({ where: { id: teacherAccount.id } })).active).toBe(false);
    expect(await db().webSession.count({ where: { accountId: teacherAccount.id } })).toBe(0);
    expect((await new WebClient(base).signIn('thcs-tp-004', password)).status).toBe(401);
  });

  it('nobody handles their own account from the staff pages', async () => {
    const self = await staffId(db(), 'THCS-TP-007');
    const before = await staffSnapshot();
    expect((await p.admin.post(`/staff/${self}/account/reset`, {})).status).toBe(403);
    expect((await p.admin.post(`/staff/${self}/account/active`, { active: '0' })).status).toBe(403);
    expect((await p.admin.get(`/staff/${self}`)).text).toContain('Đây là tài khoản của bạn');
    expect(await staffSnapshot()).toEqual(before);
  });

  it('forms without the session’s CSRF token are refused and change nothing', async () => {
    const id = await staffId(db(), 'THCS-TP-009');
    const before = await staffSnapshot();
    expect((await p.admin.post(`/staff/${id}`, { _csrf: 'forged', code: 'THCS-TP-009', fullName: 'Giả mạo' })).status).toBe(403);
    expect((await p.admin.request('POST', `/staff/${id}/account`, new URLSearchParams({ username: 'gia-mao' }))).status).toBe(403);
    expect((await p.hotline.post(`/staff/${id}/active`, { _csrf: p.admin.csrf, active: '0' })).status).toBe(403);
    expect(await staffSnapshot()).toEqual(before);
  });
});

describe('the school’s board (issue 17)', () => {
  it('a school admin cannot make themselves principal, nor reset, re-phone, re-link or rename the principal; nothing changes', async () => {
    const self = await staffId(db(), 'THCS-TP-007');
    const principal = await staffId(db(), 'THCS-TP-001');
    const before = await staffSnapshot();
    const codes = await db().linkCode.count();
    const outbox = await db().outboxMessage.count();
    for (const role of ['PRINCIPAL', 'VICE_PRINCIPAL', 'SCHOOL_ADMIN']) {
      const res = await p.admin.post(`/staff/${self}/roles`, { role, place: '' });
      expect(res.status, role).toBe(403);
      expect(res.text, role).toMatch(/tổ hỗ trợ của Sở/i);
    }
    const reset = await p.admin.post(`/staff/${principal}/account/reset`, {});
    expect(reset.status).toBe(403);
    expect(reset.text).not.toMatch(/Mật khẩu tạm thời/i);
    expect((await p.admin.post(`/staff/${principal}`, { code: 'THCS-TP-001', fullName: 'Hiệu trưởng', phone: '0912000111' })).status).toBe(403);
    expect((await p.admin.post(`/staff/${principal}/account/active`, { active: '0' })).status).toBe(403);
    expect([403, 404]).toContain((await p.admin.post('/links/codes', { staffId: String(principal) })).status);
    expect(await staffSnapshot()).toEqual(before);
    expect(await db().linkCode.count()).toBe(codes);
    expect(await db().outboxMessage.count()).toBe(outbox);
    // The page says who can help instead of showing forms that would be refused.
    const page = await p.admin.get(`/staff/${principal}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`action="/staff/${principal}/account/reset"`);
  });

  it('every role change, password reset and new link code is told to the person in their chat', async () => {
    const principal = await db().staff.findUniqueOrThrow({ where: { code: 'THCS-TP-001' } });
    const teacher = await db().staff.findUniqueOrThrow({ where: { code: 'THCS-TP-012' } });
    for (const [i, s] of [principal, teacher].entries()) {
      await db().chatIdentity.create({ data: { channel: 'TELEGRAM', externalUserId: `board-${i}`, chatId: `board-${i}`, staffId: s.id } });
    }
    const told = async (chatId: string) => (await db().outboxMessage.findMany({ where: { chatId }, orderBy: { id: 'asc' } })).map((m) => (JSON.parse(m.payload) as { text: string }).text);

    expect((await p.hotline.post(`/staff/${principal.id}/account/reset`, {})).status).toBe(200);
    const maths = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${teacher.id}/roles`, { role: 'GROUP_HEAD', place: `g:${maths.id}` }))).toBe('Đã thêm vai trò.');
    const added = await db().roleAssignment.findFirstOrThrow({ where: { staffId: teacher.id, role: 'GROUP_HEAD' } });
    expect(await flashAfter(p.admin, await p.admin.post(`/staff/${teacher.id}/roles/${added.id}/delete`, {}))).toBe('Đã bỏ vai trò.');
    expect((await p.admin.post('/links/codes', { staffId: String(teacher.id) })).status).toBe(200);

    const toPrincipal = await told('board-0');
    expect(toPrincipal).toHaveLength(1);
    expect(toPrincipal[0]).toMatch(/Mật khẩu trang quản trị web của thầy\/cô vừa được cấp lại[\s\S]*Người thực hiện: .+[\s\S]*tổ hỗ trợ/);
    const toTeacher = await told('board-1');
    expect(toTeacher).toHaveLength(3);
    expect(toTeacher[0]).toContain('Vai trò của thầy/cô vừa được thay đổi: thêm vai trò "Tổ trưởng chuyên môn" (Tổ Toán – Tin, Trường THCS Trần Phú)');
    expect(toTeacher[1]).toContain('Vai trò của thầy/cô vừa được thay đổi: bỏ vai trò "Tổ trưởng chuyên môn"');
    expect(toTeacher[2]).toContain('Một mã liên kết chat mới vừa được cấp cho thầy/cô');
    for (const text of toTeacher) expect(text).toContain('Người thực hiện: ');
  });
});
