import { foldForSearch } from '../text/fold.ts';
import { compareNames, type NameComparison, type NameLevel } from './compare-names.ts';
import {
  compareBirthDates,
  compareGenders,
  compareIds,
  compareUnits,
  type DateLevel,
  type GenderLevel,
  type IdLevel,
  type UnitLevel,
} from './compare-fields.ts';
import type { PersonForMatching } from './person-for-matching.ts';

/** m = P(level | same person), u = P(level | two different members of one provincial committee). */
interface LevelProbabilities {
  m: number;
  u: number;
}

type LevelTable<Level extends string> = Record<Exclude<Level, 'missing'>, LevelProbabilities>;

/**
 * The Fellegi–Sunter model. Each field's agreement level adds log2(m/u) to the pair's weight; a missing
 * value adds 0. The probabilities are set, not estimated, for reasons written beside them, and were then
 * checked against the three sample packages and the generator's injected pairs (see the tests and
 * bench/dedupe). u values are for two different members of one province (≈ 100k–1M records, ≈ 60
 * birth years, a few hundred communes of origin); m values come from how duplicates arise in 3.0
 * exports: a transfer that was never closed (everything but the cell and residence agrees) and a record
 * retyped by someone else (marks dropped, day and month swapped, an id left out or mistyped).
 */
export const MATCH_MODEL = {
  name: {
    // Same folded name: the usual case. u: the most common full names each hold ≈ 0.3% of a province.
    exact: { m: 0.88, u: 0.0015 },
    high: { m: 0.085, u: 0.003 },
    // A different middle name or a given name one letter apart: more often two people than one.
    medium: { m: 0.02, u: 0.06 },
    low: { m: 0.015, u: 0.9655 },
  } satisfies LevelTable<NameLevel>,
  birthDate: {
    // ≈ 60 birth years × 365 days: two random members share a birth date ≈ 1 in 18,000.
    exact: { m: 0.82, u: 1 / 18_000 },
    // dd/mm entered as mm/dd: only possible when both are ≤ 12, so rarer by chance than an exact date.
    swapped: { m: 0.06, u: 1 / 40_000 },
    // Agreement as far as the less precise side goes (05/1945 against 10/05/1945; 1940 against 1940).
    // m is conditional on that precision: old records of one person agree at it almost always.
    partial: { m: 0.9, u: 1 / 720 },
    year: { m: 0.9, u: 1 / 60 },
    // A mistyped year or day keeps the rest of the date.
    'same-day-month': { m: 0.01, u: 1 / 365 },
    close: { m: 0.01, u: 1 / 700 },
    differ: { m: 0.03, u: 0.975 },
  } satisfies LevelTable<DateLevel>,
  gender: {
    agree: { m: 0.98, u: 0.5 },
    differ: { m: 0.02, u: 0.5 },
  } satisfies LevelTable<GenderLevel>,
  citizenId: {
    // Not the ≈ 1e-6 of chance: 3.0 exports carry ids copied onto the wrong record (CITIZEN_ID_DUPLICATE
    // in ≈ 1-2% of records of the samples), so an id alone must never make a pair.
    exact: { m: 0.85, u: 0.002 },
    typo: { m: 0.04, u: 0.0005 },
    // A CCCD is issued once per person: two different 12-digit ids on one person's records are a typing
    // error of more than one digit, rare; namesakes born the same day are told apart by this.
    differ: { m: 0.01, u: 0.9975 },
  } satisfies LevelTable<IdLevel>,
  partyCard: {
    // Same reasoning as the citizen id (PARTY_CARD_DUPLICATE); a retyped record often lacks the card.
    exact: { m: 0.85, u: 0.002 },
    typo: { m: 0.04, u: 0.0005 },
    // Cards are reissued (lost, damaged) and keep or change their number: a little more common.
    differ: { m: 0.03, u: 0.9975 },
  } satisfies LevelTable<IdLevel>,
  hometown: {
    // Quê quán does not change when a member moves; members of a province come from a few hundred communes.
    commune: { m: 0.9, u: 0.02 },
    // Commune unknown on a side: agreement on the province is all that can be had (m conditional on that).
    'province-only': { m: 0.95, u: 0.6 },
    province: { m: 0.03, u: 0.3 },
    differ: { m: 0.03, u: 0.58 },
  } satisfies LevelTable<UnitLevel>,
  residence: {
    // Thường trú changes with a transfer, the commonest source of duplicates: weak evidence either way.
    commune: { m: 0.3, u: 0.03 },
    'province-only': { m: 0.9, u: 0.6 },
    province: { m: 0.35, u: 0.5 },
    differ: { m: 0.25, u: 0.37 },
  } satisfies LevelTable<UnitLevel>,
} as const;

/**
 * log2 prior odds that two records are one person before any field is compared. With the default
 * thresholds a pair is "probable" (score ≥ 0.9) from a weight of ≈ 23.2: a full agreement (name, date,
 * ids, hometown) weighs ≈ 50, name + date + hometown commune with no ids ≈ 31, name + birth year (old
 * records) + hometown + residence ≈ 24; two different people with the same name, birth date and home
 * commune but different ids ≈ 20 (review), a copied id with nothing else ≈ −8.
 */
export const PRIOR_LOG2_ODDS = -20;

