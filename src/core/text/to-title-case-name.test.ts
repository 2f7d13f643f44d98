import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isTitleCaseName, toTitleCaseName } from './to-title-case-name.ts';

describe('toTitleCaseName', () => {
  it.each([
    ['NGUYỄN VĂN A', 'Nguyễn Văn A'],
    ['nguyễn thị thu hà', 'Nguyễn Thị Thu Hà'],
    ['ĐẶNG NGỌC SỸ', 'Đặng Ngọc Sỹ'],
    ['đỗ đức đạt', 'Đỗ Đức Đạt'],
    ['PHAN MAI NGỌC ƯỚC', 'Phan Mai Ngọc Ước'],
    ['LÊ ĐỨC HÒE', 'Lê Đức Hòe'],
    ['trịnh thanh ánh', 'Trịnh Thanh Ánh'],
    ['nguyễn - văn trung', 'Nguyễn - Văn Trung'],
    ['lê thị-thu', 'Lê Thị-Thu'],
    ["ksor h'bớt", "Ksor H'Bớt"],
    ['nGUYỄN vĂN a', 'Nguyễn Văn A'],
    ['nguyễn văn hải'.normalize('NFD'), 'Nguyễn Văn Hải'.normalize('NFD')],
    // Letters that grow when upper-cased keep one capital, so a second pass changes nothing (found by fast-check).
    ['ﬀ', 'Ff'],
    ['ᾀ', 'Ἀι'],
  ])('writes %j as %j', (input, expected) => {
    expect(toTitleCaseName(input)).toBe(expected);
    expect(isTitleCaseName(expected)).toBe(true);
  });

  it.each(['NGUYỄN VĂN A', 'nguyễn văn a', 'Nguyễn văn A'])('says %j is not title case', (name) => {
    expect(isTitleCaseName(name)).toBe(false);
  });

  const names = fc
    .array(fc.constantFrom('nguyễn', 'VĂN', 'Thị', 'đỗ', 'ÁNH', 'hòa', 'Thuý', 'ước', 'Ông'), {
      minLength: 1,
      maxLength: 5,
    })
    .map((parts) => parts.join(' '));

  it('is idempotent, keeps NFC and changes only case', () => {
    fc.assert(
      fc.property(names, (name) => {
        const once = toTitleCaseName(name);
        return (
          toTitleCaseName(once) === once &&
          once === once.normalize('NFC') &&
          once.toLowerCase() === name.toLowerCase()
        );
      }),
    );
  });

  it('gives every case variant of a name the same result', () => {
    fc.assert(
      fc.property(names, (name) => {
        const expected = toTitleCaseName(name);
        return (
          toTitleCaseName(name.toUpperCase()) === expected && toTitleCaseName(name.toLowerCase()) === expected
        );
      }),
    );
  });
});
