// Lesson-plan layouts as real teachers write them (weekly bundles with day headers and subject
// lines, per-period single lessons, 5512 activity parts written every way, cover pages, tables
// of contents and appendices, one table per lesson), as blocks for plan-corpus.ts's writers.
// Each builder says how many lessons it holds.
import type { Block } from './plan-corpus.js';

export interface Layout {
  name: string;
  lessons: number;
  titles?: string[];
  blocks: Block[];
}

const DAYS = ['Thứ hai ngày 20 tháng 8 năm 2012', 'Thứ ba ngày 21 tháng 8 năm 2012', 'Thứ tư ngày 22 tháng 8 năm 2012'];

/** A primary teacher's week: day headers, then per lesson "Tiết N: SUBJECT", the title, objectives in several spellings. */
export function weeklyBundle(): Layout {
  const lessons: Array<[string, string, string]> = [
    ['TẬP ĐỌC', 'NGHÌN NĂM VĂN HIẾN', 'I. Mục tiêu:'],
    ['TOÁN', 'LUYỆN TẬP', 'I/ Mục tiêu : - HS biết: đọc, viết các phân số thập phân.'],
    ['ĐẠO ĐỨC', 'EM LÀ HỌC SINH LỚP NĂM (tiết 2)', 'I. MỤC TIÊU :'],
    ['CHÍNH TẢ', 'Nghe – viết: Lương Ngọc Quyến', 'I/ Mục đích – yêu cầu : Nghe – viết đúng bài chính tả.'],
    ['KHOA HỌC', 'NAM HAY NỮ', 'I. YÊU CẦU CẦN ĐẠT'],
    ['TOÁN', 'ÔN TẬP: PHÉP CỘNG VÀ PHÉP TRỪ HAI PHÂN SỐ', 'A. MỤC TIÊU'],
  ];
  const blocks: Block[] = [];
  lessons.forEach(([subject, title, objectives], i) => {
    if (i % 2 === 0) blocks.push(DAYS[i / 2]!);
    blocks.push(`Tiết ${i + 2}: ${subject}`, title, objectives, '- Biết đọc diễn cảm bài văn.', '- Vận dụng được kiến thức vào bài tập.');
    blocks.push(i % 3 === 1 ? 'II. Đồ dùng dạy học:' : i % 3 === 2 ? 'II. Phương tiện dạy học:' : 'II. Chuẩn bị:', '- Giáo viên: Bảng phụ, tranh minh hoạ.');
    blocks.push(i === 3 ? 'II. Các hoạt động dạy học:' : 'III. Các hoạt động dạy – học:', '1. Khởi động: Hát.', '2. Bài cũ: Gọi 2 học sinh đọc bài.', '3. Bài mới:', 'a) Giới thiệu bài.', 'b) Luyện tập:', 'Bài 1: Đọc nối tiếp.', 'Bài 2: Trả lời câu hỏi.', '4. Củng cố – dặn dò: Nhận xét tiết học.');
  });
  return { name: 'weekly bundle (day headers, subject lines, I./I//A./YÊU CẦU CẦN ĐẠT)', lessons: lessons.length, titles: lessons.map(([s, t]) => `${s.charAt(0)}${s.slice(1).toLocaleLowerCase('vi')}: ${t}`), blocks };
}

