// Legacy Vietnamese fonts: every letter of both tables, words as real files hold them, and
// text that must be left alone (Unicode, English, signs).
import { describe, expect, it } from 'vitest';
import { decodeLegacyText, fromTcvn3, fromVni, isVietnameseSyllable } from '../../src/core/documents/legacy-encoding.js';
import { toTcvn3, toVni, vietnameseLetters } from '../support/legacy-fonts.js';

const decode = (...paragraphs: string[]) => decodeLegacyText(paragraphs).paragraphs;

describe('VNI and TCVN3 tables', () => {
  it.each(vietnameseLetters())('VNI letter %s round-trips', (letter) => {
    expect(fromVni(toVni(letter))).toBe(letter);
  });

  it.each(vietnameseLetters())('TCVN3 letter %s round-trips (.VnTimeH upper case shares the lower-case codes)', (letter) => {
    const back = fromTcvn3(toTcvn3(letter));
    expect(back.toLocaleLowerCase('vi')).toBe(letter.toLocaleLowerCase('vi'));
    if ('ĂÂÊÔƠƯĐăâêôơưđ'.includes(letter)) expect(back).toBe(letter);
  });

  it('has one code per letter in each table', () => {
    const letters = vietnameseLetters().filter((l) => l === l.toLowerCase());
    expect(new Set(letters.map(toTcvn3)).size).toBe(letters.length);
    expect(new Set(letters.map(toVni)).size).toBe(letters.length);
  });

  it('rejects VNI marks that cannot sit on the letter before them', () => {
    expect(fromVni('bâ')).toBeNull(); // a circumflex after a consonant
    expect(fromVni('uâ')).toBeNull(); // û does not exist
    expect(fromVni('iê')).toBeNull(); // a breve only goes on a
  });

  it('knows Vietnamese syllables from other words', () => {
    for (const w of ['nghiêng', 'trường', 'khuya', 'quốc', 'giữa', 'Đạo', 'toán']) expect(isVietnameseSyllable(w)).toBe(true);
    for (const w of ['Tieát', 'thaùng', 'Muïc', 'häc', 'strong', 'tốốn']) expect(isVietnameseSyllable(w)).toBe(false);
  });
});

describe('decoding documents', () => {
  it('converts words as real files hold them', () => {
    expect(decode('I. MUÏC TIEÂU :', 'Tieát 3 : TAÄP ÑOÏC', 'Tröôøng em')).toEqual(['I. MỤC TIÊU :', 'Tiết 3 : TẬP ĐỌC', 'Trường em']);
    expect(decode('TiÕt 1', 'Môc tiªu', 'V. C¸c ho¹t ®éng d¹y - häc chñ yÕu:')).toEqual(['Tiết 1', 'Mục tiêu', 'V. Các hoạt động dạy - học chủ yếu:']);
  });

  it('converts whole sentences written with the test encoders', () => {
    const text = 'Học sinh biết vận dụng kiến thức về phân số thập phân để giải bài tập; yêu quý trường lớp, chăm chỉ rèn luyện.';
    expect(decode(toVni(text))).toEqual([text]);
    expect(decode(toTcvn3(text))).toEqual([text]);
  });

  it('handles paragraphs mixing Unicode with VNI and TCVN3 words', () => {
    expect(decode('IV. PHƯƠNG TIỆN  d¹y häc:')).toEqual(['IV. PHƯƠNG TIỆN  dạy học:']);
    expect(decode('- Hoïc sinh lôùp 5 là học sinh của lớp lớn nhất trường')).toEqual(['- Học sinh lớp 5 là học sinh của lớp lớn nhất trường']);
    expect(decode('Thứ ....... ngaøy ....... thaùng ....... năm ......')).toEqual(['Thứ ....... ngày ....... tháng ....... năm ......']);
  });

  it('leaves Unicode, English, numbers and signs alone', () => {
    const plain = ['Bài toán về hoà bình', 'Môn Toán – lớp 8', 'Café, naïve, résumé', '7,5 × 7,5 = 56,25', 'Hoạt động 1: Mở đầu (5 phút)', 'Ngày soạn: 05/9/2025'];
    expect(decode(...plain)).toEqual(plain);
    expect(decodeLegacyText(plain).converted).toEqual({ VNI: 0, TCVN3: 0 });
  });

  it('counts the paragraphs it converted, by encoding', () => {
    expect(decodeLegacyText([toVni('Mục tiêu bài học'), toTcvn3('Chuẩn bị đồ dùng'), 'Tiến trình']).converted).toEqual({ VNI: 1, TCVN3: 1 });
  });
});
