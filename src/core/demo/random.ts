/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that demo and benchmark data are the same on
 * every machine for a given seed. Math.random is never used by the demo generator.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  pickWeighted<T>(table: WeightedTable<T>): T;
  /** An independent stream that depends only on the original seed and the label, not on how far this one ran. */
  fork(label: string): Random;
}

export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
}

/** Precomputes the cumulative weights once, so each pick is a binary search. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const kept = entries.filter(([, weight]) => weight > 0);
  if (kept.length === 0) throw new Error('weighted(): no entry has a positive weight');
  const cumulative = new Float64Array(kept.length);
  let total = 0;
  kept.forEach(([, weight], i) => {
    total += weight;
    cumulative[i] = total;
  });
  return { values: kept.map(([value]) => value), cumulative, total };
}

function hashLabel(seed: number, label: string): number {
  // FNV-1a over the label, mixed with the seed.
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  const seed32 = Math.trunc(seed) >>> 0;
  const init = splitmix32(seed32);
  let a = init();
  let b = init();
  let c = init();
  let d = init();

  const nextUint32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;

  return {
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(probability) {
      return next() < probability;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick(): empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    pickWeighted<T>(table: WeightedTable<T>): T {
      const target = next() * table.total;
      let low = 0;
      let high = table.cumulative.length - 1;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((table.cumulative[mid] as number) > target) high = mid;
        else low = mid + 1;
      }
      return table.values[low] as T;
    },
    fork(label) {
      return createRandom(hashLabel(seed32, label));
    },
  };
}
