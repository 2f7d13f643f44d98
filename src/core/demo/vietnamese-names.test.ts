import { describe, expect, it } from 'vitest';
import { createRandom } from './random.ts';
import { generateName, nameTraditionOf, toOldToneStyle } from './vietnamese-names.ts';

describe('generateName', () => {
  it('follows the national family-name shares for Kinh names', () => {
    const rng = createRandom(1);
    const n = 20_000;
    let nguyen = 0;
    for (let i = 0; i < n; i++) if (generateName(rng, 'Nam').family === 'Nguyễn') nguyen++;
    expect(nguyen / n).toBeGreaterThan(0.34);
    expect(nguyen / n).toBeLessThan(0.42);
  });

  it('gives women mostly "Thị" and men mostly "Văn" as middle name', () => {
    const rng = createRandom(2);
    const women = Array.from({ length: 2000 }, () => generateName(rng, 'Nữ'));
    const men = Array.from({ length: 2000 }, () => generateName(rng, 'Nam'));
    expect(women.filter((w) => w.middle.startsWith('Thị')).length).toBeGreaterThan(700);
    expect(men.filter((m) => m.middle.startsWith('Thị')).length).toBe(0);
    expect(men.filter((m) => m.middle.startsWith('Văn')).length).toBeGreaterThan(400);
  });

  it('writes full names as NFC title-case words without digits', () => {
    const rng = createRandom(3);
    for (const tradition of ['kinh', 'northern-upland', 'hmong', 'khmer', 'central-highlands'] as const) {
      for (let i = 0; i < 300; i++) {
        const { full } = generateName(rng, i % 2 ? 'Nam' : 'Nữ', tradition);
        expect(full).toBe(full.normalize('NFC'));
        expect(full).toMatch(/^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*)+$/u);
      }
    }
  });

  it('chooses the naming tradition from the ethnicity', () => {
    expect(nameTraditionOf('Kinh')).toBe('kinh');
    expect(nameTraditionOf('HMông')).toBe('hmong');
    expect(nameTraditionOf('Tày')).toBe('northern-upland');
    expect(nameTraditionOf('Ê-đê')).toBe('central-highlands');
  });
});

describe('toOldToneStyle', () => {
  it.each([
    ['Nguyễn Thị Hòa', 'Nguyễn Thị Hoà'],
    ['Lê Thúy', 'Lê Thuý'],
    ['Trần Thủy', 'Trần Thuỷ'],
    ['Hoàng Quỳnh', 'Hoàng Quỳnh'],
    ['Phạm Quý', 'Phạm Quý'],
  ])('writes %s as %s', (modern, old) => {
    expect(toOldToneStyle(modern)).toBe(old);
  });
});
