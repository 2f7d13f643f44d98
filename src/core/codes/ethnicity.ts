import { memoizeTextOf } from '../text/memoize.ts';
import type { CodeLists, Ethnicity } from './code-lists.ts';
import { compactKey, tidy } from './code-match.ts';

/**
 * How an ethnicity value was recognized. 'exact' and 'case' are clean (a case-only variant is an
 * optional finding); 'alias' ("Việt" → Kinh) and 'variant' ("Khmer", "Mèo Đen" → HMông by alias,
 * "Khơ me" by spelling) are ETHNICITY_UNRECOGNIZED fixes (samples/README.md).
 */
export type EthnicityMatchKind = 'exact' | 'case' | 'alias' | 'variant' | 'unrecognized';

export interface EthnicityMatch {
  /** The 2-digit QĐ 121-TCTK/PPCĐ (1979) code; empty when unrecognized. */
  code: string;
  /** The official 1979 name; the input (tidied) when unrecognized. */
  name: string;
  kind: EthnicityMatchKind;
  /** Codes of every group the value fits when it is an alias shared by several groups. */
  candidates: string[];
}

// "Dân tộc Kinh", "người Tày": a label word before the name.
const LABEL = /^(?:dân tộc|người)\s+/iu;

/**
 * Tries, in order: the official name (exact, then case-insensitive), the aliases (tên gọi khác of
 * the decision), the spelling variants and the 2008 names, each first with diacritics kept and
 * then folded (no diacritics, no spaces or hyphens). The first tier that matches decides, so an
 * official name always beats an alias of another group ("Tày" is Tày, not the Tày alias of Thái;
 * "Thổ" and "Hoa" likewise). Aliases are not unique across groups (reference/SOURCES.md §3):
 * when one tier matches several groups ("Trại", "Mán" = Dao or Sán Dìu) the lowest code wins,
 * deterministically, and all codes are listed in `candidates` so a rule can downgrade the fix.
 */
export function matchEthnicity(
  raw: string | null | undefined,
  codes: Pick<CodeLists, 'ethnicities'>,
): EthnicityMatch {
  return matchEthnicityMemo(codes.ethnicities, raw ?? '');
}

const matchEthnicityMemo = memoizeTextOf((list: readonly Ethnicity[], raw: string): EthnicityMatch =>
  matchEthnicityIn(list, raw),
);

function matchEthnicityIn(list: readonly Ethnicity[], raw: string): EthnicityMatch {
  const text = tidy(raw);
  const none: EthnicityMatch = { code: '', name: text, kind: 'unrecognized', candidates: [] };
  if (text === '') return none;

  const exact = list.find((e) => e.name === text);
  if (exact) return result(exact, 'exact', [exact]);

  const lower = text.toLowerCase();
  const folded = compactKey(text.replace(LABEL, ''));
  const tiers: Array<[EthnicityMatchKind, (e: Ethnicity) => string[], (s: string) => string, string]> = [
    ['case', (e) => [e.name], (s) => s.toLowerCase(), lower],
    ['alias', (e) => e.aliases, (s) => s.toLowerCase(), lower],
    ['variant', (e) => [...e.spellingVariants, e.name2008], (s) => s.toLowerCase(), lower],
    ['variant', (e) => [e.name], compactKey, folded],
    ['alias', (e) => e.aliases, compactKey, folded],
    ['variant', (e) => [...e.spellingVariants, e.name2008], compactKey, folded],
  ];
  for (const [kind, namesOf, key, wanted] of tiers) {
    if (wanted === '') continue;
    const hits = list.filter((e) => namesOf(e).some((n) => n !== '' && key(n) === wanted));
    if (hits.length > 0) return result(hits[0]!, kind, hits);
  }
  return none;
}

function result(e: Ethnicity, kind: EthnicityMatchKind, hits: Ethnicity[]): EthnicityMatch {
  const sorted = [...hits].sort((a, b) => a.code.localeCompare(b.code));
  const first = sorted[0] ?? e;
  return {
    code: first.code,
    name: first.name,
    kind,
    candidates: sorted.length > 1 ? sorted.map((h) => h.code) : [],
  };
}
