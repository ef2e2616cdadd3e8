// What the teacher is told about splitting a file, and the small rules the intake's steps share
// (split-intake.ts does the cutting, advance-intake.ts the asking and filing).
import type { DocumentAnalysis } from '../../core/documents/document-analysis.js';
import type { Flow } from '../../core/submission-flow.js';

/** Why a file is not cut, told to the teacher with what to do instead. */
export const splitTexts = {
  notSplit: (format: string) =>
    format === 'PDF'
      ? 'Tệp PDF không tách tự động được: PDF không giữ cấu trúc bài và trình bày gốc để cắt thành tệp Word. Thầy/cô mở bản Word gốc, lưu mỗi bài thành một tệp (.docx) rồi gửi lần lượt.'
      : format === 'DOC'
        ? 'Tệp Word cũ (.doc) không tách tự động được mà giữ nguyên trình bày. Thầy/cô mở tệp trong Word, chọn Lưu thành (Save As) định dạng .docx rồi gửi lại để trợ lý tách, hoặc tự tách mỗi bài thành một tệp rồi gửi lần lượt.'
        : 'Tệp này không tách tự động được mà giữ nguyên trình bày. Thầy/cô tách mỗi bài thành một tệp Word rồi gửi lần lượt.',
  failed:
    'Trợ lý chưa tách được tệp này thành từng bài một cách chắc chắn, nên chưa nộp giáo án nào. Thầy/cô tách trong Word (sao chép từng bài sang một tệp mới) rồi gửi lần lượt.',
  splitting: (n: number) => `⏳ Đang tách tệp thành ${n} giáo án…`,
  cancelled: (name: string, typedOnly: boolean) =>
    `Đã huỷ: chưa giáo án nào từ tệp “${name}” được nộp. ` +
    (typedOnly
      ? 'Khi cần, thầy/cô gõ “nop” để nhận liên kết, tải lại tệp và đánh dấu ô “Tách thành từng giáo án”, hoặc tự tách tệp trong Word rồi nộp từng bài.'
      : 'Khi cần, thầy/cô gửi lại tệp và chọn “Tách thành … giáo án”, hoặc tự tách tệp trong Word rồi gửi từng bài.'),
} as const;

/** How many lessons the file would be cut into: .docx only (the others cannot keep their layout), null otherwise. */
export function splittableCount(analysis: DocumentAnalysis | null): number | null {
  if (!analysis || analysis.readability.status !== 'TEXT' || analysis.readability.format !== 'DOCX') return null;
  return analysis.lessons.verdict === 'SEVERAL' ? analysis.lessons.count : null;
}

/** The flow is waiting for its parts (the teacher chose to split in the chat). */
export function awaitsParts(flow: Flow): boolean {
  return flow.split !== undefined && flow.split.parts === undefined;
}


/** What the teacher can do with a file the assistant does not cut: .doc and .pdf cannot be cut keeping their layout. */
export function noSplitNote(analysis: DocumentAnalysis): string {
  const format = analysis.readability.status === 'TEXT' ? analysis.readability.format : '';
  return format === 'DOCX'
    ? 'Thầy/cô tách mỗi bài thành một tệp (Word: sao chép từng bài sang tệp mới) rồi gửi lần lượt.'
    : splitTexts.notSplit(format);
}
