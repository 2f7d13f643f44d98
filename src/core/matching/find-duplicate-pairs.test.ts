import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePeople, matchWeight } from './match-model.ts';
import { findDuplicatePairs, searchDuplicatePairs } from './find-duplicate-pairs.ts';
import type { PersonForMatching } from './person-for-matching.ts';
import { makePerson } from './make-person.ts';

const given = ['Hậu', 'Hùng', 'Lan', 'Mai', 'Hương', 'Minh', 'Tâm'];
const family = ['Trần', 'Nguyễn', 'Lê', 'Phạm'];
const arbitraryPerson = (key: string): fc.Arbitrary<PersonForMatching> =>
  fc
    .record({
      family: fc.constantFrom(...family),
      middle: fc.constantFrom('Văn', 'Thị', 'Minh', ''),
      given: fc.constantFrom(...given),
      year: fc.integer({ min: 1970, max: 1972 }),
      month: fc.integer({ min: 1, max: 3 }),
      day: fc.integer({ min: 1, max: 3 }),
      id: fc.option(fc.constantFrom('019072160200', '019072160201', '006047305526'), { nil: null }),
      commune: fc.constantFrom('05692', '05665'),
    })
    .map((r) =>
      makePerson({
        key,
        fullName: [r.family, r.middle, r.given].filter(Boolean).join(' '),
        birthDate: { year: r.year, month: r.month, day: r.day },
        citizenId: r.id,
        partyCardNo: null,
        hometownCommuneCode: r.commune,
      }),
    );

const people = (count: number): fc.Arbitrary<PersonForMatching[]> =>
  fc.tuple(...Array.from({ length: count }, (_, i) => arbitraryPerson(`DV${String(i).padStart(4, '0')}`)));

describe('findDuplicatePairs', () => {
  it('finds an unclosed transfer and a retyped record, ordered and explained', () => {
    const pairs = findDuplicatePairs([
      makePerson({ key: 'DV3', fullName: 'Tran Minh Hau', citizenId: null, partyCardNo: null }),
      makePerson({ key: 'DV1' }),
      makePerson({ key: 'DV2', orgKey: 'TC0005975', residenceCommuneCode: '05794' }),
      makePerson({ key: 'DV4', fullName: 'Lê Thị Lan', birthDate: { year: 1980 }, citizenId: null }),
    ]);
    expect(pairs.map((p) => [p.a, p.b, p.band])).toEqual([
      ['DV1', 'DV2', 'probable'],
      ['DV1', 'DV3', 'probable'],
      ['DV2', 'DV3', 'probable'],
    ]);
    expect(pairs[0]!.reasons).toContain('khác chi bộ');
  });

  it('scores symmetrically: score(a, b) = score(b, a)', () => {
    fc.assert(
      fc.property(people(2), ([a, b]) => {
        expect(matchWeight(comparePeople(a!, b!))).toBe(matchWeight(comparePeople(b!, a!)));
      }),
    );
  });

  it('never pairs a record with itself, even when given twice', () => {
    fc.assert(
      fc.property(people(6), (list) => {
        const pairs = findDuplicatePairs([...list, ...list], { reviewThreshold: 0 });
        expect(pairs.every((p) => p.a < p.b)).toBe(true);
      }),
    );
  });

  it('gives the same pairs whatever the input order', () => {
    fc.assert(
      fc.property(
        people(8).chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: 8 }))),
        ([list, shuffled]) => {
          const strip = (ps: ReturnType<typeof findDuplicatePairs>) => ps.map((p) => [p.a, p.b, p.score]);
          expect(strip(findDuplicatePairs(shuffled))).toEqual(strip(findDuplicatePairs(list)));
        },
      ),
    );
  });

  it('compares each candidate pair once and far fewer than all pairs', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      makePerson({
        key: `DV${String(i).padStart(5, '0')}`,
        fullName: `${family[i % 4]!} Văn ${given[i % 7]!}`,
        birthDate: { year: 1950 + (i % 50), month: 1 + (i % 12), day: 1 + (i % 28) },
        citizenId: String(19_000_000_000 + i).padStart(12, '0'),
        partyCardNo: String(10_000_000 + i),
      }),
    );
    const { stats } = searchDuplicatePairs(many);
    expect(stats.allPairs).toBe((2000 * 1999) / 2);
    expect(stats.comparisons).toBeLessThan(stats.allPairs / 100);
  });

  it('compares an oversized block (a placeholder id on many records) within a window only', () => {
    const placeholder = Array.from({ length: 50 }, (_, i) =>
      makePerson({
        key: `DV${String(i).padStart(3, '0')}`,
        fullName: `Người ${i}`,
        citizenId: '000000000000',
        partyCardNo: null,
        birthDate: { year: 1900 + i },
      }),
    );
    const { stats, pairs } = searchDuplicatePairs(placeholder, { maxBlockSize: 10, windowSize: 3 });
    expect(stats.oversizedBlocks).toBe(1);
    expect(stats.comparisons).toBeLessThanOrEqual(50 * 3);
    expect(pairs).toEqual([]);
  });
});
