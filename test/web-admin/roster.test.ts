// Roster import and export through the browser: real HTTP against the whole product with the
// demo roster loaded, signed in as the hotline team or a school's admin.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from '../support/web-harness.js';
import { giveWebAccount, WebClient, type WebResponse } from '../support/web-client.js';

let h: WebHarness;
let base: string;
let hotline: WebClient;
let schoolAdmin: WebClient;

const HEADER = 'Mã trường,Tên trường,Cấp học,Đơn vị quản lý,Loại đơn vị,Tổ chuyên môn,Nhóm chuyên môn,Mã cán bộ,Họ và tên,Vai trò,Môn dạy,Điện thoại,Email';
const TP = 'THCS-TP,Trường THCS Trần Phú,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường';
const NQ = 'THCS-NQ,Trường THCS Ngô Quyền,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường';

beforeAll(async () => {
  h = await startWebHarness();
  base = `http://127.0.0.1:${h.product.port}`;
  hotline = new WebClient(base);
  await hotline.signIn(await giveWebAccount(h.product.db, 'SGD-HL1'));
  schoolAdmin = new WebClient(base);
  await schoolAdmin.signIn(await giveWebAccount(h.product.db, 'THCS-TP-007'));
});
afterAll(async () => {
  await h?.stop();
});

async function counts(): Promise<Record<'units' | 'schools' | 'groups' | 'subgroups' | 'staff' | 'roles', number>> {
  const db = h.product.db;
  return {
    units: await db.orgUnit.count(), schools: await db.school.count(), groups: await db.group.count(),
    subgroups: await db.subgroup.count(), staff: await db.staff.count(), roles: await db.roleAssignment.count(),
  };
}

function csv(lines: string[]): Buffer {
  return Buffer.from([HEADER, ...lines].join('\n'));
}

async function preview(client: WebClient, content: Buffer, name: string): Promise<WebResponse> {
  await client.get('/roster');
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(content)]), name);
  return client.postMultipart('/roster/preview', data);
}

function hashOf(page: WebResponse): string {
  const hash = /name="file" value="([0-9a-f]{64})"/.exec(page.text)?.[1];
  expect(hash, 'the preview offers a confirmation').toBeDefined();
  return hash!;
}

/**
 * Confirms a preview. This harness has no job queue, so the import runs in the request (the
 * product's fallback); with the queue it is a background job (test/web-admin/roster-job.test.ts).
 */
