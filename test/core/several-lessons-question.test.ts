// R6's refusal as a question with a way forward: contest in one tap or typed words, split the
// file into one lesson plan per lesson, or resend.
import { describe, expect, it } from 'vitest';
import { analyseWithoutText, type DocumentAnalysis } from '../../src/core/documents/document-analysis.js';
import { dateOnLine, lessonDate } from '../../src/core/documents/lesson-dates.js';
import { applyAnswer, nextQuestion, severalLessonsQuestion, type Flow, type SplitPart, type SubmitterContext } from '../../src/core/submission-flow.js';
import { noSplitNote, splittableCount } from '../../src/use-cases/intake/split-texts.js';

const flow: Flow = { nonce: 'n1', file: { ref: 'r', name: 'a.docx', size: 1, mime: null }, kind: 'LESSON_PLAN' };
const who = { staffId: 1, schoolId: 1, schoolLevel: 'THCS', kinds: ['LESSON_PLAN'], teaching: [], headedGroups: [], headedSubgroups: [], returned: [] } satisfies SubmitterContext;
const answer = (input: { button?: string; text?: string }) => applyAnswer(flow, 'LESSONS', input, who, '2026-09-01');

describe('the "several lessons" question', () => {
  it('offers the contest and the resend, and says what a contest does', () => {
    const q = severalLessonsQuestion('Tệp có 2 kế hoạch bài dạy: (1) A; (2) B.', 'Tệp PDF không tách tự động được.');
    expect(q).toMatchObject({ type: 'ASK', step: 'LESSONS', typed: true, buttons: [[{ text: 'Tệp này chỉ có một bài dạy', value: 'ONE' }], [{ text: 'Tôi sẽ tách và gửi lại', value: 'RESEND' }]] });
    if (q.type === 'ASK') expect(q.text).toMatch(/^❌ Tệp có 2 kế hoạch bài dạy[\s\S]*Tệp PDF không tách tự động được\.[\s\S]*nộp kèm ghi chú cho người duyệt/);
  });

  it('takes a tap or typed words (Zalo has no buttons)', () => {
    for (const input of [{ button: 'ONE' }, { text: 'Một bài thôi' }, { text: 'mot bai' }, { text: 'tệp chỉ có một bài' }]) expect(answer(input)).toEqual({ ok: true, flow: { ...flow, lessonsContested: true } });
    for (const input of [{ button: 'RESEND' }, { text: 'tôi sẽ gửi lại' }]) expect(answer(input)).toEqual({ ok: true, flow: { ...flow, lessonsContested: false } });
    for (const input of [{ button: 'SPLIT' }, { text: 'Tách' }, { text: 'tach thanh 3 giao an' }]) expect(answer(input)).toMatchObject({ ok: true, flow: { kind: 'LESSON_PLAN', split: {} } });
    expect(answer({ text: 'không biết' })).toMatchObject({ ok: false, message: expect.stringContaining('“một bài” nếu tệp chỉ có một bài dạy') });
  });
});

const part = (title: string, date?: string): SplitPart => ({ sha256: title, size: 1, name: `${title}.docx`, title, ...(date ? { date } : {}), analysis: '{}' });
const splitFlow = (parts: SplitPart[], more: Partial<NonNullable<Flow['split']>> = {}): Flow => ({ ...flow, grade: 8, resubmitAnswered: true, split: { parts, ...more } });
const today = '2026-12-07';

