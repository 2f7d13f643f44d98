import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldForSearch } from './fold.ts';
import { normalizeToneStyle } from './normalize-tone-style.ts';

describe('normalizeToneStyle', () => {
  it.each([
    ['Hoà', 'Hòa'],
    ['Khánh Hoà', 'Khánh Hòa'],
    ['Hoá', 'Hóa'],
    ['hoả', 'hỏa'],
    ['Thoã', 'Thõa'],
    ['Hoạ', 'Họa'],
    ['Thuỳ', 'Thùy'],
    ['Thuý', 'Thúy'],
    ['Thuỷ', 'Thủy'],
    ['Nguyễn Văn Thành Thuỵ', 'Nguyễn Văn Thành Thụy'],
    ['Luỹ', 'Lũy'],
    ['khoẻ', 'khỏe'],
    ['HOÀ', 'HÒA'],
    ['Đảng uỷ', 'Đảng ủy'],
    // A mark on the wrong vowel moves to where either style puts it.
    ['hòang', 'hoàng'],
    ['gìa', 'già'],
    ['qúy', 'quý'],
  ])('writes %j as %j', (input, expected) => {
    expect(normalizeToneStyle(input)).toBe(expected);
  });

  it.each([
    'Hòa',
    'Thủy',
    'Hoàng',
    'Huỳnh',
    'Thuyết',
    'Quý',
    'Quỳnh',
    'Quà',
    'Giá',
    'Giữa',
    'Khoái',
    'Khuỷu',
    'Người',
    'Mía',
    'Múa',
    'Thuở',
    'Nguyễn',
    'Hồ Chí Minh',
    'Café',
  ])('keeps %j', (text) => {
    expect(normalizeToneStyle(text)).toBe(text);
  });

  const text = fc
    .array(
      fc.constantFrom(
        'Hoà',
        'Hòa',
        'Thuý',
        'Thúy',
        'hoàng',
        'Quỳnh',
        'gìa',
        'Nguyễn',
        'Xã',
        'Café',
        '12',
        'oà',
      ),
      {
        maxLength: 6,
      },
    )
    .map((words) => words.join(' '));

  it('is idempotent, keeps NFC and keeps the search key', () => {
    fc.assert(
      fc.property(text, (s) => {
        const once = normalizeToneStyle(s);
        return (
          normalizeToneStyle(once) === once &&
          once === once.normalize('NFC') &&
          foldForSearch(once) === foldForSearch(s)
        );
      }),
    );
  });

  it('never changes arbitrary text beyond moving tone marks', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const nfc = s.normalize('NFC');
        return foldForSearch(normalizeToneStyle(nfc)) === foldForSearch(nfc);
      }),
    );
  });
});
