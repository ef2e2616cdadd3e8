// Legacy 8-bit Vietnamese text (VNI-Times and TCVN3/.VnTime, "ABC") to Unicode, before any
// check reads a document. Such text is Windows-1252 characters that only look Vietnamese
// through the font ("Muïc tieâu" in VNI, "Môc tiªu" in TCVN3), and files mix it with Unicode
// paragraphs and even words. The font is not known for .doc, .pdf or .odt text, so each word
// is judged from its own letters: it is converted when its legacy reading is a Vietnamese
// syllable and its own reading is not; a word both readings accept (Unicode "toán" reads as
// VNI "tốn") follows the encoding that the paragraph's (or else the document's) unambiguous
// words show. Unicode words carrying Vietnamese-only letters (ơ, ư, đ, ế …) are never touched.
//
// The two tables are fixed and small; no package on npm keeps them (the one that claims to
// is an unmaintained 0.0.1), so they live here, tested letter by letter.

export type LegacyEncoding = 'VNI' | 'TCVN3';

/** TCVN3 (TCVN 5712:1993, VN3): one byte per letter; upper-case toned vowels come from the ".VnTimeH" font with the lower-case codes. */
const TCVN3_PAIRS =
  'Ă¡Â¢Ê£Ô¤Ơ¥Ư¦Đ§ă¨â©êªô«ơ¬ư\u00ADđ®' +
  'àµả¶ã·á¸ạ¹ằ»ẳ¼ẵ½ắ¾ặÆầÇẩÈẫÉấÊậË' +
  'èÌẻÎẽÏéÐẹÑềÒểÓễÔếÕệÖ' +
  'ì×ỉØĩÜíÝịÞ' +
  'òßỏáõâóãọäồåổæỗçốèộéờêởëỡìớíợî' +
  'ùïủñũòúóụôừõửöữ÷ứøựù' +
  'ỳúỷûỹüýýỵþ';

const TCVN3 = new Map<string, string>();
for (let i = 0; i < TCVN3_PAIRS.length; i += 2) TCVN3.set(TCVN3_PAIRS[i + 1]!, TCVN3_PAIRS[i]!);

// VNI: a base letter followed by a mark character. Combining marks by name:
const ACUTE = '\u0301';
const GRAVE = '\u0300';
const HOOK = '\u0309';
const TILDE = '\u0303';
const DOT = '\u0323';
const CIRC = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031B';

/** VNI mark characters (lower and upper case forms) → the combining marks they add. */
const VNI_MARKS = new Map<string, string>();
for (const [chars, marks] of [
  ['ùÙ', ACUTE], ['øØ', GRAVE], ['ûÛ', HOOK], ['õÕ', TILDE], ['ïÏ', DOT],
  ['âÂ', CIRC], ['áÁ', CIRC + ACUTE], ['àÀ', CIRC + GRAVE], ['åÅ', CIRC + HOOK], ['ãÃ', CIRC + TILDE], ['äÄ', CIRC + DOT],
  ['êÊ', BREVE], ['éÉ', BREVE + ACUTE], ['èÈ', BREVE + GRAVE], ['úÚ', BREVE + HOOK], ['üÜ', BREVE + TILDE], ['ëË', BREVE + DOT],
] as const) {
  for (const c of chars) VNI_MARKS.set(c, marks);
}

/** VNI letters that stand alone: ơ, ư, đ and the toned i / y that VNI precomposes. */
const VNI_LETTERS = new Map<string, string>([
  ['ô', 'ơ'], ['Ô', 'Ơ'], ['ö', 'ư'], ['Ö', 'Ư'], ['ñ', 'đ'], ['Ñ', 'Đ'],
  ['ì', 'ì'], ['Ì', 'Ì'], ['í', 'í'], ['Í', 'Í'], ['æ', 'ỉ'], ['Æ', 'Ỉ'], ['ó', 'ĩ'], ['Ó', 'Ĩ'], ['ò', 'ị'], ['Ò', 'Ị'], ['î', 'ỵ'], ['Î', 'Ỵ'],
]);

const VOWELS = 'aeiouyAEIOUY';

