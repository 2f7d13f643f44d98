import { describe, expect, it } from 'vitest';
import type { PartialDate } from '../members/partial-date.ts';
import { compareBirthDates, compareGenders, compareIds, compareUnits } from './compare-fields.ts';

const d = (year: number, month?: number, day?: number): PartialDate => ({
  year,
  ...(month === undefined ? {} : { month }),
  ...(day === undefined ? {} : { day }),
});

describe('compareBirthDates', () => {
  it.each([
    [d(1972, 3, 27), d(1972, 3, 27), 'exact'],
    [d(1991, 11, 8), d(1991, 8, 11), 'swapped'], // 08/11/1991 entered as 11/08/1991
    [d(1945, 5), d(1945, 5), 'partial'],
    [d(1945, 5), d(1945, 5, 10), 'partial'],
    [d(1974, 5), d(1974, 6, 5), 'partial'], // month-only side holds the other's day: swapped and cut
    [d(1940), d(1940), 'year'],
    [d(1940), d(1940, 2, 3), 'year'],
    [d(1980, 12, 1), d(1973, 12, 1), 'same-day-month'],
    [d(1980, 12, 1), d(1980, 12, 9), 'close'],
    [d(1962, 4, 11), d(1997, 4, 9), 'differ'],
    [d(1945, 5), d(1946, 5), 'differ'],
    [null, d(1945), 'missing'],
  ])('%j / %j → %s', (a, b, level) => {
    expect(compareBirthDates(a, b)).toBe(level);
    expect(compareBirthDates(b, a)).toBe(level);
  });
});

describe('compareIds', () => {
  it.each([
    ['019072160200', '019072160200', 'exact'],
    ['019072160200', '019072160209', 'typo'],
    ['019072160200', '019027160200', 'typo'],
    ['019072160200', '019072888888', 'differ'],
    ['019072160200', '035178809', 'missing'], // a CMND and a CCCD are two documents, not a disagreement
    [null, '019072160200', 'missing'],
  ])('%s / %s → %s', (a, b, level) => {
    expect(compareIds(a, b)).toBe(level);
    expect(compareIds(b, a)).toBe(level);
  });
});

describe('compareUnits', () => {
  it.each([
    ['19', '05692', '19', '05692', 'commune'],
    ['19', '05692', '19', '05665', 'province'],
    ['19', null, '19', '05665', 'province-only'],
    ['19', '05692', '08', '02170', 'differ'],
    [null, null, '19', '05692', 'missing'],
  ])('%s %s / %s %s → %s', (pa, ca, pb, cb, level) => {
    expect(compareUnits(pa, ca, pb, cb)).toBe(level);
    expect(compareUnits(pb, cb, pa, ca)).toBe(level);
  });
});

describe('compareGenders', () => {
  it('agrees, differs, or has nothing to compare', () => {
    expect(compareGenders('Nam', 'Nam')).toBe('agree');
    expect(compareGenders('Nam', 'Nữ')).toBe('differ');
    expect(compareGenders(null, 'Nữ')).toBe('missing');
  });
});
