import { memoizeText } from '../text/memoize.ts';

/**
 * Partial dates of the 3.0 export (spec/legacy-v3-export.md, "Date forms that occur"): old records
 * hold only a year or a month, and that precision is kept, never padded with an invented day.
 */
export interface PartialDate {
  year: number;
  month?: number; // 1-12, present for month and day precision
  day?: number; // 1-31, present for day precision only
}

export type DatePrecision = 'year' | 'month' | 'day';

export type ParseDateResult =
  | { ok: true; date: PartialDate; iso: string }
  | { ok: false; reason: 'empty' | 'unparseable' | 'impossible' };

export interface ParseDateOptions {
  /** Accept Excel serial day numbers (cells of an .xlsx read as numbers). Off for CSV text. */
  allowExcelSerial?: boolean;
}

/** A calendar day: the earliest or latest day a partial date can stand for. */
export interface FullDate {
  year: number;
  month: number;
  day: number;
}

// A trailing time of day, as spreadsheets write a date cell exported to text ("1975-02-03 00:00:00").
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?`;
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);
const YEAR_MONTH_DAY = new RegExp(String.raw`^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})${TIME}$`);
const MONTH_YEAR = /^(\d{1,2})[/.-](\d{4})$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const YEAR = /^\d{4}$/;
const EXCEL_SERIAL = /^\d{1,7}(?:\.\d+)?$/;

// Years written alone as a 4-digit number; bigger numbers of an .xlsx cell are serial day numbers.
const LAST_PLAIN_YEAR = 2100;
// 9999-12-31, the last day Excel can represent.
const MAX_EXCEL_SERIAL = 2_958_465;

export function parseLegacyDate(
  raw: string | null | undefined,
  opts: ParseDateOptions = {},
): ParseDateResult {
  if (raw === null || raw === undefined || raw === '') return { ok: false, reason: 'empty' };
  return opts.allowExcelSerial ? parseWithSerials(raw) : parsePlain(raw);
}

const parsePlain = memoizeText((raw: string) => parseDate(raw, {}));
const parseWithSerials = memoizeText((raw: string) => parseDate(raw, { allowExcelSerial: true }));

function parseDate(raw: string, opts: ParseDateOptions): ParseDateResult {
  const text = raw.replace(/[\s\u00a0]+/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'empty' };

  let m = DAY_MONTH_YEAR.exec(text);
  if (m) return build(Number(m[4]), Number(m[3]), Number(m[1]));
  m = YEAR_MONTH_DAY.exec(text);
  if (m) return build(Number(m[1]), Number(m[3]), Number(m[4]));
  m = MONTH_YEAR.exec(text) ?? YEAR_MONTH.exec(text);
  if (m) {
    const [a, b] = [m[1]!, m[2]!];
    return a.length === 4 ? build(Number(a), Number(b), 0) : build(Number(b), Number(a), 0);
  }
  if (YEAR.test(text) && (!opts.allowExcelSerial || Number(text) <= LAST_PLAIN_YEAR)) {
    return build(Number(text), 0, 0);
  }
  if (opts.allowExcelSerial && EXCEL_SERIAL.test(text)) return fromExcelSerial(Number(text));
  return { ok: false, reason: 'unparseable' };
}

/**
 * A zero day or month means "unknown" (00/00/1950 is a year, 00/05/1950 a month). A known day
 * with an unknown month cannot be placed and is impossible, as are 31/02 and month 13.
 */
function build(year: number, month: number, day: number): ParseDateResult {
  if (year < 1) return { ok: false, reason: 'impossible' };
  if (month === 0) {
    return day === 0 ? ok({ year }) : { ok: false, reason: 'impossible' };
  }
  if (month > 12) return { ok: false, reason: 'impossible' };
  if (day === 0) return ok({ year, month });
  if (day > daysInMonth(year, month)) return { ok: false, reason: 'impossible' };
  return ok({ year, month, day });
}

function ok(date: PartialDate): ParseDateResult {
  return { ok: true, date, iso: formatIsoPartial(date) };
}

/** Excel counts days from 1899-12-31 = 0 and keeps Lotus 1-2-3's fictitious 29/02/1900 (serial 60). */
function fromExcelSerial(serial: number): ParseDateResult {
  const whole = Math.floor(serial);
  if (whole < 1 || whole > MAX_EXCEL_SERIAL) return { ok: false, reason: 'unparseable' };
  if (whole === 60) return { ok: false, reason: 'impossible' };
  const days = whole < 60 ? whole - 1 : whole - 2;
  return ok(fromDayNumber(toDayNumber({ year: 1900, month: 1, day: 1 }) + days));
}

export function precisionOf(date: PartialDate): DatePrecision {
  if (date.month === undefined) return 'year';
  return date.day === undefined ? 'month' : 'day';
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** yyyy-mm-dd, yyyy-mm or yyyy, the form of the batch contract. */
export function formatIsoPartial(date: PartialDate): string {
  const year = pad(date.year, 4);
  if (date.month === undefined) return year;
  if (date.day === undefined) return `${year}-${pad(date.month, 2)}`;
  return `${year}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** dd/mm/yyyy, mm/yyyy or yyyy, as Vietnamese forms and the 3.0 software write dates. */
