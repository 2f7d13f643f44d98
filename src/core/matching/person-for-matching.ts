import { createAdminUnitIndex, resolveAdminUnit, type AdminUnitIndex } from '../codes/admin-units.ts';
import type { CodeLists } from '../codes/code-lists.ts';
import { parseGender } from '../codes/gender.ts';
import { parseMemberStatus } from '../codes/member-status.ts';
import { normalizeCitizenId } from '../members/citizen-id.ts';
import { parseLegacyDate, type PartialDate } from '../members/partial-date.ts';
import { normalizePartyCard } from '../members/phone.ts';
import { mayNeedContext, normalizePersonNameInRecord } from '../text/normalize-person-name-in-record.ts';
import { normalizePersonName } from '../text/normalize-person-name.ts';

/** What record linkage needs of a member, already cleaned: one shape for legacy rows and 4.0 members. */
export interface PersonForMatching {
  /** The record's identity in the caller's world (MA_DANG_VIEN for a legacy package). Unique. */
  key: string;
  /** Cleaned full name: legacy encodings decoded, NFC, title case. */
  fullName: string;
  birthDate: PartialDate | null;
  gender: 'Nam' | 'Nữ' | null;
  /** Digits of a 12-digit CCCD or a 9-digit CMND; null when missing or unusable. */
  citizenId: string | null;
  /** The 8 digits of the party card; null when missing or malformed. */
  partyCardNo: string | null;
  /** Post-2025 administrative units, already resolved from pre-2025 codes or address text. */
  hometownProvinceCode: string | null;
  hometownCommuneCode: string | null;
  residenceProvinceCode: string | null;
  residenceCommuneCode: string | null;
  /** The cell (chi bộ) the record belongs to. */
  orgKey: string | null;
  status: string | null;
}

/** A 3.0 export row keyed by canonical column names (HO_TEN, NGAY_SINH, …). */
export type LegacyMemberFields = Readonly<Partial<Record<string, string>>>;

const indexes = new WeakMap<object, AdminUnitIndex>();

function adminIndexOf(codes: CodeLists): AdminUnitIndex {
  let index = indexes.get(codes);
  if (!index) {
    index = createAdminUnitIndex(codes);
    indexes.set(codes, index);
  }
  return index;
}

const textOrNull = (value: string | undefined): string | null => {
  const t = (value ?? '').trim();
  return t === '' ? null : t;
};

interface Parsers {
  name(raw: string, row: LegacyMemberFields): string;
  gender(raw: string): PersonForMatching['gender'];
  status(raw: string): string | null;
}

const genderOf = (raw: string): PersonForMatching['gender'] => {
  const gender = parseGender(raw);
  return gender.ok ? gender.value : null;
};

const statusOf = (raw: string): string | null => {
  const status = parseMemberStatus(raw);
  return status.ok ? status.value : textOrNull(raw);
};

/** The cleaned name of a legacy row, decoded with the row's other text when the name alone is ambiguous. */
export function cleanLegacyName(raw: string, context: ReadonlyArray<string | undefined> = []): string {
  return normalizePersonNameInRecord(raw, context).value;
}

const nameContext = (row: LegacyMemberFields): Array<string | undefined> => [
  row.QUE_QUAN,
  row.THUONG_TRU,
  row.NOI_SINH,
];

/**
 * Cleans a legacy row with the project's normalizers so that formatting noise (mojibake, "1"/"Nam",
 * dotted ids, pre-2025 unit codes) never counts as a difference between two records.
 * `adminIndex` defaults to an index built once per `codes` object.
 */
export function toPersonForMatching(
  row: LegacyMemberFields,
  codes: CodeLists,
  adminIndex: AdminUnitIndex = adminIndexOf(codes),
): PersonForMatching {
  return convert(row, adminIndex, {
    name: (raw) => cleanLegacyName(raw, nameContext(row)),
    gender: genderOf,
    status: statusOf,
  });
}

/**
 * toPersonForMatching for a whole package: the same result, with names cleaned once per distinct spelling
 * (a province has far fewer distinct names than members, and decoding a name is the costly step).
 */
export function createPersonConverter(
  codes: CodeLists,
  adminIndex: AdminUnitIndex = adminIndexOf(codes),
  nameCacheSize = 200_000,
): (row: LegacyMemberFields) => PersonForMatching {
  const names = new Map<string, string>();
  const cleanName = (raw: string, row: LegacyMemberFields): string => {
    if (mayNeedContext(raw)) return cleanLegacyName(raw, nameContext(row));
    let name = names.get(raw);
    if (name === undefined) {
      name = normalizePersonName(raw).value;
      if (names.size >= nameCacheSize) names.clear();
      names.set(raw, name);
    }
    return name;
  };
  // Gender and status take a handful of spellings each: parse each spelling once.
  const genders = new Map<string, PersonForMatching['gender']>();
  const statuses = new Map<string, string | null>();
  const memo =
    <T>(cache: Map<string, T>, parse: (raw: string) => T) =>
    (raw: string) => {
      let value = cache.get(raw);
      if (value === undefined && !cache.has(raw)) {
        value = parse(raw);
        if (cache.size < 1000) cache.set(raw, value);
      }
      return value as T;
    };
  const parsers: Parsers = {
    name: cleanName,
    gender: memo(genders, genderOf),
    status: memo(statuses, statusOf),
  };
  return (row) => convert(row, adminIndex, parsers);
}

function convert(row: LegacyMemberFields, adminIndex: AdminUnitIndex, parsers: Parsers): PersonForMatching {
  const birth = parseLegacyDate(row.NGAY_SINH);
  const citizenId = normalizeCitizenId(row.SO_CCCD);
  const card = normalizePartyCard(row.SO_THE_DANG);
  const hometown = unitOf(adminIndex, row.MA_DVHC_QUE_QUAN, row.QUE_QUAN);
  const residence = unitOf(adminIndex, row.MA_DVHC_THUONG_TRU, row.THUONG_TRU);
  return {
    key: (row.MA_DANG_VIEN ?? '').trim(),
    fullName: parsers.name(row.HO_TEN ?? '', row),
    birthDate: birth.ok ? birth.date : null,
    gender: parsers.gender(row.GIOI_TINH ?? ''),
    citizenId: citizenId.kind === 'invalid' ? null : citizenId.digits,
    partyCardNo: card.valid ? card.digits : null,
    hometownProvinceCode: hometown.province,
    hometownCommuneCode: hometown.commune,
    residenceProvinceCode: residence.province,
    residenceCommuneCode: residence.commune,
    orgKey: textOrNull(row.MA_TO_CHUC),
    status: parsers.status(row.TRANG_THAI ?? ''),
  };
}

/** Post-2025 province and commune of a legacy code or address; the province alone for an ambiguous unit. */
function unitOf(
  adminIndex: AdminUnitIndex,
  code: string | undefined,
  address: string | undefined,
): { province: string | null; commune: string | null } {
  const unit = resolveAdminUnit(adminIndex, { code: textOrNull(code), text: textOrNull(address) });
  if (unit.kind === 'current' || unit.kind === 'obsolete') {
    return { province: unit.provinceCode, commune: unit.communeCode ?? null };
  }
  return { province: unit.kind === 'ambiguous' ? (unit.provinceCode ?? null) : null, commune: null };
}
