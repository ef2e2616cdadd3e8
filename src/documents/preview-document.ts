// A stored document as a reviewer reads it in the browser ("Xem nhanh"): a .docx becomes HTML
// through mammoth, then is sanitised to a short allow-list (no scripts, no event handlers, no
// styles, no URL but inline raster images); other readable documents (.odt, legacy .doc, PDF
// text) become their paragraphs. Legacy VNI/TCVN3 text is converted to Unicode either way.
// Runs inside the extraction worker (text-extractor.ts): a hostile file costs a worker only.
import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { decodeLegacyText, type LegacyEncoding } from '../core/documents/legacy-encoding.js';
import { extractText } from './extract-text.js';
import type { ExtractionLimits } from './extraction.js';

export type LegacyCounts = Partial<Record<LegacyEncoding, number>>;

export type DocumentPreview =
  /** A .docx rendered to sanitised HTML; `paragraphs` is its text for comparisons. */
  | { status: 'HTML'; format: 'DOCX'; html: string; paragraphs: string[]; legacy: LegacyCounts; imagesLeftOut: number }
  /** A document shown as its text: .odt, legacy .doc, PDF (whose pages the browser shows too). */
  | { status: 'TEXT'; format: 'DOCX' | 'ODT' | 'PDF' | 'DOC'; paragraphs: string[]; legacy: LegacyCounts; pages?: number }
  /** Nothing to show as text; `format` says what the file is when known (a scanned PDF still opens). */
  | { status: 'NONE'; format: string | null; reason: string };

/** Raster types every browser shows; EMF/WMF/TIFF (common in Word files) are left out with a note. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export interface PreviewLimits {
  /** Largest single image inlined, in bytes. */
  maxImageBytes: number;
  /** Most image bytes inlined per document; the rest are left out with a note. */
  maxImagesBytes: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = { maxImageBytes: 2 * 1024 * 1024, maxImagesBytes: 8 * 1024 * 1024 };

/** What mammoth's image hook writes for an image left out; replaced by a visible note below. */
const LEFT_OUT = 'hscm-left-out:';

export async function previewDocument(file: string, limits: ExtractionLimits, previewLimits = DEFAULT_PREVIEW_LIMITS): Promise<DocumentPreview> {
  // The extraction's checks (zip entries, inflated size, format from content) come first:
  // mammoth only ever sees a .docx whose text entry inflated within the limits.
  const extraction = await extractText(file, limits);
  if (extraction.status === 'REFUSED') return { status: 'NONE', format: null, reason: extraction.reason };
  if (extraction.status === 'UNREADABLE') return { status: 'NONE', format: extraction.format, reason: extraction.reason };
  const decoded = decodeLegacyText(extraction.paragraphs);
  const legacy: LegacyCounts = Object.fromEntries(Object.entries(decoded.converted).filter(([, n]) => n > 0));
  const text = { paragraphs: decoded.paragraphs, legacy, ...(extraction.pages ? { pages: extraction.pages } : {}) };
  if (extraction.format !== 'DOCX') return { status: 'TEXT', format: extraction.format, ...text };
  try {
    const rendered = await docxToHtml(file, previewLimits);
    const html = Object.keys(legacy).length > 0 ? decodeLegacyHtml(rendered.html) : rendered.html;
    return { status: 'HTML', format: 'DOCX', html, paragraphs: decoded.paragraphs, legacy, imagesLeftOut: rendered.imagesLeftOut };
  } catch {
    // mammoth could not follow the file (an unusual producer): its text is still worth showing.
    return { status: 'TEXT', format: 'DOCX', ...text };
  }
}

