import { precisionOf, type PartialDate } from '../members/partial-date.ts';
import { isWithinOneEdit } from './string-similarity.ts';

/**
 * Agreement levels of the fields other than the name. Each comparator is symmetric and says "missing"
 * when one side is unknown, so that missing data is neither evidence for nor against a match.
 */
export type DateLevel =
  'exact' | 'swapped' | 'partial' | 'year' | 'same-day-month' | 'close' | 'differ' | 'missing';

export function compareBirthDates(a: PartialDate | null, b: PartialDate | null): DateLevel {
  if (!a || !b) return 'missing';
  const precisionA = precisionOf(a);
  const precisionB = precisionOf(b);
  if (precisionA === 'day' && precisionB === 'day') {
    if (a.year === b.year && a.month === b.month) return a.day === b.day ? 'exact' : 'close';
    if (a.year === b.year && a.day === b.month && a.month === b.day) return 'swapped';
    if (a.month === b.month && a.day === b.day) return 'same-day-month';
    return 'differ';
  }
  if (a.year !== b.year) return 'differ';
  if (a.month === undefined || b.month === undefined) return 'year';
  if (a.month === b.month) return 'partial';
  // 05/1974 against 10/05/1974 written with day and month swapped: the month is the other one's day.
  const [monthOnly, full] = precisionA === 'month' ? [a, b] : [b, a];
  if (full.day !== undefined && full.day === monthOnly.month) return 'partial';
  return 'differ';
}

export type IdLevel = 'exact' | 'typo' | 'differ' | 'missing';

/**
 * Citizen ids or party cards. Ids of different lengths (a 9-digit CMND and a 12-digit CCCD) are two
 * legitimate documents of one person, not a disagreement. One edit (a wrong, missing or swapped
 * digit) is the typo class of a retyped number.
 */
export function compareIds(a: string | null, b: string | null): IdLevel {
  if (!a || !b || a.length !== b.length) return 'missing';
  if (a === b) return 'exact';
  return isWithinOneEdit(a, b) ? 'typo' : 'differ';
}

export type UnitLevel = 'commune' | 'province' | 'province-only' | 'differ' | 'missing';

/**
 * Administrative units (post-2025 codes). "province-only": same province, commune unknown on a side;
 * "province": same province, different communes.
 */
export function compareUnits(
  provinceA: string | null,
  communeA: string | null,
  provinceB: string | null,
  communeB: string | null,
): UnitLevel {
  if (!provinceA || !provinceB) return 'missing';
  if (provinceA !== provinceB) return 'differ';
  if (!communeA || !communeB) return 'province-only';
  return communeA === communeB ? 'commune' : 'province';
}

export type GenderLevel = 'agree' | 'differ' | 'missing';

export function compareGenders(a: string | null, b: string | null): GenderLevel {
  if (!a || !b) return 'missing';
  return a === b ? 'agree' : 'differ';
}
