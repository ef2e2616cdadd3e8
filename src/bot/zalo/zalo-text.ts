// Zalo messages are plain text of at most 2,000 characters: longer texts (lists of people,
// digests) are cut at line ends into numbered parts, never inside a line unless one line alone
// is too long, and never inside a surrogate pair.
export const ZALO_MAX_TEXT = 2000;

export function splitForZalo(text: string, max = ZALO_MAX_TEXT): string[] {
  const body = text.trim() || '…';
  if (body.length <= max) return [body];
  // Room for the "(1/3)" marker added to each part.
  const room = max - 10;
  const parts: string[] = [];
  let current = '';
  for (const line of body.split('\n')) {
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
  return parts.map((p, i) => `${p}\n(${i + 1}/${parts.length})`);
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
