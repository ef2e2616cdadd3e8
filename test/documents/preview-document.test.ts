// "Xem nhanh" rendering: real files through mammoth and the sanitiser (as the worker runs them),
// hostile ones included, legacy fonts converted, other formats shown as their text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/documents/extraction.js';
import { previewDocument, sanitizeDocumentHtml, type DocumentPreview } from '../../src/documents/preview-document.js';
import { TextExtractor } from '../../src/documents/text-extractor.js';
import * as corpus from '../support/plan-corpus.js';
import { HOSTILE_TEXT, hostileDocx, VNI_LINES, vniDocx } from '../support/preview-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hscm-preview-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function previewOf(bytes: Buffer, name = 'file'): Promise<DocumentPreview> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return previewDocument(file, DEFAULT_LIMITS);
}

function htmlOf(preview: DocumentPreview): string {
  if (preview.status !== 'HTML') throw new Error(`expected HTML, got ${JSON.stringify(preview).slice(0, 200)}`);
  return preview.html;
}

/** What must never be in a preview, whatever the file held. */
function expectInert(markup: string): void {
  expect(markup).not.toMatch(/<script|<\/script|<iframe|<object|<embed|<style|<link|<meta|<form|<svg/i);
  // Inside tags (script-like words in the text are fine: they are escaped text).
  for (const [tag] of markup.matchAll(/<[^>]+>/g)) {
    expect(tag).not.toMatch(/\son\w+\s*=|\sstyle\s*=|javascript:|vbscript:/i);
  }
  // No URL leaves the document: hrefs only to its own bookmarks, images only inline data.
  for (const m of markup.matchAll(/\s(href|src)="([^"]*)"/g)) {
    if (m[1] === 'href') expect(m[2]).toMatch(/^#doc-[\w.-]+$/);
    else expect(m[2]).toMatch(/^data:image\/(png|jpeg|gif|webp|bmp);base64,/);
  }
}

describe('a .docx rendered to HTML', () => {
  it('shows the text, headings and tables of a real lesson plan', async () => {
    const blocks = corpus.lessonPlan({ title: 'Bài 5: Phân thức', subject: 'Toán', grade: 8 });
    const preview = await previewOf(await corpus.toDocx(blocks));
    const markup = htmlOf(preview);
    expect(markup).toContain('TÊN BÀI DẠY: BÀI 5: PHÂN THỨC');
    expect(markup).toContain('<table class="doc-table">');
    expect(markup).toMatch(/<td>(?:<p>)?Hoạt động của GV và HS/);
    expect(markup).toContain('Bước 1: Chuyển giao nhiệm vụ');
    expectInert(markup);
    // The text for comparisons comes along, table cells included.
    expect(preview.status === 'HTML' && preview.paragraphs).toContain('Sản phẩm dự kiến');
  });

  it('a hostile file: script-like text stays text, links go nowhere, the embedded style map is ignored, a huge image is left out with a note', async () => {
    const preview = await previewOf(await hostileDocx());
    const markup = htmlOf(preview);
    expectInert(markup);
    // Script-like text is shown as the words it is, escaped.
    expect(markup).toContain('&lt;script&gt;alert("xss")&lt;/script&gt; Mục tiêu của bài');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt; Thiết bị dạy học');
    // Links keep their words, not their targets.
    expect(markup).toContain(`<span class="doc-link">${HOSTILE_TEXT.linkText}</span>`);
    expect(markup).toContain('<span class="doc-link">bấm vào đây</span>');
    expect(markup).not.toContain('evil.example');
    // The heading became a styled paragraph; the table is there.
    expect(markup).toContain(`<p class="doc-h1">${HOSTILE_TEXT.heading}</p>`);
    expect(markup).toContain(HOSTILE_TEXT.cellProduct);
    // The small image inline, the 2 MB one left out and said so.
    expect(markup).toMatch(/<img src="data:image\/png;base64,iVBOR[^"]+" \/>|<img src="data:image\/png;base64,iVBOR[^"]+">/);
    expect(markup).toContain('[Hình ảnh quá lớn để xem nhanh — tải tệp về để xem]');
    expect(preview.status === 'HTML' && preview.imagesLeftOut).toBe(1);
  });

  it('the fixture is hostile indeed: mammoth on its defaults obeys the embedded style map; the sanitiser alone still makes that inert', async () => {
    const raw = (await mammoth.convertToHtml({ buffer: await hostileDocx() })).value;
    expect(raw).toContain('<script><script>KẾ HOẠCH BÀI DẠY');
    expect(raw).toContain('href="javascript:alert(document.cookie)"');
    const cleaned = sanitizeDocumentHtml(raw);
    expectInert(cleaned);
    // A <script> element's content is dropped with it, never shown as text.
    expect(cleaned).not.toContain('KẾ HOẠCH BÀI DẠY');
  });

  it('the sanitiser strips what mammoth itself never writes, should a file find a way', () => {
    const markup = sanitizeDocumentHtml([
      '<p onclick="alert(1)" style="color:red">Đoạn văn</p><script>alert(1)</script><style>body{display:none}</style>',
      '<a href="javascript:alert(1)">a</a><a href="//evil.example/x">b</a><a href="/logout">c</a><a href="#footnote-1" id="footnote-ref-1">[1]</a>',
      '<img src="https://evil.example/pixel.png"><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="><img src="data:image/png;base64,iVBORw0KGgo=">',
      '<iframe src="https://evil.example"></iframe><form action="/x"><input name="a"></form><svg onload="alert(1)"></svg><table><tr><th>Tiêu đề</th></tr></table>',
    ].join(''));
    expectInert(markup);
    expect(markup).toContain('<p>Đoạn văn</p>');
    expect(markup).toContain('<a href="#doc-footnote-1" id="doc-footnote-ref-1">[1]</a>');
    expect(markup).toContain('<span class="doc-link">c</span>');
    expect(markup).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" />');
    expect(markup.match(/<img/g)).toHaveLength(1);
    expect(markup).toContain('<table class="doc-table"><tr><td>Tiêu đề</td></tr></table>');
  });

  it('text typed in a legacy VNI font is shown in Unicode, and said so', async () => {
    const preview = await previewOf(await vniDocx());
    const markup = htmlOf(preview);
    for (const line of VNI_LINES) expect(markup).toContain(line);
    expect(preview.status === 'HTML' && preview.legacy).toEqual({ VNI: VNI_LINES.length });
  });
});

