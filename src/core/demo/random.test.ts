import { describe, expect, it } from 'vitest';
import { createRandom, weighted } from './random.ts';

const draw = (seed: number, n = 20): number[] => {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another one for another seed', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps numbers in range', () => {
    const rng = createRandom(1);
    for (let i = 0; i < 10_000; i++) {
      const value = rng.next();
      expect(value >= 0 && value < 1).toBe(true);
      const int = rng.int(3, 7);
      expect(int >= 3 && int <= 7 && Number.isInteger(int)).toBe(true);
    }
  });

  it('picks by weight', () => {
    const rng = createRandom(7);
    const table = weighted<'a' | 'b' | 'never'>([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ]);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[rng.pickWeighted(table)]++;
    expect(counts.never).toBe(0);
    expect(counts.b / 40_000).toBeCloseTo(0.75, 1);
  });

  it('forks streams that depend on the label only, not on how far the parent ran', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    b.next();
    b.next();
    expect(a.fork('members').next()).toBe(b.fork('members').next());
    expect(a.fork('members').next()).not.toBe(a.fork('organizations').next());
  });
});