export function formatVietnamese(date: PartialDate): string {
  const year = pad(date.year, 4);
  if (date.month === undefined) return year;
  if (date.day === undefined) return `${pad(date.month, 2)}/${year}`;
  return `${pad(date.day, 2)}/${pad(date.month, 2)}/${year}`;
}

/** The first calendar day the partial date can stand for (1950 → 1950-01-01). */
export function earliestDay(date: PartialDate): FullDate {
  return { year: date.year, month: date.month ?? 1, day: date.day ?? 1 };
}

/** The last calendar day the partial date can stand for (1950-02 → 1950-02-28). */
export function latestDay(date: PartialDate): FullDate {
  const month = date.month ?? 12;
  return { year: date.year, month, day: date.day ?? daysInMonth(date.year, month) };
}

/** Days since 1970-01-01 (proleptic Gregorian), to count days between two full dates. */
export function toDayNumber(date: FullDate): number {
  // setUTCFullYear keeps years 0-99 literal, where Date.UTC would read them as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(date.year, date.month - 1, date.day);
  return Math.round(d.getTime() / 86_400_000);
}

export function fromDayNumber(dayNumber: number): FullDate {
  const d = new Date(dayNumber * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days from a to b (positive when b is later). */
export function daysBetween(a: FullDate, b: FullDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * Compares at the coarser of the two precisions: 1975 equals 1975-06-12, 1975-05 is before
 * 1975-06-12. Returns -1, 0 or 1.
 */
export function compareAtCommonPrecision(a: PartialDate, b: PartialDate): -1 | 0 | 1 {
  const keys: Array<'year' | 'month' | 'day'> = ['year', 'month', 'day'];
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === undefined || y === undefined) return 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Adds whole months and keeps the precision. A day that does not exist in the target month is
 * clamped to its last day (29/02/2024 + 12 months = 28/02/2025), as the Party Statute's
 * "12 months of probation" is counted in calendar months. A year-precision date moves by whole
 * years (months / 12, truncated toward zero): 1990 + 12 months = 1991.
 */
export function addMonths(date: PartialDate, months: number): PartialDate {
  if (date.month === undefined) return { year: date.year + Math.trunc(months / 12) };
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (date.day === undefined) return { year, month };
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function ageBetween(birth: FullDate, on: FullDate): number {
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/**
 * The minimum possible age in whole years on the reference date: the person born as late as the
 * birth date allows, measured on the earliest day the reference allows. Someone born "1990" is at
 * least 17 on 2008-03-01. Use it to prove a person was old enough.
 */
export function ageAt(birth: PartialDate, reference: PartialDate): number {
  return ageBetween(latestDay(birth), earliestDay(reference));
}

/**
 * The maximum possible age on the reference date. Someone born "1990" is at most 18 on 2008-03-01.
 * Use it to prove a person was too young (ADMISSION_UNDER_AGE fires only when this is below 18).
 */
export function maxAgeAt(birth: PartialDate, reference: PartialDate): number {
  return ageBetween(earliestDay(birth), latestDay(reference));
}

/** True when a is certainly before b: every day a may stand for is before every day b may. */
export function isCertainlyBefore(a: PartialDate, b: PartialDate): boolean {
  return toDayNumber(latestDay(a)) < toDayNumber(earliestDay(b));
}

/** True when a is certainly after b. */
export function isCertainlyAfter(a: PartialDate, b: PartialDate): boolean {
  return toDayNumber(earliestDay(a)) > toDayNumber(latestDay(b));
}
