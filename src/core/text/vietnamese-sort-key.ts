/**
 * A string whose plain (code point) order is Vietnamese dictionary order: letters by the Vietnamese
 * alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), then tones (ngang, huyền, hỏi, ngã, sắc, nặng) as a
 * tie-break, and digit runs compared as numbers ("Thôn 3" before "Thôn 10"). Stored beside names so
 * the database sorts the Vietnamese way on PGlite and on any server collation.
 */
const ALPHABET = 'a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z'.split(' ');
const RANK = new Map(ALPHABET.map((letter, i) => [letter, i]));
// Combining marks: quality marks change the letter, tone marks only break ties.
const QUALITY: Record<string, string> = { '\u0306': 'breve', '\u0302': 'circumflex', '\u031b': 'horn' };
const TONE_ORDER: Record<string, number> = {
  '\u0300': 1,
  '\u0309': 2,
  '\u0303': 3,
  '\u0301': 4,
  '\u0323': 5,
};

function letterOf(base: string, quality: string | undefined): string {
  if (quality === 'breve' && base === 'a') return 'ă';
  if (quality === 'circumflex' && 'aeo'.includes(base)) return base === 'a' ? 'â' : base === 'e' ? 'ê' : 'ô';
  if (quality === 'horn' && 'ou'.includes(base)) return base === 'o' ? 'ơ' : 'ư';
  return base;
}

export function vietnameseSortKey(text: string): string {
  const decomposed = text.normalize('NFD').toLowerCase().replace(/\s+/g, ' ').trim();
  let primary = '';
  let tones = '';
  for (let i = 0; i < decomposed.length;) {
    const ch = decomposed[i]!;
    if (/\d/.test(ch)) {
      const digits = /^\d+/.exec(decomposed.slice(i))![0];
      primary += '0' + String.fromCharCode(0x21 + Math.min(digits.replace(/^0+/, '').length, 90)) + digits;
      i += digits.length;
      continue;
    }
    let quality: string | undefined;
    let tone = 0;
    let j = i + 1;
    for (; j < decomposed.length && /\p{M}/u.test(decomposed[j]!); j++) {
      const mark = decomposed[j]!;
      quality ??= QUALITY[mark];
      tone = TONE_ORDER[mark] ?? tone;
    }
    const letter = letterOf(ch, quality);
    const rank = RANK.get(letter);
    // Letters after '0' so that a space (end of a word) sorts first, as dictionaries do.
    primary += rank === undefined ? ch : String.fromCharCode(0x61 + rank);
    if (rank !== undefined) tones += String(tone);
    i = j;
  }
  return `${primary}\u0001${tones}`;
}

/** People are listed by given name, then by the full name (the usual order of Vietnamese lists). */
export function personNameSortKey(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  return `${vietnameseSortKey(words.at(-1) ?? '')}\u0001${vietnameseSortKey(fullName)}`;
}
