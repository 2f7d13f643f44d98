import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinOneEdit, jaroWinkler } from './string-similarity.ts';

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['nguyen van hung', 'nguyen van hung', 1],
    ['', 'abc', 0],
    ['abc', 'xyz', 0],
  ])('%s / %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 2);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBe(jaroWinkler(b, a));
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('isWithinOneEdit', () => {
  it.each([
    ['019072160200', '019072160200', true],
    ['019072160200', '019072160201', true], // one wrong digit
    ['019072160200', '019072612000', false],
    ['019072160200', '010972160200', true], // two neighbours swapped
    ['019072160200', '01907216020', true], // one digit missing
    ['019072160200', '109072160201', false],
    ['12345678', '87654321', false],
  ])('%s / %s → %s', (a, b, expected) => {
    expect(isWithinOneEdit(a, b)).toBe(expected);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (a, b) => {
        expect(isWithinOneEdit(a, b)).toBe(isWithinOneEdit(b, a));
      }),
    );
  });
});
