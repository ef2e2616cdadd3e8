// Writes Unicode Vietnamese the way teachers' legacy fonts store it, so fixtures can hold VNI
// (VNI-Times) and TCVN3 (.VnTime) text. The encoders are written from the fonts' rules, not
// from the decoder's tables, so a test that round-trips through both checks one against the other.

const TONE_NAMES: Record<string, 'acute' | 'grave' | 'hook' | 'tilde' | 'dot'> = {
  '\u0301': 'acute', '\u0300': 'grave', '\u0309': 'hook', '\u0303': 'tilde', '\u0323': 'dot',
};

/** VNI: base letter, then one mark byte (modifier and tone together where VNI has one). */
const VNI_TONE = { acute: 'ù', grave: 'ø', hook: 'û', tilde: 'õ', dot: 'ï' };
const VNI_CIRC = { none: 'â', acute: 'á', grave: 'à', hook: 'å', tilde: 'ã', dot: 'ä' };
const VNI_BREVE = { none: 'ê', acute: 'é', grave: 'è', hook: 'ú', tilde: 'ü', dot: 'ë' };
const VNI_I = { acute: 'í', grave: 'ì', hook: 'æ', tilde: 'ó', dot: 'ò' };

export function toVni(text: string): string {
  return [...text.normalize('NFC')].map(vniLetter).join('');
}

function vniLetter(ch: string): string {
  if (ch === 'đ') return 'ñ';
  if (ch === 'Đ') return 'Ñ';
  const [base = '', ...marks] = ch.normalize('NFD');
  if (!/[aeiouyAEIOUY]/.test(base) || marks.length === 0) return ch;
  const upper = base === base.toUpperCase();
  const tone = marks.map((m) => TONE_NAMES[m]).find(Boolean);
  const cased = (s: string) => (upper ? s.toUpperCase() : s);
  if (marks.includes('\u031B')) {
    const horn = base.toLowerCase() === 'o' ? 'ô' : 'ö';
    return cased(horn) + (tone ? cased(VNI_TONE[tone]) : '');
  }
  if (marks.includes('\u0302')) return base + cased(VNI_CIRC[tone ?? 'none']);
  if (marks.includes('\u0306')) return base + cased(VNI_BREVE[tone ?? 'none']);
  if (base.toLowerCase() === 'i' && tone) return cased(VNI_I[tone]);
  if (base.toLowerCase() === 'y' && tone === 'dot') return cased('î');
  return base + (tone ? cased(VNI_TONE[tone]) : '');
}

/** TCVN3 (.VnTime): one byte per letter, listed by vowel and tone (none, grave, hook, tilde, acute, dot). */
const TCVN3_ROWS: Record<string, string> = {
  a: 'aµ¶·¸¹', 'ă': '¨»¼½¾Æ', 'â': '©ÇÈÉÊË', e: 'eÌÎÏÐÑ', 'ê': 'ªÒÓÔÕÖ', i: 'i×ØÜÝÞ', o: 'oßáâãä',
  'ô': '«åæçèé', 'ơ': '¬êëìíî', u: 'uïñòóô', 'ư': '\u00ADõö÷øù', y: 'yúûüýþ',
};
const TONE_ORDER = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];
const TCVN3_CAPS: Record<string, string> = { 'Ă': '¡', 'Â': '¢', 'Ê': '£', 'Ô': '¤', 'Ơ': '¥', 'Ư': '¦', 'Đ': '§', 'đ': '®' };

/** Lower-case output is .VnTime; upper-case toned vowels come out in .VnTimeH style (lower-case codes). */
export function toTcvn3(text: string): string {
  return [...text.normalize('NFC')].map((ch) => {
    if (TCVN3_CAPS[ch]) return TCVN3_CAPS[ch]!;
    const lower = ch.toLowerCase();
    const nfd = lower.normalize('NFD');
    const tone = [...nfd].find((m) => TONE_ORDER.includes(m) && m !== '') ?? '';
    const vowel = [...nfd].filter((m) => m !== tone).join('').normalize('NFC');
    const row = TCVN3_ROWS[vowel];
    if (!row || (tone === '' && ch === vowel && ['a', 'e', 'i', 'o', 'u', 'y'].includes(vowel))) return ch;
    if (tone === '' && ch !== lower && ['a', 'e', 'i', 'o', 'u', 'y'].includes(vowel)) return ch;
    return row[TONE_ORDER.indexOf(tone)]!;
  }).join('');
}

/** Every Vietnamese letter, lower and upper case (134 forms + đ/Đ). */
export function vietnameseLetters(): string[] {
  const out: string[] = [];
  for (const vowel of ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y']) {
    for (const tone of TONE_ORDER) {
      const lower = (vowel + tone).normalize('NFC');
      out.push(lower, lower.toUpperCase());
    }
  }
  return [...out, 'đ', 'Đ'];
}
