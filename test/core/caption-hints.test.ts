import { describe, expect, it } from 'vitest';
import { readHints } from '../../src/core/caption-hints.js';

const subjects = ['Toán', 'Tin học', 'Ngữ văn', 'Khoa học tự nhiên'];
const today = '2026-09-01';

describe('readHints', () => {
  it('reads everything from a full caption', () => {
    expect(readHints('KHBD Toán 8 - Bài 5: Phân thức - 20/9', subjects, today)).toEqual({
      kind: 'LESSON_PLAN', subject: 'Toán', grade: 8, title: 'Bài 5: Phân thức', teachingDate: '2026-09-20',
    });
  });
  it('reads a file name without diacritics or spaces', () => {
    expect(readHints('KHBD_Toan8_Bai 3 Phuong trinh.docx', subjects, today)).toMatchObject({ kind: 'LESSON_PLAN', subject: 'Toán', grade: 8 });
  });
  it('understands common short names and "lớp"', () => {
    expect(readHints('Giáo án KHTN lớp 7 - Chủ đề 2: Nguyên tử (3 tiết)', subjects, today)).toMatchObject({
      kind: 'LESSON_PLAN', subject: 'Khoa học tự nhiên', grade: 7, title: 'Chủ đề 2: Nguyên tử (3 tiết)',
    });
    expect(readHints('Văn 9 bài 1', subjects, today)).toMatchObject({ subject: 'Ngữ văn', grade: 9 });
  });
  it('tells annual plans apart', () => {
    expect(readHints('KHGD nhà trường 2026-2027', subjects, today).kind).toBe('SCHOOL_PLAN');
    expect(readHints('Kế hoạch giáo dục Toán 2026', subjects, today).kind).toBe('TEACHER_PLAN');
    expect(readHints('Kế hoạch dạy học tổ Toán', subjects, today).kind).toBe('GROUP_TEACHING_PLAN');
    expect(readHints('KH tổ chức các hoạt động giáo dục', subjects, today).kind).toBe('GROUP_ACTIVITIES_PLAN');
  });
  it('says nothing it cannot read', () => {
    expect(readHints('tài liệu.docx', subjects, today)).toEqual({});
    expect(readHints('Toán 3', subjects, today)).toEqual({ subject: 'Toán' }); // grade 3 is not secondary
  });
});

describe('readHints: which subject, when a group name also names subjects', () => {
  it('an explicit "môn X" wins over the subjects in a group\'s name', () => {
    expect(readHints('Kế hoạch dạy học môn Toán của tổ Toán – Tin năm học 2026-2027', subjects, today)).toMatchObject({ kind: 'GROUP_TEACHING_PLAN', subject: 'Toán' });
    expect(readHints('KHDH môn Tin học tổ Toán - Tin', subjects, today)).toMatchObject({ subject: 'Tin học' });
  });
  it('a subject named outside the group name wins over it', () => {
    expect(readHints('KHDH Ngữ văn - tổ Toán Tin', subjects, today)).toMatchObject({ subject: 'Ngữ văn' });
  });
  it('asks when two subjects are possible', () => {
    const hints = readHints('Kế hoạch dạy học tổ Toán – Tin 2026', subjects, today);
    expect(hints.subject).toBeUndefined();
    expect(hints.subjectChoices).toEqual(['Toán', 'Tin học']);
    expect(readHints('Toán và Tin học lớp 8', subjects, today)).toMatchObject({ subjectChoices: ['Toán', 'Tin học'], grade: 8 });
  });
  it('a group named after one subject still gives it', () => {
    expect(readHints('Kế hoạch dạy học tổ Toán', subjects, today)).toMatchObject({ subject: 'Toán' });
  });
});
