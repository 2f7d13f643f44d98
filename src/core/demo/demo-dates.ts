import type { Random } from './random.ts';

/** A calendar date; months and days are 1-based. */
export interface SimpleDate {
  y: number;
  m: number;
  d: number;
}

/** How a whole record writes its dates; one 3.0 installation tends to use one style. */
export type DateStyle = 'dd/mm/yyyy' | 'd/m/yyyy' | 'dd-mm-yyyy' | 'dd.mm.yyyy' | 'yyyy-mm-dd';

/** Old records often know only the month or the year; "00/00/1950" is how some operators wrote that. */
export type DatePrecision = 'day' | 'month' | 'year' | 'zero-day' | 'zero-day-month';

const DAY_MS = 86_400_000;

export const dateKey = (date: SimpleDate): number => date.y * 10_000 + date.m * 100 + date.d;

export function toDayNumber(date: SimpleDate): number {
  return Math.floor(Date.UTC(date.y, date.m - 1, date.d) / DAY_MS);
}

export function fromDayNumber(day: number): SimpleDate {
  const value = new Date(day * DAY_MS);
  return { y: value.getUTCFullYear(), m: value.getUTCMonth() + 1, d: value.getUTCDate() };
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds calendar months, clamping the day (31/01 + 1 month = 28/02 or 29/02). */
export function addMonths(date: SimpleDate, months: number): SimpleDate {
  const index = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(date.d, daysInMonth(y, m)) };
}

export const addDays = (date: SimpleDate, days: number): SimpleDate =>
  fromDayNumber(toDayNumber(date) + days);

export function randomDateBetween(rng: Random, from: SimpleDate, to: SimpleDate): SimpleDate {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  return fromDayNumber(end <= start ? start : rng.int(start, end));
}

export function parseIsoDate(text: string): SimpleDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new Error(`not an ISO date: ${text}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatDate(date: SimpleDate, style: DateStyle, precision: DatePrecision = 'day'): string {
  const { y, m, d } = date;
  switch (precision) {
    case 'year':
      return String(y);
    case 'month':
      return `${pad(m)}/${y}`;
    case 'zero-day':
      return `00/${pad(m)}/${y}`;
    case 'zero-day-month':
      return `00/00/${y}`;
    case 'day':
      break;
    default: {
      const unreachable: never = precision;
      throw new Error(`unknown precision ${String(unreachable)}`);
    }
  }
  switch (style) {
    case 'dd/mm/yyyy':
      return `${pad(d)}/${pad(m)}/${y}`;
    case 'd/m/yyyy':
      return `${d}/${m}/${y}`;
    case 'dd-mm-yyyy':
      return `${pad(d)}-${pad(m)}-${y}`;
    case 'dd.mm.yyyy':
      return `${pad(d)}.${pad(m)}.${y}`;
    case 'yyyy-mm-dd':
      return `${y}-${pad(m)}-${pad(d)}`;
    default: {
      const unreachable: never = style;
      throw new Error(`unknown date style ${String(unreachable)}`);
    }
  }
}
