import {
  addMonths,
  ageAt,
  compareAtCommonPrecision,
  earliestDay,
  formatIsoPartial,
  isCertainlyAfter,
  isCertainlyBefore,
  latestDay,
  maxAgeAt,
  parseLegacyDate,
  toDayNumber,
  type PartialDate,
} from '../../members/partial-date.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord, RuleContext } from '../record.ts';

/** The founding of the Communist Party of Vietnam, 3 February 1930. */
export const PARTY_FOUNDING_DATE: PartialDate = { year: 1930, month: 2, day: 3 };
/** Party Statute: 12 months of probation; the catalogue allows 30 days for the decision. */
const PROBATION_MONTHS = 12;
const PROBATION_GRACE_DAYS = 30;
const MAX_PLAUSIBLE_AGE = 110;
const ADMISSION_MIN_AGE = 18;

const DATE_COLUMNS = [
  ['NGAY_SINH', 'birthDate'],
  ['NGAY_VAO_DANG', 'admissionDate'],
  ['NGAY_CHINH_THUC', 'officialDate'],
  ['NGAY_MAT', 'deathDate'],
] as const;

type DateKey = (typeof DATE_COLUMNS)[number][1];

/** The member's dates, read from the typed values; null when empty or unreadable. */
export function readMemberDates(record: MemberRecord): Record<DateKey, PartialDate | null> {
  const read = (value: string): PartialDate | null => {
    const parsed = parseLegacyDate(value);
    return parsed.ok ? parsed.date : null;
  };
  return {
    birthDate: read(record.values.birthDate),
    admissionDate: read(record.values.admissionDate),
    officialDate: read(record.values.officialDate),
    deathDate: read(record.values.deathDate),
  };
}

/** DATE_INVALID (unreadable or impossible) and DATE_IN_FUTURE (certainly after the reference date). */
export function checkDateValues(record: MemberRecord, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const [column, key] of DATE_COLUMNS) {
    const raw = record.raw[column] ?? '';
    if (raw.trim() === '') continue;
    const parsed = parseLegacyDate(record.values[key]);
    if (!parsed.ok) {
      out.push(finding('member', record.legacyId, 'DATE_INVALID', { field: column, value: raw }));
    } else if (isCertainlyAfter(parsed.date, ctx.referenceDate)) {
      out.push(finding('member', record.legacyId, 'DATE_IN_FUTURE', { field: column, value: raw }));
    }
  }
  return out;
}

/** The logic between a member's dates (DATE family). Each check needs both of its dates readable. */
export function checkDateLogic(record: MemberRecord, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const id = record.legacyId;
  const raw = record.raw;
  const { birthDate, admissionDate, officialDate, deathDate } = readMemberDates(record);
  const status = record.values.status;
  const deceased = deathDate !== null || status === 'TU_TRAN';

  if (birthDate && !deceased && ageAt(birthDate, ctx.referenceDate) > MAX_PLAUSIBLE_AGE) {
    out.push(finding('member', id, 'BIRTH_DATE_IMPLAUSIBLE', { field: 'NGAY_SINH', value: raw.NGAY_SINH }));
  }
  if (birthDate && admissionDate && maxAgeAt(birthDate, admissionDate) < ADMISSION_MIN_AGE) {
    out.push(
      finding('member', id, 'ADMISSION_UNDER_AGE', { field: 'NGAY_VAO_DANG', value: raw.NGAY_VAO_DANG }),
    );
  }
  if (admissionDate && isCertainlyBefore(admissionDate, PARTY_FOUNDING_DATE)) {
    out.push(
      finding('member', id, 'ADMISSION_BEFORE_FOUNDING', {
        field: 'NGAY_VAO_DANG',
        value: raw.NGAY_VAO_DANG,
      }),
    );
  }
  if (admissionDate && officialDate) {
    const expected = addMonths(admissionDate, PROBATION_MONTHS);
    if (isCertainlyBefore(officialDate, admissionDate)) {
      out.push(
        finding('member', id, 'OFFICIAL_BEFORE_ADMISSION', {
          field: 'NGAY_CHINH_THUC',
          value: raw.NGAY_CHINH_THUC,
        }),
      );
    }
    // samples/README.md: OFFICIAL_BEFORE_ADMISSION also gives OFFICIAL_DATE_MISMATCH, which this does.
    if (compareAtCommonPrecision(officialDate, expected) !== 0) {
      out.push(
        finding('member', id, 'OFFICIAL_DATE_MISMATCH', {
          field: 'NGAY_CHINH_THUC',
          value: raw.NGAY_CHINH_THUC,
          suggested: record.values.admissionDate ? formatIsoPartial(expected) : null,
        }),
      );
    }
  }
  if (status === 'DU_BI' && admissionDate) {
    const due = toDayNumber(latestDay(addMonths(admissionDate, PROBATION_MONTHS))) + PROBATION_GRACE_DAYS;
    if (due < toDayNumber(earliestDay(ctx.referenceDate))) {
      out.push(
        finding('member', id, 'PROBATION_OVERDUE', { field: 'NGAY_VAO_DANG', value: raw.NGAY_VAO_DANG }),
      );
    }
  }
  if (status === 'DU_BI' && (raw.SO_THE_DANG ?? '').trim() !== '') {
    out.push(
      finding('member', id, 'CARD_WITHOUT_OFFICIAL', { field: 'SO_THE_DANG', value: raw.SO_THE_DANG }),
    );
  }
  if (
    deathDate &&
    ((admissionDate && isCertainlyBefore(deathDate, admissionDate)) ||
      (birthDate && isCertainlyBefore(deathDate, birthDate)))
  ) {
    out.push(finding('member', id, 'DEATH_BEFORE_ADMISSION', { field: 'NGAY_MAT', value: raw.NGAY_MAT }));
  }
  return out;
}
