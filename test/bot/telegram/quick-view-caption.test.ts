// The "Xem nhanh" line of a Telegram review request: signed for the recipient, and kept whole
// within Telegram's 1,024-character caption (the plan's text gives way, the link does not).
import { describe, expect, it } from 'vitest';
import { TelegramSender } from '../../../src/bot/telegram/telegram-sender.js';
import { LocalFileStore } from '../../../src/storage/local-file-store.js';
import { ReviewLinks } from '../../../src/use-cases/review-links.js';

const links = new ReviewLinks('caption-test-secret-0123456789abcdef0123', 'https://hscm.example.vn');
const sender = new TelegramSender('123:TEST', 'http://127.0.0.1:9', new LocalFileStore('/nonexistent-hscm-store'), links);
const request = (caption: string) => ({ type: 'document' as const, fileRef: 'F', caption, plan: { submissionId: 41, refCode: 'K7F3Q2' } });

describe('review request caption', () => {
  it('ends with a preview link signed for that reviewer and that version', () => {
    const caption = sender.caption(request('📄 Kế hoạch bài dạy\nMã hồ sơ: K7F3Q2'), 7);
    const url = /\n\n👁 Xem nhanh[^:]*: (\S+)$/.exec(caption)?.[1];
    expect(caption.startsWith('📄 Kế hoạch bài dạy\nMã hồ sơ: K7F3Q2\n\n👁 Xem nhanh')).toBe(true);
    const path = new URL(url!).pathname;
    expect(path).toMatch(/^\/r\/[^/]+\/preview$/);
    expect(links.open(path.split('/')[2]!)).toMatchObject({ submissionId: 41, staffId: 7 });
  });

  it('a long caption is shortened before the link, never the link', () => {
    const long = `📄 Kế hoạch bài dạy\n${'🔎 Kiểm tra tự động — chưa thấy: Hoạt động Luyện tập; '.repeat(30)}`;
    const caption = sender.caption(request(long), 7);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption).toMatch(/…\n\n👁 Xem nhanh[^:]*: https:\/\/hscm\.example\.vn\/r\/\S+\/preview$/);
  });

  it('a file without a plan, or to someone not on the roster, is sent as it was', () => {
    expect(sender.caption({ type: 'document', fileRef: 'F', caption: 'Tệp' }, 7)).toBe('Tệp');
    expect(sender.caption(request('Tệp'), null)).toBe('Tệp');
  });
});
