import { foldForSearch } from '../text/fold.ts';
import { normalizeToneStyle } from '../text/normalize-tone-style.ts';
import { jaroWinkler } from './string-similarity.ts';

export type NameLevel = 'exact' | 'high' | 'medium' | 'low' | 'missing';

export interface NameComparison {
  level: NameLevel;
  /** 0..1 on the folded form; 1 when the folded names are equal. */
  similarity: number;
  /** Equal once folded but not as written: only diacritics, tone style or case differ. */
  diacriticsOnly: boolean;
}

const HIGH = 0.94;
const DIFFERENT_MARKS = 0.95;
const MEDIUM = 0.86;

/**
 * Vietnamese-aware name similarity. Names are compared folded (no diacritics, lower case), because a
 * record retyped without a Vietnamese keyboard loses every mark. The given name (the last part) carries
 * the identity: two names whose given names differ are at most "medium", however alike the rest is.
 * A missing or different middle name (Trần Hậu / Trần Minh Hậu) and parts in another order
 * (Hậu Trần Minh) are recognized as near matches.
 */
export function compareNames(
  a: string,
  b: string,
  foldedA: string = foldForSearch(a),
  foldedB: string = foldForSearch(b),
): NameComparison {
  if (foldedA === '' || foldedB === '') return { level: 'missing', similarity: 0, diacriticsOnly: false };
  if (foldedA === foldedB) {
    const diacriticsOnly =
      a.toLowerCase() !== b.toLowerCase() &&
      normalizeToneStyle(a).toLowerCase() !== normalizeToneStyle(b).toLowerCase();
    // Marks all lost (typed without a Vietnamese keyboard) hide nothing; but when both sides carry marks
    // and they differ, the names are different words (Anh / Ánh, Hùng / Hưng), only alike.
    if (diacriticsOnly && hasMarks(a) && hasMarks(b)) {
      return { level: 'high', similarity: DIFFERENT_MARKS, diacriticsOnly };
    }
    return { level: 'exact', similarity: 1, diacriticsOnly };
  }
  const similarity = foldedNameSimilarity(foldedA, foldedB);
  const level = similarity >= HIGH ? 'high' : similarity >= MEDIUM ? 'medium' : 'low';
  return { level, similarity, diacriticsOnly: false };
}

const hasMarks = (name: string): boolean => /[\u0300-\u036f\u0111\u0110]/.test(name.normalize('NFD'));

/** Similarity of two folded names, symmetric, in [0, 1]. */
export function foldedNameSimilarity(foldedA: string, foldedB: string): number {
  if (foldedA === foldedB) return 1;
  const partsA = foldedA.split(' ');
  const partsB = foldedB.split(' ');
  let similarity = jaroWinkler(foldedA, foldedB);

  const sortedA = [...partsA].sort().join(' ');
  const sortedB = [...partsB].sort().join(' ');
  // Same parts in another order: a small penalty, since the order of Vietnamese names is meaningful.
  if (sortedA === sortedB) similarity = Math.max(similarity, 0.95);
  else similarity = Math.max(similarity, 0.97 * jaroWinkler(sortedA, sortedB));

  const surnameA = partsA[0]!;
  const surnameB = partsB[0]!;
  const givenA = partsA[partsA.length - 1]!;
  const givenB = partsB[partsB.length - 1]!;
  if (surnameA === surnameB && givenA === givenB && partsA.length > 1 && partsB.length > 1) {
    const middleA = partsA.slice(1, -1);
    const middleB = partsB.slice(1, -1);
    const [shorter, longer] = middleA.length <= middleB.length ? [middleA, middleB] : [middleB, middleA];
    // A middle name left out (or one of two) is a common way the same person is written; a different
    // middle name (Văn / Đức) more often means another person.
    const omitted = shorter.every((part) => longer.includes(part));
    similarity = Math.max(similarity, omitted ? 0.95 : 0.87);
  }

  if (givenA !== givenB) {
    const givenSimilarity = jaroWinkler(givenA, givenB);
    const reordered = partsA.includes(givenB) && partsB.includes(givenA);
    if (!reordered) similarity = Math.min(similarity, givenSimilarity >= 0.85 ? 0.9 : 0.8);
  }
  return similarity;
}
