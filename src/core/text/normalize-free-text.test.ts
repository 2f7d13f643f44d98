import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeFreeText } from './normalize-free-text.ts';

describe('normalizeFreeText', () => {
  it.each([
    ['Xã Hóc Môn, Thành phố Hồ Chí Minh', 'Xã Hóc Môn, Thành phố Hồ Chí Minh', []],
    ['Trung cÊp', 'Trung cấp', ['TEXT_LEGACY_ENCODING']],
    ['Th«n 14,  X· Quúnh Phó ', 'Thôn 14, Xã Quỳnh Phú', ['TEXT_LEGACY_ENCODING', 'TEXT_WHITESPACE']],
    ['Chi bộ Thôn 1'.normalize('NFD'), 'Chi bộ Thôn 1', ['TEXT_NOT_NFC']],
    [' Nông dân'.normalize('NFD'), 'Nông dân', ['TEXT_NOT_NFC', 'TEXT_WHITESPACE']],
    ['Giáo\tviên', 'Giáo viên', ['TEXT_WHITESPACE']],
    ['Hoà Bình', 'Hoà Bình', []],
  ])('normalizes %j to %j with %j', (input, value, steps) => {
    expect(normalizeFreeText(input)).toEqual({ value, steps });
  });

  it('is idempotent: a normalized value needs no further fix', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normalizeFreeText(s).value;
        return normalizeFreeText(once).steps.length === 0 && once === once.normalize('NFC');
      }),
    );
  });
});
