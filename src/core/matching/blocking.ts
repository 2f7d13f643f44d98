import type { PersonForMatching } from './person-for-matching.ts';

/**
 * A blocking pass: records are compared only with records that share the pass's key. Several passes,
 * each tolerant of a different defect, keep the work near-linear while a pair with one bad field is
 * still found by a pass that ignores that field.
 */
export interface BlockingPass {
  name: string;
  /** `folded` is foldForSearch(person.fullName), computed once per record. Null: no key in this pass. */
  keyOf(person: PersonForMatching, folded: string): string | null;
}

/** y-lo-hi: the same key for a date and for the date with day and month swapped. Day precision only. */
export function swapTolerantDateKey(person: PersonForMatching): string | null {
  const date = person.birthDate;
  if (!date || date.month === undefined || date.day === undefined) return null;
  const lo = Math.min(date.month, date.day);
  const hi = Math.max(date.month, date.day);
  return `${date.year}-${lo}-${hi}`;
}

const givenNameOf = (folded: string): string => folded.slice(folded.lastIndexOf(' ') + 1);

export const BLOCKING_PASSES: readonly BlockingPass[] = [
  // Shared ids: transfers never closed. Also brings the copied-id traps to the scorer, which rejects them.
  { name: 'citizen-id', keyOf: (p) => p.citizenId },
  { name: 'party-card', keyOf: (p) => p.partyCardNo },
  // Retyped records: marks dropped (folding removes them), ids left out, date in another form or precision.
  {
    name: 'name-year',
    keyOf: (p, folded) => (folded && p.birthDate ? `${folded}|${p.birthDate.year}` : null),
  },
  // A different or missing middle name, or parts in another order: given name + date + home province.
  {
    name: 'given-date-hometown',
    keyOf: (p, folded) => {
      const date = swapTolerantDateKey(p);
      return folded && date && p.hometownProvinceCode
        ? `${givenNameOf(folded)}|${date}|${p.hometownProvinceCode}`
        : null;
    },
  },
  // A misspelt or undecodable name: the date and the commune of origin alone.
  {
    name: 'date-hometown-commune',
    keyOf: (p) => {
      const date = swapTolerantDateKey(p);
      return date && p.hometownCommuneCode ? `${date}|${p.hometownCommuneCode}` : null;
    },
  },
];
