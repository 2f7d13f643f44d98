import type { CodeLists } from '../codes/code-lists.ts';

export type CitizenIdKind = '12' | 'cmnd9' | 'invalid';

export interface NormalizedCitizenId {
  /** The cleaned value: digits only when the separators were the only defect, otherwise the trimmed input. */
  digits: string;
  kind: CitizenIdKind;
  /** Spaces, dots or dashes were removed (CITIZEN_ID_FORMAT, fixed by the removal itself). */
  hadSeparators: boolean;
}

// Separators seen in exports: spaces (also non-breaking), dots, dashes, underscores.
const SEPARATORS = /[\s\u00a0.\-_]+/g;

/**
 * CCCD is 12 digits; a 9-digit number is an old CMND (CITIZEN_ID_LEGACY_CMND). Anything else keeps
 * its input (trimmed) and is 'invalid', so that a value that cannot be standardized is written as found.
 */
export function normalizeCitizenId(raw: string | null | undefined): NormalizedCitizenId {
  const trimmed = (raw ?? '').trim();
  const stripped = trimmed.replace(SEPARATORS, '');
  const hadSeparators = stripped !== trimmed;
  if (/^\d{12}$/.test(stripped)) return { digits: stripped, kind: '12', hadSeparators };
  if (/^\d{9}$/.test(stripped)) return { digits: stripped, kind: 'cmnd9', hadSeparators };
  return { digits: trimmed, kind: 'invalid', hadSeparators: false };
}

export type CitizenIdStructureRule =
  'CITIZEN_ID_PROVINCE' | 'CITIZEN_ID_GENDER_CENTURY' | 'CITIZEN_ID_BIRTH_YEAR';

export interface CitizenIdHolder {
  gender?: 'Nam' | 'Nữ' | null;
  birthYear?: number | null;
}

/**
 * The rules a 12-digit CCCD breaks (reference/cccd-structure.md): digits 1-3 a birth-registration
 * province of Thông tư 07/2016/TT-BCA, digit 4 = century and sex (even male, odd female; century
 * 1900 + 100 × ⌊d/2⌋), digits 5-6 = the last two digits of the birth year. A check whose member
 * field is unknown (no gender, no birth year) is skipped rather than reported.
 */
export function checkCitizenIdStructure(
  digits: string,
  holder: CitizenIdHolder,
  codes: Pick<CodeLists, 'citizenIdProvinces'>,
): CitizenIdStructureRule[] {
  if (!/^\d{12}$/.test(digits)) return [];
  const failed: CitizenIdStructureRule[] = [];
  const prefix = digits.slice(0, 3);
  if (!codes.citizenIdProvinces.some((p) => p.code === prefix)) failed.push('CITIZEN_ID_PROVINCE');

  const centuryDigit = Number(digits[3]);
  const { gender, birthYear } = holder;
  const isFemaleDigit = centuryDigit % 2 === 1;
  const century = 1900 + 100 * Math.floor(centuryDigit / 2);
  const genderMismatch = gender != null && (gender === 'Nữ') !== isFemaleDigit;
  const centuryMismatch = birthYear != null && Math.floor(birthYear / 100) * 100 !== century;
  if (genderMismatch || centuryMismatch) failed.push('CITIZEN_ID_GENDER_CENTURY');

  if (birthYear != null && digits.slice(4, 6) !== String(birthYear % 100).padStart(2, '0')) {
    failed.push('CITIZEN_ID_BIRTH_YEAR');
  }
  return failed;
}

/** The CCCD holder's sex and birth century as encoded in digit 4, for display and reconciliation. */
export function decodeCitizenId(
  digits: string,
): { gender: 'Nam' | 'Nữ'; century: number; yearOfCentury: number } | null {
  if (!/^\d{12}$/.test(digits)) return null;
  const d = Number(digits[3]);
  return {
    gender: d % 2 === 1 ? 'Nữ' : 'Nam',
    century: 1900 + 100 * Math.floor(d / 2),
    yearOfCentury: Number(digits.slice(4, 6)),
  };
}
