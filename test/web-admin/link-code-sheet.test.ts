// The printable link-code sheet says plainly why a channel's instructions are missing.
import { describe, expect, it } from 'vitest';
import { linkCodeSheet } from '../../src/web-admin/links/link-code-sheet.js';

const card = {
  issued: { code: 'ABCD2345', expiresAt: new Date('2026-12-10T01:00:00Z'), staff: { id: 4, fullName: 'Phạm Minh Tuấn', code: 'THCS-TP-004' } },
  place: 'Trường THCS Trần Phú',
} as Parameters<typeof linkCodeSheet>[0][number];

describe('linkCodeSheet', () => {
  it('with both bots on and known: QR, deep link and the Zalo name, no notice', async () => {
    const sheet = String(await linkCodeSheet([card], { botUsername: 'hscm_bot', zaloBotName: 'Trợ lý HSCM', on: { telegram: true, zalo: true } }));
    expect(sheet).toContain('https://t.me/hscm_bot?start=ABCD2345');
    expect(sheet).toContain('<svg');
    expect(sheet).toContain('tìm “Trợ lý HSCM” trên Zalo, gửi mã ABCD2345 cho trợ lý');
    expect(sheet).not.toContain('class="notice no-print" role="status"');
  });

  it('with Telegram off: says so, and the cards carry no Telegram instruction', async () => {
    const sheet = String(await linkCodeSheet([card], { botUsername: undefined, zaloBotName: 'Trợ lý HSCM', on: { telegram: false, zalo: true } }));
    expect(sheet).toContain('Kênh Telegram đang tắt (chưa cấu hình TELEGRAM_BOT_TOKEN)');
    expect(sheet).not.toContain('<strong>Telegram:</strong>');
    expect(sheet).not.toContain('<svg');
    expect(sheet).toContain('<strong>Zalo:</strong>');
  });

  it('with both off: says nobody can use the code until a channel is on', async () => {
    const sheet = String(await linkCodeSheet([card], { on: { telegram: false, zalo: false } }));
    expect(sheet).toContain('Kênh Zalo đang tắt');
    expect(sheet).toContain('Cả hai kênh chat đều tắt: chưa ai dùng được mã này');
    expect(sheet).toContain('ABCD2345');
  });

  it('with Telegram on but its name not yet known: explains the missing QR', async () => {
    const sheet = String(await linkCodeSheet([card], { botUsername: undefined, zaloBotName: 'Trợ lý HSCM', on: { telegram: true, zalo: true } }));
    expect(sheet).toContain('Chưa kết nối được với bot Telegram nên chưa biết tên bot');
    expect(sheet).toContain('<strong>Telegram:</strong> mở trợ lý và gửi mã ABCD2345.');
  });
});
