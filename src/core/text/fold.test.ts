import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldForSearch } from './fold.ts';

describe('foldForSearch', () => {
  it.each([
    ['Nguyễn Văn Hải', 'nguyen van hai'],
    ['NGUYỄN  VĂN   HẢI ', 'nguyen van hai'],
    ['Nguyễn Văn Hải'.normalize('NFD'), 'nguyen van hai'],
    ['Hoà', 'hoa'],
    ['Hòa', 'hoa'],
    ['Thuý', 'thuy'],
    ['Đặng Đức Đạt', 'dang duc dat'],
  ])('folds %j to %j', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => foldForSearch(foldForSearch(s)) === foldForSearch(s)));
  });

  it('gives the same key to NFC and NFD forms', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (s) => foldForSearch(s.normalize('NFC')) === foldForSearch(s.normalize('NFD')),
      ),
    );
  });
});
