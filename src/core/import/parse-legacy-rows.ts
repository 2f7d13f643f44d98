import type { CodeLists } from '../codes/code-lists.ts';
import { resolveAdminUnit, type AdminUnitIndex } from '../codes/admin-units.ts';
import { matchEthnicity } from '../codes/ethnicity.ts';
import { parseGender } from '../codes/gender.ts';
import { parseMemberStatus } from '../codes/member-status.ts';
import { parseOrganizationStatus, parseOrganizationType } from '../codes/organization-type.ts';
import { matchReligion } from '../codes/religion.ts';
import type { MemberFields } from '../members/member.ts';
import { parseLegacyDate } from '../members/partial-date.ts';

/**
 * Legacy rows → the typed columns of the 4.0 model. Values are only *parsed* here (dates, codes,
 * digits); whatever cannot be parsed becomes null in the typed column and stays, as typed, in the raw
 * row stored beside it. Standardization and findings are the data-quality engine's work.
 */
export type LegacyRow = Readonly<Record<string, string | undefined>>;

const text = (value: string | undefined): string | null => {
  const t = (value ?? '').trim();
  return t === '' ? null : t;
};

const date = (value: string | undefined, allowExcelSerial: boolean): string | null => {
  const parsed = parseLegacyDate(value, { allowExcelSerial });
  return parsed.ok ? parsed.iso : null;
};

export interface ParsedOrganization {
  legacyCode: string;
  parentLegacyCode: string | null;
  name: string;
  type: string | null;
  status: 'HOAT_DONG' | 'GIAI_THE' | 'SAP_NHAP';
  foundingDate: string | null;
  adminUnitCode: string | null;
  provinceCode: string | null;
}

export function parseLegacyOrganization(
  row: LegacyRow,
  adminUnits: AdminUnitIndex,
  options: { allowExcelSerial?: boolean } = {},
): ParsedOrganization {
  const type = parseOrganizationType(row.LOAI_TO_CHUC);
  const status = parseOrganizationStatus(row.TRANG_THAI);
  const unit = resolveAdminUnit(adminUnits, { code: text(row.MA_DVHC) ?? undefined });
  const current = unit.kind === 'current' || unit.kind === 'obsolete' ? unit : undefined;
  return {
    legacyCode: (row.MA_TO_CHUC ?? '').trim(),
    parentLegacyCode: text(row.MA_TO_CHUC_CHA),
    name: (row.TEN_TO_CHUC ?? '').trim(),
    type: type.ok ? type.value : null,
    status: status.ok ? status.value : 'HOAT_DONG',
    foundingDate: date(row.NGAY_THANH_LAP, options.allowExcelSerial ?? false),
    adminUnitCode: current ? (current.communeCode ?? current.provinceCode) : null,
    provinceCode: current?.provinceCode ?? null,
  };
}

export interface ParsedMember extends MemberFields {
  legacyId: string;
  orgLegacyCode: string | null;
}

export function parseLegacyMember(
  row: LegacyRow,
  codes: Pick<CodeLists, 'ethnicities' | 'religions'>,
  adminUnits: AdminUnitIndex,
  options: { allowExcelSerial?: boolean } = {},
): ParsedMember {
  const serial = options.allowExcelSerial ?? false;
  const gender = parseGender(row.GIOI_TINH);
  const status = parseMemberStatus(row.TRANG_THAI);
  const ethnicity = matchEthnicity(row.DAN_TOC, codes);
  const religion = matchReligion(row.TON_GIAO, codes);
  const unitOf = (code: string | undefined, address: string | undefined) => {
    const unit = resolveAdminUnit(adminUnits, {
      code: text(code) ?? undefined,
      text: text(address) ?? undefined,
    });
    return unit.kind === 'current' || unit.kind === 'obsolete'
      ? { province: unit.provinceCode, commune: unit.communeCode ?? null }
      : { province: null, commune: null };
  };
  const hometown = unitOf(row.MA_DVHC_QUE_QUAN, row.QUE_QUAN);
  const residence = unitOf(row.MA_DVHC_THUONG_TRU, row.THUONG_TRU);
  const digits = (value: string | undefined) => {
    const d = (value ?? '').replace(/[\s.-]/g, '');
    return /^\d+$/.test(d) ? d : text(value);
  };
  return {
    legacyId: (row.MA_DANG_VIEN ?? '').trim(),
    orgLegacyCode: text(row.MA_TO_CHUC),
    fullName: (row.HO_TEN ?? '').trim(),
    otherName: text(row.TEN_GOI_KHAC),
    gender: gender.ok ? gender.value : null,
    birthDate: date(row.NGAY_SINH, serial),
    birthPlace: text(row.NOI_SINH),
    hometown: text(row.QUE_QUAN),
    hometownProvinceCode: hometown.province,
    hometownCommuneCode: hometown.commune,
    residence: text(row.THUONG_TRU),
    residenceProvinceCode: residence.province,
    residenceCommuneCode: residence.commune,
    ethnicityCode: ethnicity.code || null,
    religion: religion.kind === 'unrecognized' ? text(row.TON_GIAO) : religion.name,
    citizenId: digits(row.SO_CCCD),
    phone: text(row.SO_DIEN_THOAI),
    email: text(row.EMAIL),
    admissionDate: date(row.NGAY_VAO_DANG, serial),
    officialDate: date(row.NGAY_CHINH_THUC, serial),
    partyCardNo: digits(row.SO_THE_DANG),
    generalEducation: text(row.TRINH_DO_GDPT),
    professionalQualification: text(row.CHUYEN_MON),
    politicalTheory: text(row.LY_LUAN_CHINH_TRI),
    occupation: text(row.NGHE_NGHIEP),
    status: status.ok ? status.value : null,
    deathDate: date(row.NGAY_MAT, serial),
  };
}
