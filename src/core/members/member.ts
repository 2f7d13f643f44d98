import { foldForSearch } from '../text/fold.ts';
import { personNameSortKey } from '../text/vietnamese-sort-key.ts';

export const MEMBER_STATUSES = [
  'CHINH_THUC',
  'DU_BI',
  'MIEN_SINH_HOAT',
  'CHUYEN_DI',
  'TU_TRAN',
  'XOA_TEN',
  'KHAI_TRU',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Statuses of people still in the party's ranks (counted as active members of a chi bộ). */
export const ACTIVE_MEMBER_STATUSES: readonly MemberStatus[] = ['CHINH_THUC', 'DU_BI', 'MIEN_SINH_HOAT'];

export const GENDERS = ['Nam', 'Nữ'] as const;
export type Gender = (typeof GENDERS)[number];

/** The editable basic data of a member (canonical, typed). Dates are ISO at their own precision. */
export interface MemberFields {
  fullName: string;
  otherName: string | null;
  gender: Gender | null;
  birthDate: string | null;
  birthPlace: string | null;
  hometown: string | null;
  hometownProvinceCode: string | null;
  hometownCommuneCode: string | null;
  residence: string | null;
  residenceProvinceCode: string | null;
  residenceCommuneCode: string | null;
  ethnicityCode: string | null;
  religion: string | null;
  citizenId: string | null;
  phone: string | null;
  email: string | null;
  admissionDate: string | null;
  officialDate: string | null;
  partyCardNo: string | null;
  generalEducation: string | null;
  professionalQualification: string | null;
  politicalTheory: string | null;
  occupation: string | null;
  status: MemberStatus | null;
  deathDate: string | null;
}

export interface Member extends MemberFields {
  id: number;
  provinceCode: string;
  orgId: number;
  orgName: string;
  legacyId: string | null;
  legacyRaw: Record<string, string> | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type MemberChanges = Partial<MemberFields>;

export const MEMBER_FIELD_NAMES = [
  'fullName',
  'otherName',
  'gender',
  'birthDate',
  'birthPlace',
  'hometown',
  'hometownProvinceCode',
  'hometownCommuneCode',
  'residence',
  'residenceProvinceCode',
  'residenceCommuneCode',
  'ethnicityCode',
  'religion',
  'citizenId',
  'phone',
  'email',
  'admissionDate',
  'officialDate',
  'partyCardNo',
  'generalEducation',
  'professionalQualification',
  'politicalTheory',
  'occupation',
  'status',
  'deathDate',
] as const satisfies ReadonlyArray<keyof MemberFields>;

export const MEMBER_DATE_FIELDS = ['birthDate', 'admissionDate', 'officialDate', 'deathDate'] as const;

const ISO_PARTIAL = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for "1975", "1975-04" and real calendar days such as "1975-04-30" (not "1975-02-31"). */
export function isIsoPartialDate(value: string): boolean {
  const m = ISO_PARTIAL.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  const year = Number(y);
  if (year < 1800 || year > 2200) return false;
  if (mo === undefined) return true;
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/** Keys derived from a name and stored beside it: accent-insensitive search, Vietnamese order. */
export function memberNameKeys(fullName: string): { nameSearch: string; nameSort: string } {
  return { nameSearch: foldForSearch(fullName), nameSort: personNameSortKey(fullName) };
}

/** The fields whose value differs between two versions (for audit and conflict display). */
export function changedFields(before: MemberFields, after: MemberFields): Array<keyof MemberFields> {
  return MEMBER_FIELD_NAMES.filter((f) => before[f] !== after[f]);
}

export function applyMemberChanges(before: MemberFields, changes: MemberChanges): MemberFields {
  const after: MemberFields = { ...before };
  for (const field of MEMBER_FIELD_NAMES) {
    if (field in changes) (after as unknown as Record<string, unknown>)[field] = changes[field] ?? null;
  }
  if (!after.fullName.trim()) after.fullName = before.fullName;
  return after;
}
