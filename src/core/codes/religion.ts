import { memoizeTextOf } from '../text/memoize.ts';
import type { CodeLists } from './code-lists.ts';
import { codeKey, tidy } from './code-match.ts';

export type ReligionMatchKind = 'exact' | 'case' | 'alias' | 'unrecognized';

export interface ReligionMatch {
  /** The `name` of reference/religions.csv, or "Không"; the input (tidied) when unrecognized. */
  name: string;
  /** The 2008 code where the religion has one; empty for "Không" and unrecognized values. */
  code: string;
  kind: ReligionMatchKind;
}

/** The value of the batch contract for a member without a religion. */
export const NO_RELIGION = 'Không';

// Ways of writing "none" (folded). Only explicit negations: an empty cell is missing, not "Không".
const NONE_WORDS = new Set([
  'khong',
  'khong co',
  'khong ton giao',
  'khong theo ton giao',
  'khong theo dao',
  'khong co dao',
  'khong dao',
  'khong theo dao nao',
  'khong ton giao nao',
]);

/**
 * Reads TON_GIAO. The official name is clean; a case or tone-style variant of it is 'case'; an alias
 * of reference/religions.csv ("Thiên chúa" → Công giáo, "Đạo Phật" → Phật giáo) is 'alias', a
 * RELIGION_UNRECOGNIZED fix. Names beat aliases, so "Tin lành" (both an alias and the name in
 * another case) reads as 'case'. Folk beliefs ("Đạo ông bà", "Thờ cúng tổ tiên") are not in the list
 * and stay unrecognized (a warning), as in the samples' truth.
 */
export function matchReligion(
  raw: string | null | undefined,
  codes: Pick<CodeLists, 'religions'>,
): ReligionMatch {
  return matchReligionMemo(codes.religions, raw ?? '');
}

const matchReligionMemo = memoizeTextOf((religions: CodeLists['religions'], raw: string): ReligionMatch =>
  matchReligionIn({ religions }, raw),
);

function matchReligionIn(codes: Pick<CodeLists, 'religions'>, raw: string): ReligionMatch {
  const text = tidy(raw);
  if (text === '') return { name: '', code: '', kind: 'unrecognized' };
  if (text === NO_RELIGION) return { name: NO_RELIGION, code: '', kind: 'exact' };
  const exact = codes.religions.find((r) => r.name === text);
  if (exact) return { name: exact.name, code: exact.code, kind: 'exact' };

  const key = codeKey(text);
  if (NONE_WORDS.has(key)) return { name: NO_RELIGION, code: '', kind: key === 'khong' ? 'case' : 'alias' };
  const byName = codes.religions.find((r) => codeKey(r.name) === key);
  if (byName) return { name: byName.name, code: byName.code, kind: 'case' };
  const byAlias = codes.religions.find((r) => r.aliases.some((a) => codeKey(a) === key));
  if (byAlias) return { name: byAlias.name, code: byAlias.code, kind: 'alias' };
  return { name: text, code: '', kind: 'unrecognized' };
}
