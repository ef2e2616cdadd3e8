// The pure rules of the Zalo channel: typed commands, update translation, splitting long texts,
// and signed review links.
import { describe, expect, it } from 'vitest';
import { textEvent } from '../../../src/bot/conversation/text-commands.js';
import { inboundOfZalo } from '../../../src/bot/zalo/zalo-updates.js';
import { splitForZalo } from '../../../src/bot/text-limits.js';
import { ReviewLinks } from '../../../src/use-cases/review-links.js';
import { isAppError } from '../../../src/core/app-error.js';

describe('typed commands', () => {
  it('bare words count on Zalo, with or without accents; on Telegram only slash commands', () => {
    for (const word of ['nop', 'Nộp', 'NỘP HỒ SƠ', 'nộp lại']) expect(textEvent(word, { bareWords: true })).toEqual({ type: 'command', command: 'submit' });
    expect(textEvent('Chờ duyệt', { bareWords: true })).toEqual({ type: 'command', command: 'pending' });
    expect(textEvent('trạng thái', { bareWords: true })).toEqual({ type: 'command', command: 'status' });
    expect(textEvent('Hủy', { bareWords: true })).toEqual({ type: 'command', command: 'cancel' });
    expect(textEvent('/choduyet', { bareWords: true })).toEqual({ type: 'command', command: 'pending' });
    expect(textEvent('/start AB12CD34', { bareWords: true })).toEqual({ type: 'start', payload: 'AB12CD34' });
    expect(textEvent('nop', { bareWords: false })).toEqual({ type: 'text', text: 'nop' });
    expect(textEvent('Em nộp bài sau nhé', { bareWords: true })).toEqual({ type: 'text', text: 'Em nộp bài sau nhé' });
  });

  it('reads decisions: "duyet <mã>", "trả lại <mã> <lý do>", the reason kept as typed', () => {
    expect(textEvent('duyet k7f3q2', { bareWords: true })).toEqual({ type: 'decide', action: 'APPROVE', refCode: 'K7F3Q2' });
    expect(textEvent('Duyệt K7F3Q2.', { bareWords: false })).toEqual({ type: 'decide', action: 'APPROVE', refCode: 'K7F3Q2' });
    expect(textEvent('trả lại K7F3Q2: Thiếu mục tiêu bài học', { bareWords: true })).toEqual({ type: 'decide', action: 'RETURN', refCode: 'K7F3Q2', reason: 'Thiếu mục tiêu bài học' });
    expect(textEvent('tra K7F3Q2', { bareWords: true })).toEqual({ type: 'decide', action: 'RETURN', refCode: 'K7F3Q2', reason: undefined });
    // Not a decision: a code of the wrong length, or words after an approval.
    expect(textEvent('duyet K7F3Q', { bareWords: true }).type).toBe('text');
    expect(textEvent('duyet K7F3Q2 nhưng cần sửa', { bareWords: true }).type).toBe('text');
  });
});

describe('Zalo updates', () => {
  const update = (event_name: string, extra: Record<string, unknown> = {}, chat_type = 'PRIVATE') => ({
    event_name,
    message: { message_id: 'm-1', date: 1, chat: { id: 'c-1', chat_type }, from: { id: 'u-1', display_name: 'Cô Lan', is_bot: false }, ...extra },
  });

  it('translates text, images, files and stickers, keyed by message id', () => {
    expect(inboundOfZalo(update('message.text.received', { text: 'duyet K7F3Q2' }))).toEqual({
      channel: 'ZALO', externalUserId: 'u-1', chatId: 'c-1', updateId: 'm-1', event: { type: 'decide', action: 'APPROVE', refCode: 'K7F3Q2' },
    });
    expect(inboundOfZalo(update('message.image.received', { photo: 'https://x/y.jpg' }))?.event).toEqual({ type: 'photo' });
    expect(inboundOfZalo(update('message.unsupported.received'))?.event).toEqual({ type: 'attachment' });
    expect(inboundOfZalo(update('message.sticker.received'))?.event).toEqual({ type: 'other' });
  });

  it('ignores group chats, bots and malformed updates', () => {
    expect(inboundOfZalo(update('message.text.received', { text: 'nop' }, 'GROUP'))).toBeNull();
    expect(inboundOfZalo({ ...update('message.text.received', { text: 'nop' }), message: { ...update('x').message, from: { id: 'b', is_bot: true }, text: 'nop' } })).toBeNull();
    for (const bad of [null, 'x', {}, { event_name: 'message.text.received' }, { event_name: 1, message: {} }, { event_name: 'message.text.received', message: { message_id: '', chat: { id: 'c' }, from: { id: 'u' } } }]) {
      expect(inboundOfZalo(bad)).toBeNull();
    }
  });
});

describe('splitting long texts', () => {
  it('keeps short texts whole and cuts long ones at line ends into numbered parts under 2,000', () => {
    expect(splitForZalo('Xin chào')).toEqual(['Xin chào']);
    const text = Array.from({ length: 200 }, (_, i) => `Dòng ${i}: ${'ơ'.repeat(40)}`).join('\n');
    const parts = splitForZalo(text);
    expect(parts.length).toBeGreaterThan(4);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.map((p) => p.replace(/\n\(\d+\/\d+\)$/, '')).join('\n')).toBe(text);
  });

  it('cuts a single huge line between words, never inside an emoji', () => {
    const line = '😀 '.repeat(1500);
    const parts = splitForZalo(line);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});

describe('signed review links', () => {
  const links = new ReviewLinks('a-secret-of-the-deployment-0123456789', 'https://hscm.example.vn');
  const now = new Date('2026-11-28T08:00:00Z');
  const tokenOf = (url: string) => new URL(url).pathname.slice('/r/'.length);

  it('opens what it signed, until it expires', () => {
    const url = links.url(123, 45, now);
    expect(url).toMatch(/^https:\/\/hscm\.example\.vn\/r\/[0-9a-z]+-[0-9a-z]+-[0-9a-z]+-[A-Za-z0-9_-]{22}$/);
    expect(links.open(tokenOf(url), now)).toMatchObject({ submissionId: 123, staffId: 45 });
    const later = new Date(now.getTime() + 73 * 3_600_000);
    expect(() => links.open(tokenOf(url), later)).toThrow(/đã hết hạn/);
  });

  it('refuses a changed id, expiry or MAC, and a link of another deployment', () => {
    const token = tokenOf(links.url(123, 45, now));
    const [s, p, e, mac] = token.split('-');
    const refused = (t: string) => {
      try {
        links.open(t, now);
        return false;
      } catch (error) {
        return isAppError(error) && error.code === 'NOT_FOUND';
      }
    };
    expect(refused([(124).toString(36), p, e, mac].join('-'))).toBe(true);
    expect(refused([s, (46).toString(36), e, mac].join('-'))).toBe(true);
    expect(refused([s, p, (parseInt(e!, 36) + 3600).toString(36), mac].join('-'))).toBe(true);
    expect(refused([s, p, e, mac!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('-'))).toBe(true);
    expect(refused('../../etc/passwd')).toBe(true);
    const other = new ReviewLinks('another-deployment-secret-0123456789', 'https://hscm.example.vn');
    expect(refused(tokenOf(other.url(123, 45, now)))).toBe(true);
  });
});
