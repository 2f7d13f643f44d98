import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { matchEthnicity } from './ethnicity.ts';

const codes = loadCodeLists();

describe('matchEthnicity', () => {
  // DAN_TOC values of the samples and the truth's ethnicity_code (QĐ 121-TCTK/PPCĐ, 1979).
  it.each([
    ['Kinh', '01', 'exact'],
    ['Tày', '02', 'exact'],
    ['Nùng', '07', 'exact'],
    ['Sán Dìu', '18', 'exact'],
    ['Thổ', '24', 'exact'],
    ['Hoa', '04', 'exact'],
    ['kinh', '01', 'case'],
    ['KINH', '01', 'case'],
    ['Việt', '01', 'alias'],
    ['Thù Lao', '02', 'alias'],
    ['Mèo', '08', 'alias'],
    ['Mèo Đen', '08', 'alias'],
    ['Xá', '09', 'alias'],
    ['Mán Cao Lan', '15', 'alias'],
    ['Trại Đất', '18', 'alias'],
    ['Khmer', '05', 'variant'],
    ['Khơ me', '05', 'variant'],
    ["H'Mông", '08', 'variant'],
    ['Sán Chay (Cao Lan-Sán Chỉ)', '15', 'variant'],
    ['Kinh (Việt)', '01', 'variant'],
    ['Dân tộc Kinh', '01', 'variant'],
    ['Tay', '02', 'variant'],
    ['Xa', '25', 'alias'],
  ])('reads %j as %s (%s)', (raw, code, kind) => {
    expect(matchEthnicity(raw, codes)).toMatchObject({ code, kind });
  });

  it('resolves an alias shared by several groups to the lowest code and lists them all', () => {
    expect(matchEthnicity('Trại', codes)).toEqual({
      code: '09',
      name: 'Dao',
      kind: 'alias',
      candidates: ['09', '18'],
    });
    expect(matchEthnicity('Mán', codes)).toMatchObject({ code: '09', candidates: ['09', '18'] });
  });

  it.each(['Lai', 'Âu', 'Khác', 'Không rõ', 'Việt kiều', ''])('does not guess %j', (raw) => {
    expect(matchEthnicity(raw, codes)).toMatchObject({ code: '', kind: 'unrecognized' });
  });

  it('never throws and is idempotent: the name found reads back as the same group', () => {
    const words = codes.ethnicities.flatMap((e) => [e.name, ...e.aliases, ...e.spellingVariants]);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...words)), (s) => {
        const once = matchEthnicity(s, codes);
        if (once.kind === 'unrecognized') return;
        expect(matchEthnicity(once.name, codes)).toEqual({
          code: once.code,
          name: once.name,
          kind: 'exact',
          candidates: [],
        });
      }),
    );
  });
});
