import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasInvalidNameChars } from './has-invalid-name-chars.ts';

describe('hasInvalidNameChars', () => {
  it.each([
    'Nguyễn Thị Quyên 2',
    'Phạm Phương Ánh (mới)',
    'Lộc Phương Hà.',
    'Hà Quang Xuân Hoàng1',
    'Lê Thị Thoa1',
  ])('flags %j', (name) => {
    expect(hasInvalidNameChars(name)).toBe(true);
  });

  it.each([
    'Nguyễn Văn A',
    'Phạm - Hồng Duyên',
    'H’Hen Niê',
    "Ksor H'Bớt",
    'Đỗ Thị Ánh',
    'Đỗ Thị Ánh'.normalize('NFD'),
  ])('accepts %j', (name) => {
    expect(hasInvalidNameChars(name)).toBe(false);
  });

  it('flags any name that contains a digit', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 9 }), fc.string(), (a, d, b) =>
        hasInvalidNameChars(`${a}${d}${b}`),
      ),
    );
  });
});
