import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNames, foldedNameSimilarity } from './compare-names.ts';

describe('compareNames', () => {
  it.each([
    ['Trần Minh Hậu', 'Trần Minh Hậu', 'exact', false],
    ['Trần Minh Hậu', 'Tran Minh Hau', 'exact', true], // typed without a Vietnamese keyboard
    ['Nguyễn Thị Hoà', 'Nguyễn Thị Hòa', 'exact', false], // tone-mark style only
    ['TRẦN VĂN HIẾU', 'Trần Văn Hiếu', 'exact', false],
    ['Nguyễn Thị Anh', 'Nguyễn Thị Ánh', 'high', true], // both with marks: different given names
    ['Trần Hậu', 'Trần Minh Hậu', 'high', false], // middle name left out
    ['Hậu Trần Minh', 'Trần Minh Hậu', 'high', false], // parts in another order
    ['Nguyễn Văn Hùng', 'Nguyễn Đức Hùng', 'medium', false], // different middle name
    ['Trần Văn Hiếu', 'Trần Văn Hiền', 'medium', false], // given name one letter apart
    ['Nguyễn Thị Hương', 'Nguyễn Thị Lan', 'low', false],
    ['Lộc Công Ước', 'Nguyễn Thị Thoa', 'low', false],
    ['', 'Nguyễn Thị Thoa', 'missing', false],
  ])('%s / %s → %s', (a, b, level, diacriticsOnly) => {
    const result = compareNames(a, b);
    expect(result.level).toBe(level);
    expect(result.diacriticsOnly).toBe(diacriticsOnly);
  });

  it('is symmetric', () => {
    const part = fc.constantFrom('nguyen', 'tran', 'van', 'thi', 'minh', 'hau', 'hung', 'lan', 'anh', 'duc');
    const name = fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(foldedNameSimilarity(a, b)).toBe(foldedNameSimilarity(b, a));
      }),
    );
  });
});