async function docxToHtml(file: string, limits: PreviewLimits): Promise<{ html: string; imagesLeftOut: number }> {
  let budget = limits.maxImagesBytes;
  let imagesLeftOut = 0;
  const result = await mammoth.convertToHtml(
    { path: file },
    {
      // A style map embedded in the file could name any element ("p => script"): never read it.
      includeEmbeddedStyleMap: false,
      // Images linked to other files (a path or a URL) are never fetched.
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        const type = (image.contentType ?? '').toLowerCase();
        if (IMAGE_TYPES.has(type)) {
          const bytes = await image.readAsBase64String();
          const size = Math.floor((bytes.length * 3) / 4);
          if (size <= limits.maxImageBytes && size <= budget) {
            budget -= size;
            return { src: `data:${type};base64,${bytes}` };
          }
        }
        imagesLeftOut++;
        return { src: `${LEFT_OUT}${IMAGE_TYPES.has(type) ? 'large' : 'type'}` };
      }),
    },
  );
  return { html: sanitizeDocumentHtml(result.value), imagesLeftOut };
}

const HEADING_CLASSES = ['doc-h1', 'doc-h2', 'doc-h3', 'doc-h4'];

/**
 * The allow-list. Document headings become styled paragraphs (a file's own heading levels
 * jump about and would break the page's outline); links leave the document only as text; ids
 * are prefixed so that a file's bookmarks cannot collide with the page's own.
 */
export function sanitizeDocumentHtml(markup: string): string {
  const withNotes = markup.replace(/<img\b[^>]*\bsrc="hscm-left-out:(large|type)"[^>]*>/g, (_, why: string) =>
    `<span class="doc-missing">[${why === 'large' ? 'Hình ảnh quá lớn để xem nhanh' : 'Hình ảnh ở định dạng trình duyệt không hiển thị được'} — tải tệp về để xem]</span>`,
  );
  const heading = (level: number): sanitizeHtml.Transformer => (_tag, attribs) => ({
    tagName: 'p', attribs: { ...attribs, class: HEADING_CLASSES[Math.min(level, 4) - 1]! },
  });
  return sanitizeHtml(withNotes, {
    allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'a', 'span', 'img', 'blockquote', 'hr'],
    allowedAttributes: { a: ['href', 'id'], li: ['id'], p: ['class'], span: ['class'], table: ['class'], td: ['colspan', 'rowspan'], img: ['src', 'alt'] },
    allowedClasses: { p: HEADING_CLASSES, span: ['doc-missing', 'doc-link'], table: ['doc-table'] },
    allowedSchemes: [],
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      h1: heading(1), h2: heading(2), h3: heading(3), h4: heading(4), h5: heading(4), h6: heading(4),
      th: 'td',
      // The class keeps the page's phone layout (stackTables) off the document's own tables.
      table: (_tag, attribs) => ({ tagName: 'table', attribs: { ...attribs, class: 'doc-table' } }),
      a: (_tag, attribs) => {
        const id = ownId(attribs.id);
        const href = attribs.href ?? '';
        // Footnotes, table of contents: links within the document stay links.
        if (href.startsWith('#') && ownId(href.slice(1)).id) return { tagName: 'a', attribs: { href: `#${ownId(href.slice(1)).id}`, ...id } };
        // A bookmark (a link target only).
        if (!href) return { tagName: 'a', attribs: id };
        return { tagName: 'span', attribs: { class: 'doc-link' } };
      },
      li: (_tag, attribs) => ({ tagName: 'li', attribs: ownId(attribs.id) }),
    },
    // Only inline raster images stay; anything else that claims to be an image goes.
    exclusiveFilter: (frame) => frame.tag === 'img' && !/^data:image\/(?:png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=]+$/.test(frame.attribs.src ?? ''),
  });
}

/** A document's own id, prefixed; nothing for a missing or odd one. */
function ownId(id: string | undefined): Record<string, string> {
  return id && /^[\w.-]{1,100}$/.test(id) ? { id: `doc-${id}` } : {};
}

/** Converts legacy VNI/TCVN3 words in the text between tags (each text run judged with the whole document's evidence). */
function decodeLegacyHtml(markup: string): string {
  const parts = markup.split(/(<[^>]*>)/);
  const texts = parts.filter((_, i) => i % 2 === 0);
  const decoded = decodeLegacyText(texts).paragraphs;
  return parts.map((part, i) => (i % 2 === 0 ? decoded[i / 2]! : part)).join('');
}
