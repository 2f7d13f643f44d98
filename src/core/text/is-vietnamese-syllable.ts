import { memoizeText } from './memoize.ts';

/**
 * A Vietnamese syllable split into its parts: onset consonant, vowel nucleus, final consonant, and its one
 * tone. `nucleus` keeps the quality marks (ă â ê ô ơ ư) but no tone; `letters` is the whole syllable in
 * lower case without tone, and `nucleusStart` indexes into it.
 */
export interface VietnameseSyllable {
  letters: string;
  onset: string;
  nucleus: string;
  nucleusStart: number;
  coda: string;
  tone: Tone;
  /** Index in `letters` of the vowel that carries the tone, -1 without a tone. */
  toneAt: number;
}

export type Tone = '' | '\u0300' | '\u0301' | '\u0303' | '\u0309' | '\u0323';

const TONE_MARKS = new Set<string>(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

// Longest first, so "ngh" wins over "ng" and "n". "gi" and "qu" are onsets whose vowel letter is not part of
// the nucleus ("già", "quý"). The consonant clusters are for minority names and places ("Krông", "Plông").
const ONSETS = [
  'ngh',
  'ng',
  'nh',
  'ph',
  'th',
  'tr',
  'ch',
  'kh',
  'gh',
  'gi',
  'qu',
  'bl',
  'br',
  'dl',
  'dr',
  'gr',
  'hl',
  'hr',
  'kl',
  'km',
  'kn',
  'kr',
  'mn',
  'pl',
  'pr',
  'xt',
  'b',
  'c',
  'd',
  'đ',
  'g',
  'h',
  'k',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'x',
  '',
];

// Vowel groups that end a syllable with no final consonant, and those that take one. "ă", "â", "iê", "yê",
// "uô", "ươ", "uâ", "oă" and "uyê" never close a syllable on their own.
// The loanword "oo" ("xoong") is left out: it is written without tone, and a toned "oo" is far more often
// a misread legacy byte (TCVN3 "Khoõng" for VNI "Khoâng" = "Không").
const OPEN_NUCLEI = new Set(
  (
    'a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu iêu oa oai oao oay oe oeo oi ôi ơi ua uây uê ui uôi ' +
    'uơ uy uya uyu ưa ưi ưu ươi ươu yêu'
  ).split(' '),
);
const CLOSED_NUCLEI = new Set('a ă â e ê i o ô ơ u ư y oa oă oe uâ uê uô uy uyê ươ iê yê'.split(' '));
// "k" closes minority place names such as "Đắk Lắk".
const CODAS = ['ch', 'ng', 'nh', 'c', 'k', 'm', 'n', 'p', 't'];
// Finals that only some vowels take: "anh", "ếch", "inh", "oanh", "huỳnh" but never "unh" or "ônh".
const RESTRICTED_CODAS: Record<string, ReadonlySet<string>> = {
  ch: new Set(['a', 'ê', 'i', 'y', 'oa', 'uê', 'uy']),
  nh: new Set(['a', 'ê', 'i', 'y', 'oa', 'uê', 'uy']),
};
const RESTRICTED_NUCLEI: Record<string, ReadonlySet<string>> = { y: new Set(['ch', 'nh', 't']) };
const STOP_CODAS = new Set(['c', 'ch', 'k', 'p', 't']);
// A syllable ending in a stop takes only the sắc or nặng tone ("Bắc", "Việt"), never huyền, hỏi or ngã.
const STOP_TONES = new Set<Tone>(['', '\u0301', '\u0323']);

const VOWELS = new Set('aăâeêioôơuưy'.split(''));
const QUALITY_VOWELS = new Set('ăâêôơư'.split(''));

/** Splits a letter into its toneless form and its tone mark ("ộ" → "ô" + dot below). */
export function splitTone(letter: string): { base: string; tone: Tone } {
  let tone: Tone = '';
  let base = '';
  for (const ch of letter.normalize('NFD')) {
    if (TONE_MARKS.has(ch)) tone = ch as Tone;
    else base += ch;
  }
  return { base: base.normalize('NFC'), tone };
}

/** Puts a tone mark on a toneless letter, keeping its case ("Ô" + hook above → "Ổ"). */
export function applyTone(base: string, tone: Tone): string {
  return (base + tone).normalize('NFC');
}

/**
 * Parses one word as a syllable. With `anyTonePosition` a mark on the wrong vowel ("hòang", "gìa") is
 * accepted, so that it can be moved; otherwise only the two accepted placement styles parse.
 */
export function parseVietnameseSyllable(
  word: string,
  options: { anyTonePosition?: boolean } = {},
): VietnameseSyllable | null {
  return options.anyTonePosition ? parseAnyTonePosition(word) : parseAcceptedStyles(word);
}

const parseAcceptedStyles = memoizeText((word: string) => parseSyllable(word, false));
const parseAnyTonePosition = memoizeText((word: string) => parseSyllable(word, true));

function parseSyllable(word: string, anyTonePosition: boolean): VietnameseSyllable | null {
  let tone: Tone = '';
  let toneAt = -1;
  let letters = '';
  for (const ch of word.normalize('NFC').toLowerCase()) {
    const split = splitTone(ch);
    if (split.tone !== '') {
      if (tone !== '' || !VOWELS.has(split.base)) return null;
      tone = split.tone;
      toneAt = letters.length;
    }
    letters += split.base;
  }
  if (!/^[a-zđăâêôơư]+$/.test(letters)) return null;
  for (const onset of ONSETS) {
    if (!letters.startsWith(onset)) continue;
    const rime = letters.slice(onset.length);
    const parsed = splitRime(rime);
    if (!parsed) continue;
    if (STOP_CODAS.has(parsed.coda) && !STOP_TONES.has(tone)) return null;
    const syllable = { letters, onset, nucleusStart: onset.length, ...parsed, tone, toneAt };
    const placedWell = toneAt === toneIndex(syllable) || toneAt === alternativeToneIndex(syllable);
    if (toneAt >= 0 && !placedWell && !anyTonePosition) return null;
    return syllable;
  }
  return null;
}

/**
 * Where the tone mark goes in the style of the official unit lists ("Hòa", "Thủy", "Hoàng", "Quý"): on the
 * last vowel with a quality mark ("Nguyễn", "Được"); else on the last vowel when a final consonant follows
 * ("Hoàng", "Huỳnh"); else on the first of two vowels ("Hòa", "Thủy", "Mía") and the middle of three
 * ("Khoái", "Khuỷu"). "gi" and "qu" belong to the onset, so "Giá", "Quý" and "Quà" keep the mark after them.
 */
export function toneIndex(syllable: Omit<VietnameseSyllable, 'tone' | 'toneAt'>): number {
  const { nucleus, nucleusStart, coda } = syllable;
  const vowels = [...nucleus];
  let offset = -1;
  vowels.forEach((v, i) => {
    if (QUALITY_VOWELS.has(v)) offset = i;
  });
  if (offset < 0) {
    if (coda !== '') offset = vowels.length - 1;
    else offset = vowels.length === 3 ? 1 : 0;
  }
  return nucleusStart + offset;
}

// The other accepted style puts the mark of an open "oa", "oe", "uy" on the second vowel ("Hoà", "Thuý").
function alternativeToneIndex(syllable: Omit<VietnameseSyllable, 'tone' | 'toneAt'>): number {
  const { nucleus, nucleusStart, coda } = syllable;
  return coda === '' && ['oa', 'oe', 'uy'].includes(nucleus) ? nucleusStart + 1 : -1;
}

function splitRime(rime: string): { nucleus: string; coda: string } | null {
  if (OPEN_NUCLEI.has(rime)) return { nucleus: rime, coda: '' };
  for (const coda of CODAS) {
    if (rime.length > coda.length && rime.endsWith(coda)) {
      const nucleus = rime.slice(0, -coda.length);
      if (!CLOSED_NUCLEI.has(nucleus)) continue;
      if (RESTRICTED_CODAS[coda] && !RESTRICTED_CODAS[coda].has(nucleus)) continue;
      if (RESTRICTED_NUCLEI[nucleus] && !RESTRICTED_NUCLEI[nucleus].has(coda)) continue;
      return { nucleus, coda };
    }
  }
  return null;
}

/**
 * Whether one word is a well-formed Vietnamese syllable: onset + vowel nucleus + final consonant with at most
 * one tone mark, in any case and in either tone-mark style ("Hoà", "Hòa"). Used to tell real text from
 * legacy-font mojibake, so it accepts the minority onsets and the "k" final seen in place names.
 */
export function isVietnameseSyllable(word: string): boolean {
  return parseVietnameseSyllable(word) !== null;
}
