// The organisation pages over real HTTP: supervising units, schools, groups and sub-groups.
// Who may open and change what (hotline everything, a school admin their own school, nobody
// else), IDOR sweeps over other schools' ids, CSRF, escaping, and that deactivating and
// moving keep plans and the audit trail. Every change is checked in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';
import { filePlan, flashAfter, foreignIds, groupOf, schoolId, signInPeople, staffId, type People } from './management-fixture.js';

let h: WebHarness;
let p: People;
let tp: number;

beforeAll(async () => {
  h = await startWebHarness();
  p = await signInPeople(h);
  tp = await schoolId(h.product.db, 'THCS-TP');
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.product.db;

/** Everything of the tree that a refused request must leave as it was. */
async function treeSnapshot() {
  const [units, schools, groups, subgroups, roles] = await Promise.all([
    db().orgUnit.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, typeLabel: true, active: true } }),
    db().school.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, level: true, supervisingUnitId: true, active: true } }),
    db().group.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, schoolId: true, active: true } }),
    db().subgroup.findMany({ orderBy: { id: 'asc' }, select: { id: true, name: true, subject: true, groupId: true, active: true } }),
    db().roleAssignment.findMany({ orderBy: { id: 'asc' }, select: { id: true, schoolId: true, groupId: true, scopeKey: true } }),
  ]);
  return { units, schools, groups, subgroups, roles };
}

describe('who may open the organisation pages', () => {
  it('a teacher, a principal and a ward unit account get 403 on every page and form, and nothing changes', async () => {
    const group = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    const unit = await db().orgUnit.findFirstOrThrow({ where: { kind: 'SUPERVISING' } });
    const before = await treeSnapshot();
    for (const client of [p.teacher, p.principal, p.unit]) {
      for (const path of ['/org', '/org/units/new', `/org/units/${unit.id}`, '/org/schools/new', `/org/schools/${tp}`, `/org/groups/${group.id}`]) {
        expect((await client.get(path)).status, path).toBe(403);
      }
      const posts: Array<[string, Record<string, string>]> = [
        ['/org/units/new', { name: 'Phòng GDĐT lạ' }],
        [`/org/units/${unit.id}`, { name: 'Đổi tên' }],
        [`/org/units/${unit.id}/active`, { active: '0' }],
        ['/org/schools/new', { code: 'LA', name: 'Trường lạ', level: 'THCS', supervisingUnitId: String(unit.id) }],
        [`/org/schools/${tp}`, { name: 'Đổi tên', level: 'THPT' }],
        [`/org/schools/${tp}/move`, { supervisingUnitId: String(unit.id) }],
        [`/org/schools/${tp}/active`, { active: '0', confirm: '1' }],
        [`/org/schools/${tp}/groups`, { name: 'Tổ lạ' }],
        [`/org/groups/${group.id}`, { name: 'Tổ đổi tên' }],
        [`/org/groups/${group.id}/active`, { active: '0' }],
        [`/org/groups/${group.id}/subgroups`, { subject: 'Môn lạ' }],
        [`/org/subgroups/${group.subgroups[0]!.id}`, { subject: 'Môn lạ' }],
        [`/org/subgroups/${group.subgroups[0]!.id}/active`, { active: '0' }],
      ];
      for (const [path, fields] of posts) expect((await client.post(path, fields)).status, path).toBe(403);
    }
    expect(await treeSnapshot()).toEqual(before);
  });

  it('the navigation offers the section to managers only', async () => {
    expect((await p.hotline.get('/org')).text).toContain('href="/org"');
    expect((await p.admin.get('/org')).text).toContain('href="/org"');
    const teacherPage = await p.teacher.get('/password');
    expect(teacherPage.text).not.toContain('href="/org"');
  });

  it('the hotline sees every supervising unit and every school, with active groups and people counted', async () => {
    const page = await p.hotline.get('/org');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Thêm đơn vị');
    expect(page.text).toContain('UBND phường Lê Chân');
    expect(page.text).toContain('Phòng Giáo dục trung học');
    for (const school of await db().school.findMany()) {
      const groups = await db().group.count({ where: { schoolId: school.id, active: true } });
      const staff = await db().staff.count({ where: { schoolId: school.id, active: true } });
      expect(page.text).toMatch(new RegExp(`>${school.name}</a>[\\s\\S]*?<td class="num"[^>]*>${groups}</td><td class="num"[^>]*>${staff}</td>`));
    }
  });

  it('a school admin sees only their school, and none of the hotline pages', async () => {
    const page = await p.admin.get('/org');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Trường THCS Trần Phú');
    for (const other of ['Trường THCS Ngô Quyền', 'Trường THPT Thái Phiên', 'Nguyễn Bỉnh Khiêm']) expect(page.text).not.toContain(other);
    expect(page.text).not.toContain('Thêm đơn vị');
    expect(page.text).not.toContain('Thêm trường');
    const unit = await db().orgUnit.findFirstOrThrow({ where: { kind: 'SUPERVISING' } });
    for (const path of ['/org/units/new', `/org/units/${unit.id}`, '/org/schools/new']) expect((await p.admin.get(path)).status, path).toBe(403);
    const school = await p.admin.get(`/org/schools/${tp}`);
    expect(school.status).toBe(200);
    expect(school.text).toContain('Thêm tổ');
    expect(school.text).not.toContain('Chuyển sang đơn vị quản lý khác');
    expect(school.text).not.toContain('Ngừng hoạt động trường');
  });

  it('searching schools ignores diacritics', async () => {
    const page = await p.hotline.get(`/org?q=${encodeURIComponent('tran phu')}`);
    expect(page.text).toContain('Trường THCS Trần Phú');
    expect(page.text).not.toContain('Trường THCS Ngô Quyền');
  });
});

