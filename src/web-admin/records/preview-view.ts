// "Xem nhanh" pages, shared by the admin's plan page and the signed review page: a version's
// document as the browser can show it, and what changed since the version before (next to the
// reason it was returned for). The document's HTML was sanitised in the worker
// (preview-document.ts); the page is served under its own strict Content-Security-Policy too:
// no script at all, images only inline, styles only the product's own.
import type { Response } from 'express';
import { unreadableReason } from '../../core/documents/document-analysis.js';
import type { ChangeLine, TextChanges } from '../../core/documents/text-changes.js';
import { displayFileName } from '../../core/text.js';
import type { DocumentPreview } from '../../documents/preview-document.js';
import { html, pageStyleHash, raw, type SafeHtml } from '../html.js';
import { formatSize, formatVnDateTime } from './record-format.js';

/**
 * No script of any kind, no frames or plugins, images from our pages or inline data only, the
 * page's own style block (by hash) and stylesheets. Forms (sign-out) post only to us.
 */
export function previewCsp(): string {
  return `default-src 'none'; img-src 'self' data:; style-src 'self' '${pageStyleHash()}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

export function setPreviewHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', previewCsp());
}

export const PREVIEW_STYLESHEET = html`<link rel="stylesheet" href="/assets/preview.css">`;

const FORMAT_NAMES: Record<string, string> = { DOCX: 'Word (.docx)', ODT: 'OpenDocument (.odt)', DOC: 'Word cũ (.doc)', PDF: 'PDF' };

const NOT_A_DOCUMENT: Record<string, string> = {
  EMPTY: 'tệp rỗng',
  EXECUTABLE: 'nội dung tệp không phải tài liệu',
  NOT_A_DOCUMENT: 'nội dung tệp không phải tài liệu Word, PDF hay OpenDocument',
};

export interface VersionFile {
  version: number;
  originalName: string;
  fileSize: number;
}

export interface PreviewLinks {
  /** The download (attachment) of this version. */
  download: string;
  /** The same file shown inline by the browser (PDF only). */
  pdf: string;
  /** Where the reader came from: the plan page or the review page. */
  back: { href: string; label: string };
}

/** The whole "Xem nhanh" body: title, links, what changed (for a later version), the document. */
export function previewBody(refCode: string, file: VersionFile, preview: DocumentPreview, links: PreviewLinks, changes: SafeHtml | null): SafeHtml {
  const name = displayFileName(file.originalName);
  return html`${PREVIEW_STYLESHEET}
<p class="no-print"><a href="${links.back.href}">← ${links.back.label}</a></p>
<h1>Xem nhanh: ${name}</h1>
<p class="hint">Hồ sơ ${refCode} · lần nộp thứ ${file.version} · ${formatSize(file.fileSize)}. Bản xem nhanh để đọc trên trình duyệt, không cần tải về; bản chính thức vẫn là tệp đã nộp.</p>
<p class="row no-print"><a class="button secondary" href="${links.download}" download>Tải tệp về</a></p>
${changes ?? ''}
${documentView(preview, links)}`;
}

/** The document: rendered HTML, its text, the PDF itself, or why it cannot be shown (and the way on). */
export function documentView(preview: DocumentPreview, links: Pick<PreviewLinks, 'download' | 'pdf'>): SafeHtml {
  const isPdf = preview.format === 'PDF';
  // A tap opens it in the browser's own viewer. No frame: a frame hidden on phones would still
  // fetch the whole PDF over their data plan.
  const pdf = isPdf ? html`<p class="no-print"><a class="button" href="${links.pdf}">Mở tệp PDF trong trình duyệt</a></p>` : '';
  if (preview.status === 'NONE') {
    const why = preview.format === null ? (NOT_A_DOCUMENT[preview.reason] ?? preview.reason) : unreadableReason(preview.reason);
    const next = isPdf ? 'Trình duyệt vẫn mở được tệp PDF này (bấm nút trên).' : html`Vui lòng <a href="${links.download}" download>tải tệp về</a> để mở bằng phần mềm soạn thảo.`;
    return html`<section class="card" aria-labelledby="doc-title"><h2 id="doc-title">Nội dung tệp</h2>${pdf}
<p class="notice">Chưa xem nhanh được nội dung chữ của tệp này: ${why}. ${next}</p></section>`;
  }
  const notes: SafeHtml[] = [];
  const legacy = Object.keys(preview.legacy);
  if (legacy.length > 0) {
    notes.push(html`<p class="notice">Một phần văn bản gõ bằng phông chữ cũ (${legacy.join(', ')}) đã được chuyển sang Unicode để hiển thị.</p>`);
  }
  if (preview.status === 'HTML') {
    if (preview.imagesLeftOut > 0) {
      notes.push(html`<p class="notice">${preview.imagesLeftOut} hình ảnh không hiển thị trong bản xem nhanh (quá lớn hoặc định dạng trình duyệt không đọc được); tải tệp về để xem đủ.</p>`);
    }
    return html`<section class="card" aria-labelledby="doc-title"><h2 id="doc-title">Nội dung tệp (${FORMAT_NAMES.DOCX})</h2>
<p class="hint">Giữ chữ, bảng và hình; phông chữ, căn lề và khổ giấy có thể khác bản gốc.</p>${notes}
<div class="doc-body">${raw(preview.html)}</div></section>`;
  }
  const lines = preview.paragraphs.map((p) => p.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim()).filter((p) => p.length > 0);
  const kind = FORMAT_NAMES[preview.format] ?? preview.format;
  const hint = isPdf
    ? `Chữ trích từ tệp PDF${preview.pages ? ` (${preview.pages} trang)` : ''}, để đọc nhanh trên điện thoại; hình và bố cục xem trong tệp PDF.`
    : 'Bản xem nhanh chỉ có chữ của tệp: bảng hiện thành từng dòng, không giữ định dạng.';
  return html`<section class="card" aria-labelledby="doc-title"><h2 id="doc-title">Nội dung tệp (${kind})</h2>${pdf}
<p class="hint">${hint}</p>${notes}
<div class="doc-body doc-text">${lines.map((l) => html`<p>${l}</p>`)}</div></section>`;
}

/** The version before, as the changes block names it. */
export interface EarlierVersion {
  version: number;
  decision: { action: string; reason: string | null; decidedAt: Date; deciderName: string } | null;
}

/** Lines shown at most; a longer comparison says how many more there are. */
const MAX_CHANGE_LINES = 400;

/**
 * What changed since the version before, next to why that one was returned. `changes` null:
 * one of the two has no readable text.
 */
export function changesView(earlier: EarlierVersion, changes: TextChanges | null, fullPreviewHref?: string): SafeHtml {
  const d = earlier.decision;
  const returned = d?.action === 'RETURN';
  const reason = returned
    ? html`<p class="notice">↩️ Lần nộp thứ ${earlier.version} đã bị ${d.deciderName} trả lại lúc ${formatVnDateTime(d.decidedAt)}.<br><strong>Lý do trả lại:</strong> ${d.reason ?? ''}</p>`
    : '';
  return html`<section class="card" id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Những gì đã sửa so với lần nộp thứ ${earlier.version}${returned ? ' (bị trả lại)' : ''}</h2>
${reason}${changesBody(earlier.version, changes, fullPreviewHref)}</section>`;
}

function changesBody(version: number, changes: TextChanges | null, fullPreviewHref?: string): SafeHtml {
  if (!changes) return html`<p class="hint">Chưa so sánh được: một trong hai lần nộp không đọc được nội dung chữ. Vui lòng xem toàn bộ bản mới.</p>`;
  if (changes.tooDifferent) return html`<p class="hint">Hai lần nộp khác nhau gần như toàn bộ nên không so sánh từng đoạn; vui lòng xem toàn bộ bản mới.</p>`;
  if (changes.added + changes.removed + changes.edited === 0) {
    return html`<p class="hint">Nội dung chữ giống hệt lần nộp thứ ${version} (có thể chỉ khác định dạng, hình ảnh hoặc phông chữ).</p>`;
  }
  const counts = [
    changes.added > 0 ? `thêm ${changes.added} đoạn` : '',
    changes.edited > 0 ? `sửa ${changes.edited} đoạn` : '',
    changes.removed > 0 ? `bỏ ${changes.removed} đoạn` : '',
  ].filter(Boolean);
  const shown = changes.lines.slice(0, MAX_CHANGE_LINES);
  const more = changes.lines.length - shown.length;
  return html`<p>So với lần nộp thứ ${version}: ${counts.join(', ')}.</p>
<p class="hint">Cách đọc: dòng “Thêm” là đoạn mới (<ins>chữ gạch chân</ins>), dòng “Bỏ” là đoạn đã xoá (<del>chữ gạch ngang</del>), dòng “Sửa” là đoạn có chữ được thêm hoặc xoá; các đoạn không đổi được thu gọn.</p>
<ul class="diff">${shown.map(changeLine)}</ul>
${more > 0 ? html`<p class="hint">… còn ${more} dòng nữa${fullPreviewHref ? html`; <a href="${fullPreviewHref}">xem toàn bộ bản mới</a>` : ''}.</p>` : ''}`;
}

function changeLine(line: ChangeLine): SafeHtml {
  switch (line.kind) {
    case 'same':
      return html`<li class="same">${line.text}</li>`;
    case 'skipped':
      return html`<li class="skipped">… ${line.count} đoạn không đổi …</li>`;
    case 'added':
      return html`<li class="added"><span class="tag">Thêm:</span><ins>${line.text}</ins></li>`;
    case 'removed':
      return html`<li class="removed"><span class="tag">Bỏ:</span><del>${line.text}</del></li>`;
    case 'edited':
      return html`<li class="edited"><span class="tag">Sửa:</span>${line.parts.map((p) =>
        p.kind === 'added'
          ? html`<ins><span class="sr-only">[thêm: </span>${p.text}<span class="sr-only">]</span></ins>`
          : p.kind === 'removed'
            ? html`<del><span class="sr-only">[bỏ: </span>${p.text}<span class="sr-only">]</span></del>`
            : p.text,
      )}</li>`;
  }
}
