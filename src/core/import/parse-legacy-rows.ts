import type { CodeLists } from '../codes/code-lists.ts';
import { resolveAdminUnit, type AdminUnitIndex } from '../codes/admin-units.ts';
import { matchEthnicity } from '../codes/ethnicity.ts';
import { parseGender } from '../codes/gender.ts';
import { parseMemberStatus } from '../codes/member-status.ts';
import { parseOrganizationStatus, parseOrganizationType } from '../codes/organization-type.ts';
import { matchReligion } from '../codes/religion.ts';
import type { MemberFields } from '../members/member.ts';
import { parseLegacyDate } from '../members/partial-date.ts';
import { memoizeText } from '../text/memoize.ts';

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
  return memberOf(row, fieldParsers(codes, adminUnits, options.allowExcelSerial ?? false));
}

/**
 * parseLegacyMember for a whole file: the same result, with the answer for each code word (gender, status,
 * ethnicity, religion: a few hundred distinct values in a million rows) kept per raw value. Dates and
 * addresses are memoized by their own parsers.
 */
export function createLegacyMemberParser(
  codes: Pick<CodeLists, 'ethnicities' | 'religions'>,
  adminUnits: AdminUnitIndex,
  options: { allowExcelSerial?: boolean } = {},
): (row: LegacyRow) => ParsedMember {
  const plain = fieldParsers(codes, adminUnits, options.allowExcelSerial ?? false);
  const byValue = <R>(fn: (value: string | undefined) => R) => {
    const table = memoizeText((value: string) => fn(value));
    return (value: string | undefined) => (value === undefined ? fn(value) : table(value));
  };
  const memo: FieldParsers = {
    gender: byValue(plain.gender),
    status: byValue(plain.status),
    ethnicity: byValue(plain.ethnicity),
    religion: byValue(plain.religion),
    date: plain.date,
    unit: plain.unit,
  };
  return (row) => memberOf(row, memo);
}

interface FieldParsers {
  gender: (value: string | undefined) => ParsedMember['gender'];
  status: (value: string | undefined) => ParsedMember['status'];
  ethnicity: (value: string | undefined) => string | null;
  religion: (value: string | undefined) => string | null;
  date: (value: string | undefined) => string | null;
  unit: (
    code: string | undefined,
    address: string | undefined,
  ) => { province: string | null; commune: string | null };
}

function fieldParsers(
  codes: Pick<CodeLists, 'ethnicities' | 'religions'>,
  adminUnits: AdminUnitIndex,
  serial: boolean,
): FieldParsers {
  return {
    gender: (value) => {
      const gender = parseGender(value);
      return gender.ok ? gender.value : null;
    },
    status: (value) => {
      const status = parseMemberStatus(value);
      return status.ok ? status.value : null;
    },
    ethnicity: (value) => matchEthnicity(value, codes).code || null,
    religion: (value) => {
      const religion = matchReligion(value, codes);
      return religion.kind === 'unrecognized' ? text(value) : religion.name;
    },
    date: (value) => date(value, serial),
    unit: (code, address) => {
      const unit = resolveAdminUnit(adminUnits, {
        code: text(code) ?? undefined,
        text: text(address) ?? undefined,
      });
      return unit.kind === 'current' || unit.kind === 'obsolete'
        ? { province: unit.provinceCode, commune: unit.communeCode ?? null }
        : { province: null, commune: null };
    },
  };
}

const digits = (value: string | undefined) => {
  const d = (value ?? '').replace(/[\s.-]/g, '');
  return /^\d+$/.test(d) ? d : text(value);
};

function memberOf(row: LegacyRow, parse: FieldParsers): ParsedMember {
  const hometown = parse.unit(row.MA_DVHC_QUE_QUAN, row.QUE_QUAN);
  const residence = parse.unit(row.MA_DVHC_THUONG_TRU, row.THUONG_TRU);
  return {
    legacyId: (row.MA_DANG_VIEN ?? '').trim(),
    orgLegacyCode: text(row.MA_TO_CHUC),
    fullName: (row.HO_TEN ?? '').trim(),
    otherName: text(row.TEN_GOI_KHAC),
    gender: parse.gender(row.GIOI_TINH),
    birthDate: parse.date(row.NGAY_SINH),
    birthPlace: text(row.NOI_SINH),
    hometown: text(row.QUE_QUAN),
    hometownProvinceCode: hometown.province,
    hometownCommuneCode: hometown.commune,
    residence: text(row.THUONG_TRU),
    residenceProvinceCode: residence.province,
    residenceCommuneCode: residence.commune,
    ethnicityCode: parse.ethnicity(row.DAN_TOC),
    religion: parse.religion(row.TON_GIAO),
    citizenId: digits(row.SO_CCCD),
    phone: text(row.SO_DIEN_THOAI),
    email: text(row.EMAIL),
    admissionDate: parse.date(row.NGAY_VAO_DANG),
    officialDate: parse.date(row.NGAY_CHINH_THUC),
    partyCardNo: digits(row.SO_THE_DANG),
    generalEducation: text(row.TRINH_DO_GDPT),
    professionalQualification: text(row.CHUYEN_MON),
    politicalTheory: text(row.LY_LUAN_CHINH_TRI),
    occupation: text(row.NGHE_NGHIEP),
    status: parse.status(row.TRANG_THAI),
    deathDate: parse.date(row.NGAY_MAT),
  };
}
