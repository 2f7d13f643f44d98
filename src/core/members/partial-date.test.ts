import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMonths,
  ageAt,
  compareAtCommonPrecision,
  formatIsoPartial,
  formatVietnamese,
  isCertainlyAfter,
  isCertainlyBefore,
  maxAgeAt,
  parseLegacyDate,
  precisionOf,
  type PartialDate,
} from './partial-date.ts';

const iso = (raw: string): string => {
  const r = parseLegacyDate(raw);
  if (!r.ok) throw new Error(`not a date: ${raw}`);
  return r.iso;
};
const date = (raw: string): PartialDate => {
  const r = parseLegacyDate(raw);
  if (!r.ok) throw new Error(`not a date: ${raw}`);
  return r.date;
};

describe('parseLegacyDate', () => {
  // Real values of samples/*/package/dang_vien.csv and their truth.
  it.each([
    ['07/11/1972', '1972-11-07'],
    ['18/5/2020', '2020-05-18'],
    ['9/2/1991', '1991-02-09'],
    ['4/12/2004', '2004-12-04'],
    ['09-08-1993', '1993-08-09'],
    ['11.02.1969', '1969-02-11'],
    ['2004-05-21', '2004-05-21'],
    ['09/1947', '1947-09'],
    ['1941', '1941'],
    ['00/05/1945', '1945-05'],
    ['00/00/1950', '1950'],
    ['0/0/1950', '1950'],
    ['1950-05', '1950-05'],
    [' 29/02/2024 ', '2024-02-29'],
    ['1975-02-03 00:00:00', '1975-02-03'],
    ['1975-02-03T00:00:00Z', '1975-02-03'],
  ])('reads %j as %j', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  it.each([
    '31/02/1975',
    '32/01/1971',
    '15/13/1974',
    '31/06/1963',
    '31/11/1959',
    '29/02/2023',
    '15/00/1950',
    '00/00/0000',
  ])('reports %j as impossible', (raw) => {
    expect(parseLegacyDate(raw)).toEqual({ ok: false, reason: 'impossible' });
  });

  it.each(['abc', '12/5/75', '1975/13', '5 tháng 3 năm 1975', '19750203', '45000'])(
    'reports %j as unparseable',
    (raw) => {
      expect(parseLegacyDate(raw)).toEqual({ ok: false, reason: 'unparseable' });
    },
  );

  it.each(['', '   ', null, undefined])('reports %j as empty', (raw) => {
    expect(parseLegacyDate(raw)).toEqual({ ok: false, reason: 'empty' });
  });

  it('keeps the precision of partial dates', () => {
    expect(parseLegacyDate('00/05/1950')).toEqual({
      ok: true,
      date: { year: 1950, month: 5 },
      iso: '1950-05',
    });
    expect(precisionOf(date('1950'))).toBe('year');
    expect(precisionOf(date('05/1950'))).toBe('month');
    expect(precisionOf(date('01/05/1950'))).toBe('day');
  });

  it('reads Excel serial day numbers only when asked', () => {
    expect(parseLegacyDate('27426', { allowExcelSerial: true })).toMatchObject({
      ok: true,
      iso: '1975-02-01',
    });
    expect(parseLegacyDate('45000.5', { allowExcelSerial: true })).toMatchObject({
      ok: true,
      iso: '2023-03-15',
    });
    expect(parseLegacyDate('1', { allowExcelSerial: true })).toMatchObject({ ok: true, iso: '1900-01-01' });
    expect(parseLegacyDate('61', { allowExcelSerial: true })).toMatchObject({ ok: true, iso: '1900-03-01' });
    expect(parseLegacyDate('60', { allowExcelSerial: true })).toEqual({ ok: false, reason: 'impossible' });
    // A 4-digit number up to 2100 is still a year, not a day of 1905.
    expect(parseLegacyDate('1950', { allowExcelSerial: true })).toMatchObject({ ok: true, iso: '1950' });
    expect(parseLegacyDate('27426')).toEqual({ ok: false, reason: 'unparseable' });
  });
});

describe('formatting', () => {
  it.each([
    ['1972-11-07', '1972-11-07', '07/11/1972'],
    ['05/1950', '1950-05', '05/1950'],
    ['1950', '1950', '1950'],
  ])('formats %j as %j and %j', (raw, isoForm, vietnamese) => {
    expect(formatIsoPartial(date(raw))).toBe(isoForm);
    expect(formatVietnamese(date(raw))).toBe(vietnamese);
  });
});

describe('date arithmetic with precision', () => {
  it('compares at the coarser precision', () => {
    expect(compareAtCommonPrecision(date('1975'), date('12/06/1975'))).toBe(0);
    expect(compareAtCommonPrecision(date('05/1975'), date('12/06/1975'))).toBe(-1);
    expect(compareAtCommonPrecision(date('13/06/1975'), date('12/06/1975'))).toBe(1);
    expect(compareAtCommonPrecision(date('1976'), date('12/06/1975'))).toBe(1);
  });

  it('adds calendar months and clamps the day (official date = admission + 12 months)', () => {
    expect(formatIsoPartial(addMonths(date('28/05/1997'), 12))).toBe('1998-05-28');
    expect(formatIsoPartial(addMonths(date('29/02/2024'), 12))).toBe('2025-02-28');
    expect(formatIsoPartial(addMonths(date('31/01/2024'), 1))).toBe('2024-02-29');
    expect(formatIsoPartial(addMonths(date('11/2023'), 2))).toBe('2024-01');
    expect(formatIsoPartial(addMonths(date('1990'), 12))).toBe('1991');
    expect(formatIsoPartial(addMonths(date('15/03/2020'), -3))).toBe('2019-12-15');
  });

  it('gives the minimum and maximum possible age', () => {
    expect(ageAt(date('27/11/1997'), date('14/1/2014'))).toBe(16);
    expect(ageAt(date('10/04/1969'), date('10/04/1987'))).toBe(18);
    expect(ageAt(date('10/04/1969'), date('09/04/1987'))).toBe(17);
    expect(ageAt(date('1990'), date('01/03/2008'))).toBe(17);
    expect(maxAgeAt(date('1990'), date('01/03/2008'))).toBe(18);
    expect(ageAt(date('29/02/2000'), date('28/02/2018'))).toBe(17);
    expect(ageAt(date('29/02/2000'), date('01/03/2018'))).toBe(18);
  });

  it('knows when one date is certainly before another', () => {
    expect(isCertainlyBefore(date('1975'), date('01/01/1976'))).toBe(true);
    expect(isCertainlyBefore(date('1975'), date('31/12/1975'))).toBe(false);
    expect(isCertainlyAfter(date('02/1975'), date('31/01/1975'))).toBe(true);
  });
});

const anyDate = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .chain(({ year, month, day }) =>
    fc.constantFrom<PartialDate>({ year }, { year, month }, { year, month, day }),
  );

describe('properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (s, allowExcelSerial) => {
        parseLegacyDate(s, { allowExcelSerial });
      }),
    );
  });

  it('is idempotent: reading a normalized date gives it back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const first = parseLegacyDate(s);
        if (!first.ok) return;
        expect(parseLegacyDate(first.iso)).toEqual(first);
      }),
    );
  });

  it('reads back both of its formats at the same precision', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        expect(parseLegacyDate(formatIsoPartial(d))).toMatchObject({ ok: true, date: d });
        expect(parseLegacyDate(formatVietnamese(d))).toMatchObject({ ok: true, date: d });
      }),
    );
  });

  it('reads every valid day of the calendar in dd/mm/yyyy', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
        (d) => {
          const text = `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
          expect(iso(text)).toBe(d.toISOString().slice(0, 10));
        },
      ),
    );
  });

  it('keeps the minimum age at most the maximum age', () => {
    fc.assert(fc.property(anyDate, anyDate, (a, b) => ageAt(a, b) <= maxAgeAt(a, b)));
  });
});
