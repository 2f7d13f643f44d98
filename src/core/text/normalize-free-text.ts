import { decodeLegacyEncodingUncached } from './decode-legacy-encoding.ts';
import { memoizeText } from './memoize.ts';
import { normalizeWhitespace } from './normalize-whitespace.ts';
import { toNfc } from './to-nfc.ts';

export type TextFixCode = 'TEXT_LEGACY_ENCODING' | 'TEXT_NOT_NFC' | 'TEXT_WHITESPACE';

export interface NormalizedText<Code extends string = TextFixCode> {
  value: string;
  /** The catalogue rules whose fix changed the value, in the order applied. */
  steps: Code[];
}

/**
 * The safe text fixes for any free-text field, in dependency order: legacy bytes must become Unicode before
 * anything can be composed, and composing can only join characters, never add spaces.
 */
export function normalizeFreeText(raw: string): NormalizedText {
  return normalizeFreeTextMemo(raw);
}

const normalizeFreeTextMemo = memoizeText((raw: string) => normalizeFreeTextUncached(raw));

/** normalizeFreeText without its memo table (see decodeLegacyEncodingUncached). */
export function normalizeFreeTextUncached(raw: string): NormalizedText {
  const steps: TextFixCode[] = [];
  let value = raw;
  const decoded = decodeLegacyEncodingUncached(value);
  if (decoded.encoding !== null && decoded.text !== value) {
    steps.push('TEXT_LEGACY_ENCODING');
    value = decoded.text;
  }
  const composed = toNfc(value);
  if (composed !== value) {
    steps.push('TEXT_NOT_NFC');
    value = composed;
  }
  const spaced = normalizeWhitespace(value);
  if (spaced !== value) {
    steps.push('TEXT_WHITESPACE');
    value = spaced;
  }
  return { value, steps };
}