describe('supervising units (hotline team)', () => {
  it('the hotline creates a unit whose code is made from its name like the roster import; a twin is explained', async () => {
    const res = await p.hotline.post('/org/units/new', { name: 'Phòng GDĐT quận Hồng Bàng', typeLabel: 'Phòng GDĐT quận' });
    expect(res.status).toBe(303);
    const unit = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    expect(res.location).toBe(`/org/units/${unit.id}`);
    const department = await db().orgUnit.findUniqueOrThrow({ where: { code: 'SGDDT' } });
    expect(unit).toMatchObject({ name: 'Phòng GDĐT quận Hồng Bàng', typeLabel: 'Phòng GDĐT quận', kind: 'SUPERVISING', parentId: department.id, active: true });
    expect(await db().auditLog.count({ where: { action: 'unit.create', entityId: String(unit.id), actor: 'web:sgd-hl1' } })).toBe(1);

    const twin = await p.hotline.post('/org/units/new', { name: 'phòng gdđt QUẬN Hồng Bàng', typeLabel: '' });
    expect(twin.status).toBe(400);
    expect(twin.text).toContain('Đã có đơn vị &quot;Phòng GDĐT quận Hồng Bàng&quot;');
    expect(twin.text).toContain('value="phòng gdđt QUẬN Hồng Bàng"');
    expect(await db().orgUnit.count({ where: { name: { contains: 'Hồng Bàng' } } })).toBe(1);
  });

  it('the hotline renames a unit; a school admin cannot, nor create one', async () => {
    const unit = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    const flash = await flashAfter(p.hotline, await p.hotline.post(`/org/units/${unit.id}`, { name: 'Phòng GDĐT quận Hồng Bàng (mới)', typeLabel: 'Phòng GDĐT' }));
    expect(flash).toBe('Đã lưu đơn vị.');
    expect(await db().orgUnit.findUniqueOrThrow({ where: { id: unit.id } })).toMatchObject({ name: 'Phòng GDĐT quận Hồng Bàng (mới)', typeLabel: 'Phòng GDĐT', code: unit.code });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'unit.update', entityId: String(unit.id) } });
    expect(JSON.parse(audit.details)).toMatchObject({ before: { name: 'Phòng GDĐT quận Hồng Bàng' }, after: { name: 'Phòng GDĐT quận Hồng Bàng (mới)' } });

    const before = await treeSnapshot();
    expect((await p.admin.post(`/org/units/${unit.id}`, { name: 'Của tôi' })).status).toBe(403);
    expect((await p.admin.post(`/org/units/${unit.id}/active`, { active: '0' })).status).toBe(403);
    expect((await p.admin.post('/org/units/new', { name: 'Phòng GDĐT của tôi' })).status).toBe(403);
    expect(await treeSnapshot()).toEqual(before);
  });

  it('a unit that still supervises active schools cannot be deactivated; an empty one can, is greyed, leaves the pickers and comes back', async () => {
    const ward = await db().orgUnit.findUniqueOrThrow({ where: { code: 'UBND-PHUONG-LE-CHAN' } });
    const refused = await flashAfter(p.hotline, await p.hotline.post(`/org/units/${ward.id}/active`, { active: '0' }));
    expect(refused).toContain('Đơn vị còn quản lý trường đang hoạt động');
    expect(refused).toContain('Trường THCS Trần Phú');
    expect((await db().orgUnit.findUniqueOrThrow({ where: { id: ward.id } })).active).toBe(true);

    const unit = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/units/${unit.id}/active`, { active: '0' }))).toBe('Đã ngừng hoạt động đơn vị.');
    expect((await db().orgUnit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(false);
    expect(await db().auditLog.count({ where: { action: 'unit.deactivate', entityId: String(unit.id) } })).toBe(1);
    const list = await p.hotline.get('/org');
    expect(list.text).toMatch(/Hồng Bàng \(mới\)<\/a> <span class="badge">Ngừng hoạt động<\/span>/);
    const picker = await p.hotline.get('/org/schools/new');
    expect(picker.text).not.toContain('Hồng Bàng');
    const page = await p.hotline.get(`/org/units/${unit.id}`);
    expect(page.text).toContain('Kích hoạt lại đơn vị');

    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/units/${unit.id}/active`, { active: '1' }))).toBe('Đã kích hoạt lại đơn vị.');
    expect((await db().orgUnit.findUniqueOrThrow({ where: { id: unit.id } })).active).toBe(true);
  });

  it('a unit name with markup is shown as text', async () => {
    const res = await p.hotline.post('/org/units/new', { name: 'UBND xã <script>alert(1)</script>', typeLabel: '<b>x</b>' });
    expect(res.status).toBe(303);
    const page = await p.hotline.follow(res);
    expect(page.text).toContain('UBND xã &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<b>x</b>');
    expect((await p.hotline.get('/org')).text).not.toContain('<script>alert(1)');
  });
});