describe('other formats', () => {
  it('an .odt is shown as its paragraphs (legacy text converted)', async () => {
    const preview = await previewOf(await corpus.toOdt(['Kế hoạch bài dạy', 'Muïc tieâu baøi hoïc', 'Hoạt động 1: Mở đầu']));
    expect(preview).toMatchObject({ status: 'TEXT', format: 'ODT', legacy: { VNI: 1 } });
    expect(preview.status === 'TEXT' && preview.paragraphs).toEqual(['Kế hoạch bài dạy', 'Mục tiêu bài học', 'Hoạt động 1: Mở đầu']);
  });

  it('a PDF gives its text and page count; a scanned PDF is still known as a PDF', async () => {
    const text = await previewOf(await corpus.toPdf(corpus.lessonPlan({ title: 'Bài 1: Tập hợp' })));
    expect(text).toMatchObject({ status: 'TEXT', format: 'PDF', pages: expect.any(Number) });
    expect(text.status === 'TEXT' && text.paragraphs.join('\n')).toContain('Tiến trình dạy học');
    expect(await previewOf(await corpus.toPdf([], { imageOnly: true }))).toEqual({ status: 'NONE', format: 'PDF', reason: 'NO_TEXT' });
  });

  it('a zip bomb and a renamed program are refused before mammoth sees them', async () => {
    expect(await previewOf(await corpus.zipBomb(120))).toMatchObject({ status: 'NONE', reason: 'TOO_LARGE' });
    expect(await previewOf(corpus.renamedExe())).toEqual({ status: 'NONE', format: null, reason: 'EXECUTABLE' });
  });

  it('runs in the extraction worker (TextExtractor.preview), as the product calls it', async () => {
    const extractor = new TextExtractor();
    try {
      const file = path.join(dir, 'worker.docx');
      fs.writeFileSync(file, await hostileDocx());
      const preview = await extractor.preview(file);
      expectInert(htmlOf(preview));
      expect(htmlOf(preview)).toContain(HOSTILE_TEXT.cell);
    } finally {
      await extractor.close();
    }
  });
});
