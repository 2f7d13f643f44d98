import { describe, expect, it } from 'vitest';
import { comparePeople, explainComparison, matchWeight, weightToScore } from './match-model.ts';
import { makePerson } from './make-person.ts';

const score = (a = makePerson(), b = makePerson()): number => weightToScore(matchWeight(comparePeople(a, b)));
const original = makePerson({ birthDate: { year: 1972, month: 12, day: 3 } });

describe('the match model', () => {
  it('scores an unclosed transfer (new cell and residence, all else equal) as probable', () => {
    const moved = makePerson({ ...original, key: 'DV2', orgKey: 'TC0005975', residenceCommuneCode: '05794' });
    expect(score(original, moved)).toBeGreaterThan(0.99);
  });

  it.each([
    ['retyped without marks, no party card', { fullName: 'Tran Minh Hau', partyCardNo: null }],
    ['day and month swapped', { birthDate: { year: 1972, month: 3, day: 12 }, partyCardNo: null }],
    ['swapped date, no ids', { birthDate: { year: 1972, month: 12 }, citizenId: null, partyCardNo: null }],
    ['no citizen id, no card', { citizenId: null, partyCardNo: null }],
    ['a citizen id with one wrong digit', { citizenId: '019072160209' }],
  ])('keeps the same person probable when %s', (_label, change) => {
    expect(score(original, { ...original, key: 'DV2', ...change })).toBeGreaterThanOrEqual(0.9);
  });

  it('does not pair two people who share a copied citizen id and nothing else', () => {
    const other = makePerson({
      key: 'DV2',
      fullName: 'Lộc Công Ước',
      birthDate: { year: 1997, month: 4, day: 9 },
      partyCardNo: null,
      hometownProvinceCode: '08',
      hometownCommuneCode: '02170',
    });
    expect(score(original, other)).toBeLessThan(0.01);
  });

  it('keeps namesakes born the same day with different ids below "probable"', () => {
    const namesake = makePerson({
      ...original,
      key: 'DV2',
      citizenId: '019072999999',
      partyCardNo: '11111111',
    });
    expect(score(original, namesake)).toBeLessThan(0.9);
  });

  it('explains a pair in Vietnamese', () => {
    const retyped = makePerson({ ...original, key: 'DV2', fullName: 'Tran Minh Hau', orgKey: 'TC0005975' });
    expect(explainComparison(comparePeople(original, retyped))).toEqual([
      'họ tên giống nhau, chỉ khác dấu',
      'cùng ngày sinh',
      'trùng số CCCD',
      'trùng số thẻ đảng',
      'cùng quê quán',
      'cùng nơi thường trú',
      'khác chi bộ',
    ]);
  });
});
