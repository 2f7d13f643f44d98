import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasWhitespaceDefect, normalizeWhitespace } from './normalize-whitespace.ts';

describe('normalizeWhitespace', () => {
  it.each([
    ['Nguyễn Thu Ngọc ', 'Nguyễn Thu Ngọc'],
    [' Nguyễn Đình Huy', 'Nguyễn Đình Huy'],
    ['Lê  Thị Trang', 'Lê Thị Trang'],
    ['Huỳnh\tVăn Hậu', 'Huỳnh Văn Hậu'],
    ['Chi  bộ Khoa Nội ', 'Chi bộ Khoa Nội'],
    ['Xã\u00a0Tân Lập', 'Xã Tân Lập'],
    ['Thôn 1,\r\nXã Yên Bình', 'Thôn 1, Xã Yên Bình'],
    ['', ''],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeWhitespace(input)).toBe(expected);
    expect(hasWhitespaceDefect(input)).toBe(input !== expected);
  });

  it('keeps the soft hyphen, which is the TCVN3 letter ư', () => {
    expect(normalizeWhitespace('M\u00adêng')).toBe('M\u00adêng');
  });

  it('is idempotent and leaves no defect', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeWhitespace(s);
        return normalizeWhitespace(once) === once && !hasWhitespaceDefect(once);
      }),
    );
  });

  it('keeps NFC text NFC and only removes spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const nfc = s.normalize('NFC');
        const out = normalizeWhitespace(nfc);
        return out === out.normalize('NFC') && out.replace(/ /g, '') === nfc.replace(/[\s\u00a0\u202f]/g, '');
      }),
    );
  });
});
