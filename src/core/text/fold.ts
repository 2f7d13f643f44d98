import { memoizeText } from './memoize.ts';

/**
 * The matching key of Vietnamese text: no diacritics, đ → d, lower case, single spaces.
 * "Nguyễn Văn Hải", "NGUYEN VAN HAI" and "Nguyễn  Văn Hải" (NFD) all fold to "nguyen van hai";
 * both tone-mark styles ("Hoà"/"Hòa") fold to the same key.
 */
export function foldForSearch(text: string): string {
  return foldMemo(text);
}

const foldMemo = memoizeText((text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim(),
);