describe('splitting into one lesson plan per lesson', () => {
  const parts = [part('Bài 4: Phân thức', '2026-12-21'), part('Bài 5: Phép cộng phân thức'), part('Bài 6: Phép nhân phân thức')];

  it('offers the split for a .docx with a button, or the keyword on a channel without buttons', () => {
    const q = severalLessonsQuestion('Tệp có 3 kế hoạch bài dạy.', 'unused', 3);
    if (q.type !== 'ASK') throw new Error('not asked');
    expect(q.buttons[0]).toEqual([{ text: '✂️ Tách thành 3 giáo án', value: 'SPLIT' }]);
    expect(q.text).toContain('bấm “Tách thành 3 giáo án”');
    const typed = severalLessonsQuestion('Tệp có 3 kế hoạch bài dạy.', 'unused', 3, { typedOnly: true });
    if (typed.type !== 'ASK') throw new Error('not asked');
    expect(typed.text).toContain('gõ “tach”');
    expect(typed.text).toContain('gõ “mot bai”');
    expect(typed.text).not.toMatch(/bấm/);
  });

  it('says why a .doc or a PDF is not split, and what to do instead', () => {
    const doc = { ...analyseWithoutText({ status: 'UNREADABLE', format: 'DOC', reason: 'x' }), readability: { status: 'TEXT', format: 'DOC' } } as DocumentAnalysis;
    expect(splittableCount({ ...doc, lessons: { verdict: 'SEVERAL', count: 3 } } as unknown as DocumentAnalysis)).toBeNull();
    expect(noSplitNote(doc)).toContain('Tệp Word cũ (.doc) không tách tự động được mà giữ nguyên trình bày');
    expect(noSplitNote(doc)).toContain('Lưu thành (Save As) định dạng .docx');
    const pdf = { ...doc, readability: { status: 'TEXT', format: 'PDF' } } as DocumentAnalysis;
    expect(noSplitNote(pdf)).toContain('Tệp PDF không tách tự động được');
    const q = severalLessonsQuestion('Tệp có 3 kế hoạch bài dạy.', noSplitNote(doc), null);
    if (q.type !== 'ASK') throw new Error('not asked');
    expect(q.buttons.flat().map((b) => b.value)).toEqual(['ONE', 'RESEND']);
    expect(q.text).toContain('Word cũ (.doc)');
  });

  it('asks the titles, then the dates, then is ready', () => {
    const titles = nextQuestion(splitFlow(parts), who, today);
    expect(titles).toMatchObject({ type: 'ASK', step: 'SPLIT_TITLES' });
    if (titles.type === 'ASK') expect(titles.text).toContain('1. Bài 4: Phân thức\n2. Bài 5: Phép cộng phân thức\n3. Bài 6: Phép nhân phân thức');
    const dates = nextQuestion(splitFlow(parts, { titlesConfirmed: true }), who, today);
    expect(dates).toMatchObject({ type: 'ASK', step: 'SPLIT_DATES', buttons: [] });
    if (dates.type === 'ASK') expect(dates.text).toContain('1. Bài 4: Phân thức — 21/12/2026\n2. Bài 5: Phép cộng phân thức — chưa rõ ngày dạy');
    // With a date for every lesson (the caption's for those the document leaves open), one tap takes them.
    const proposed = nextQuestion({ ...splitFlow(parts, { titlesConfirmed: true }), teachingDate: '2026-12-22' }, who, today);
    expect(proposed).toMatchObject({ step: 'SPLIT_DATES', buttons: [[{ text: '✅ Dùng các ngày trên', value: 'OK' }]] });
    expect(nextQuestion(splitFlow(parts, { titlesConfirmed: true, dates: ['2026-12-21', '2026-12-22', '2026-12-23'] }), who, today)).toMatchObject({ type: 'READY' });
  });

  it('takes the titles as they are, retyped one per line, never two alike', () => {
    const ask = (input: { button?: string; text?: string }) => applyAnswer(splitFlow(parts), 'SPLIT_TITLES', input, who, today);
    expect(ask({ button: 'OK' })).toMatchObject({ ok: true, flow: { split: { titlesConfirmed: true } } });
    expect(ask({ text: 'Đúng' })).toMatchObject({ ok: true, flow: { split: { titlesConfirmed: true } } });
    const retyped = ask({ text: '1. Bài 4: Phân thức đại số\n2) Bài 5: Cộng phân thức\nBài 6: Nhân phân thức' });
    expect(retyped.ok && retyped.flow.split!.parts!.map((p) => p.title)).toEqual(['Bài 4: Phân thức đại số', 'Bài 5: Cộng phân thức', 'Bài 6: Nhân phân thức']);
    expect(ask({ text: 'Bài 4\nBài 5' })).toMatchObject({ ok: false, message: expect.stringContaining('gõ lại đủ 3 tên bài') });
    expect(ask({ text: 'Bài 4: A\nBài 4: a\nBài 6: C' })).toMatchObject({ ok: false, message: expect.stringContaining('Hai bài cùng tên') });
  });

  it('takes one date per lesson, in order, or the proposed ones', () => {
    const ask = (input: { button?: string; text?: string }, f = splitFlow(parts, { titlesConfirmed: true })) => applyAnswer(f, 'SPLIT_DATES', input, who, today);
    expect(ask({ text: '21/12\n23/12/2026\n4/1' })).toMatchObject({ ok: true, flow: { split: { dates: ['2026-12-21', '2026-12-23', '2027-01-04'] } } });
    expect(ask({ text: '1. 21/12, 2. 22/12, 3. 23/12' })).toMatchObject({ ok: true, flow: { split: { dates: ['2026-12-21', '2026-12-22', '2026-12-23'] } } });
    expect(ask({ text: '21/12' })).toMatchObject({ ok: false, message: expect.stringContaining('Cần 3 ngày dạy') });
    expect(ask({ text: '21/12\n31/2\n23/12' })).toMatchObject({ ok: false, message: expect.stringContaining('bài 2') });
    expect(ask({ text: '1/10/2026\n22/12\n23/12' })).toMatchObject({ ok: false, message: expect.stringContaining('đã qua hơn 30 ngày') });
    expect(ask({ button: 'OK' })).toMatchObject({ ok: false, message: expect.stringContaining('Chưa rõ ngày dạy') });
    expect(ask({ text: 'dung' }, { ...splitFlow(parts, { titlesConfirmed: true }), teachingDate: '2026-10-01' })).toMatchObject({ ok: false, message: expect.stringContaining('bài 2 đã qua hơn 30 ngày') });
    const withCaption = { ...splitFlow(parts, { titlesConfirmed: true }), teachingDate: '2026-12-22' };
    expect(ask({ text: 'dung' }, withCaption)).toMatchObject({ ok: true, flow: { split: { dates: ['2026-12-21', '2026-12-22', '2026-12-22'] } } });
  });
});

