import { codeKey, tidy, type CodeMatch } from './code-match.ts';

/**
 * General education "n/10" (the old 10-year system) or "n/12", 1 ≤ n ≤ the system's grades.
 * Spacing and leading zeros are normalized ("12 / 12", "09/12"); "12", "9/9", "13/12", "12/12A"
 * and words ("Lớp 9", "Đại học") are EDUCATION_INVALID.
 */
export function parseEducation(raw: string | null | undefined): CodeMatch<string> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const m = /^(\d{1,2}) ?\/ ?(10|12)$/.exec(text);
  const grade = m ? Number(m[1]) : 0;
  if (!m || grade < 1 || grade > Number(m[2])) return { ok: false, reason: 'unrecognized' };
  const value = `${grade}/${m[2]}`;
  return { ok: true, value, exact: text === value };
}

export type TheoryLevel = 'Sơ cấp' | 'Trung cấp' | 'Cao cấp' | 'Cử nhân';

const LEVELS = new Map<string, TheoryLevel>([
  ['so cap', 'Sơ cấp'],
  ['trung cap', 'Trung cấp'],
  ['cao cap', 'Cao cấp'],
  ['cu nhan', 'Cử nhân'],
]);

// Qualifiers written after the level: "Trung cấp LLCT", "Cao cấp lý luận chính trị", "Cử nhân chính trị".
const QUALIFIER = / (?:llct|ly luan chinh tri|ly luan|chinh tri)$/;

/** Political theory level (LY_LUAN_CHINH_TRI): Sơ cấp, Trung cấp, Cao cấp or Cử nhân, any case or qualifier. */
export function parseTheoryLevel(raw: string | null | undefined): CodeMatch<TheoryLevel> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const key = codeKey(text).replace(QUALIFIER, '');
  const value = LEVELS.get(key);
  return value ? { ok: true, value, exact: text === value } : { ok: false, reason: 'unrecognized' };
}
