// Realistic Vietnamese plans for the document checks, written the way teachers write them
// (appendices I–IV of letter 5512 with the usual variations), and turned into real .docx,
// .pdf and .odt files. Used by the tests and by the benchmark.
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import PDFDocument from 'pdfkit';
import { Readable } from 'node:stream';
import yazl from 'yazl';

/** A block of a plan: a paragraph, or a two-column table (step d of each activity). */
export type Block = string | { table: string[][] };

export interface LessonOptions {
  title: string; // "Bài 5: Phân thức"
  subject?: string;
  grade?: number;
  periods?: number;
  /** "TÊN BÀI DẠY: …" header (appendix IV) or the bare title line. */
  titleLabel?: boolean;
  upperCaseHeadings?: boolean;
  /** Roman numerals before the sections ("I. MỤC TIÊU"); Word list numbering leaves none in the text. */
  numbered?: boolean;
  opening?: 'Mở đầu' | 'Khởi động';
  withApplication?: boolean;
  mergedPracticeApplication?: boolean;
  preparedDate?: string | null;
  missing?: Array<'equipment' | 'objectives' | 'practice'>;
  /** Paragraphs of filler per activity, to reach a realistic length (20 pages ≈ 12). */
  filler?: number;
  /** Period sub-headings ("Tiết 1", "Tiết 2") inside the activities. */
  periodHeadings?: boolean;
}

const HEADER = ['SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG', 'TRƯỜNG THCS TRẦN PHÚ', 'TỔ: TOÁN – TIN', 'Họ và tên giáo viên: Phạm Minh Tuấn'];

const FILLER = [
  'Giáo viên chiếu hình ảnh minh hoạ lên màn hình, yêu cầu học sinh quan sát và trả lời câu hỏi gợi mở trong phiếu học tập số 1.',
  'Học sinh làm việc theo nhóm bốn người trong 5 phút, ghi kết quả vào bảng phụ; đại diện nhóm trình bày, các nhóm khác nhận xét, bổ sung.',
  'Giáo viên chốt kiến thức, nhấn mạnh các lỗi học sinh thường mắc và cách khắc phục; học sinh ghi bài vào vở.',
];

function heading(text: string, roman: string, o: LessonOptions): string {
  const t = o.upperCaseHeadings ? text.toLocaleUpperCase('vi') : text;
  return o.numbered === false ? t : `${roman}. ${t}`;
}

function activity(n: number, name: string, o: LessonOptions): Block[] {
  const blocks: Block[] = [`${n}. Hoạt động ${n}: ${name}`];
  if (o.periodHeadings && n > 1) blocks.unshift(`Tiết ${n}`);
  blocks.push(
    `a) Mục tiêu: Học sinh ${name.toLowerCase()} thông qua ví dụ cụ thể của bài.`,
    'b) Nội dung: Học sinh thực hiện các nhiệm vụ trong phiếu học tập.',
    'c) Sản phẩm: Câu trả lời và bài làm của học sinh.',
    'd) Tổ chức thực hiện:',
    {
      table: [
        ['Hoạt động của GV và HS', 'Sản phẩm dự kiến'],
        ['Bước 1: Chuyển giao nhiệm vụ\nGV nêu yêu cầu, chia nhóm.', 'HS nắm được nhiệm vụ.'],
        ['Bước 2: Thực hiện nhiệm vụ\nHS thảo luận nhóm.', 'Bài làm của các nhóm.'],
        ['Bước 3: Báo cáo, thảo luận\nĐại diện nhóm trình bày.', 'Kết quả trên bảng phụ.'],
        ['Bước 4: Kết luận, nhận định\nGV chốt kiến thức.', 'Kiến thức trọng tâm.'],
      ],
    },
  );
  for (let i = 0; i < (o.filler ?? 0); i++) blocks.push(FILLER[i % FILLER.length]!);
  return blocks;
}

