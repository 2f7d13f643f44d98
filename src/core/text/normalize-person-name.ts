import { hasInvalidNameChars } from './has-invalid-name-chars.ts';
import { normalizeFreeTextUncached, type NormalizedText, type TextFixCode } from './normalize-free-text.ts';
import { memoizeText } from './memoize.ts';
import { toTitleCaseName } from './to-title-case-name.ts';

export type NameFixCode = TextFixCode | 'NAME_CASE';

/**
 * The text fixes plus Vietnamese title case. A name with digits or symbols ("Thoa1", "Ánh (mới)") is not
 * recased: it cannot be standardized safely, so it keeps its letters as found and gets NAME_INVALID_CHARS.
 * Tone-mark style is left alone: both styles are correct and no rule asks to change it.
 */
export function normalizePersonName(raw: string): NormalizedText<NameFixCode> {
  return normalizePersonNameMemo(raw);
}

const normalizePersonNameMemo = memoizeText((raw: string): NormalizedText<NameFixCode> => {
  const text = normalizeFreeTextUncached(raw);
  const steps: NameFixCode[] = [...text.steps];
  let value = text.value;
  if (!hasInvalidNameChars(value)) {
    const titled = toTitleCaseName(value);
    if (titled !== value) {
      steps.push('NAME_CASE');
      value = titled;
    }
  }
  return { value, steps };
});
