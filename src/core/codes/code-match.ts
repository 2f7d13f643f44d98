import { foldForSearch } from '../text/fold.ts';
import { memoizeText } from '../text/memoize.ts';

/**
 * The result of reading a free-text code value. `exact` is true when the input (trimmed, NFC) is
 * already the canonical value, so the caller knows whether a standardization happened.
 */
export type CodeMatch<T> =
  { ok: true; value: T; exact: boolean } | { ok: false; reason: 'empty' | 'unrecognized' };

/** NFC, single spaces, trimmed: the form compared for `exact`. */
export function tidy(raw: string | null | undefined): string {
  return raw === null || raw === undefined || raw === '' ? '' : tidyMemo(raw);
}

const tidyMemo = memoizeText((raw: string): string =>
  raw
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim(),
);

/**
 * The matching key of a code word: foldForSearch, then punctuation between words (hyphens,
 * underscores, apostrophes, dots, slashes) read as a space. "Khơ-me", "khơ me" and "KHO_ME" share a key.
 */
export function codeKey(raw: string): string {
  return codeKeyMemo(raw);
}

const codeKeyMemo = memoizeText((raw: string): string => foldForSearch(raw.replace(/[-_'’.,/()]+/g, ' ')));

/** codeKey without any space: "H'Mông", "H Mông" and "Hmông" share it. */
export function compactKey(raw: string): string {
  return codeKey(raw).replace(/ /g, '');
}
