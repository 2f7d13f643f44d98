/**
 * Partial dates of member records: old 3.0 records know only a year or a month, and that precision
 * is kept, never padded with an invented day. The API speaks ISO at its precision ("1975-04-30",
 * "1975-04", "1975"); people read and type dd/mm/yyyy, mm/yyyy or yyyy.
 */

export type PartialDateParse =
  { ok: true; iso: string | null } | { ok: false; reason: 'format' | 'impossible' | 'future' | 'too-old' };

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const MONTH_YEAR = /^(\d{1,2})[/.-](\d{4})$/;
const YEAR = /^(\d{4})$/;
// Typed without separators: 30041975.
const COMPACT_DAY = /^(\d{2})(\d{2})(\d{4})$/;

/** Earliest year accepted from a form (members born in the 19th century are long recorded). */
export const MIN_YEAR = 1890;

const pad2 = (n: number) => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "1975-04-30" → "30/04/1975", "1975-04" → "04/1975", "1975" → "1975"; anything else as is. */
export function formatPartialDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO.exec(iso);
  if (!m) return iso;
  const [, year, month, day] = m;
  if (month === undefined) return year ?? '';
  if (day === undefined) return `${month}/${year}`;
  return `${day}/${month}/${year}`;
}

/**
 * Reads what a person typed (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy, mm/yyyy, yyyy)
 * into the ISO partial form. Empty text is a valid "no date" (`iso: null`).
 */
export function parsePartialDate(text: string, today: Date = new Date()): PartialDateParse {
  const value = text.trim();
  if (value === '') return { ok: true, iso: null };

  let year: number;
  let month: number | undefined;
  let day: number | undefined;
  const dmy = DAY_MONTH_YEAR.exec(value) ?? COMPACT_DAY.exec(value);
  const my = MONTH_YEAR.exec(value);
  const y = YEAR.exec(value);
  if (dmy) {
    [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  } else if (my) {
    [month, year] = [Number(my[1]), Number(my[2])];
  } else if (y) {
    year = Number(y[1]);
  } else {
    return { ok: false, reason: 'format' };
  }

  if (month !== undefined && (month < 1 || month > 12)) return { ok: false, reason: 'impossible' };
  if (day !== undefined && month !== undefined && (day < 1 || day > daysInMonth(year, month))) {
    return { ok: false, reason: 'impossible' };
  }
  if (year < MIN_YEAR) return { ok: false, reason: 'too-old' };

  // A partial date is in the future only if its earliest possible day is.
  const earliest = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  const endOfToday = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (earliest > endOfToday) return { ok: false, reason: 'future' };

  const iso =
    month === undefined
      ? String(year)
      : day === undefined
        ? `${year}-${pad2(month)}`
        : `${year}-${pad2(month)}-${pad2(day)}`;
  return { ok: true, iso };
}

/** True for an ISO partial date the API can hold ("1975", "1975-04", "1975-04-30"). */
export function isIsoPartialDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  return day === undefined || (day >= 1 && day <= daysInMonth(Number(m[1]), month));
}

/**
 * Orders two ISO partial dates by their earliest possible day; `undefined` when their precision
 * makes the order unknowable ("1975" vs "1975-04-30").
 */
export function comparePartialDates(a: string, b: string): number | undefined {
  if (a === b) return 0;
  if (a.startsWith(b) || b.startsWith(a)) return undefined;
  return a < b ? -1 : 1;
}
