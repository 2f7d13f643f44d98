import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { createAdminUnitIndex, resolveAdminUnit } from './admin-units.ts';

const codes = loadCodeLists();
const index = createAdminUnitIndex(codes);
const byCode = (code: string, text?: string) => resolveAdminUnit(index, { code, text });
const byText = (text: string) => resolveAdminUnit(index, { text });

describe('resolveAdminUnit by code', () => {
  // MA_DVHC_QUE_QUAN / MA_DVHC_THUONG_TRU / MA_DVHC values of the samples and their truth.
  it('keeps a post-2025 commune code, even where it is also a pre-2025 code', () => {
    expect(byCode('01957')).toEqual({ kind: 'current', provinceCode: '19', communeCode: '01957' });
    expect(byCode('27559')).toEqual({ kind: 'current', provinceCode: '79', communeCode: '27559' });
    // 05467 was also old Phường Cam Giá, which was split; the 2025 list wins (samples' truth).
    expect(byCode('05467')).toEqual({ kind: 'current', provinceCode: '19', communeCode: '05467' });
    expect(byCode('21548')).toEqual({ kind: 'current', provinceCode: '51', communeCode: '21548' });
  });

  it('maps a pre-2025 commune code to its one new commune', () => {
    expect(byCode('01978')).toEqual({
      kind: 'obsolete',
      level: 'commune',
      provinceCode: '19',
      communeCode: '01981',
    });
    expect(byCode('01993')).toEqual({
      kind: 'obsolete',
      level: 'commune',
      provinceCode: '19',
      communeCode: '01969',
    });
    expect(byCode('00001')).toEqual({
      kind: 'obsolete',
      level: 'commune',
      provinceCode: '01',
      communeCode: '00097',
    });
  });

  it('lists the candidates of a split pre-2025 commune', () => {
    const result = byCode('05461');
    expect(result.kind).toBe('ambiguous');
    if (result.kind !== 'ambiguous') return;
    expect(result.provinceCode).toBe('19');
    expect(result.candidates.length).toBeGreaterThan(1);
    expect(result.candidates.every((c) => c.provinceCode === '19')).toBe(true);
  });

  it('maps a pre-2025 district code to its province only', () => {
    expect(byCode('058')).toEqual({ kind: 'obsolete', level: 'district', provinceCode: '19' });
    expect(byCode('024')).toEqual({ kind: 'obsolete', level: 'district', provinceCode: '08' });
    // An island district without communes became one đặc khu.
    expect(byCode('536')).toEqual({
      kind: 'obsolete',
      level: 'district',
      provinceCode: '51',
      communeCode: '21548',
    });
  });

  it('reads province codes of both lists', () => {
    expect(byCode('19')).toEqual({ kind: 'current', provinceCode: '19' });
    expect(byCode('06')).toEqual({ kind: 'obsolete', level: 'province', provinceCode: '19' });
    expect(byCode('02')).toEqual({ kind: 'obsolete', level: 'province', provinceCode: '08' });
  });

  it('restores leading zeros lost in a spreadsheet', () => {
    expect(byCode('1957')).toEqual(byCode('01957'));
    expect(byCode('8')).toEqual({ kind: 'current', provinceCode: '08' });
  });

  it('accepts the alternate codes of Công văn 1027/CTK-CSCL', () => {
    expect(byCode('06970')).toEqual({ kind: 'current', provinceCode: '22', communeCode: '06978' });
    // 23737 is Ia Mơ in 1027 but Ia Mơ Nông (now Ia Ly) before 2025: the text decides.
    expect(byCode('23737', 'Xã Ia Mơ, Tỉnh Gia Lai')).toEqual({
      kind: 'current',
      provinceCode: '52',
      communeCode: '23938',
    });
    expect(byCode('23737', 'Xã Ia Mơ Nông, Huyện Chư Păh, Tỉnh Gia Lai')).toEqual({
      kind: 'obsolete',
      level: 'commune',
      provinceCode: '52',
      communeCode: '23734',
    });
    expect(byCode('23737')).toMatchObject({ kind: 'ambiguous', provinceCode: '52' });
  });

  it('reports codes that exist in neither list', () => {
    expect(byCode('11712', 'Thôn 13, Xã Tân Thịnh Mới, Huyện Đông Hà Bắc, Tỉnh Thái Nguyên')).toEqual({
      kind: 'unknown',
    });
    expect(byCode('99')).toEqual({ kind: 'unknown' });
    expect(byCode('999')).toEqual({ kind: 'unknown' });
    expect(byCode('0195X')).toEqual({ kind: 'unknown' });
    expect(byCode('123456')).toEqual({ kind: 'unknown' });
  });

  it('lets the code win over the text', () => {
    expect(byCode('01957', 'Xã Hóc Môn, Thành phố Hồ Chí Minh')).toEqual(byCode('01957'));
  });

  it('reports nothing given as empty', () => {
    expect(resolveAdminUnit(index, {})).toEqual({ kind: 'empty' });
    expect(resolveAdminUnit(index, { code: ' ', text: '' })).toEqual({ kind: 'empty' });
  });
});

