// Cuts a .docx's word/document.xml into one body per lesson, at the top-level element (a
// paragraph or a whole table) holding each lesson's first paragraph. Pure string work on the
// XML: every part keeps the document's section properties (page size, margins, headers), and
// the package around it (styles, numbering, images, relationships) is copied whole by the
// caller, so each file looks like the teacher's own.

/** Paragraphs in the order the text extractor numbers them (zip-document.ts's docxParagraphs). */
const PARAGRAPH = /<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/g;

interface BodyElement {
  start: number;
  end: number;
  isSectPr: boolean;
}

/** Top-level children of <w:body>, by offset in the XML. */
function bodyElements(xml: string, bodyStart: number, bodyEnd: number): BodyElement[] {
  const out: BodyElement[] = [];
  const tag = /<(\/?)([\w:.-]+)[^>]*?(\/?)>/g;
  tag.lastIndex = bodyStart;
  let depth = 0;
  let start = -1;
  let name = '';
  for (let m = tag.exec(xml); m && m.index < bodyEnd; m = tag.exec(xml)) {
    const [whole, closing, tagName, selfClosing] = m;
    if (whole.startsWith('<?') || whole.startsWith('<!')) continue;
    if (!closing) {
      if (depth === 0) {
        start = m.index;
        name = tagName!;
      }
      if (!selfClosing) depth++;
      else if (depth === 0) out.push({ start, end: m.index + whole.length, isSectPr: name === 'w:sectPr' });
    } else {
      depth--;
      if (depth === 0) out.push({ start, end: m.index + whole.length, isSectPr: name === 'w:sectPr' });
    }
  }
  return out;
}

/**
 * One document.xml per part, cut before the top-level elements holding the given paragraph
 * indices (ascending; the first part also keeps what comes before the first cut, such as a
 * cover page). Null when the cuts cannot be placed (fewer than two distinct parts).
 */
export function splitDocumentXml(xml: string, cutParagraphs: readonly number[]): string[] | null {
  const open = /<w:body>|<w:body\s[^>]*>/.exec(xml);
  const bodyEnd = xml.lastIndexOf('</w:body>');
  if (!open || bodyEnd < 0) return null;
  const bodyStart = open.index + open[0].length;
  const offsets = [...xml.matchAll(PARAGRAPH)].map((m) => m.index);
  const elements = bodyElements(xml, bodyStart, bodyEnd);
  const sectPr = elements.find((e) => e.isSectPr);
  const content = elements.filter((e) => !e.isSectPr);
  const cutElements: number[] = [];
  for (const p of cutParagraphs) {
    const offset = offsets[p];
    if (offset === undefined) return null;
    const i = content.findIndex((e) => e.start <= offset && offset < e.end);
    if (i < 0) return null;
    if (!cutElements.includes(i)) cutElements.push(i);
  }
  cutElements.sort((a, b) => a - b);
  cutElements[0] = 0; // the first lesson keeps the file's opening (school header, cover page)
  if (cutElements.length < 2) return null;
  const head = xml.slice(0, bodyStart);
  const tail = (sectPr ? xml.slice(sectPr.start, sectPr.end) : '') + xml.slice(bodyEnd);
  return cutElements.map((from, k) => {
    const to = cutElements[k + 1] ?? content.length;
    const parts = content.slice(from, to).map((e) => xml.slice(e.start, e.end));
    return head + parts.join('') + tail;
  });
}
