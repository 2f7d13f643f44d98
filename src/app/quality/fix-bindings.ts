import type { MemberFields } from '../../core/members/member.ts';

/**
 * How a suggested value lands in the typed fields, per finding field: the one table used by the automatic
 * safe fixes of an import, by "accept the suggestion" and by bulk acceptance. A finding whose field has no
 * binding here (or whose suggestion lists candidates) cannot be accepted in one click.
 */

export type MemberChangesLike = Partial<Record<keyof MemberFields, string | null>>;
export type OrganizationChanges = { name?: string; adminUnitCode?: string | null };

const TEXT_FIELDS: Record<string, keyof MemberFields> = {
  HO_TEN: 'fullName',
  TEN_GOI_KHAC: 'otherName',
  NOI_SINH: 'birthPlace',
  QUE_QUAN: 'hometown',
  THUONG_TRU: 'residence',
  CHUYEN_MON: 'professionalQualification',
  NGHE_NGHIEP: 'occupation',
  EMAIL: 'email',
  SO_CCCD: 'citizenId',
  SO_DIEN_THOAI: 'phone',
  DAN_TOC: 'ethnicityCode',
  TON_GIAO: 'religion',
  TRANG_THAI: 'status',
  NGAY_CHINH_THUC: 'officialDate',
};

const ADDRESS_FIELDS: Record<string, readonly [keyof MemberFields, keyof MemberFields]> = {
  QUE_QUAN: ['hometownProvinceCode', 'hometownCommuneCode'],
  MA_DVHC_QUE_QUAN: ['hometownProvinceCode', 'hometownCommuneCode'],
  THUONG_TRU: ['residenceProvinceCode', 'residenceCommuneCode'],
  MA_DVHC_THUONG_TRU: ['residenceProvinceCode', 'residenceCommuneCode'],
};

/** A suggestion names one value (not "a | b" candidates). */
export function isSingleSuggestion(suggested: string | null): suggested is string {
  return suggested !== null && suggested.trim() !== '' && !suggested.includes(' | ');
}

/** The member fields that applying `suggested` sets, or null when the finding cannot be applied. */
export function memberFixChanges(
  rule: string,
  field: string,
  suggested: string | null,
): MemberChangesLike | null {
  if (!isSingleSuggestion(suggested)) return null;
  if (rule === 'ADDRESS_OBSOLETE_UNIT') {
    const columns = ADDRESS_FIELDS[field];
    if (!columns) return null;
    const [province, commune] = suggested.split('/');
    return { [columns[0]]: province || null, [columns[1]]: commune || null };
  }
  const target = TEXT_FIELDS[field];
  return target ? { [target]: suggested } : null;
}

/**
 * The member fields holding the value as found (`value` of the finding): what undoing an automatic fix
 * restores. After that the field differs from what the import derived, so it is judged on this value again
 * and the finding reopens with its suggestion.
 */
export function memberAsFoundChanges(rule: string, field: string, value: string): MemberChangesLike | null {
  if (rule === 'ADDRESS_OBSOLETE_UNIT') {
    const columns = ADDRESS_FIELDS[field];
    if (!columns) return null;
    // A code column as found goes back to the commune code; an address text decided: codes unknown.
    return field.startsWith('MA_DVHC')
      ? { [columns[0]]: null, [columns[1]]: value.trim() || null }
      : { [columns[0]]: null, [columns[1]]: null };
  }
  const target = TEXT_FIELDS[field];
  return target ? { [target]: value === '' ? null : value } : null;
}

export function organizationFixChanges(field: string, suggested: string | null): OrganizationChanges | null {
  if (!isSingleSuggestion(suggested)) return null;
  if (field === 'TEN_TO_CHUC') return { name: suggested };
  if (field === 'MA_DVHC') return { adminUnitCode: suggested };
  return null;
}

export function organizationAsFoundChanges(field: string, value: string): OrganizationChanges | null {
  if (field === 'TEN_TO_CHUC') return { name: value };
  if (field === 'MA_DVHC') return { adminUnitCode: value.trim() || null };
  return null;
}

/** True when every field of `changes` already holds that value. */
export function isApplied(changes: Record<string, unknown>, current: Record<string, unknown>): boolean {
  return Object.entries(changes).every(([k, v]) => (current[k] ?? null) === (v ?? null));
}
