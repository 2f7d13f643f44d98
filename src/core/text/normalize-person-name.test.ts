import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePersonName } from './normalize-person-name.ts';

// HO_TEN values of samples/*/package/dang_vien.csv with full_name of truth/members.csv.
const SAMPLES: Array<[string, string, string[]]> = [
  ['Trần Văn Hiếu', 'Trần Văn Hiếu', []],
  ['Nguyễn Thu Ngọc ', 'Nguyễn Thu Ngọc', ['TEXT_WHITESPACE']],
  ['Huỳnh\tVăn Hậu', 'Huỳnh Văn Hậu', ['TEXT_WHITESPACE']],
  ['NGUYỄN VĂN THỊNH', 'Nguyễn Văn Thịnh', ['NAME_CASE']],
  ['trịnh thanh ánh', 'Trịnh Thanh Ánh', ['NAME_CASE']],
  ['Nguyeãn Thò YÙ', 'Nguyễn Thị Ý', ['TEXT_LEGACY_ENCODING']],
  ['Hå §×nh Quang', 'Hồ Đình Quang', ['TEXT_LEGACY_ENCODING']],
  ['NguyÔn V¨n Thµnh Thuþ', 'Nguyễn Văn Thành Thuỵ', ['TEXT_LEGACY_ENCODING']],
  ['buøi quyønh haïnh', 'Bùi Quỳnh Hạnh', ['TEXT_LEGACY_ENCODING', 'NAME_CASE']],
  ['Trần Việt Minh Phong'.normalize('NFD'), 'Trần Việt Minh Phong', ['TEXT_NOT_NFC']],
  ['hoàng công hoà', 'Hoàng Công Hoà', ['NAME_CASE']],
  ['Phạm - Hồng Duyên', 'Phạm - Hồng Duyên', []],
  // Names with digits or symbols cannot be standardized safely: they keep their letters as found.
  ['Phạm Phương Ánh (mới)', 'Phạm Phương Ánh (mới)', []],
  ['Lê Thị Thoa1', 'Lê Thị Thoa1', []],
];

describe('normalizePersonName', () => {
  it.each(SAMPLES)('normalizes %j to %j with %j', (raw, value, steps) => {
    expect(normalizePersonName(raw)).toEqual({ value, steps });
  });

  const WORDS = ['nguyễn', 'TRẦN', 'Văn', 'thị', 'ĐỖ', 'Ánh', 'Hoà', 'thuý', 'Ông', 'Lò', 'Bé', 'Quỳnh'];
  const names = fc
    .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', '  ', '\t', ' \u00a0')), {
      minLength: 1,
      maxLength: 5,
    })
    .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

  it('is idempotent and returns NFC', () => {
    fc.assert(
      fc.property(fc.oneof(names, fc.string({ unit: 'grapheme' })), (raw) => {
        const { value } = normalizePersonName(raw);
        return normalizePersonName(value).steps.length === 0 && value === value.normalize('NFC');
      }),
    );
  });

  it('keeps the letters of correct Vietnamese names, changing only case and spaces', () => {
    fc.assert(
      fc.property(names, (raw) => {
        const { value, steps } = normalizePersonName(raw);
        return (
          !steps.includes('TEXT_LEGACY_ENCODING') &&
          value.toLowerCase() === raw.toLowerCase().trim().split(/\s+/).join(' ')
        );
      }),
    );
  });
});