/** One 5512 lesson taught over three periods, each with its own "Tiết N", "Ngày soạn", "Ngày dạy" and a full activity cycle. */
export function perPeriodLesson(options: { partsNumbered?: 'letters' | 'digits' | 'bare' } = {}): Layout {
  const part = (n: number, text: string) => (options.partsNumbered === 'digits' ? `${n}. ${text}` : options.partsNumbered === 'bare' ? text : `${'abcd'[n - 1]}) ${text}`);
  const blocks: Block[] = [
    'TRƯỜNG THCS LÊ LỢI', 'TỔ: KHOA HỌC TỰ NHIÊN', 'Ngày soạn: 05/9/2025', 'Ngày dạy: 8A1, 8A2: 12/9/2025',
    'BÀI 3: MOL VÀ TỈ KHỐI CHẤT KHÍ', 'Môn học: Khoa học tự nhiên; Lớp: 8B', 'Thời gian thực hiện: 03 tiết',
    'I. MỤC TIÊU', '1. Kiến thức: Nêu được khái niệm mol.', '2. Năng lực:', '- Vận dụng được công thức tính số mol.', '- Luyện tập giải bài tập về tỉ khối.', '3. Phẩm chất: Chăm chỉ.',
    'II. THIẾT BỊ DẠY HỌC VÀ HỌC LIỆU', 'Máy chiếu, phiếu học tập.', 'III. TIẾN TRÌNH DẠY HỌC',
  ];
  for (let period = 1; period <= 3; period++) {
    blocks.push(`Tiết ${period}`, `Ngày soạn: 0${period + 4}/9/2025`, `Ngày dạy: ${period + 11}/9/2025`);
    for (const [n, name] of [[1, 'Mở đầu'], [2, 'Hình thành kiến thức mới'], [3, 'Luyện tập'], [4, 'Vận dụng']] as const) {
      blocks.push(`Hoạt động ${n}: ${name}`, part(1, 'Mục tiêu:'), 'Học sinh nêu được vấn đề cần tìm hiểu.', part(2, 'Nội dung: Học sinh làm phiếu học tập.'), part(3, 'Sản phẩm: Bài làm của học sinh.'), part(4, 'Tổ chức thực hiện:'));
      blocks.push({ table: [['Hoạt động của GV và HS', 'Sản phẩm dự kiến'], ['Bước 1: Chuyển giao nhiệm vụ\nBước 2: Thực hiện nhiệm vụ\nBước 3: Báo cáo, thảo luận\nBước 4: Kết luận, nhận định', 'Kết quả']] });
    }
  }
  return { name: `a lesson over 3 periods (Tiết/Ngày soạn/Ngày dạy each period, parts ${options.partsNumbered ?? 'letters'})`, lessons: 1, titles: ['BÀI 3: MOL VÀ TỈ KHỐI CHẤT KHÍ'], blocks };
}

/** A single lesson with a cover page, a table of contents and appendices that repeat its title. */
export function coverTocAppendix(): Layout {
  const blocks: Block[] = [
    'KẾ HOẠCH BÀI DẠY', 'MÔN: NGỮ VĂN 9', 'Giáo viên: Nguyễn Thị Lan', 'Năm học 2025 – 2026',
    'MỤC LỤC', 'I. Mục tiêu ........ 2', 'II. Thiết bị dạy học ........ 3', 'III. Tiến trình dạy học ........ 4', 'Phụ lục ........ 9',
    'BÀI 2: TRUYỆN KIỀU (Nguyễn Du)', 'I. Mục tiêu', '- Vận dụng hiểu biết về thể thơ lục bát.', 'II. Thiết bị dạy học và học liệu', '- Máy chiếu.', 'III. Tiến trình dạy học',
    'A. Hoạt động mở đầu', 'a) Mục tiêu: Tạo tâm thế.', 'b) Nội dung: Xem video.', 'c) Sản phẩm: Câu trả lời.', 'd) Tổ chức thực hiện: GV giao nhiệm vụ.',
    'B. Hình thành kiến thức mới', 'I. Tìm hiểu chung', 'II. Đọc hiểu văn bản', 'C. Luyện tập', 'D. Vận dụng',
    'PHỤ LỤC 1 – PHIẾU HỌC TẬP', 'BÀI 2: TRUYỆN KIỀU (Nguyễn Du)', 'Câu 1: Nêu hoàn cảnh sáng tác.', 'PHỤ LỤC 2 – RUBRIC ĐÁNH GIÁ', 'Tiêu chí | Mức 1 | Mức 2',
  ];
  return { name: 'cover page, table of contents, appendix repeating the title', lessons: 1, titles: ['BÀI 2: TRUYỆN KIỀU (Nguyễn Du)'], blocks };
}