describe('the teaching date a lesson gives', () => {
  it('reads "Ngày dạy" lines and day headers, never "Ngày soạn"', () => {
    expect(dateOnLine('Ngày dạy: 12/9/2026')).toBe('12/9/2026');
    expect(dateOnLine('- Ngày giảng: 12/9')).toBe('12/9');
    expect(dateOnLine('Thứ hai ngày 7 tháng 9 năm 2026')).toBe('7/9/2026');
    expect(dateOnLine('Thứ 3, ngày 8/9/2026')).toBe('8/9/2026');
    expect(dateOnLine('Ngày dạy: 8A1, 8A2: 12/9/2025')).toBe('12/9/2025');
    expect(dateOnLine('Ngày dạy: 8A1 - 14/9')).toBe('14/9');
    expect(dateOnLine('Ngày soạn: 05/9/2026')).toBeNull();
    expect(dateOnLine('Bài 5: Phân thức')).toBeNull();
  });

  it('takes the lesson\'s own line, else the day header above it', () => {
    const text = ['TRƯỜNG TIỂU HỌC', 'Thứ hai ngày 7 tháng 9 năm 2026', 'Tiết 1: TẬP ĐỌC', 'Ngày soạn: 1/9/2026', 'I. Mục tiêu', 'x', 'Tiết 2: TOÁN', 'I. Mục tiêu', 'y', 'Thứ ba ngày 8/9/2026', 'Tiết 1: CHÍNH TẢ', 'Ngày dạy: 9/9/2026', 'I. Mục tiêu', 'z'];
    expect(lessonDate(text, 1, 6)).toBe('7/9/2026');
    expect(lessonDate(text, 6, 9)).toBe('7/9/2026');
    expect(lessonDate(text, 9, text.length)).toBe('9/9/2026');
  });
});
