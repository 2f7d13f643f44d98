import { decodeLegacyEncoding } from '../text/decode-legacy-encoding.ts';
import { foldForSearch } from '../text/fold.ts';
import { normalizeWhitespace } from '../text/normalize-whitespace.ts';
import { toNfc } from '../text/to-nfc.ts';

export interface StandardizedOrganizationName {
  value: string;
  /** The name was non-standard in spacing, case or abbreviation (ORG_NAME_NONSTANDARD). */
  changed: boolean;
}

// Abbreviations typed in place of the standard prefix, matched in capitals only: "Cb" or "db" are too likely
// to be something else.
const ABBREVIATIONS = new Map([
  ['CB', 'Chi bộ'],
  ['CBCS', 'Chi bộ cơ sở'],
  ['ĐB', 'Đảng bộ'],
  ['DB', 'Đảng bộ'],
  ['ĐBCS', 'Đảng bộ cơ sở'],
  ['DBCS', 'Đảng bộ cơ sở'],
  ['ĐBBP', 'Đảng bộ bộ phận'],
  ['DBBP', 'Đảng bộ bộ phận'],
  ['ĐU', 'Đảng ủy'],
]);

const PREFIXES = ['Chi bộ', 'Đảng bộ', 'Đảng ủy'];

// The level that follows "Đảng bộ"/"Đảng ủy" is a common noun, written in lower case ("Đảng bộ xã Tân
// Lập"); what follows it is the proper name and is kept as found.
const LEVELS = [
  'cơ sở',
  'bộ phận',
  'xã',
  'phường',
  'thị trấn',
  'thị xã',
  'huyện',
  'quận',
  'thành phố',
  'tỉnh',
  'đặc khu',
];

/**
 * A written word matches a standard word when it is the same word in any case or tone-mark style
 * ("CHI BỘ", "Đảng uỷ"), or the same letters typed without diacritics ("Dang bo").
 */
function isSameWord(written: string, standard: string): boolean {
  if (foldForSearch(written) !== foldForSearch(standard)) return false;
  const lower = written.toLowerCase();
  return lower === standard || lower === foldForSearch(standard) || (standard === 'ủy' && lower === 'uỷ');
}

function startsWithWords(tokens: readonly string[], phrase: string): boolean {
  const words = phrase.toLowerCase().split(' ');
  return words.every((word, i) => tokens[i] !== undefined && isSameWord(tokens[i], word));
}

function standardizePrefix(name: string): string {
  const tokens = name.split(' ');
  const first = tokens[0] ?? '';
  let prefix: string | undefined;
  let rest: string[];
  const expansion = ABBREVIATIONS.get(first);
  if (expansion !== undefined) {
    prefix = expansion;
    rest = tokens.slice(1);
  } else {
    prefix = PREFIXES.find((p) => startsWithWords(tokens, p));
    if (prefix === undefined) return name;
    rest = tokens.slice(2);
  }
  if (prefix.split(' ').length === 2 && prefix !== 'Chi bộ') {
    // An exact level word in the wrong case only: "Đảng bộ Xã" → "Đảng bộ xã". Without its diacritics it
    // may be part of a name, so it is left alone.
    const level = LEVELS.find((l) => {
      const words = l.split(' ');
      return words.every((w, i) => rest[i]?.toLowerCase() === w);
    });
    if (level !== undefined) {
      prefix = `${prefix} ${level}`;
      rest = rest.slice(level.split(' ').length);
    }
  }
  return [prefix, ...rest].join(' ');
}

/**
 * The standard form of an organization name: Unicode NFC, single spaces, and the standard prefix ("Chi bộ",
 * "Đảng bộ", "Đảng ủy", then the level in lower case) written out in full; the rest is kept as found.
 * Legacy-font text is decoded first, but that and NFC are TEXT_* fixes (see normalizeFreeText), so they do
 * not count as `changed`.
 */
export function standardizeOrganizationName(raw: string): StandardizedOrganizationName {
  const decoded = toNfc(decodeLegacyEncoding(raw).text);
  const value = standardizePrefix(normalizeWhitespace(decoded));
  return { value, changed: value !== decoded };
}
