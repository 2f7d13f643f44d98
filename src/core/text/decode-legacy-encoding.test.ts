import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import tcvn3Table from '../../../reference/legacy-encodings/tcvn3.json' with { type: 'json' };
import vniTable from '../../../reference/legacy-encodings/vni.json' with { type: 'json' };
import { decodeLegacyEncoding } from './decode-legacy-encoding.ts';

// Every row of reference/legacy-encodings/samples.csv except the .VnTimeH one, which needs the font.
const REFERENCE_SAMPLES: Array<[string, string, 'tcvn3' | 'vni' | null]> = [
  ['Ninh B×nh', 'Ninh Bình', 'tcvn3'],
  ['Ninh Bình', 'Ninh Bình', null], // identical in VNI and in Unicode
  ['B¶o Th¾ng', 'Bảo Thắng', 'tcvn3'],
  ['Baûo Thaéng', 'Bảo Thắng', 'vni'],
  ['M\u00adêng Kh\u00ad¬ng', 'Mường Khương', 'tcvn3'],
  ['Möôøng Khöông', 'Mường Khương', 'vni'],
  ['B¸t X¸t', 'Bát Xát', 'tcvn3'],
  ['Baùt Xaùt', 'Bát Xát', 'vni'],
  ['NguyÔn ThÞ H\u00ad¬ng', 'Nguyễn Thị Hương', 'tcvn3'],
  ['Nguyeãn Thò Höông', 'Nguyễn Thị Hương', 'vni'],
  ['TrÇn V¨n §øc', 'Trần Văn Đức', 'tcvn3'],
  ['Traàn Vaên Ñöùc', 'Trần Văn Đức', 'vni'],
  ['Ph\u00adêng Ngäc Hµ, Thµnh phè Hµ Néi', 'Phường Ngọc Hà, Thành phố Hà Nội', 'tcvn3'],
  ['Phöôøng Ngoïc Haø, Thaønh phoá Haø Noäi', 'Phường Ngọc Hà, Thành phố Hà Nội', 'vni'],
  ['X· §¾k ¥', 'Xã Đắk Ơ', 'tcvn3'],
  ['Xaõ Ñaék Ô', 'Xã Đắk Ơ', 'vni'],
  ['Héi Liªn hiÖp Phô n÷ ViÖt Nam', 'Hội Liên hiệp Phụ nữ Việt Nam', 'tcvn3'],
  ['Hoäi Lieân hieäp Phuï nöõ Vieät Nam', 'Hội Liên hiệp Phụ nữ Việt Nam', 'vni'],
  ['Xin chµo c¸c b¹n', 'Xin chào các bạn', 'tcvn3'],
  ['Xin chaøo caùc baïn', 'Xin chào các bạn', 'vni'],
  ['§ång Th¸p', 'Đồng Tháp', 'tcvn3'],
  ['Ñoàng Thaùp', 'Đồng Tháp', 'vni'],
  ['Huyønh Ngoïc ÖÛng', 'Huỳnh Ngọc Ửng', 'vni'],
];

// Mojibake found in samples/*/package, with the value of truth/*.csv for the same legacy id.
const SAMPLE_PACKAGES: Array<[string, string]> = [
  ['Hå §×nh Quang', 'Hồ Đình Quang'],
  ['Vâ TiÕn H\u00adng', 'Võ Tiến Hưng'],
  ['NguyÔn V¨n Quý', 'Nguyễn Văn Quý'],
  ['Ph¹m Thu Ngäc Hßa', 'Phạm Thu Ngọc Hòa'],
  ['NguyÔn V¨n Thµnh Thuþ', 'Nguyễn Văn Thành Thuỵ'],
  ['Lý V¨n ThuËn', 'Lý Văn Thuận'],
  ['§ç ThÞ Ly', 'Đỗ Thị Ly'],
  ['Bïi H¶i Thanh', 'Bùi Hải Thanh'],
  ['Chi bé Th«n 1', 'Chi bộ Thôn 1'],
  ['Trung cÊp', 'Trung cấp'],
  ['Bé ®éi xuÊt ngò', 'Bộ đội xuất ngũ'],
  ['X· Quúnh Phó, HuyÖn Gia B×nh, TØnh B¾c Ninh', 'Xã Quỳnh Phú, Huyện Gia Bình, Tỉnh Bắc Ninh'],
  ['Loäc Quang Trung', 'Lộc Quang Trung'],
  ['Leâ Coâng Huy', 'Lê Công Huy'],
  ['Nguyeãn Thò YÙ', 'Nguyễn Thị Ý'],
  ['Ñaëng Quang Thaéng', 'Đặng Quang Thắng'],
  ['buøi quyønh haïnh', 'bùi quỳnh hạnh'],
  ['Huyønh Vaên Maïnh', 'Huỳnh Văn Mạnh'],
  ['Phaïm Höõu Quang Phuù', 'Phạm Hữu Quang Phú'],
  ['Chi boä Quaân söï', 'Chi bộ Quân sự'],
  ['Ñaûng boä huyeän Ngaân Sôn', 'Đảng bộ huyện Ngân Sơn'],
  ['Chi boä Baûn Paùc Boù', 'Chi bộ Bản Pác Bó'],
  ['Khoâng', 'Không'],
];