export interface PairComparison {
  name: NameComparison;
  birthDate: DateLevel;
  gender: GenderLevel;
  citizenId: IdLevel;
  partyCard: IdLevel;
  hometown: UnitLevel;
  residence: UnitLevel;
  /** Same cell (chi bộ); null when one side has none. Shown to people, not weighed. */
  sameOrg: boolean | null;
}

export function comparePeople(
  a: PersonForMatching,
  b: PersonForMatching,
  foldedA: string = foldForSearch(a.fullName),
  foldedB: string = foldForSearch(b.fullName),
): PairComparison {
  return {
    name: compareNames(a.fullName, b.fullName, foldedA, foldedB),
    birthDate: compareBirthDates(a.birthDate, b.birthDate),
    gender: compareGenders(a.gender, b.gender),
    citizenId: compareIds(a.citizenId, b.citizenId),
    partyCard: compareIds(a.partyCardNo, b.partyCardNo),
    hometown: compareUnits(
      a.hometownProvinceCode,
      a.hometownCommuneCode,
      b.hometownProvinceCode,
      b.hometownCommuneCode,
    ),
    residence: compareUnits(
      a.residenceProvinceCode,
      a.residenceCommuneCode,
      b.residenceProvinceCode,
      b.residenceCommuneCode,
    ),
    sameOrg: a.orgKey && b.orgKey ? a.orgKey === b.orgKey : null,
  };
}

const weightOf = (p: LevelProbabilities | undefined): number => (p ? Math.log2(p.m / p.u) : 0);

function levelWeight<Level extends string>(table: LevelTable<Level>, level: Level): number {
  return level === 'missing' ? 0 : weightOf(table[level as Exclude<Level, 'missing'>]);
}

/** The match weight: the sum of log2(m/u) over the fields. */
export function matchWeight(c: PairComparison): number {
  return (
    levelWeight(MATCH_MODEL.name, c.name.level) +
    levelWeight(MATCH_MODEL.birthDate, c.birthDate) +
    levelWeight(MATCH_MODEL.gender, c.gender) +
    levelWeight(MATCH_MODEL.citizenId, c.citizenId) +
    levelWeight(MATCH_MODEL.partyCard, c.partyCard) +
    levelWeight(MATCH_MODEL.hometown, c.hometown) +
    levelWeight(MATCH_MODEL.residence, c.residence)
  );
}

/** Posterior probability that the pair is one person, from the weight and the prior odds. */
export function weightToScore(weight: number): number {
  return 1 / (1 + 2 ** -(weight + PRIOR_LOG2_ODDS));
}

const NAME_REASONS: Record<Exclude<NameLevel, 'exact'>, (similarity: number) => string> = {
  high: (s) => `họ tên giống ${Math.floor(s * 100)}%`,
  medium: (s) => `họ tên gần giống (${Math.floor(s * 100)}%)`,
  low: () => 'họ tên khác nhau',
  missing: () => 'thiếu họ tên',
};

const DATE_REASONS: Record<DateLevel, string | null> = {
  exact: 'cùng ngày sinh',
  swapped: 'ngày sinh đảo ngày và tháng',
  partial: 'ngày sinh khớp đến tháng',
  year: 'cùng năm sinh',
  'same-day-month': 'ngày sinh khác năm',
  close: 'ngày sinh lệch ngày',
  differ: 'khác ngày sinh',
  missing: null,
};

const ID_REASONS = (label: string): Record<IdLevel, string | null> => ({
  exact: `trùng số ${label}`,
  typo: `số ${label} lệch một chữ số`,
  differ: `khác số ${label}`,
  missing: null,
});
const CITIZEN_ID_REASONS = ID_REASONS('CCCD');
const PARTY_CARD_REASONS = ID_REASONS('thẻ đảng');

const HOMETOWN_REASONS: Record<UnitLevel, string | null> = {
  commune: 'cùng quê quán',
  'province-only': 'cùng tỉnh quê quán',
  province: 'cùng tỉnh quê quán, khác xã',
  differ: 'khác quê quán',
  missing: null,
};

const RESIDENCE_REASONS: Record<UnitLevel, string | null> = {
  commune: 'cùng nơi thường trú',
  'province-only': null,
  province: 'khác xã thường trú',
  differ: 'khác tỉnh thường trú',
  missing: null,
};

/** Reasons shown to the person who reviews the pair, in Vietnamese, strongest evidence first. */
export function explainComparison(c: PairComparison): string[] {
  const reasons = [
    c.name.level === 'exact'
      ? c.name.diacriticsOnly
        ? 'họ tên giống nhau, chỉ khác dấu'
        : 'cùng họ tên'
      : NAME_REASONS[c.name.level](c.name.similarity),
    DATE_REASONS[c.birthDate],
    CITIZEN_ID_REASONS[c.citizenId],
    PARTY_CARD_REASONS[c.partyCard],
    c.gender === 'differ' ? 'khác giới tính' : null,
    HOMETOWN_REASONS[c.hometown],
    RESIDENCE_REASONS[c.residence],
    c.sameOrg === null ? null : c.sameOrg ? 'cùng chi bộ' : 'khác chi bộ',
  ];
  return reasons.filter((r): r is string => r !== null);
}
