import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNfc, toNfc } from './to-nfc.ts';

describe('toNfc', () => {
  it.each(['Nguyễn Văn Hải', 'Chi bộ Thôn 1', 'Đặng Thị Thuý', 'Hoạt động'])(
    'composes the decomposed form of %j',
    (text) => {
      const decomposed = text.normalize('NFD');
      expect(isNfc(decomposed)).toBe(false);
      expect(toNfc(decomposed)).toBe(text);
      expect(isNfc(text)).toBe(true);
    },
  );

  it('is idempotent and its output is NFC', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => toNfc(toNfc(s)) === toNfc(s) && isNfc(toNfc(s))),
    );
  });
});
