import { describe, expect, it } from 'vitest';
import { encodeLegacy } from './legacy-encode.ts';

// Pairs from reference/legacy-encodings/samples.csv (round-trip checked against the public converters).
const samples: [encoding: 'tcvn3' | 'vni', legacy: string, unicode: string][] = [
  ['tcvn3', 'Ninh B×nh', 'Ninh Bình'],
  ['tcvn3', 'B¶o Th¾ng', 'Bảo Thắng'],
  ['vni', 'Baûo Thaéng', 'Bảo Thắng'],
  ['tcvn3', 'M\u00adêng Kh\u00ad¬ng', 'Mường Khương'],
  ['vni', 'Möôøng Khöông', 'Mường Khương'],
  ['tcvn3', 'NguyÔn ThÞ H\u00ad¬ng', 'Nguyễn Thị Hương'],
  ['vni', 'Nguyeãn Thò Höông', 'Nguyễn Thị Hương'],
  ['tcvn3', 'TrÇn V¨n §øc', 'Trần Văn Đức'],
  ['vni', 'Traàn Vaên Ñöùc', 'Trần Văn Đức'],
  ['tcvn3', 'X· §¾k ¥', 'Xã Đắk Ơ'],
  ['vni', 'Xaõ Ñaék Ô', 'Xã Đắk Ơ'],
  ['vni', 'Xin chaøo caùc baïn', 'Xin chào các bạn'],
];

describe('encodeLegacy', () => {
  it.each(samples)('writes in %s as "%s" the text "%s"', (encoding, legacy, unicode) => {
    expect(encodeLegacy(unicode, encoding)).toBe(legacy);
    expect(encodeLegacy(unicode.normalize('NFD'), encoding)).toBe(legacy);
  });

  it('gives up on capital toned letters in TCVN3 but not in VNI', () => {
    expect(encodeLegacy('Huỳnh Ngọc Ửng', 'tcvn3')).toBeUndefined();
    expect(encodeLegacy('Huỳnh Ngọc Ửng', 'vni')).toBe('Huyønh Ngoïc ÖÛng');
  });
});
