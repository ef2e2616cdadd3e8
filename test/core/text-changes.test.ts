// What changed between two versions of a plan: paragraphs added, removed and edited (with their
// words), unchanged stretches folded, and texts too different to compare.
import { describe, expect, it } from 'vitest';
import { textChanges, type ChangeLine } from '../../src/core/documents/text-changes.js';

const V1 = [
  'KẾ HOẠCH BÀI DẠY',
  'Bài 4: Giải hệ hai phương trình bậc nhất hai ẩn',
  'I. Mục tiêu',
  '1. Về kiến thức: học sinh giải được hệ phương trình bằng phương pháp thế.',
  '2. Về năng lực: tư duy và lập luận toán học.',
  '3. Về phẩm chất: chăm chỉ.',
  'II. Thiết bị dạy học và học liệu',
  'Máy chiếu, phiếu học tập.',
  'III. Tiến trình dạy học',
  'Hoạt động 1: Mở đầu',
  'Hoạt động 2: Hình thành kiến thức mới',
  'Hoạt động 4: Vận dụng',
  'Bài tập về nhà: bài 1, 2 trang 20.',
];

const V2 = [
  'KẾ HOẠCH BÀI DẠY',
  'Bài 4: Giải hệ hai phương trình bậc nhất hai ẩn',
  'I. Mục tiêu',
  '1. Về kiến thức: học sinh giải được hệ phương trình bằng phương pháp thế và phương pháp cộng đại số.',
  '2. Về năng lực: tư duy và lập luận toán học.',
  '3. Về phẩm chất: chăm chỉ.',
  'II. Thiết bị dạy học và học liệu',
  'Máy chiếu, phiếu học tập.',
  'III. Tiến trình dạy học',
  'Hoạt động 1: Mở đầu',
  'Hoạt động 2: Hình thành kiến thức mới',
  'Hoạt động 3: Luyện tập',
  'Học sinh làm bài 1, 2, 3 trang 19 theo nhóm đôi.',
  'Hoạt động 4: Vận dụng',
];

const kinds = (lines: ChangeLine[]) => lines.map((l) => l.kind);

describe('textChanges', () => {
  it('finds the added practice activity, the edited objective and the removed homework line', () => {
    const c = textChanges(V1, V2);
    expect(c).toMatchObject({ added: 2, removed: 1, edited: 1, tooDifferent: false });
    const added = c.lines.filter((l) => l.kind === 'added').map((l) => (l as { text: string }).text);
    expect(added).toEqual(['Hoạt động 3: Luyện tập', 'Học sinh làm bài 1, 2, 3 trang 19 theo nhóm đôi.']);
    expect(c.lines.filter((l) => l.kind === 'removed').map((l) => (l as { text: string }).text)).toEqual(['Bài tập về nhà: bài 1, 2 trang 20.']);
    const edited = c.lines.find((l) => l.kind === 'edited') as Extract<ChangeLine, { kind: 'edited' }>;
    expect(edited.parts.filter((p) => p.kind === 'added').map((p) => p.text).join('')).toContain('phương pháp cộng đại số');
    // The edit is shown once: the whole old paragraph is not also listed as removed.
    expect(c.lines.some((l) => l.kind === 'removed' && l.text.startsWith('1. Về kiến thức'))).toBe(false);
  });

  it('folds unchanged paragraphs away from the changes, keeping one on each side', () => {
    const c = textChanges(V1, V2);
    expect(kinds(c.lines)).toEqual(['skipped', 'same', 'edited', 'same', 'skipped', 'same', 'added', 'added', 'same', 'removed']);
    expect(c.lines[0]).toEqual({ kind: 'skipped', count: 2 });
    expect(c.lines[4]).toEqual({ kind: 'skipped', count: 5 });
  });

  it('a paragraph rewritten beyond recognition reads as removed and added, not as an edit', () => {
    const c = textChanges(['Mở đầu', 'Học sinh quan sát tranh.', 'Kết thúc'], ['Mở đầu', 'Giáo viên chiếu video thí nghiệm về lực đẩy Ác-si-mét.', 'Kết thúc']);
    expect(kinds(c.lines)).toEqual(['same', 'removed', 'added', 'same']);
    expect(c).toMatchObject({ added: 1, removed: 1, edited: 0 });
  });

  it('identical text (only the layout changed) has no changes; whitespace and empty paragraphs do not count', () => {
    const c = textChanges(['Mục tiêu', '', 'Hoạt động  1'], ['Mục tiêu', 'Hoạt động 1', '   ']);
    expect(c).toMatchObject({ added: 0, removed: 0, edited: 0, tooDifferent: false });
    expect(kinds(c.lines)).toEqual(['skipped']);
  });

  it('texts too different to compare within the edit budget say so instead of working on', () => {
    const a = Array.from({ length: 300 }, (_, i) => `Đoạn cũ số ${i}`);
    const b = Array.from({ length: 300 }, (_, i) => `Nội dung mới ${i}`);
    expect(textChanges(a, b, { maxEdits: 50 })).toMatchObject({ tooDifferent: true, lines: [] });
    expect(textChanges(a, b).tooDifferent).toBe(false);
  });
});
