// Long texts on Telegram (over 4,096 characters Telegram refuses the message and the person gets
// no answer): cut at a line end and said so; and the R6 refusal names at most 12 lessons.
import { describe, expect, it } from 'vitest';
import { fitForTelegram, TELEGRAM_MAX_TEXT } from '../../../src/bot/text-limits.js';
import { severalLessonsMessage } from '../../../src/core/documents/document-analysis.js';

describe('fitForTelegram', () => {
  it('leaves a text within the limit as it is', () => {
    const text = 'Đã nhận hồ sơ.\n'.repeat(200);
    expect(fitForTelegram(text)).toBe(text);
  });

  it('cuts a longer one at a line end, within the limit, and says so', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `${i + 1}. Nguyễn Thị Thu Hà — Trường THCS Trần Phú`);
    const fitted = fitForTelegram(lines.join('\n'));
    expect(fitted.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(fitted).toMatch(/\n… \(tin nhắn quá dài, phần còn lại đã được lược bớt\)$/);
    const kept = fitted.split('\n').slice(0, -1);
    expect(kept.every((line, i) => line === lines[i])).toBe(true); // whole lines only
    expect(kept.length).toBeGreaterThan(50);
  });

  it('never cuts an emoji in half', () => {
    const fitted = fitForTelegram('📘'.repeat(3000));
    expect(fitted.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('the R6 refusal of a large bundle', () => {
  it('names the first 12 lessons and counts the rest', () => {
    const titles = Array.from({ length: 30 }, (_, i) => `Bài ${i + 1}: ${'Ôn tập chương và luyện tập tổng hợp các dạng toán '.repeat(3).trim()}`);
    const message = severalLessonsMessage({ verdict: 'SEVERAL', count: 30, titles, signs: ['30 tên bài'], confidence: 'SURE' } as never)!;
    expect(message).toContain('Tệp có 30 kế hoạch bài dạy');
    expect(message).toContain(`(12) ${titles[11]}`);
    expect(message).not.toContain('(13)');
    expect(message).toContain('… và 18 bài khác');
    expect(message.length).toBeLessThan(TELEGRAM_MAX_TEXT);
  });
});
