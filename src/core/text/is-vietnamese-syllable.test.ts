import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isVietnameseSyllable, parseVietnameseSyllable } from './is-vietnamese-syllable.ts';

describe('isVietnameseSyllable', () => {
  it.each([
    'Nguyễn',
    'Đỗ',
    'Thị',
    'Ánh',
    'Ông',
    'Hồ',
    'Chí',
    'Minh',
    'Hoà',
    'Hòa',
    'Thuý',
    'Thúy',
    'hoàng',
    'thuyết',
    'Quỳnh',
    'quýt',
    'già',
    'gìn',
    'giếng',
    'khuỷu',
    'người',
    'Đắk',
    'Krông',
    'KRông',
    'NGUYỄN',
    'Nguyễn'.normalize('NFD'),
  ])('accepts %j', (word) => {
    expect(isVietnameseSyllable(word)).toBe(true);
  });

  it.each([
    ['Nguyeãn', 'VNI bytes'],
    ['B×nh', 'TCVN3 symbol'],
    ['Th«n', 'TCVN3 symbol'],
    ['Leâ', 'â cannot follow e'],
    ['Loọc', 'no "oo" nucleus with a tone'],
    ['Quúnh', '"nh" does not follow "u"'],
    ['Hòang', 'tone mark on the wrong vowel'],
    ['Bàc', 'a stop final takes only sắc or nặng'],
    ['Hôtel', 'not one syllable'],
    ['Nguyễnn', 'no such final'],
    ['', 'empty'],
  ])('rejects %j (%s)', (word) => {
    expect(isVietnameseSyllable(word)).toBe(false);
  });

  it('splits a syllable into onset, nucleus and final, with "qu" and "gi" in the onset', () => {
    expect(parseVietnameseSyllable('Quyết')).toMatchObject({ onset: 'qu', nucleus: 'yê', coda: 't' });
    expect(parseVietnameseSyllable('giữa')).toMatchObject({ onset: 'gi', nucleus: 'ưa', coda: '' });
    expect(parseVietnameseSyllable('Nguyễn')).toMatchObject({ onset: 'ng', nucleus: 'uyê', coda: 'n' });
  });

  it('does not depend on case or normalization form', () => {
    const words = fc.constantFrom('Nguyễn', 'Hòa', 'thuở', 'Bắc', 'Xyz', 'Thò', 'Leâ', 'hoàng');
    fc.assert(
      fc.property(words, (w) => {
        const expected = isVietnameseSyllable(w);
        return (
          isVietnameseSyllable(w.toUpperCase()) === expected &&
          isVietnameseSyllable(w.normalize('NFD')) === expected
        );
      }),
    );
  });
});
