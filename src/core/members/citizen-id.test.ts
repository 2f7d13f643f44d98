import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { checkCitizenIdStructure, decodeCitizenId, normalizeCitizenId } from './citizen-id.ts';

const codes = loadCodeLists();

describe('normalizeCitizenId', () => {
  // Values of samples/*/package/dang_vien.csv (SO_CCCD) with the truth's citizen_id.
  it.each([
    ['079072885903', '079072885903', '12', false],
    ['0190 9742 0327', '019097420327', '12', true],
    ['033 071 579256', '033071579256', '12', true],
    ['019.060.390.041', '019060390041', '12', true],
    [' 006069478768 ', '006069478768', '12', false],
    ['369106736', '369106736', 'cmnd9', false],
    ['0060607219571', '0060607219571', 'invalid', false],
    ['06820338752', '06820338752', 'invalid', false],
    ['', '', 'invalid', false],
    ['CCCD 0123', 'CCCD 0123', 'invalid', false],
  ])('reads %j as %j (%s)', (raw, digits, kind, hadSeparators) => {
    expect(normalizeCitizenId(raw)).toEqual({ digits, kind, hadSeparators });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d .]{9,16}$/)), (s) => {
        const once = normalizeCitizenId(s);
        const twice = normalizeCitizenId(once.digits);
        expect(twice.digits).toBe(once.digits);
        expect(twice.kind).toBe(once.kind);
        expect(twice.hadSeparators).toBe(false);
      }),
    );
  });
});

describe('checkCitizenIdStructure', () => {
  it('accepts a number that matches province, sex, century and birth year', () => {
    expect(checkCitizenIdStructure('079072885903', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([]);
    expect(checkCitizenIdStructure('006162685766', { gender: 'Nữ', birthYear: 1962 }, codes)).toEqual([]);
    expect(checkCitizenIdStructure('006204485514', { gender: 'Nam', birthYear: 2004 }, codes)).toEqual([]);
  });

  it('reports a prefix that is no province of Thông tư 07/2016/TT-BCA', () => {
    expect(checkCitizenIdStructure('099072885903', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([
      'CITIZEN_ID_PROVINCE',
    ]);
    expect(checkCitizenIdStructure('000072885903', {}, codes)).toEqual(['CITIZEN_ID_PROVINCE']);
  });

  it('reports digit 4 that contradicts the sex or the century', () => {
    expect(checkCitizenIdStructure('079172885903', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([
      'CITIZEN_ID_GENDER_CENTURY',
    ]);
    expect(checkCitizenIdStructure('079272885903', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([
      'CITIZEN_ID_GENDER_CENTURY',
    ]);
  });

  it('reports digits 5-6 that are not the birth year', () => {
    expect(checkCitizenIdStructure('079073885903', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([
      'CITIZEN_ID_BIRTH_YEAR',
    ]);
  });

  it('skips the checks whose member field is unknown, and any non-12-digit value', () => {
    expect(checkCitizenIdStructure('079172885903', { gender: null, birthYear: null }, codes)).toEqual([]);
    expect(checkCitizenIdStructure('369106736', { gender: 'Nam', birthYear: 1972 }, codes)).toEqual([]);
  });

  it('decodes sex and century from digit 4', () => {
    expect(decodeCitizenId('079189000000')).toEqual({ gender: 'Nữ', century: 1900, yearOfCentury: 89 });
    expect(decodeCitizenId('001204000000')).toEqual({ gender: 'Nam', century: 2000, yearOfCentury: 4 });
    expect(decodeCitizenId('12345')).toBeNull();
  });

  it('agrees with any number built from a valid holder', () => {
    const prefixes = codes.citizenIdProvinces.map((p) => p.code);
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.constantFrom<'Nam' | 'Nữ'>('Nam', 'Nữ'),
        fc.integer({ min: 1900, max: 2099 }),
        fc.stringMatching(/^\d{6}$/),
        (prefix, gender, birthYear, random) => {
          const digit = (birthYear >= 2000 ? 2 : 0) + (gender === 'Nữ' ? 1 : 0);
          const id = `${prefix}${digit}${String(birthYear % 100).padStart(2, '0')}${random}`;
          expect(checkCitizenIdStructure(id, { gender, birthYear }, codes)).toEqual([]);
        },
      ),
    );
  });
});
