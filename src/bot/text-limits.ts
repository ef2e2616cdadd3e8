// Each platform's longest text message: Zalo 2,000 characters, Telegram 4,096 (over it Telegram
// refuses the message and the person gets no answer at all). Texts are cut at line ends, never
// inside a line unless one line alone is too long, and never inside a surrogate pair. Zalo gets
// a long text (lists of people, digests) as numbered parts; Telegram, where a message may carry
// buttons, gets the first part and a note that the rest was left out.
export const ZALO_MAX_TEXT = 2000;
export const TELEGRAM_MAX_TEXT = 4096;

const CUT_NOTE = '\n… (tin nhắn quá dài, phần còn lại đã được lược bớt)';

export function splitForZalo(text: string, max = ZALO_MAX_TEXT): string[] {
  const body = text.trim() || '…';
  if (body.length <= max) return [body];
  // Room for the "(1/3)" marker added to each part.
  const parts = partsWithin(body, max - 10);
  return parts.map((p, i) => `${p}\n(${i + 1}/${parts.length})`);
}

export function fitForTelegram(text: string, max = TELEGRAM_MAX_TEXT): string {
  if (text.length <= max) return text;
  return `${partsWithin(text, max - CUT_NOTE.length)[0]!}${CUT_NOTE}`;
}

/** The text's lines gathered into parts of at most `room` characters. */
function partsWithin(text: string, room: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of cutLine(line, room)) {
      if (current && current.length + 1 + piece.length > room) {
        parts.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current) parts.push(current);
  return parts;
}

function cutLine(line: string, room: number): string[] {
  if (line.length <= room) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > room) {
    let at = rest.lastIndexOf(' ', room);
    if (at < room / 2) at = room;
    if (/[\uD800-\uDBFF]/.test(rest.charAt(at - 1))) at -= 1;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}