/** Reads a word as VNI; null when a mark does not fit the letter before it (not VNI). */
export function fromVni(word: string): string | null {
  const letters: string[] = []; // each a base letter with its combining marks (NFD)
  for (const ch of word) {
    const marks = VNI_MARKS.get(ch);
    if (marks === undefined) {
      letters.push((VNI_LETTERS.get(ch) ?? ch).normalize('NFD'));
      continue;
    }
    const last = letters.length - 1;
    const base = letters[last]?.[0];
    if (base === undefined || !VOWELS.includes(base)) return null;
    const combined = letters[last] + marks;
    if (!validMarks(base, combined.slice(1))) return null;
    letters[last] = combined;
  }
  return letters.join('').normalize('NFC');
}

/** Reads a word as TCVN3. */
export function fromTcvn3(word: string): string {
  let out = '';
  for (const ch of word) out += TCVN3.get(ch) ?? ch;
  return out;
}

/** Whether a letter's marks can exist in Vietnamese (one tone; â ê ô, ă, ơ ư; no doubled marks). */
function validMarks(base: string, marks: string): boolean {
  const b = base.toLowerCase();
  let tones = 0;
  for (const m of marks) if (TONES.includes(m)) tones++;
  if (tones > 1) return false;
  if (marks.includes(CIRC) && !'aeo'.includes(b)) return false;
  if (marks.includes(BREVE) && (b !== 'a' || marks.includes(CIRC))) return false;
  if (marks.includes(HORN) && (!'ou'.includes(b) || marks.includes(CIRC) || marks.includes(BREVE))) return false;
  return new Set(marks).size === marks.length;
}

const TONES = [ACUTE, GRAVE, HOOK, TILDE, DOT];

/** Letters only Vietnamese Unicode text has: a word holding one is Unicode already. */
const UNICODE_ONLY = /[ăĂđĐĩĨũŨơƠưƯ\u1EA0-\u1EF9\u0300-\u036F]/u;
/** Letters legacy text is made of (beyond ASCII); a word without any needs no look. */
const LEGACY_CHARS = /[\u00A0-\u00FF]/;

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?';
/** Vowel groups that may take a final consonant, and those ending in a glide that may not. */
const CLOSED = ['uyê', 'iê', 'yê', 'uô', 'ươ', 'oa', 'oă', 'oe', 'uâ', 'uê', 'uy', 'oo', 'ôô', 'a', 'ă', 'â', 'e', 'ê', 'i', 'y', 'o', 'ô', 'ơ', 'u', 'ư'];
const OPEN = [
  'iêu', 'yêu', 'oai', 'oay', 'oeo', 'uây', 'uôi', 'uya', 'ươi', 'ươu', 'uyu',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'oi', 'ôi', 'ơi', 'ua', 'ui', 'ưa', 'ưi', 'ưu', 'ya',
];
const SYLLABLE = new RegExp(`^${ONSET}(?:(?:${CLOSED.join('|')})(?:ch|ng|nh|[cmnpt])?|(?:${OPEN.join('|')}))$`, 'u');

/** Whether a word (letters only) is a Vietnamese syllable: known onset, vowel group and ending, one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const nfd = word.toLowerCase().normalize('NFD');
  if ([...nfd].filter((c) => TONES.includes(c)).length > 1) return false;
  if (/[^\p{L}\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323]/u.test(nfd)) return false;
  const toneless = [...nfd].filter((c) => !TONES.includes(c)).join('').normalize('NFC');
  return SYLLABLE.test(toneless);
}

type Reading = 'UNICODE' | LegacyEncoding;

interface WordReadings {
  raw: string;
  vni: string | null;
  tcvn3: string | null;
  /** The readings that give Vietnamese syllables. */
  valid: Reading[];
}

function lettersOf(word: string): string[] {
  return word.match(/[\p{L}\p{M}]+/gu) ?? [];
}

const cache = new Map<string, WordReadings | null>();

function readingsOf(raw: string): WordReadings | null {
  if (!LEGACY_CHARS.test(raw) || UNICODE_ONLY.test(raw)) return null;
  let found = cache.get(raw);
  if (found === undefined) {
    if (cache.size > 50_000) cache.clear();
    found = computeReadings(raw);
    cache.set(raw, found);
  }
  return found;
}

