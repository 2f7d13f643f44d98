import {
  compareAtCommonPrecision,
  formatIsoPartial,
  precisionOf,
  type PartialDate,
} from '../members/partial-date.ts';
import { foldForSearch } from '../text/fold.ts';
import { normalizePersonName } from '../text/normalize-person-name.ts';
import { normalizeToneStyle } from '../text/normalize-tone-style.ts';

/** One person as the national population register knows them. */
export interface RegisterRecord {
  /** 12 digits. */
  citizenId: string;
  fullName: string;
  birthDate: PartialDate;
  gender: 'Nam' | 'Nữ';
}

/** The member's fields after cleaning (digits only, names decoded and title-cased, dates parsed). */
export interface MemberForReconciliation {
  citizenId: string | null;
  fullName: string | null;
  birthDate: PartialDate | null;
  gender: 'Nam' | 'Nữ' | null;
}

export type ReconciliationRule =
  'RECON_NOT_FOUND' | 'RECON_NAME_MISMATCH' | 'RECON_BIRTH_DATE_MISMATCH' | 'RECON_GENDER_MISMATCH';

export interface ReconciliationFinding {
  rule: ReconciliationRule;
  /** Canonical column of the 3.0 export. */
  field: 'SO_CCCD' | 'HO_TEN' | 'NGAY_SINH' | 'GIOI_TINH';
  /** The member's (cleaned) value; dates as yyyy-mm-dd, yyyy-mm or yyyy. */
  value: string;
  /** What the register holds, when it has the person. */
  suggested: string | null;
}

export interface ReconcileOptions {
  /**
   * Report a name that differs from the register only in diacritics or case ("Tran Minh Hau" /
   * "Trần Minh Hậu"). Off: the samples' truth holds these as optional, and such a name is the same name
   * typed without a Vietnamese keyboard; the register spelling is then a fix, not a disagreement.
   */
  reportDiacriticsOnlyNames?: boolean;
  /**
   * Report a partial birth date that agrees with the register at its precision (05/1945 against
   * 10/05/1945). Off: the member's date is not wrong, only less precise.
   */
  reportImpreciseBirthDates?: boolean;
}

const nameKey = (name: string): string => normalizeToneStyle(name.normalize('NFC')).toLowerCase();

/**
 * RECON_* (spec/error-catalogue.md): compares one member with the register. Only a 12-digit CCCD is
 * looked up; a CMND, a malformed id or a missing one has its own CITIZEN_ID_* finding and is not
 * reconciled. A field the member lacks (no name, unparseable date, unrecognized gender) is not compared:
 * its own rule reports it.
 */
export function reconcileMember(
  member: MemberForReconciliation,
  record: RegisterRecord | undefined,
  options: ReconcileOptions = {},
): ReconciliationFinding[] {
  const citizenId = member.citizenId ?? '';
  if (!/^\d{12}$/.test(citizenId)) return [];
  if (!record) return [{ rule: 'RECON_NOT_FOUND', field: 'SO_CCCD', value: citizenId, suggested: null }];

  const findings: ReconciliationFinding[] = [];
  const name = (member.fullName ?? '').trim();
  if (name !== '' && isNameMismatch(name, record.fullName, options.reportDiacriticsOnlyNames ?? false)) {
    findings.push({
      rule: 'RECON_NAME_MISMATCH',
      field: 'HO_TEN',
      value: name,
      suggested: normalizePersonName(record.fullName).value,
    });
  }
  if (
    member.birthDate &&
    isBirthDateMismatch(member.birthDate, record.birthDate, options.reportImpreciseBirthDates ?? false)
  ) {
    findings.push({
      rule: 'RECON_BIRTH_DATE_MISMATCH',
      field: 'NGAY_SINH',
      value: formatIsoPartial(member.birthDate),
      suggested: formatIsoPartial(record.birthDate),
    });
  }
  if (member.gender && member.gender !== record.gender) {
    findings.push({
      rule: 'RECON_GENDER_MISMATCH',
      field: 'GIOI_TINH',
      value: member.gender,
      suggested: record.gender,
    });
  }
  return findings;
}

function isNameMismatch(memberName: string, registerName: string, diacriticsCount: boolean): boolean {
  const member = normalizePersonName(memberName).value;
  const register = normalizePersonName(registerName).value;
  if (nameKey(member) === nameKey(register)) return false;
  if (foldForSearch(member) === foldForSearch(register)) return diacriticsCount;
  return true;
}

function isBirthDateMismatch(member: PartialDate, register: PartialDate, impreciseCounts: boolean): boolean {
  if (compareAtCommonPrecision(member, register) !== 0) return true;
  return impreciseCounts && precisionOf(member) !== precisionOf(register);
}