/** Lessons whose whole plan is a table (one row per section), the next lesson in the next table. */
export function tableLessons(): Layout {
  const titles = ['Bài 5: Hình thang cân', 'Bài 6: Hình bình hành'];
  const blocks: Block[] = titles.flatMap((title) => [
    title,
    { table: [['MỤC TIÊU', 'Học sinh nhận biết được hình.'], ['CHUẨN BỊ', 'Thước, compa.'], ['TIẾN TRÌNH DẠY HỌC', 'Hoạt động 1: Khởi động'], ['', 'Hoạt động 2: Luyện tập']] },
  ]);
  return { name: 'one table per lesson', lessons: 2, titles, blocks };
}

/** A unit file: lessons with their own title and skeleton, exercises "Bài 1." inside, Word-numbered (no "I.") headings. */
export function unitFile(): Layout {
  const titles = ['Bài 1. Tập hợp', 'Bài 2. Tập hợp các số tự nhiên', 'Bài 3. Phép cộng, phép trừ các số tự nhiên'];
  const blocks: Block[] = titles.flatMap((title) => [
    title, 'Mục tiêu', '- Nhận biết được tập hợp.', 'Thiết bị dạy học và học liệu', '- Sách giáo khoa.', 'Tiến trình dạy học',
    'Hoạt động 1: Mở đầu', 'Mục tiêu:', 'Nội dung:', 'Sản phẩm:', 'Tổ chức thực hiện:', 'Bài 1. Viết tập hợp A.', 'Bài 2. Điền kí hiệu.', 'Hoạt động 2: Vận dụng',
  ]);
  return { name: 'unit file with Word list numbering and exercises "Bài 1."', lessons: 3, titles, blocks };
}

/** A lesson whose title has no "Bài N" and is given after "Tiết 65:", objectives "Mục tiêu bài học". */
export function periodTitledLesson(): Layout {
  return {
    name: '"Tiết 65: TITLE" and "MỤC TIÊU BÀI HỌC"',
    lessons: 1,
    titles: ['ÔN TẬP CHƯƠNG IV'],
    blocks: ['Tiết 65: ÔN TẬP CHƯƠNG IV', 'MỤC TIÊU BÀI HỌC', '- Hệ thống kiến thức.', 'CHUẨN BỊ', '- Bảng phụ.', 'TIẾN TRÌNH DẠY HỌC', 'Khởi động', 'Luyện tập', 'Mục tiêu: củng cố.', 'Vận dụng'],
  };
}

/** Two lessons pasted together that carry the same title (per-period plans of one topic): counted, but not sure enough to refuse. */
export function samePeriodPlans(): Layout {
  const one = (n: number): Block[] => [`Tiết ${n}`, 'ÔN TẬP HỌC KÌ I', 'I. Mục tiêu', '- Hệ thống kiến thức.', 'II. Chuẩn bị', '- Đề cương.', 'III. Tiến trình dạy học', 'Hoạt động 1: Khởi động'];
  return { name: 'per-period plans of one review topic, same title', lessons: 2, blocks: [...one(1), ...one(2)] };
}

/** A bundle carrying only "Môn: X – Bài: Y" blocks, no "I." headings: seen, told to the reviewer, never refused. */
export function subjectLessonBlocks(): Layout {
  const blocks: Block[] = [
    'Thứ hai ngày 5 tháng 9 năm 2011', 'Môn: Toán – Bài: Ôn tập khái niệm về phân số', '- Củng cố khái niệm phân số.', '- Học sinh làm bài tập 1, 2.',
    'Môn: Tập đọc – Bài: Thư gửi các học sinh', '- Đọc trôi chảy, lưu loát bức thư.', '- Trả lời các câu hỏi.',
  ];
  return { name: '"Môn: X – Bài: Y" blocks without "I." headings', lessons: 2, titles: ['Toán: Ôn tập khái niệm về phân số', 'Tập đọc: Thư gửi các học sinh'], blocks };
}