async function confirm(client: WebClient, page: WebResponse): Promise<WebResponse> {
  const started = await client.post('/roster/import', { file: hashOf(page) });
  if (started.status !== 303) return started;
  expect(started.location).toMatch(/^\/roster\/jobs\/roster-\d+$/);
  for (let i = 0; i < 300; i++) {
    const status = await client.get(started.location!);
    if (!status.text.includes('Đang nhập danh sách')) return status;
    expect(status.text).toContain('<meta http-equiv="refresh" content="2">');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import job did not finish');
}

/** The row errors a page lists, as the CLI prints them. */
function rowErrors(page: WebResponse): string[] {
  return [...page.text.matchAll(/<li>(Dòng [\d–, ]+: [^<]*)<\/li>/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
}

describe('roster upload page', () => {
  it('the school chooser: the hotline picks any school (or none), a school admin has theirs fixed', async () => {
    const city = await hotline.get('/roster');
    expect(city.text).toContain('<select id="roster-school" name="school">');
    expect(city.text).toMatch(/<option value="THCS-NQ">/);
    const own = await schoolAdmin.get('/roster');
    expect(own.text).not.toContain('id="roster-school"');
    expect(own.text).toContain('<input type="hidden" name="school" value="THCS-TP">');
    expect(own.text).toContain('accept=".xlsx,.xls,.csv"');
  });

  it('a school sheet with a title block: the mapping step shows the header row, the columns and the first rows; a wrong column is re-chosen; then imported as a job', async () => {
    const { xlsxOf, TITLE_BLOCK } = await import('../support/roster-layouts.js');
    // A second phone-like column: asked, never chosen silently.
    // Board roles are the hotline's to give (a school admin's sheet giving them is refused, see
    // roster-scope.test.ts): here the school's own sheet names teachers and heads only.
    const rows = TITLE_BLOCK.map((r, i) => (i === 5 ? [...r, 'Điện thoại'] : typeof r[0] === 'number' ? [...r, '0225123456'] : r))
      .map((r) => (r[4] === 'HT' || r[4] === 'PHT' ? [...r.slice(0, 4), 'GV', 'Tổ Toán – Tin', ...r.slice(6)] : r));
    const before = await counts();
    const page = await preview(schoolAdmin, await xlsxOf(rows), 'ds-gv.xlsx');
    expect(page.status).toBe(422);
    expect(page.text).toContain('Dòng tiêu đề: <strong>dòng 6</strong>. Bỏ qua 5 dòng phía trên');
    expect(page.text).toContain('đều có thể là “Điện thoại”');
    expect(page.text).toMatch(/<select name="col_7"[^>]*>.*<option value="phone" selected>/s);
    expect(page.text).toMatch(/<td[^>]*>Vũ Thị Hạnh<\/td>/);
    const file = /name="file" value="([0-9a-f]{64})"/.exec(page.text)![1]!;
    const again = await schoolAdmin.post('/roster/preview', { file, school: 'THCS-TP', col_9: '' });
    expect(again.status, rowErrors(again).join('\n')).toBe(200);
    expect(again.text).toContain('tệp có <strong>5</strong> người');
    expect(await counts()).toEqual(before);
    const done = await confirm(schoolAdmin, again);
    expect(done.text).toContain('Đã nhập xong: 5 người.');
    const head = await h.product.db.staff.findFirstOrThrow({ where: { fullName: 'Phan Thị Ngọc' }, include: { roles: true, school: true } });
    expect(head.school?.code).toBe('THCS-TP');
    expect(head.phone).toBe('0912100003');
    expect(head.roles.map((r) => r.role).sort()).toEqual(['GROUP_HEAD', 'TEACHER']);
  });


  it('explains the columns and links to the export and the template', async () => {
    const page = await schoolAdmin.get('/roster');
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('Họ và tên');
    expect(page.text).toContain('href="/roster/export.xlsx"');
    expect(page.text).toContain('href="/roster/template.xlsx"');
    const template = await schoolAdmin.get('/roster/template.xlsx');
    expect(template.status).toBe(200);
    const teacher = new WebClient(base);
    await teacher.signIn(await giveWebAccount(h.product.db, 'THCS-TP-004'));
    expect((await teacher.get('/roster')).status).toBe(403);
  });

  it('a preview lists every bad row as the CLI does and writes nothing', async () => {
    const before = await counts();
    const page = await preview(hotline, csv([
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-101,Nguyễn Văn Mới,Giáo viên,Toán,0912000101,`,
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-102,,Giáo viên,Toán,0912000102,`,
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-103,Trần Thị Sai,Thủ quỹ,Toán,0912000103,`,
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-104,Lê Văn Số,Giáo viên,Toán,12345,`,
    ]), 'sai.csv');
    expect(page.status).toBe(422);
    expect(rowErrors(page)).toEqual([
      'Dòng 3: Thiếu "Họ và tên".',
      expect.stringMatching(/^Dòng 4: Vai trò "Thủ quỹ" không có trong danh mục/),
      'Dòng 5: Số điện thoại "12345" không hợp lệ: cần 10 chữ số, ví dụ 0912345678.',
    ]);
    expect(page.text).toContain('Không nhập dữ liệu nào: có 3 lỗi cần sửa.');
    expect(page.text).not.toContain('action="/roster/import"');
    expect(await counts()).toEqual(before);
  });

  it('a good file shows what would change, writes nothing until confirmed, then writes it', async () => {
    const before = await counts();
    const content = csv([
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-201,Nguyễn Văn Mới,Giáo viên,Toán,0912000201,`,
      `${TP},Tổ Lịch sử – Địa lí,Lịch sử,THCS-TP-202,Trần Thị Sử,Nhóm trưởng,Lịch sử,0912000202,`,
    ]);
    const page = await preview(schoolAdmin, content, 'moi.csv');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kiểm tra xong (chưa ghi gì): tệp có <strong>2</strong> người.');
    expect(page.text).toMatch(/<td[^>]*>Cán bộ, giáo viên<\/td><td class="num"[^>]*>2<\/td><td class="num"[^>]*>0<\/td>/);
    expect(page.text).toMatch(/<td[^>]*>Tổ chuyên môn<\/td><td class="num"[^>]*>1<\/td>/);
    expect(await counts()).toEqual(before);

    const done = await confirm(schoolAdmin, page);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã nhập xong: 2 người.');
    // The next step, chat-link codes, opens on this school's unlinked people, not the city's.
    const tp = await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } });
    expect(done.text).toContain(`<a href="/links?status=unlinked&amp;school=${tp.id}">Cấp mã liên kết chat cho những người chưa liên kết của ${tp.name} →</a>`);
    expect(done.text).not.toContain('href="/links?status=unlinked"');
    const after = await counts();
    expect(after.staff).toBe(before.staff + 2);
    expect(after.groups).toBe(before.groups + 1);
    const head = await h.product.db.staff.findUniqueOrThrow({ where: { code: 'THCS-TP-202' }, include: { roles: true } });
    expect(head.roles.map((r) => r.role).sort()).toEqual(['SUBGROUP_HEAD', 'TEACHER']);
    const logged = await h.product.db.auditLog.findFirst({ where: { action: 'roster.import', actor: 'web:thcs-tp-007' } });
    expect(logged).not.toBeNull();
  });

  it("a school admin's rows for another school or an office are refused with their row numbers", async () => {
    const before = await counts();
    const page = await preview(schoolAdmin, csv([
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-301,Nguyễn Văn Một,Giáo viên,Toán,0912000301,`,
      `${NQ},Tổ Toán – Tin,Toán,THCS-NQ-301,Nguyễn Văn Hai,Giáo viên,Toán,0912000302,`,
      ',,,Phòng Giáo dục trung học,,,,GDTRH-09,Nguyễn Văn Ba,Chuyên viên,Toán,0912000303,',
      // Someone of another school, moved into this one by their staff code.
      `${TP},Tổ Toán – Tin,Toán,THCS-NQ-004,Lương Thị Thảo,Giáo viên,Toán,0942348066,`,
    ]), 'lan.csv');
    expect(page.status).toBe(422);
    const errors = rowErrors(page);
    expect(errors.map((e) => e.slice(0, 7))).toEqual(['Dòng 3:', 'Dòng 4:', 'Dòng 5:']);
    expect(errors[0]).toContain('Trường THCS-NQ không thuộc quyền quản lý');
    expect(errors[1]).toContain('cơ quan quản lý');
    // Issue 17: nothing about a person outside the school is told (no name, no code).
    expect(errors[2]).toContain('đã thuộc một người ngoài phạm vi quản lý');
    expect(errors[2]).not.toMatch(/Lương Thị Thảo|\(mã /);
    expect(await counts()).toEqual(before);
    const moved = await h.product.db.staff.findUniqueOrThrow({ where: { code: 'THCS-NQ-004' }, include: { school: true } });
    expect(moved.school?.code).toBe('THCS-NQ');
  });

  it("a school admin's preview names nobody outside their school: other schools' phones and staff codes", async () => {
    // THCS-NQ-004 is Lương Thị Thảo of THCS Ngô Quyền (0942348066), THCS-NQ-001 its principal
    // Đinh Văn Khánh (0902347655); SGD-HL1 is the hotline. Today's code named them all.
    const page = await preview(schoolAdmin, csv([
      `${TP},Tổ Toán – Tin,Toán,,Người Dò Một,Giáo viên,Toán,0942348066,`,
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-777,Người Dò Hai,Giáo viên,Toán,0902347655,`,
      `${TP},Tổ Toán – Tin,Toán,SGD-HL1,Người Dò Ba,Giáo viên,Toán,,`,
    ]), 'do-tim.csv');
    expect(page.status).toBe(422);
    expect(rowErrors(page)).toEqual([expect.stringMatching(/^Dòng 2–4: Mã cán bộ hoặc số điện thoại ở dòng này đã thuộc một người ngoài phạm vi quản lý/)]);
    const hotlineStaff = await h.product.db.staff.findUniqueOrThrow({ where: { code: 'SGD-HL1' } });
    for (const secret of ['Lương Thị Thảo', 'THCS-NQ-004', 'Đinh Văn Khánh', 'THCS-NQ-001', hotlineStaff.fullName, '(mã SGD-HL1)']) expect(page.text).not.toContain(secret);
  });

  it("a school admin cannot rename their school or move it to another unit", async () => {
    const before = await counts();
    const page = await preview(schoolAdmin, csv([
      'THCS-TP,Trường THCS Trần Phú Mới,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường,Tổ Toán – Tin,Toán,THCS-TP-004,Phạm Minh Tuấn,Giáo viên,Toán,0942346011,',
    ]), 'doi-ten.csv');
    expect(page.status).toBe(422);
    expect(page.text).toContain('chỉ Tổ hỗ trợ (Hotline) được làm');
    expect(await counts()).toEqual(before);
    expect((await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-TP' } })).name).toBe('Trường THCS Trần Phú');
  });

  it('the hotline team imports rows of any school and office staff', async () => {
    const page = await preview(hotline, csv([
      `${NQ},Tổ Toán – Tin,Toán,THCS-NQ-401,Nguyễn Văn Bốn,Giáo viên,Toán,0912000401,`,
      ',,,Phòng Giáo dục trung học,,,,GDTRH-04,Nguyễn Thị Năm,Chuyên viên,Hóa học,0912000402,',
    ]), 'thanh-pho.csv');
    expect(page.status).toBe(200);
    const done = await confirm(hotline, page);
    expect(done.text, done.text.slice(done.text.indexOf('<main'))).toContain('Đã nhập xong: 2 người.');
    const nq = await h.product.db.school.findUniqueOrThrow({ where: { code: 'THCS-NQ' } });
    expect(done.text).toContain(`<a href="/links?status=unlinked&amp;school=${nq.id}">`);
    const specialist = await h.product.db.staff.findUniqueOrThrow({ where: { code: 'GDTRH-04' }, include: { roles: true } });
    expect(specialist.roles).toMatchObject([{ role: 'DIVISION_SPECIALIST', subjects: JSON.stringify(['Hóa học']) }]);
  });

  it('an import that spans several schools links to each school\'s unlinked people', async () => {
    const page = await preview(hotline, csv([
      `${NQ},Tổ Toán – Tin,Toán,THCS-NQ-411,Đỗ Văn Mười Một,Giáo viên,Toán,0912000411,`,
      `${TP},Tổ Toán – Tin,Toán,THCS-TP-411,Đỗ Thị Mười Hai,Giáo viên,Toán,0912000412,`,
    ]), 'hai-truong.csv');
    expect(page.status).toBe(200);
    const done = await confirm(hotline, page);
    expect(done.text).toContain('Đã nhập xong: 2 người.');
    const [nq, tp] = await Promise.all(['THCS-NQ', 'THCS-TP'].map((code) => h.product.db.school.findUniqueOrThrow({ where: { code } })));
    expect(done.text).toContain('theo từng trường trong tệp:');
    expect(done.text).toContain(`<li><a href="/links?status=unlinked&amp;school=${nq!.id}">${nq!.name} →</a></li>`);
    expect(done.text).toContain(`<li><a href="/links?status=unlinked&amp;school=${tp!.id}">${tp!.name} →</a></li>`);
    // And the link opens that school's list.
    const list = await hotline.get(`/links?status=unlinked&school=${tp!.id}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Đỗ Thị Mười Hai');
    expect(list.text).not.toContain('Đỗ Văn Mười Một');
  });

  it('the demo .xlsx previews for the hotline (it is what is loaded: nothing changes)', async () => {
    const page = await preview(hotline, fs.readFileSync('data/demo/roster.xlsx'), 'roster.xlsx');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/tệp có <strong>60<\/strong> người/);
    expect(page.text).toContain('không có gì thay đổi');
  });

  it('an export imports back with no change, for the hotline (.xlsx and .csv) and a school admin', async () => {
    for (const [client, path] of [[hotline, '/roster/export.xlsx'], [hotline, '/roster/export.csv'], [schoolAdmin, '/roster/export.xlsx']] as const) {
      const file = await fetch(base + path, { headers: { cookie: cookieOf(client) } });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="danh-sach-can-bo-\d{4}-\d{2}-\d{2}\.(xlsx|csv)"/);
      const bytes = Buffer.from(await file.arrayBuffer());
      const page = await preview(client, bytes, path.slice(8));
      expect(page.status, rowErrors(page).join('\n')).toBe(200);
      expect(page.text).toContain('không có gì thay đổi');
    }
    // The school admin's export holds their school only; the hotline's the whole city.
    const schoolFile = await fetch(base + '/roster/export.csv', { headers: { cookie: cookieOf(schoolAdmin) } });
    const lines = (await schoolFile.text()).trim().split(/\r\n/).slice(1);
    expect(lines.length).toBeGreaterThanOrEqual(15);
    expect(lines.every((l) => l.startsWith('THCS-TP,'))).toBe(true);
    const cityFile = await fetch(base + '/roster/export.xlsx', { headers: { cookie: cookieOf(hotline) } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await cityFile.arrayBuffer());
    const codes = new Set<string>();
    workbook.worksheets[0]!.eachRow((row, n) => n > 1 && codes.add(String(row.getCell(8).value)));
    expect(codes.has('SGD-HL1')).toBe(true);
    expect(codes.has('PT-NBK-012')).toBe(true);
    expect(await h.product.db.auditLog.count({ where: { action: 'roster.export', actor: 'web:thcs-tp-007' } })).toBeGreaterThan(0);
  });

  it("a confirmation needs the viewer's own recent preview: an unknown or another person's hash is refused", async () => {
    const before = await counts();
    let res = await schoolAdmin.post('/roster/import', { file: 'a'.repeat(64) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('không còn hiệu lực');
    res = await schoolAdmin.post('/roster/import', { file: '../../etc/passwd' });
    expect(res.status).toBe(400);
    // The hotline previews a file; the school admin replays its hash.
    const page = await preview(hotline, csv([`${NQ},Tổ Toán – Tin,Toán,THCS-NQ-501,Nguyễn Văn Sáu,Giáo viên,Toán,0912000501,`]), 'x.csv');
    res = await schoolAdmin.post('/roster/import', { file: hashOf(page) });
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('forms without the CSRF token are refused', async () => {
    await schoolAdmin.get('/roster');
    const data = new FormData();
    data.append('_csrf', 'sai');
    data.append('file', new Blob([csv([`${TP},Tổ Toán – Tin,Toán,THCS-TP-601,A B,Giáo viên,Toán,0912000601,`]).toString('utf8')]), 'a.csv');
    expect((await schoolAdmin.postMultipart('/roster/preview', data)).status).toBe(403);
    const noToken = new FormData();
    noToken.append('_csrf', '');
    noToken.append('file', new Blob(['x']), 'a.csv');
    expect((await schoolAdmin.postMultipart('/roster/preview', noToken)).status).toBe(403);
    expect((await schoolAdmin.post('/roster/import', { _csrf: '', file: 'a'.repeat(64) })).status).toBe(403);
    // The mapping step's re-check is a plain form: the same rule.
    expect((await schoolAdmin.post('/roster/preview', { _csrf: '', file: 'a'.repeat(64), col_1: 'phone' })).status).toBe(403);
    expect((await schoolAdmin.post('/roster/preview', { _csrf: 'sai', file: 'a'.repeat(64) })).status).toBe(403);
  });

  it('files that are not rosters are explained', async () => {
    let page = await preview(schoolAdmin, Buffer.from('MZ'), 'virus.exe');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Chỉ nhận tệp Excel (.xlsx, .xls) hoặc CSV (.csv).');
    page = await preview(schoolAdmin, Buffer.from('not a zip'), 'hong.xlsx');
    expect(page.text).toContain('Không đọc được tệp Excel (.xlsx)');
  });
});

function cookieOf(client: WebClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