export function lessonPlan(o: LessonOptions): Block[] {
  const missing = new Set(o.missing ?? []);
  const blocks: Block[] = [...HEADER];
  if (o.preparedDate !== null) blocks.push(`Ngày soạn: ${o.preparedDate ?? '05/9/2026'}`);
  blocks.push(o.titleLabel === false ? o.title.toLocaleUpperCase('vi') : `TÊN BÀI DẠY: ${o.title.toLocaleUpperCase('vi')}`);
  blocks.push(`Môn học/Hoạt động giáo dục: ${o.subject ?? 'Toán'}; lớp: ${o.grade ?? 8}`);
  blocks.push(`Thời gian thực hiện: (${o.periods ?? 2} tiết)`);
  if (!missing.has('objectives')) {
    blocks.push(heading('Mục tiêu', 'I', o), '1. Về kiến thức:', `- Nhận biết được nội dung chính của ${o.title}.`, '2. Về năng lực:', '- Năng lực tư duy và lập luận toán học; năng lực giao tiếp toán học.', '3. Về phẩm chất:', '- Chăm chỉ, trung thực, trách nhiệm trong hoạt động nhóm.');
  }
  if (!missing.has('equipment')) {
    blocks.push(heading('Thiết bị dạy học và học liệu', 'II', o), '1. Giáo viên: Máy chiếu, phiếu học tập, bảng phụ.', '2. Học sinh: Sách giáo khoa, vở ghi, đồ dùng học tập.');
  }
  blocks.push(heading('Tiến trình dạy học', 'III', o));
  if (o.periodHeadings) blocks.push('Tiết 1');
  blocks.push(...activity(1, `${o.opening ?? 'Mở đầu'} (Xác định vấn đề)`, o));
  blocks.push(...activity(2, 'Hình thành kiến thức mới', o));
  blocks.push('Bài 1: Rút gọn phân thức sau (SGK trang 36).', 'Bài 2 (SGK trang 37): Tìm điều kiện xác định.');
  if (o.mergedPracticeApplication) blocks.push(...activity(3, 'Luyện tập – Vận dụng', o));
  else {
    if (!missing.has('practice')) blocks.push(...activity(3, 'Luyện tập', o));
    if (o.withApplication !== false) blocks.push(...activity(4, 'Vận dụng', o));
  }
  return blocks;
}

/** A topic over several periods: one plan, whatever the number of periods. */
export function topicPlan(periods = 3): Block[] {
  return [
    ...HEADER,
    'Ngày soạn: 02/10/2026',
    `TÊN BÀI DẠY: CHỦ ĐỀ 2: NGUYÊN TỬ – NGUYÊN TỐ HÓA HỌC (${periods} tiết)`,
    'Môn học/Hoạt động giáo dục: Khoa học tự nhiên; lớp: 7',
    `Thời gian thực hiện: ${periods} tiết (Tiết ${Array.from({ length: periods }, (_, i) => i + 10).join(', ')})`,
    'I. MỤC TIÊU', '1. Kiến thức: Trình bày được mô hình nguyên tử của Rutherford – Bohr.', '2. Năng lực: Năng lực nhận thức khoa học tự nhiên.', '3. Phẩm chất: Chăm chỉ, trung thực.',
    'II. THIẾT BỊ DẠY HỌC VÀ HỌC LIỆU', 'Mô hình nguyên tử, phiếu học tập.',
    'III. TIẾN TRÌNH DẠY HỌC',
    ...Array.from({ length: periods }, (_, i) => [
      `Tiết ${i + 1}`,
      ...(i === 0 ? activity(1, 'Khởi động', {} as LessonOptions) : []),
      ...activity(i + 2, `Hình thành kiến thức mới (phần ${i + 1})`, {} as LessonOptions),
    ]).flat(),
    ...activity(periods + 2, 'Luyện tập', {} as LessonOptions),
    ...activity(periods + 3, 'Vận dụng', {} as LessonOptions),
  ] as Block[];
}

/** Several lesson plans pasted one after another in one file (what R6 forbids). */
export function severalLessons(titles: string[], variant: Partial<LessonOptions> = {}): Block[] {
  return titles.flatMap((title, i) => lessonPlan({ title, preparedDate: `0${i + 1}/9/2026`, ...variant }));
}

export function teacherPlan(): Block[] {
  return [...HEADER, 'KẾ HOẠCH GIÁO DỤC CỦA GIÁO VIÊN', 'MÔN HỌC: TOÁN, LỚP 8', '(Năm học 2026 - 2027)', 'I. Kế hoạch dạy học', '1. Phân phối chương trình',
    { table: [['STT', 'Bài học', 'Số tiết', 'Thời điểm', 'Thiết bị dạy học', 'Địa điểm dạy học'], ['1', 'Bài 1: Đơn thức', '2', 'Tuần 1', 'Máy chiếu', 'Lớp học']] },
    'II. Nhiệm vụ khác', 'Bồi dưỡng học sinh giỏi.', 'TỔ TRƯỞNG', 'GIÁO VIÊN'];
}

export function groupTeachingPlan(): Block[] {
  return [...HEADER, 'KẾ HOẠCH DẠY HỌC CỦA TỔ CHUYÊN MÔN', 'MÔN HỌC: TOÁN, KHỐI LỚP 8', 'I. Đặc điểm tình hình', '1. Số lớp: 6; Số học sinh: 240',
    'II. Kế hoạch dạy học', '1. Phân phối chương trình', { table: [['STT', 'Bài học', 'Số tiết', 'Yêu cầu cần đạt'], ['1', 'Bài 1', '2', 'Nhận biết đơn thức']] },
    '3. Kiểm tra, đánh giá định kỳ', { table: [['Bài kiểm tra, đánh giá', 'Thời gian', 'Thời điểm', 'Yêu cầu cần đạt', 'Hình thức'], ['Giữa kỳ 1', '90 phút', 'Tuần 9', '…', 'Viết']] },
    'TỔ TRƯỞNG', 'HIỆU TRƯỞNG'];
}