// Correct Unicode text that shares bytes with the legacy tables: VNI reads "ô" as ơ and "ò" as ị, TCVN3
// reads "Ô" as ễ, "á" as ỏ and U+00AD as ư.
const VALID_TEXT = [
  'Đỗ Thị Ánh',
  'Ông',
  'Hồ Chí Minh',
  'Lò Văn Bình',
  'Thôn Bản Phó',
  'Xã KRông Búk',
  'Chi bộ Thôn 1',
  'ÔNG VĂN TÂN',
  'Café Hôtel Métropole',
  'Số 5 × 3',
  'Hoà Bình, Thuý',
  'François Müller',
  'Phan Thò Nhung', // ambiguous alone: "Thò" is a valid syllable, so it is kept
  'Nguyễn Văn Hải'.normalize('NFD'),
];

// Correct Vietnamese words, several of them made only of Latin-1 letters that are also legacy bytes.
const WORDS = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Văn',
  'Thị',
  'Hữu',
  'Đức',
  'Thành',
  'Minh',
  'Ánh',
  'Hòa',
  'Hoà',
  'Thuý',
  'Thúy',
  'Quỳnh',
  'Giang',
  'Ông',
  'Bà',
  'Xã',
  'Thôn',
  'Chi',
  'bộ',
  'Đảng',
  'ủy',
  'Phó',
  'Bé',
  'Lò',
  'Thò',
  'Hà',
  'Nội',
  'Bình',
  'Ninh',
  'Tân',
  'Lập',
  'Phường',
  'Tỉnh',
  'Việt',
  'Nam',
  'Quý',
  'Yên',
  'Ước',
  'Chí',
  'Sơn',
  'Hưng',
  'Khương',
];
const casing = fc.constantFrom(
  (w: string) => w,
  (w: string) => w.toLowerCase(),
  (w: string) => w.toUpperCase(),
);
const vietnameseText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), casing, fc.constantFrom(' ', ', ', ' - ', ' 12 ')), {
    maxLength: 8,
  })
  .map((parts) => parts.map(([word, recase, sep]) => recase(word) + sep).join(''));

function encoderOf(table: Record<string, string>): (text: string) => string | null {
  const inverse = new Map(Object.entries(table).map(([legacy, unicode]) => [unicode, legacy]));
  return (text) => {
    let out = '';
    for (const ch of text) {
      const legacy = inverse.get(ch);
      if (legacy !== undefined) out += legacy;
      else if (ch.charCodeAt(0) < 0x80) out += ch;
      else return null;
    }
    return out;
  };
}
const legacyText = fc
  .tuple(vietnameseText, fc.constantFrom(encoderOf(tcvn3Table), encoderOf(vniTable)))
  .map(([text, encode]) => encode(text) ?? text);

describe('decodeLegacyEncoding', () => {
  it.each(REFERENCE_SAMPLES)('decodes the reference sample %j', (legacy, unicode, encoding) => {
    expect(decodeLegacyEncoding(legacy)).toEqual({ text: unicode, encoding });
  });

  it.each(SAMPLE_PACKAGES)('decodes %j from the sample packages', (legacy, unicode) => {
    expect(decodeLegacyEncoding(legacy).text).toBe(unicode);
  });

  it.each(VALID_TEXT)('leaves the valid text %j alone', (text) => {
    expect(decodeLegacyEncoding(text)).toEqual({ text, encoding: null });
  });

  it('repairs only the broken words of a field that also holds Unicode letters', () => {
    expect(decodeLegacyEncoding('Nguyễn V¨n Hải')).toEqual({ text: 'Nguyễn Văn Hải', encoding: 'tcvn3' });
  });

  it('never changes text built from correct Vietnamese words', () => {
    fc.assert(fc.property(vietnameseText, (text) => decodeLegacyEncoding(text).text === text));
  });

  it('decodes Vietnamese text typed in either legacy table back to Unicode when a word gives it away', () => {
    const unmistakable = ['Nguyễn', 'Trần', 'Văn', 'Đức', 'Dương', 'Hương'];
    const encoders = [encoderOf(tcvn3Table), encoderOf(vniTable)];
    fc.assert(
      fc.property(
        vietnameseText,
        fc.constantFrom(...unmistakable),
        fc.constantFrom(...encoders),
        (text, word, encode) => {
          const unicode = `${word} ${text.toLowerCase()}`.normalize('NFC');
          const legacy = encode(unicode);
          return legacy === null || decodeLegacyEncoding(legacy).text === unicode;
        },
      ),
    );
  });

  it('is idempotent and returns NFC for NFC input', () => {
    fc.assert(
      fc.property(fc.oneof(legacyText, vietnameseText, fc.string({ unit: 'grapheme' })), (s) => {
        const nfc = s.normalize('NFC');
        const once = decodeLegacyEncoding(nfc).text;
        return decodeLegacyEncoding(once).text === once && once === once.normalize('NFC');
      }),
    );
  });
});
