import tcvn3Table from '../../../reference/legacy-encodings/tcvn3.json' with { type: 'json' };
import vniTable from '../../../reference/legacy-encodings/vni.json' with { type: 'json' };
import { isVietnameseSyllable } from './is-vietnamese-syllable.ts';
import { memoizeText } from './memoize.ts';

export type LegacyEncoding = 'tcvn3' | 'vni';

export interface DecodedText {
  text: string;
  encoding: LegacyEncoding | null;
}

interface Codec {
  name: LegacyEncoding;
  table: ReadonlyMap<string, string>;
  maxKeyLength: number;
}

function codecOf(name: LegacyEncoding, table: Record<string, string>): Codec {
  const keys = Object.keys(table);
  return {
    name,
    table: new Map(Object.entries(table)),
    maxKeyLength: Math.max(...keys.map((k) => k.length)),
  };
}

const CODECS: readonly Codec[] = [codecOf('tcvn3', tcvn3Table), codecOf('vni', vniTable)];

// TCVN3 writes letters with bytes that Latin-1 shows as symbols ("§" = Đ, "×" = ì, U+00AD = ư), so a word
// is any run of letters, marks and those bytes; digits, spaces and punctuation separate words.
const LEGACY_SYMBOLS = [...new Set(CODECS.flatMap((c) => [...c.table.keys()].join('').split('')))]
  .filter((ch) => !/\p{L}/u.test(ch))
  .join('');
const WORD = new RegExp(`[\\p{L}\\p{M}${escapeForClass(LEGACY_SYMBOLS)}]+`, 'gu');

function escapeForClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

function decodeWith(codec: Codec, word: string): string {
  let out = '';
  for (let i = 0; i < word.length;) {
    let matched = false;
    for (let len = Math.min(codec.maxKeyLength, word.length - i); len > 0; len--) {
      const value = codec.table.get(word.slice(i, i + len));
      if (value !== undefined) {
        out += value;
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) {
      out += word[i];
      i += 1;
    }
  }
  return out;
}

const isAsciiWord = (word: string): boolean => /^[A-Za-z]+$/.test(word);
// TCVN3 maps capital Latin-1 letters to small toned ones, so "ThÞnh" or "cÊp" parse as syllables but a
// capital after a small letter gives them away. Capitals before small ones are real ("KRông", "H'Mông").
const hasWordCasing = (word: string): boolean => !/\p{Ll}\p{M}*\p{Lu}/u.test(word);
const isUnicodeWord = (word: string): boolean =>
  isAsciiWord(word) || (hasWordCasing(word) && isVietnameseSyllable(word));
// Both legacy encodings only use bytes, so anything past U+00FF proves the field was typed in Unicode.
const isLatin1 = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
};

interface Reading {
  codec: Codec;
  decoded: string[];
  /** Words that are not Vietnamese as found but are once decoded. */
  fixed: number;
  /** Words that are Vietnamese as found but not once decoded. */
  broken: number;
  /** Words that are not Vietnamese either way (minority names such as "Ia Đal", or real damage). */
  unexplained: number;
  /** Toned letters in the decoded text: mojibake read with the wrong table gains tone marks. */
  tones: number;
}

const TONED = /[\u0300\u0301\u0303\u0309\u0323]/gu;

function read(codec: Codec, words: readonly string[]): Reading {
  const decoded = words.map((w) => decodeWith(codec, w));
  let fixed = 0;
  let broken = 0;
  let unexplained = 0;
  words.forEach((word, i) => {
    const validBefore = isUnicodeWord(word);
    const validAfter = isUnicodeWord(decoded[i]!);
    if (validAfter && !validBefore) fixed += 1;
    else if (validBefore && !validAfter) broken += 1;
    else if (!validBefore) unexplained += 1;
  });
  const tones = decoded.join(' ').normalize('NFD').match(TONED)?.length ?? 0;
  return { codec, decoded, fixed, broken, unexplained, tones };
}

// When the readings explain the field equally well, TCVN3 wins: it was the national standard (TCVN
// 5712:1993) and most legacy office text was typed in it.
function compareReadings(a: Reading, b: Reading): number {
  return b.fixed - a.fixed || a.unexplained - b.unexplained || a.tones - b.tones;
}

function replaceWords(text: string, replace: (word: string) => string): string {
  return text.replace(WORD, replace);
}

/**
 * Detects TCVN3 (ABC) or VNI-Windows mojibake in one field and converts it to NFC Unicode.
 *
 * A whole field is decoded only when it is made of legacy bytes (nothing past U+00FF), decoding turns at
 * least one non-Vietnamese word into a Vietnamese syllable, breaks no word that was Vietnamese, and repairs
 * at least as many words as it leaves unexplained. Words that read as Vietnamese both ways (VNI "Thò" is
 * "Thị", TCVN3 "bé" is "bộ") follow the rest of the field; alone they prove nothing and are kept. A field
 * that mixes in real Unicode letters gets only its unmistakably broken words repaired. Text that is
 * already valid Vietnamese is never touched.
 */
export function decodeLegacyEncoding(text: string): DecodedText {
  return decodeLegacyEncodingMemo(text);
}

const decodeLegacyEncodingMemo = memoizeText((text: string) => decodeLegacyEncodingUncached(text));

/**
 * decodeLegacyEncoding without its memo table, for callers that memoize their own result (so that values seen
 * once, such as full names, do not push the repeating ones out of the table).
 */
export function decodeLegacyEncodingUncached(text: string): DecodedText {
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return { text, encoding: null };

  if (!isLatin1(text)) return decodeBrokenWordsOnly(text);

  const [best] = CODECS.map((codec) => read(codec, words))
    .filter((r) => r.fixed > 0 && r.broken === 0 && r.fixed >= r.unexplained)
    .sort(compareReadings);
  if (!best) return { text, encoding: null };
  let i = 0;
  const decoded = replaceWords(text, () => best.decoded[i++]!);
  return { text: decoded.normalize('NFC'), encoding: best.codec.name };
}

function decodeBrokenWordsOnly(text: string): DecodedText {
  let encoding: LegacyEncoding | null = null;
  const decoded = replaceWords(text, (word) => {
    // A repairable word is pure legacy bytes with at least one plain letter: a lone symbol such as "×"
    // in Unicode text is far more likely a symbol than the TCVN3 "ì".
    if (!isLatin1(word) || !/[A-Za-z]/.test(word) || isUnicodeWord(word)) return word;
    const repairs = CODECS.map((codec) => ({ codec, after: decodeWith(codec, word) })).filter(
      ({ after }) => after !== word && isVietnameseSyllable(after),
    );
    const [only, other] = repairs;
    if (!only || other) return word;
    encoding ??= only.codec.name;
    return only.after.normalize('NFC');
  });
  return { text: decoded, encoding };
}