/** Whether the non-ASCII letter groups of a text are all Vietnamese syllables (and there is one). */
function syllables(text: string | null): boolean {
  if (text === null) return false;
  const groups = lettersOf(text).filter((g) => /[^\x00-\x7f]/.test(g));
  return groups.length > 0 && groups.every(isVietnameseSyllable);
}

function computeReadings(raw: string): WordReadings | null {
  // A lone sign ("×", "®") is not a word: only letters are read as legacy text.
  if (!/[\p{L}]/u.test(raw)) return null;
  const vni = fromVni(raw);
  const tcvn3 = fromTcvn3(raw);
  const valid: Reading[] = [];
  if (syllables(raw)) valid.push('UNICODE');
  if (vni !== null && vni !== raw && syllables(vni)) valid.push('VNI');
  if (tcvn3 !== raw && syllables(tcvn3)) valid.push('TCVN3');
  return { raw, vni: vni !== raw ? vni : null, tcvn3: tcvn3 !== raw ? tcvn3 : null, valid };
}

/** Counts of unambiguous words by reading: the evidence an ambiguous word follows. */
type Votes = Record<Reading, number>;

function vote(words: readonly (WordReadings | null)[], votes: Votes = { UNICODE: 0, VNI: 0, TCVN3: 0 }, text?: string): Votes {
  for (const w of words) if (w && w.valid.length === 1) votes[w.valid[0]!]++;
  // Words with Vietnamese-only letters are Unicode evidence too.
  if (text) votes.UNICODE += (text.match(/\S*[ăĂđĐĩĨũŨơƠưƯ\u1EA0-\u1EF9]\S*/gu) ?? []).length;
  return votes;
}

function leader(votes: Votes): Reading | null {
  const order = (Object.entries(votes) as Array<[Reading, number]>).sort((a, b) => b[1] - a[1]);
  return order[0]![1] > 0 && order[0]![1] > order[1]![1] ? order[0]![0] : null;
}

function convert(w: WordReadings, reading: Reading): string {
  const out = reading === 'VNI' ? w.vni : reading === 'TCVN3' ? w.tcvn3 : null;
  if (out === null) return w.raw;
  // ".VnTimeH" writes upper-case toned vowels with lower-case codes: keep a word's case whole.
  const letters = w.raw.replace(/[^\p{L}]/gu, '');
  return reading === 'TCVN3' && letters.length > 1 && /^[^\p{Ll}]*$/u.test(letters.replace(/[\u00A0-\u00FF]/g, '')) ? out.toLocaleUpperCase('vi') : out;
}

export interface LegacyDecoding {
  paragraphs: string[];
  /** How many paragraphs had words converted from each encoding. */
  converted: Record<LegacyEncoding, number>;
}

/** Converts the legacy-encoded words of a document's paragraphs to Unicode. */
export function decodeLegacyText(paragraphs: readonly string[]): LegacyDecoding {
  const converted: Record<LegacyEncoding, number> = { VNI: 0, TCVN3: 0 };
  const split = paragraphs.map((p) => (LEGACY_CHARS.test(p) ? p.split(/(\s+)/) : null));
  const readings = split.map((parts) => parts?.map((part, i) => (i % 2 === 0 ? readingsOf(part) : null)) ?? null);
  const documentVotes = { UNICODE: 0, VNI: 0, TCVN3: 0 };
  readings.forEach((words, i) => words && vote(words, documentVotes, paragraphs[i]));
  const documentLeader = leader(documentVotes);
  const out = paragraphs.map((p, i) => {
    const words = readings[i];
    const parts = split[i];
    if (!words || !parts) return p;
    const paragraphLeader = leader(vote(words, undefined, p)) ?? documentLeader;
    const used = new Set<LegacyEncoding>();
    const text = parts.map((part, j) => {
      const w = words[j];
      if (!w || w.valid.length === 0) return part;
      const reading = w.valid.length === 1 ? w.valid[0]! : paragraphLeader && w.valid.includes(paragraphLeader) ? paragraphLeader : 'UNICODE';
      if (reading !== 'UNICODE') used.add(reading);
      return reading === 'UNICODE' ? part : convert(w, reading);
    });
    for (const e of used) converted[e]++;
    return used.size > 0 ? text.join('') : p;
  });
  return { paragraphs: out, converted };
}