describe('schools', () => {
  it('the hotline creates a school; a duplicate code is explained; a school admin cannot create one', async () => {
    const unit = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    const res = await p.hotline.post('/org/schools/new', { code: 'thpt-hb', name: 'Trường THPT Hồng Bàng', level: 'THPT', supervisingUnitId: String(unit.id) });
    expect(res.status).toBe(303);
    const school = await db().school.findUniqueOrThrow({ where: { code: 'THPT-HB' } });
    expect(school).toMatchObject({ name: 'Trường THPT Hồng Bàng', level: 'THPT', supervisingUnitId: unit.id, active: true });
    expect(res.location).toBe(`/org/schools/${school.id}`);
    expect(await db().auditLog.count({ where: { action: 'school.create', entityId: String(school.id), actor: 'web:sgd-hl1' } })).toBe(1);

    const twin = await p.hotline.post('/org/schools/new', { code: 'THCS-TP', name: 'Trùng mã', level: 'THCS', supervisingUnitId: String(unit.id) });
    expect(twin.status).toBe(400);
    expect(twin.text).toContain('Mã trường THCS-TP đã dùng cho &quot;Trường THCS Trần Phú&quot;');
    const noUnit = await p.hotline.post('/org/schools/new', { code: 'THCS-X', name: 'Trường X', level: 'THCS', supervisingUnitId: '' });
    expect(noUnit.status).toBe(400);
    const count = await db().school.count();
    expect((await p.admin.post('/org/schools/new', { code: 'THCS-Y', name: 'Trường Y', level: 'THCS', supervisingUnitId: String(unit.id) })).status).toBe(403);
    expect(await db().school.count()).toBe(count);
  });

  it('the hotline edits a school’s name and level; a school admin cannot edit, move or deactivate their own school', async () => {
    const school = await db().school.findUniqueOrThrow({ where: { code: 'THPT-HB' } });
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${school.id}`, { name: 'Trường THCS và THPT Hồng Bàng', level: 'MULTI' }))).toBe('Đã lưu thông tin trường.');
    expect(await db().school.findUniqueOrThrow({ where: { id: school.id } })).toMatchObject({ name: 'Trường THCS và THPT Hồng Bàng', level: 'MULTI' });

    const other = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    const before = await treeSnapshot();
    expect((await p.admin.post(`/org/schools/${tp}`, { name: 'Trường của tôi', level: 'THPT' })).status).toBe(403);
    expect((await p.admin.post(`/org/schools/${tp}/move`, { supervisingUnitId: String(other.id) })).status).toBe(403);
    expect((await p.admin.post(`/org/schools/${tp}/active`, { active: '0', confirm: '1' })).status).toBe(403);
    expect(await treeSnapshot()).toEqual(before);
  });

  it('moving a school to another unit keeps its plans; the new unit supervises it from then on', async () => {
    const nq = await schoolId(db(), 'THCS-NQ');
    const planId = await filePlan(db(), 'THCS-NQ-004', 'Bài 1: Số hữu tỉ');
    const plansBefore = await db().plan.findMany({ where: { schoolId: nq }, orderBy: { id: 'asc' } });
    const from = (await db().school.findUniqueOrThrow({ where: { id: nq } })).supervisingUnitId;
    const to = await db().orgUnit.findUniqueOrThrow({ where: { code: 'PHONG-GDDT-QUAN-HONG-BANG' } });
    const page = await p.hotline.get(`/org/schools/${nq}`);
    expect(page.text).toContain('Hồ sơ đã nộp vẫn thuộc trường này');

    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nq}/move`, { supervisingUnitId: String(to.id) }))).toContain('Hồ sơ đã nộp vẫn thuộc trường');
    expect((await db().school.findUniqueOrThrow({ where: { id: nq } })).supervisingUnitId).toBe(to.id);
    expect(await db().plan.findMany({ where: { schoolId: nq }, orderBy: { id: 'asc' } })).toEqual(plansBefore);
    expect(plansBefore.map((x) => x.id)).toContain(planId);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'school.move', entityId: String(nq) } });
    expect(JSON.parse(audit.details)).toEqual({ fromUnitId: from, toUnitId: to.id });

    // An inactive unit is not a valid destination, whatever the form says.
    await db().orgUnit.update({ where: { id: from }, data: { active: false } });
    const refused = await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nq}/move`, { supervisingUnitId: String(from) }));
    expect(refused).toContain('đơn vị quản lý đang hoạt động');
    expect((await db().school.findUniqueOrThrow({ where: { id: nq } })).supervisingUnitId).toBe(to.id);
    await db().orgUnit.update({ where: { id: from }, data: { active: true } });
    await p.hotline.post(`/org/schools/${nq}/move`, { supervisingUnitId: String(from) });
    expect((await db().school.findUniqueOrThrow({ where: { id: nq } })).supervisingUnitId).toBe(from);
  });

  it('deactivating a school asks for confirmation, then takes its people with it and keeps plans and audit rows', async () => {
    const nbk = await schoolId(db(), 'PT-NBK');
    const planId = await filePlan(db(), 'PT-NBK-004', 'Bài 2: Tập hợp');
    const teacher = new WebClient(`http://127.0.0.1:${h.product.port}`);
    await teacher.signIn(await giveWebAccount(db(), 'PT-NBK-004'));
    expect((await teacher.get('/password')).status).toBe(200);
    const auditBefore = await db().auditLog.count();

    const unconfirmed = await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nbk}/active`, { active: '0' }));
    expect(unconfirmed).toContain('Hãy đánh dấu ô xác nhận');
    expect((await db().school.findUniqueOrThrow({ where: { id: nbk } })).active).toBe(true);

    const people = await db().staff.count({ where: { schoolId: nbk, active: true } });
    const done = await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nbk}/active`, { active: '0', confirm: '1' }));
    expect(done).toBe(`Đã ngừng hoạt động trường và ${people} cán bộ của trường.`);
    expect((await db().school.findUniqueOrThrow({ where: { id: nbk } })).active).toBe(false);
    expect(await db().staff.count({ where: { schoolId: nbk, active: true } })).toBe(0);
    const account = await db().webAccount.findFirstOrThrow({ where: { staff: { code: 'PT-NBK-004' } } });
    expect(account.active).toBe(false);
    expect(await db().webSession.count({ where: { accountId: account.id } })).toBe(0);
    expect((await teacher.get('/password')).status).toBe(303);
    expect(await db().plan.findUnique({ where: { id: planId } })).not.toBeNull();
    expect(await db().auditLog.count()).toBeGreaterThan(auditBefore);
    expect(await db().auditLog.count({ where: { action: 'staff.deactivate', details: { contains: `school:${nbk}` } } })).toBe(people);

    const list = await p.hotline.get('/org');
    expect(list.text).toMatch(/Nguyễn Bỉnh Khiêm<\/a> <span class="badge">Ngừng hoạt động<\/span>/);
    expect((await p.hotline.get('/staff/new')).text).not.toContain('Nguyễn Bỉnh Khiêm');

    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nbk}/active`, { active: '1' }))).toBe('Đã kích hoạt lại trường.');
    expect((await db().school.findUniqueOrThrow({ where: { id: nbk } })).active).toBe(true);
    // People come back one by one (or by a roster import), not by themselves.
    expect(await db().staff.count({ where: { schoolId: nbk, active: true } })).toBe(0);
  });
});

describe('groups and sub-groups', () => {
  it('a school admin adds a group to their school; a twin name (without diacritics) is explained', async () => {
    expect(await flashAfter(p.admin, await p.admin.post(`/org/schools/${tp}/groups`, { name: 'Tổ Ngoại ngữ' }))).toBe('Đã thêm tổ.');
    const group = await groupOf(db(), 'THCS-TP', 'Tổ Ngoại ngữ');
    expect(group.active).toBe(true);
    expect(await db().auditLog.count({ where: { action: 'group.create', entityId: String(group.id), actor: 'web:thcs-tp-007' } })).toBe(1);

    const twin = await flashAfter(p.admin, await p.admin.post(`/org/schools/${tp}/groups`, { name: 'to toan - TIN' }));
    expect(twin).toBe('Trường đã có "Tổ Toán – Tin".');
    expect(await db().group.count({ where: { schoolId: tp } })).toBe(4);
  });

  it('a school admin renames a group and adds, edits and moves a sub-group; the people of a moved sub-group follow it, their plans stay', async () => {
    const languages = await groupOf(db(), 'THCS-TP', 'Tổ Ngữ văn – Ngoại ngữ');
    const english = languages.subgroups.find((s) => s.subject === 'Tiếng Anh')!;
    const target = await groupOf(db(), 'THCS-TP', 'Tổ Ngoại ngữ');
    const planId = await filePlan(db(), 'THCS-TP-012', 'Unit 1: My new school');

    expect(await flashAfter(p.admin, await p.admin.post(`/org/groups/${target.id}`, { name: 'Tổ Tiếng Anh – Ngoại ngữ' }))).toBe('Đã đổi tên tổ.');
    expect((await db().group.findUniqueOrThrow({ where: { id: target.id } })).name).toBe('Tổ Tiếng Anh – Ngoại ngữ');

    expect(await flashAfter(p.admin, await p.admin.post(`/org/groups/${target.id}/subgroups`, { subject: 'Tiếng Pháp', name: '' }))).toBe('Đã thêm nhóm.');
    const french = await db().subgroup.findFirstOrThrow({ where: { groupId: target.id, subject: 'Tiếng Pháp' } });
    expect(french.name).toBe('Nhóm Tiếng Pháp');
    expect(await flashAfter(p.admin, await p.admin.post(`/org/subgroups/${french.id}`, { subject: 'Tiếng Nhật', name: 'Nhóm Nhật ngữ' }))).toBe('Đã lưu nhóm.');
    expect(await db().subgroup.findUniqueOrThrow({ where: { id: french.id } })).toMatchObject({ subject: 'Tiếng Nhật', name: 'Nhóm Nhật ngữ' });

    const moved = await p.admin.post(`/org/subgroups/${english.id}/move`, { groupId: String(target.id) });
    expect(moved.location).toBe(`/org/groups/${languages.id}#subgroup-${english.id}`);
    expect(await flashAfter(p.admin, moved)).toContain('Hồ sơ đã nộp vẫn ở tổ cũ');
    expect((await db().subgroup.findUniqueOrThrow({ where: { id: english.id } })).groupId).toBe(target.id);
    const roles = await db().roleAssignment.findMany({ where: { subgroupId: english.id } });
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.groupId).toBe(target.id);
      expect(role.scopeKey).toBe(`${tp}|${target.id}|${english.id}|`);
    }
    const plan = await db().plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan).toMatchObject({ schoolId: tp, groupId: languages.id, subgroupId: english.id });
    const groupPage = await p.admin.get(`/org/groups/${target.id}`);
    expect(groupPage.text).toContain('Dương Thị Ngọc Ánh');
  });

  it('a group or sub-group with active people cannot be deactivated; an empty one can, is greyed and hidden from role pickers, and comes back', async () => {
    const maths = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    const refused = await flashAfter(p.admin, await p.admin.post(`/org/groups/${maths.id}/active`, { active: '0' }));
    expect(refused).toMatch(/^Tổ còn \d+ người đang hoạt động \(.*Lê Thị Mai Anh/);
    expect((await db().group.findUniqueOrThrow({ where: { id: maths.id } })).active).toBe(true);
    const toan = maths.subgroups.find((s) => s.subject === 'Toán')!;
    expect(await flashAfter(p.admin, await p.admin.post(`/org/subgroups/${toan.id}/active`, { active: '0' }))).toMatch(/^Nhóm còn \d+ người/);
    expect((await db().subgroup.findUniqueOrThrow({ where: { id: toan.id } })).active).toBe(true);

    const empty = await groupOf(db(), 'THCS-TP', 'Tổ Tiếng Anh – Ngoại ngữ');
    const japanese = empty.subgroups.find((s) => s.subject === 'Tiếng Nhật')!;
    expect(await flashAfter(p.admin, await p.admin.post(`/org/subgroups/${japanese.id}/active`, { active: '0' }))).toBe('Đã ngừng hoạt động nhóm.');
    expect((await db().subgroup.findUniqueOrThrow({ where: { id: japanese.id } })).active).toBe(false);

    // Tiếng Anh people are in this group now: move the sub-group back, then the group is empty.
    const languages = await groupOf(db(), 'THCS-TP', 'Tổ Ngữ văn – Ngoại ngữ');
    const english = empty.subgroups.find((s) => s.subject === 'Tiếng Anh')!;
    await p.admin.post(`/org/subgroups/${english.id}/move`, { groupId: String(languages.id) });
    expect(await flashAfter(p.admin, await p.admin.post(`/org/groups/${empty.id}/active`, { active: '0' }))).toBe('Đã ngừng hoạt động tổ.');
    expect((await db().group.findUniqueOrThrow({ where: { id: empty.id } })).active).toBe(false);
    expect(await db().auditLog.count({ where: { action: 'group.deactivate', entityId: String(empty.id), actor: 'web:thcs-tp-007' } })).toBe(1);

    const school = await p.admin.get(`/org/schools/${tp}`);
    expect(school.text).toMatch(/Tổ Tiếng Anh – Ngoại ngữ<\/a> <span class="badge">Ngừng hoạt động<\/span>/);
    const someone = await staffId(db(), 'THCS-TP-005');
    const profile = await p.admin.get(`/staff/${someone}`);
    expect(profile.text).toContain(`value="g:${maths.id}"`);
    expect(profile.text).not.toContain(`value="g:${empty.id}"`);
    expect(profile.text).not.toContain(`value="s:${japanese.id}"`);

    expect(await flashAfter(p.admin, await p.admin.post(`/org/groups/${empty.id}/active`, { active: '1' }))).toBe('Đã kích hoạt lại tổ.');
    expect((await db().group.findUniqueOrThrow({ where: { id: empty.id } })).active).toBe(true);
  });

  it('the hotline manages the groups and sub-groups of any school', async () => {
    const nq = await schoolId(db(), 'THCS-NQ');
    expect((await p.hotline.get(`/org/schools/${nq}`)).status).toBe(200);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/schools/${nq}/groups`, { name: 'Tổ Nghệ thuật' }))).toBe('Đã thêm tổ.');
    const art = await groupOf(db(), 'THCS-NQ', 'Tổ Nghệ thuật');
    expect((await p.hotline.get(`/org/groups/${art.id}`)).status).toBe(200);
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/groups/${art.id}`, { name: 'Tổ Nghệ thuật – Thể chất' }))).toBe('Đã đổi tên tổ.');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/groups/${art.id}/subgroups`, { subject: 'Âm nhạc' }))).toBe('Đã thêm nhóm.');
    const music = await db().subgroup.findFirstOrThrow({ where: { groupId: art.id } });
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/subgroups/${music.id}`, { subject: 'Âm nhạc', name: 'Nhóm Nhạc' }))).toBe('Đã lưu nhóm.');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/subgroups/${music.id}/active`, { active: '0' }))).toBe('Đã ngừng hoạt động nhóm.');
    expect(await flashAfter(p.hotline, await p.hotline.post(`/org/groups/${art.id}/active`, { active: '0' }))).toBe('Đã ngừng hoạt động tổ.');
    expect(await db().group.findUniqueOrThrow({ where: { id: art.id } })).toMatchObject({ name: 'Tổ Nghệ thuật – Thể chất', schoolId: nq, active: false });
    expect(await db().subgroup.findUniqueOrThrow({ where: { id: music.id } })).toMatchObject({ name: 'Nhóm Nhạc', subject: 'Âm nhạc', active: false });
    expect(await db().auditLog.count({ where: { actor: 'web:sgd-hl1', entityType: { in: ['Group', 'Subgroup'] }, entityId: { in: [String(art.id), String(music.id)] } } })).toBe(6);
  });

  it('a school admin reaches no other school’s school, group or sub-group: 404 to read, 403 to change, nothing changes', async () => {
    const foreign = await foreignIds(db());
    expect(foreign.groups.length).toBeGreaterThan(5);
    const before = await treeSnapshot();
    for (const id of foreign.schools) {
      expect((await p.admin.get(`/org/schools/${id}`)).status, `school ${id}`).toBe(404);
      expect((await p.admin.post(`/org/schools/${id}/groups`, { name: 'Tổ xâm nhập' })).status).toBe(403);
    }
    for (const id of foreign.groups) {
      expect((await p.admin.get(`/org/groups/${id}`)).status, `group ${id}`).toBe(404);
      expect((await p.admin.post(`/org/groups/${id}`, { name: 'Tổ xâm nhập' })).status).toBe(403);
      expect((await p.admin.post(`/org/groups/${id}/active`, { active: '0' })).status).toBe(403);
      expect((await p.admin.post(`/org/groups/${id}/subgroups`, { subject: 'Xâm nhập' })).status).toBe(403);
      expect((await p.admin.post(`/org/groups/${id}/move`, { schoolId: String(tp) })).status).toBe(403);
    }
    const ownGroup = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    for (const id of foreign.subgroups) {
      expect((await p.admin.post(`/org/subgroups/${id}`, { subject: 'Xâm nhập' })).status, `subgroup ${id}`).toBe(403);
      expect((await p.admin.post(`/org/subgroups/${id}/active`, { active: '0' })).status).toBe(403);
      expect((await p.admin.post(`/org/subgroups/${id}/move`, { groupId: String(ownGroup.id) })).status).toBe(403);
    }
    // Their own sub-group cannot be moved into another school's group either.
    const own = ownGroup.subgroups[0]!;
    const refused = await flashAfter(p.admin, await p.admin.post(`/org/subgroups/${own.id}/move`, { groupId: String(foreign.groups[0]) }));
    expect(refused).toContain('cùng trường');
    for (const path of ['/org/groups/999999', '/org/schools/999999', '/org/groups/abc']) expect((await p.admin.get(path)).status).toBe(404);
    expect(await treeSnapshot()).toEqual(before);
  }, 120_000);

  it('the hotline moves a group to another school with its people; plans stay with the old school; a group whose people hold other roles there stays', async () => {
    const tph = await schoolId(db(), 'THPT-TPH');
    const hb = await schoolId(db(), 'THPT-HB');
    const physics = await groupOf(db(), 'THPT-TPH', 'Tổ Vật lí – Hóa học');
    const planId = await filePlan(db(), 'THPT-TPH-014', 'Bài 3: Chuyển động thẳng');
    const people = [...new Set((await db().roleAssignment.findMany({ where: { groupId: physics.id } })).map((r) => r.staffId))];

    expect((await p.admin.post(`/org/groups/${physics.id}/move`, { schoolId: String(tp) })).status).toBe(403);
    const page = await p.hotline.get(`/org/groups/${physics.id}`);
    expect(page.text).toContain('Hồ sơ đã nộp vẫn thuộc trường cũ');
    const flash = await flashAfter(p.hotline, await p.hotline.post(`/org/groups/${physics.id}/move`, { schoolId: String(hb) }));
    expect(flash).toBe(`Đã chuyển tổ sang trường mới cùng ${people.length} người. Hồ sơ đã nộp vẫn thuộc trường cũ.`);
    expect((await db().group.findUniqueOrThrow({ where: { id: physics.id } })).schoolId).toBe(hb);
    for (const role of await db().roleAssignment.findMany({ where: { groupId: physics.id } })) {
      expect(role.schoolId).toBe(hb);
      expect(role.scopeKey).toBe(`${hb}|${physics.id}|${role.subgroupId ?? ''}|`);
    }
    expect(await db().staff.count({ where: { id: { in: people }, schoolId: hb } })).toBe(people.length);
    expect((await db().plan.findUniqueOrThrow({ where: { id: planId } })).schoolId).toBe(tph);

    const maths = await groupOf(db(), 'THCS-TP', 'Tổ Toán – Tin');
    const refused = await flashAfter(p.hotline, await p.hotline.post(`/org/groups/${maths.id}/move`, { schoolId: String(hb) }));
    expect(refused).toContain('Có người còn vai trò khác ở trường cũ');
    expect(refused).toContain('Đỗ Thị Hồng Nhung');
    expect((await db().group.findUniqueOrThrow({ where: { id: maths.id } })).schoolId).toBe(tp);
  });

  it('forms without the session’s CSRF token are refused and change nothing', async () => {
    const before = await treeSnapshot();
    expect((await p.admin.post(`/org/schools/${tp}/groups`, { _csrf: 'forged', name: 'Tổ giả mạo' })).status).toBe(403);
    expect((await p.admin.request('POST', `/org/schools/${tp}/groups`, new URLSearchParams({ name: 'Tổ giả mạo' }))).status).toBe(403);
    expect((await p.hotline.post('/org/units/new', { _csrf: p.admin.csrf, name: 'Đơn vị giả mạo' })).status).toBe(403);
    expect(await treeSnapshot()).toEqual(before);
  });

  it('a group name with markup is shown as text', async () => {
    await p.admin.post(`/org/schools/${tp}/groups`, { name: '<script>alert("tổ")</script>' });
    const group = await db().group.findFirstOrThrow({ where: { schoolId: tp, name: { contains: 'script' } } });
    for (const path of [`/org/schools/${tp}`, `/org/groups/${group.id}`]) {
      const page = await p.admin.get(path);
      expect(page.text).toContain('&lt;script&gt;alert(&quot;tổ&quot;)&lt;/script&gt;');
      expect(page.text).not.toContain('<script>alert');
    }
  });
});
