import { codeKey, tidy, type CodeMatch } from './code-match.ts';

export type Gender = 'Nam' | 'Nữ';

// spec/legacy-v3-export.md: Nam/Nữ, also 1/0, M/F and lower case. "2" is not read as female:
// some systems code female as 2, others as 0, so it stays GENDER_INVALID (as in the samples' truth).
const GENDER_WORDS = new Map<string, Gender>([
  ['nam', 'Nam'],
  ['nam gioi', 'Nam'],
  ['1', 'Nam'],
  ['m', 'Nam'],
  ['male', 'Nam'],
  ['nu', 'Nữ'],
  ['nu gioi', 'Nữ'],
  ['0', 'Nữ'],
  ['f', 'Nữ'],
  ['female', 'Nữ'],
]);

export function parseGender(raw: string | null | undefined): CodeMatch<Gender> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const value = GENDER_WORDS.get(codeKey(text));
  return value ? { ok: true, value, exact: text === value } : { ok: false, reason: 'unrecognized' };
}
