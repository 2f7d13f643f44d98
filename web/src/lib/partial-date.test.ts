import { describe, expect, it } from 'vitest';
import { comparePartialDates, formatPartialDate, parsePartialDate } from './partial-date.ts';

const today = new Date(2025, 11, 4);

describe('parsePartialDate', () => {
  it.each([
    ['30/04/1975', '1975-04-30'],
    ['1/5/1975', '1975-05-01'],
    ['30-04-1975', '1975-04-30'],
    ['30.04.1975', '1975-04-30'],
    ['30041975', '1975-04-30'],
    ['04/1975', '1975-04'],
    ['4/1975', '1975-04'],
    ['1975', '1975'],
    [' 29/02/2000 ', '2000-02-29'],
    ['', null],
  ])('reads %j as %j', (text, iso) => {
    expect(parsePartialDate(text, today)).toEqual({ ok: true, iso });
  });

  it.each([
    ['31/02/1975', 'impossible'],
    ['29/02/1900', 'impossible'],
    ['13/1975', 'impossible'],
    ['00/1975', 'impossible'],
    ['1975-04-30', 'format'],
    ['abc', 'format'],
    ['30/04/75', 'format'],
    ['1850', 'too-old'],
    ['05/12/2025', 'future'],
    ['2026', 'future'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(parsePartialDate(text, today)).toEqual({ ok: false, reason });
  });

  it('accepts today and the current month and year', () => {
    expect(parsePartialDate('04/12/2025', today).ok).toBe(true);
    expect(parsePartialDate('12/2025', today).ok).toBe(true);
    expect(parsePartialDate('2025', today).ok).toBe(true);
  });
});

describe('formatPartialDate', () => {
  it('keeps the precision of the ISO form', () => {
    expect(formatPartialDate('1975-04-30')).toBe('30/04/1975');
    expect(formatPartialDate('1975-04')).toBe('04/1975');
    expect(formatPartialDate('1975')).toBe('1975');
    expect(formatPartialDate(null)).toBe('');
  });

  it('round-trips with parsePartialDate', () => {
    for (const iso of ['1975-04-30', '1975-04', '1975', '2000-02-29']) {
      expect(parsePartialDate(formatPartialDate(iso), today)).toEqual({ ok: true, iso });
    }
  });
});

describe('comparePartialDates', () => {
  it('orders dates and refuses to order overlapping precisions', () => {
    expect(comparePartialDates('1975-04', '1975-05-01')).toBe(-1);
    expect(comparePartialDates('1976', '1975-12-31')).toBe(1);
    expect(comparePartialDates('1975', '1975-04-30')).toBeUndefined();
    expect(comparePartialDates('1975-04-30', '1975-04-30')).toBe(0);
  });
});
