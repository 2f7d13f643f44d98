import { foldForSearch } from '../text/fold.ts';
import { BLOCKING_PASSES, type BlockingPass } from './blocking.ts';
import { comparePeople, explainComparison, matchWeight, weightToScore } from './match-model.ts';
import type { PersonForMatching } from './person-for-matching.ts';

export interface FindDuplicateOptions {
  /** Score from which a pair is "probable" (DUPLICATE_PERSON_PROBABLE). Default 0.9. */
  probableThreshold?: number;
  /** Score from which a pair is shown for review. Default 0.5. Pairs below are not returned. */
  reviewThreshold?: number;
  /**
   * Blocks larger than this (a placeholder id such as 000000000000, a very common name) are not compared
   * all-pairs: their records are sorted by name and date and each is compared with its next `windowSize`
   * neighbours. Default 200.
   */
  maxBlockSize?: number;
  windowSize?: number;
  passes?: readonly BlockingPass[];
}

export interface DuplicatePairCandidate {
  /** Keys of the two records, a < b. */
  a: string;
  b: string;
  /** Posterior probability that the two records are one person, 0..1. */
  score: number;
  band: 'probable' | 'review';
  /** Why, in Vietnamese, for the reviewer. */
  reasons: string[];
}

export interface DuplicateSearchStats {
  records: number;
  /** Pairs scored by the model, each once whatever the number of blocks the two records share. */
  comparisons: number;
  /** n(n−1)/2, what comparing every record with every other would cost. */
  allPairs: number;
  oversizedBlocks: number;
}

export interface DuplicateSearchResult {
  pairs: DuplicatePairCandidate[];
  stats: DuplicateSearchStats;
}

export function findDuplicatePairs(
  people: readonly PersonForMatching[],
  options: FindDuplicateOptions = {},
): DuplicatePairCandidate[] {
  return searchDuplicatePairs(people, options).pairs;
}

/** findDuplicatePairs with the cost of the search (comparisons made against all pairs). */
export function searchDuplicatePairs(
  people: readonly PersonForMatching[],
  options: FindDuplicateOptions = {},
): DuplicateSearchResult {
  const probable = options.probableThreshold ?? 0.9;
  const review = options.reviewThreshold ?? 0.5;
  const maxBlockSize = options.maxBlockSize ?? 200;
  const windowSize = options.windowSize ?? 20;
  const passes = options.passes ?? BLOCKING_PASSES;
  const n = people.length;
  const foldedNames = new Map<string, string>();
  const folded = people.map((p) => {
    let name = foldedNames.get(p.fullName);
    if (name === undefined) {
      name = foldForSearch(p.fullName);
      foldedNames.set(p.fullName, name);
    }
    return name;
  });
  foldedNames.clear();

  const blockOfPass: Int32Array[] = [];
  const oversizedOfPass: Uint8Array[] = [];
  const found = new Map<string, DuplicatePairCandidate>();
  let comparisons = 0;
  let oversizedBlocks = 0;

  /** True when an earlier pass already put i and j in one fully compared block. */
  const comparedBefore = (i: number, j: number): boolean => {
    for (let p = 0; p < blockOfPass.length; p++) {
      const block = blockOfPass[p]![i]!;
      if (block >= 0 && block === blockOfPass[p]![j] && !oversizedOfPass[p]![block]) return true;
    }
    return false;
  };

  const compare = (i: number, j: number): void => {
    const a = people[i]!;
    const b = people[j]!;
    if (a.key === b.key || comparedBefore(i, j)) return;
    comparisons++;
    const comparison = comparePeople(a, b, folded[i], folded[j]);
    const score = weightToScore(matchWeight(comparison));
    if (score < review) return;
    const [first, second] = a.key < b.key ? [a.key, b.key] : [b.key, a.key];
    const id = `${first}\u0000${second}`;
    const previous = found.get(id);
    if (previous && previous.score >= score) return;
    found.set(id, {
      a: first,
      b: second,
      score,
      band: score >= probable ? 'probable' : 'review',
      reasons: explainComparison(comparison),
    });
  };

  for (const pass of passes) {
    const { blockOf, starts, members } = buildBlocks(pass, people, folded);
    const blockCount = starts.length - 1;
    const oversized = new Uint8Array(blockCount);
    for (let block = 0; block < blockCount; block++) {
      const from = starts[block]!;
      const to = starts[block + 1]!;
      const size = to - from;
      if (size < 2) continue;
      if (size <= maxBlockSize) {
        for (let x = from; x < to; x++) for (let y = x + 1; y < to; y++) compare(members[x]!, members[y]!);
        continue;
      }
      oversized[block] = 1;
      oversizedBlocks++;
      const sorted = Array.from(members.subarray(from, to)).sort((i, j) =>
        compareStrings(sortKeyOf(people[i]!, folded[i]!), sortKeyOf(people[j]!, folded[j]!)),
      );
      for (let x = 0; x < sorted.length; x++) {
        for (let y = x + 1; y < Math.min(sorted.length, x + 1 + windowSize); y++)
          compare(sorted[x]!, sorted[y]!);
      }
    }
    blockOfPass.push(blockOf);
    oversizedOfPass.push(oversized);
  }

  const pairs = [...found.values()].sort((p, q) => compareStrings(p.a, q.a) || compareStrings(p.b, q.b));
  return {
    pairs,
    stats: { records: n, comparisons, allPairs: (n * (n - 1)) / 2, oversizedBlocks },
  };
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortKeyOf(person: PersonForMatching, folded: string): string {
  const d = person.birthDate;
  return `${folded}|${d ? `${d.year}-${d.month ?? 0}-${d.day ?? 0}` : ''}|${person.key}`;
}

/**
 * Groups record indexes by the pass's key into a compact layout (block b holds
 * members[starts[b]..starts[b+1])), so a million records cost a few flat arrays, not a million lists.
 */
function buildBlocks(
  pass: BlockingPass,
  people: readonly PersonForMatching[],
  folded: readonly string[],
): { blockOf: Int32Array; starts: Int32Array; members: Int32Array } {
  const n = people.length;
  const blockOf = new Int32Array(n).fill(-1);
  const ids = new Map<string, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = pass.keyOf(people[i]!, folded[i]!);
    if (key === null || key === '') continue;
    let id = ids.get(key);
    if (id === undefined) {
      id = sizes.length;
      ids.set(key, id);
      sizes.push(0);
    }
    blockOf[i] = id;
    sizes[id]!++;
  }
  const starts = new Int32Array(sizes.length + 1);
  for (let b = 0; b < sizes.length; b++) starts[b + 1] = starts[b]! + sizes[b]!;
  const fill = starts.slice(0, sizes.length);
  const members = new Int32Array(starts[sizes.length]!);
  for (let i = 0; i < n; i++) {
    const block = blockOf[i]!;
    if (block >= 0) members[fill[block]!++] = i;
  }
  return { blockOf, starts, members };
}
