// Word files for the "Xem nhanh" tests: a hostile one (script-like text, javascript: and
// external links, a style map embedded to turn paragraphs into scripts, an image too large to
// inline), one written in a legacy VNI font, and the two versions of a returned-then-resubmitted
// lesson plan. Made with the docx package (as plan-corpus.ts) and mammoth's own style-map writer.
import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import mammoth from 'mammoth';
import { lessonPlan, toDocx } from './plan-corpus.js';
import { toVni } from './legacy-fonts.js';

/** A valid 1×1 PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

export const HOSTILE_TEXT = {
  heading: 'KẾ HOẠCH BÀI DẠY: Bài 6 – Tam giác đồng dạng',
  script: '<script>alert("xss")</script> Mục tiêu của bài',
  handler: '<img src=x onerror=alert(1)> Thiết bị dạy học',
  cell: 'Hoạt động của GV và HS',
  cellProduct: 'Sản phẩm dự kiến: bài làm của nhóm',
  linkText: 'tài liệu tham khảo',
};

export async function hostileDocx(options: { bigImageBytes?: number } = {}): Promise<Buffer> {
  const big = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(options.bigImageBytes ?? 2_200_000, 7)]);
  const doc = new Document({
    sections: [{
      children: [
        new Paragraph({ text: HOSTILE_TEXT.heading, heading: HeadingLevel.HEADING_1 }),
        new Paragraph({ children: [new TextRun(HOSTILE_TEXT.script)] }),
        new Paragraph({ children: [new TextRun(HOSTILE_TEXT.handler)] }),
        new Paragraph({
          children: [
            new TextRun('Xem '),
            new ExternalHyperlink({ link: 'javascript:alert(document.cookie)', children: [new TextRun('bấm vào đây')] }),
            new TextRun(' và '),
            new ExternalHyperlink({ link: 'https://evil.example/track?u=1', children: [new TextRun(HOSTILE_TEXT.linkText)] }),
          ],
        }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ children: [new TableCell({ children: [new Paragraph(HOSTILE_TEXT.cell)] }), new TableCell({ children: [new Paragraph(HOSTILE_TEXT.cellProduct)] })] }),
            new TableRow({ children: [new TableCell({ children: [new Paragraph('Bước 1: Chuyển giao nhiệm vụ')] }), new TableCell({ children: [new Paragraph('HS nắm được nhiệm vụ')] })] }),
          ],
        }),
        new Paragraph({ children: [new ImageRun({ type: 'png', data: TINY_PNG, transformation: { width: 20, height: 20 } })] }),
        new Paragraph({ children: [new ImageRun({ type: 'png', data: big, transformation: { width: 20, height: 20 } })] }),
      ],
    }],
  });
  const plain = await Packer.toBuffer(doc);
  // A style map inside the file, as mammoth itself would embed it: paragraphs to <script>.
  const embedded = await mammoth.embedStyleMap({ buffer: plain }, 'p => script:fresh\nr => script');
  return Buffer.from(await embedded.toBuffer());
}

export const VNI_LINES = ['KẾ HOẠCH BÀI DẠY', 'I. Mục tiêu', '1. Về kiến thức: học sinh nhận biết được tam giác đồng dạng.', 'II. Thiết bị dạy học và học liệu'];

/** A lesson plan typed in the VNI-Times font: Word stores the legacy bytes as Latin letters. */
export function vniDocx(): Promise<Buffer> {
  return toDocx(VNI_LINES.map(toVni));
}

/** Version 1 lacks the practice activity (returned for it); version 2 adds it and edits an objective. */
export async function returnedAndResubmitted(title: string): Promise<{ v1: Buffer; v2: Buffer }> {
  const v1 = lessonPlan({ title, subject: 'Toán', grade: 9, missing: ['practice'] });
  const v2 = lessonPlan({ title, subject: 'Toán', grade: 9 }).map((b) =>
    typeof b === 'string' && b.startsWith('- Năng lực tư duy') ? `${b} Học sinh tự đánh giá bài làm của bạn.` : b,
  );
  return { v1: await toDocx(v1), v2: await toDocx(v2) };
}
