import { applyTone, parseVietnameseSyllable, splitTone, toneIndex } from './is-vietnamese-syllable.ts';

const WORD = /[\p{L}\p{M}]+/gu;

function restyleWord(word: string): string {
  const nfc = word.normalize('NFC');
  const syllable = parseVietnameseSyllable(nfc, { anyTonePosition: true });
  if (!syllable || syllable.tone === '') return word;
  const letters = [...nfc];
  const target = toneIndex(syllable);
  const current = syllable.toneAt;
  if (current === target || target >= letters.length) return word;
  letters[current] = splitTone(letters[current]!).base;
  letters[target] = applyTone(letters[target]!, syllable.tone);
  return letters.join('');
}

/**
 * One tone-mark placement for display: "Hoà" → "Hòa", "Thuý" → "Thúy", "hòang" → "hoàng". Words that are not
 * Vietnamese syllables are left as they are. Matching does not need it: foldForSearch ignores tone marks.
 */
export function normalizeToneStyle(text: string): string {
  return text.replace(WORD, restyleWord);
}
