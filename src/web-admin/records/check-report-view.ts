// The automatic checks stored with a version (Submission.checkReport, written by
// record-checked-file.ts), in words a reviewer reads: could the text be read, how many lessons
// the file holds (R6), which parts of the template were found. Old or odd reports show what
// they can; nothing in them is trusted as markup.
import { z } from 'zod';
import { missingParts, type ChecklistItem } from '../../core/documents/structure-check.js';
import { refusalReason, unreadableReason, type Readability } from '../../core/documents/document-analysis.js';
import type { LessonCount } from '../../core/documents/lesson-counter.js';
import { html, type SafeHtml } from '../html.js';

const readabilitySchema = z.union([
  z.object({ status: z.literal('TEXT'), format: z.string() }),
  z.object({ status: z.literal('UNREADABLE'), format: z.string(), reason: z.string() }),
  z.object({ status: z.literal('REFUSED'), reason: z.enum(['EMPTY', 'EXECUTABLE', 'NOT_A_DOCUMENT']) }),
]);

const lessonsSchema = z.union([
  z.object({ verdict: z.literal('UNKNOWN') }),
  z.object({ verdict: z.literal('ONE'), title: z.string().nullable() }),
  z.object({ verdict: z.literal('SEVERAL'), count: z.number(), titles: z.array(z.string()), signs: z.array(z.string()), confidence: z.enum(['SURE', 'UNSURE']).optional().catch(undefined) }),
]);

const reportSchema = z.object({
  readability: readabilitySchema.optional().catch(undefined),
  lessons: lessonsSchema.optional().catch(undefined),
  checklist: z.array(z.object({ key: z.string(), label: z.string(), found: z.boolean(), optional: z.boolean() })).optional().catch(undefined),
  lessonsContested: z.boolean().optional().catch(undefined),
  splitFrom: z.object({ name: z.string(), part: z.number(), of: z.number() }).optional().catch(undefined),
});

type CheckReport = z.infer<typeof reportSchema>;

export function parseCheckReport(json: string | null): CheckReport | null {
  if (!json) return null;
  try {
    const parsed = reportSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const FORMAT_NAMES: Record<string, string> = {
  DOCX: 'Word (.docx)', DOC: 'Word (.doc)', ODT: 'OpenDocument (.odt)', PDF: 'PDF', XLSX: 'Excel', PPTX: 'PowerPoint',
  ZIP: 'tệp nén', ODF_OTHER: 'OpenDocument', OLE_OTHER: 'Office đời cũ', RTF: 'RTF',
};

function readabilityLine(r: Readability): SafeHtml {
  if (r.status === 'TEXT') return html`<li>✓ Đọc được nội dung (${FORMAT_NAMES[r.format] ?? r.format}).</li>`;
  if (r.status === 'UNREADABLE') return html`<li>⚠️ Không đọc được nội dung: ${unreadableReason(r.reason)}. Người duyệt cần mở tệp để kiểm tra.</li>`;
  return html`<li>⚠️ ${refusalReason(r) ?? 'Không phải tài liệu.'}</li>`;
}

function lessonsLine(l: LessonCount): SafeHtml {
  if (l.verdict === 'ONE') return html`<li>✓ Tệp chứa một bài dạy${l.title ? html`: “${l.title}”` : ''}.</li>`;
  if (l.verdict === 'SEVERAL' && l.confidence === 'UNSURE') {
    return html`<li>❓ Tệp có thể chứa ${l.count} bài dạy: ${l.titles.join('; ')} — trợ lý chưa chắc nên vẫn nhận; người duyệt vui lòng xem lại (${l.signs.join('; ')}).</li>`;
  }
  if (l.verdict === 'SEVERAL') return html`<li>⚠️ Tệp có ${l.count} kế hoạch bài dạy: ${l.titles.join(', ')} (dấu hiệu: ${l.signs.join('; ')}).</li>`;
  return html`<li>Không xác định được số bài dạy trong tệp.</li>`;
}

function checklistView(items: readonly ChecklistItem[]): SafeHtml {
  if (items.length === 0) return html``;
  const missing = missingParts(items);
  const summary = missing.length === 0 ? 'Có đủ các phần theo mẫu.' : `Chưa thấy ${missing.length} phần theo mẫu (chỉ là gợi ý, không bắt buộc theo mẫu).`;
  return html`<li>${summary}<ul style="list-style:none;padding-left:.8rem">${items.map(
    (i) => html`<li>${i.found ? '✓' : '✗'} ${i.label}${i.optional ? html` <span class="hint">(không bắt buộc)</span>` : ''}</li>`,
  )}</ul></li>`;
}

/** The findings as a list; `lessonPlan` adds the lesson count, which only R6 cares about. */
export function checkReportView(json: string | null, lessonPlan: boolean): SafeHtml {
  const report = parseCheckReport(json);
  if (!report || (!report.readability && !report.lessons && !report.checklist)) {
    return html`<span class="hint">Không có kết quả kiểm tra tự động.</span>`;
  }
  return html`<ul class="checks" style="list-style:none;padding-left:0;margin:0">
${report.readability ? readabilityLine(report.readability as Readability) : ''}
${lessonPlan && report.lessons ? lessonsLine(report.lessons) : ''}
${report.splitFrom ? html`<li>✂️ Bài ${report.splitFrom.part}/${report.splitFrom.of} do trợ lý tách từ tệp “${report.splitFrom.name}” (giáo viên đã xác nhận tên bài và ngày dạy).</li>` : ''}
${lessonPlan && report.lessonsContested ? html`<li>⚠️ Giáo viên khẳng định tệp chỉ có một bài dạy (đã chọn “Tệp này chỉ có một bài dạy” khi trợ lý từ chối). Người duyệt vui lòng kiểm tra.</li>` : ''}
${report.checklist ? checklistView(report.checklist) : ''}
</ul>`;
}
