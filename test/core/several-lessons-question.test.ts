// R6's refusal as a question with a way forward: contest in one tap or typed words, or resend.
import { describe, expect, it } from 'vitest';
import { applyAnswer, severalLessonsQuestion, type Flow, type SubmitterContext } from '../../src/core/submission-flow.js';

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
    for (const input of [{ button: 'RESEND' }, { text: 'tôi sẽ gửi lại' }, { text: 'Tách' }]) expect(answer(input)).toEqual({ ok: true, flow: { ...flow, lessonsContested: false } });
    expect(answer({ text: 'không biết' })).toMatchObject({ ok: false, message: expect.stringContaining('gõ “một bài”') });
  });
});