export function groupActivitiesPlan(): Block[] {
  return [...HEADER, 'KẾ HOẠCH TỔ CHỨC CÁC HOẠT ĐỘNG GIÁO DỤC', 'Khối lớp: 8; Số học sinh: 240',
    { table: [['STT', 'Chủ đề', 'Yêu cầu cần đạt', 'Số tiết', 'Thời điểm', 'Địa điểm', 'Chủ trì', 'Phối hợp', 'Điều kiện thực hiện'], ['1', 'Ngày hội Toán học', 'Yêu thích môn Toán', '2', 'Tháng 11', 'Sân trường', 'Tổ Toán', 'Đoàn trường', 'Kinh phí']] },
    'TỔ TRƯỞNG', 'HIỆU TRƯỞNG'];
}

export function schoolPlan(): Block[] {
  return ['UBND PHƯỜNG LÊ CHÂN', 'TRƯỜNG THCS TRẦN PHÚ', 'KẾ HOẠCH GIÁO DỤC NHÀ TRƯỜNG', 'NĂM HỌC 2026 - 2027', 'I. Căn cứ xây dựng kế hoạch', 'Căn cứ Thông tư số 32/2020/TT-BGDĐT…',
    'II. Điều kiện thực hiện chương trình', '1. Đặc điểm tình hình', 'III. Mục tiêu giáo dục năm học', 'IV. Tổ chức các hoạt động giáo dục', 'V. Tổ chức thực hiện'];
}

/** The text the checks should see, as extraction produces it (table cells as paragraphs). */
export function paragraphsOf(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (typeof b === 'string' ? [b] : b.table.flat().flatMap((c) => c.split('\n'))));
}

export async function toDocx(blocks: Block[]): Promise<Buffer> {
  const children = blocks.map((b) =>
    typeof b === 'string'
      ? new Paragraph({ children: [new TextRun(b)], alignment: /^[A-ZĐ\s:–-]+$/u.test(b) ? AlignmentType.CENTER : undefined })
      : new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: b.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: cell.split('\n').map((line) => new Paragraph(line)) })) })),
        }),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export function toPdf(blocks: Block[], options: { password?: string; imageOnly?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, userPassword: options.password, ownerPassword: options.password ? 'owner' : undefined, pdfVersion: options.password ? '1.7' : undefined, info: { Title: 'Kế hoạch', CreationDate: new Date('2026-09-01') } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    if (options.imageOnly) {
      doc.rect(56, 56, 400, 600).fill('#dddddd'); // a scan: shapes, no text
    } else {
      doc.font(FONT).fontSize(12);
      for (const line of paragraphsOf(blocks)) doc.text(line);
    }
    doc.end();
  });
}

export function toOdt(blocks: Block[]): Promise<Buffer> {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = paragraphsOf(blocks).map((p) => `<text:p text:style-name="P1">${esc(p)}</text:p>`).join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('application/vnd.oasis.opendocument.text'), 'mimetype', { compress: false });
  zip.addBuffer(Buffer.from(content), 'content.xml');
  zip.addBuffer(Buffer.from('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'), 'META-INF/manifest.xml');
  zip.end();
  return collect(zip.outputStream);
}

/** A zip bomb shaped like a .docx: a document.xml that inflates far past any limit. */
export function zipBomb(uncompressedMb = 300): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const source = new Readable({
    read(this: Readable & { n?: number }) {
      this.n = (this.n ?? 0) + 1;
      this.push(this.n > uncompressedMb ? null : chunk);
    },
  });
  zip.addReadStream(source, 'word/document.xml');
  zip.end();
  return collect(zip.outputStream);
}

/** A zip with too many entries (an entry-count bomb). */
export function manyEntries(count = 20_000): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
  for (let i = 0; i < count; i++) zip.addBuffer(Buffer.from('x'), `word/media/${i}.xml`);
  zip.end();
  return collect(zip.outputStream);
}

/** What a password-protected .docx is: an OLE container with an EncryptionInfo stream. */
export function encryptedDocx(): Buffer {
  const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  return Buffer.concat([header, Buffer.alloc(504), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(2048, 7)]);
}

export function renamedExe(): Buffer {
  return Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.from('This program cannot be run in DOS mode.'), Buffer.alloc(1024)]);
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