describe('resolveAdminUnit by text', () => {
  // QUE_QUAN / THUONG_TRU texts of the samples and the units of their codes.
  it.each([
    [
      'Thôn 6, Xã Thượng Quan, Tỉnh Thái Nguyên',
      { kind: 'current', provinceCode: '19', communeCode: '01957' },
    ],
    ['Xã Hóc Môn, Thành phố Hồ Chí Minh', { kind: 'current', provinceCode: '79', communeCode: '27559' }],
    [
      'Tổ dân phố 5, Phường Gia Sàng, Tỉnh Thái Nguyên',
      { kind: 'current', provinceCode: '19', communeCode: '05467' },
    ],
    ['Đặc khu Lý Sơn, Tỉnh Quảng Ngãi', { kind: 'current', provinceCode: '51', communeCode: '21548' }],
    ['Phường Ba Đình, Hà Nội', { kind: 'current', provinceCode: '01', communeCode: '00004' }],
    ['P. Ba Đình, TP. Hà Nội', { kind: 'current', provinceCode: '01', communeCode: '00004' }],
    ['Xã Tân Thạnh, Tỉnh Tây Ninh', { kind: 'current', provinceCode: '80', communeCode: '27826' }],
    [
      'Xã Sĩ Bình, Huyện Bạch Thông, Tỉnh Bắc Kạn',
      { kind: 'obsolete', level: 'commune', provinceCode: '19', communeCode: '01981' },
    ],
    [
      'Thôn 19, Xã Thịnh Đức, Thành phố Thái Nguyên, Tỉnh Thái Nguyên',
      { kind: 'obsolete', level: 'commune', provinceCode: '19', communeCode: '05503' },
    ],
    [
      'Thôn 14, Xã Hợp Tiến, Huyện Đồng Hỷ, Tỉnh Thái Nguyên',
      { kind: 'obsolete', level: 'commune', provinceCode: '19', communeCode: '05662' },
    ],
    [
      'Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội',
      {
        kind: 'ambiguous',
        provinceCode: '01',
        candidates: [
          { provinceCode: '01', communeCode: '09817' },
          { provinceCode: '01', communeCode: '09832' },
        ],
      },
    ],
    ['Huyện Bạch Thông, Tỉnh Bắc Kạn', { kind: 'obsolete', level: 'district', provinceCode: '19' }],
    ['Tỉnh Bắc Kạn', { kind: 'obsolete', level: 'province', provinceCode: '19' }],
    ['Thành phố Hà Nội', { kind: 'current', provinceCode: '01' }],
  ])('reads %j', (text, expected) => {
    expect(byText(text)).toMatchObject(expected);
  });

  it('lists the candidates of a split commune named in an old address', () => {
    expect(byText('Phường Gia Sàng, Thành phố Thái Nguyên, Tỉnh Thái Nguyên')).toMatchObject({
      kind: 'ambiguous',
      provinceCode: '19',
    });
  });

  it.each([
    'Xã Tân Thịnh Mới, Huyện Đông Hà Bắc, Tỉnh Thái Nguyên',
    'Xã Ba Đình, Tỉnh Không Có',
    'Thôn 3',
    'abc',
  ])('reports %j as unknown', (text) => {
    expect(byText(text)).toEqual({ kind: 'unknown' });
  });
});

describe('resolveAdminUnit properties', () => {
  const newCodes = codes.communes.map((c) => c.code);
  const oldCodes = codes.communesPre2025.map((c) => c.code);

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (code, text) => {
        resolveAdminUnit(index, { code, text });
      }),
    );
  });

  it('is idempotent: the unit found resolves to itself as current', () => {
    fc.assert(
      fc.property(fc.constantFrom(...newCodes, ...oldCodes), (code) => {
        const once = byCode(code);
        if (once.kind !== 'current' && once.kind !== 'obsolete') return;
        if (once.communeCode === undefined) return;
        expect(byCode(once.communeCode)).toEqual({
          kind: 'current',
          provinceCode: once.provinceCode,
          communeCode: once.communeCode,
        });
      }),
    );
  });

  it('finds every post-2025 commune by its full name and province', () => {
    for (const c of codes.communes) {
      expect(byText(`${c.name}, ${codes.provinces.find((p) => p.code === c.provinceCode)!.name}`)).toEqual({
        kind: 'current',
        provinceCode: c.provinceCode,
        communeCode: c.code,
      });
    }
  });
});
