// A confirmed roster import as the product runs it: a BullMQ job (real Redis, real worker)
// whose page shows progress and then the result, to its owner only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatHarness, type ChatHarness } from '../support/chat-harness.js';
import { giveWebAccount, WebClient } from '../support/web-client.js';

let h: ChatHarness;
let base: string;
beforeAll(async () => {
  h = await startChatHarness();
  base = `http://127.0.0.1:${h.product.port}`;
});
afterAll(async () => {
  await h?.stop();
});

const HEADER = 'Mã trường,Tên trường,Cấp học,Đơn vị quản lý,Loại đơn vị,Tổ chuyên môn,Nhóm chuyên môn,Mã cán bộ,Họ và tên,Vai trò,Môn dạy,Điện thoại,Email';
const TP = 'THCS-TP,Trường THCS Trần Phú,THCS,UBND phường Lê Chân,Phòng Văn hóa – Xã hội phường';

describe('the background roster import', () => {
  it('runs as a job whose page refreshes until done; another admin cannot see it', async () => {
    const admin = new WebClient(base);
    await admin.signIn(await giveWebAccount(h.product.db, 'THCS-TP-007'));
    const other = new WebClient(base);
    await other.signIn(await giveWebAccount(h.product.db, 'THCS-NQ-007'));
    await admin.get('/roster');
    const data = new FormData();
    data.append('file', new Blob([[HEADER, `${TP},Tổ Toán – Tin,Toán,THCS-TP-901,Nguyễn Văn Chín,Giáo viên,Toán,0912000901,`].join('\n')]), 'c.csv');
    const page = await admin.postMultipart('/roster/preview', data);
    expect(page.status).toBe(200);
    const file = /name="file" value="([0-9a-f]{64})"/.exec(page.text)![1]!;
    const started = await admin.post('/roster/import', { file });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(/^\/roster\/jobs\/roster-\d+$/);
    expect((await other.get(started.location!)).status).toBe(404);
    let status = await admin.get(started.location!);
    for (let i = 0; i < 300 && status.text.includes('Đang nhập danh sách'); i++) {
      expect(status.text).toContain('<meta http-equiv="refresh" content="2">');
      await new Promise((r) => setTimeout(r, 50));
      status = await admin.get(started.location!);
    }
    expect(status.text).toContain('Đã nhập xong: 1 người.');
    expect(await h.product.db.staff.findUnique({ where: { code: 'THCS-TP-901' } })).not.toBeNull();
    expect((await admin.get('/roster/jobs/roster-999999')).status).toBe(404);
  });
});
