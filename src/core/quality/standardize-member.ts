import { tidy } from '../codes/code-match.ts';
import { matchEthnicity } from '../codes/ethnicity.ts';
import { parseEducation, parseTheoryLevel } from '../codes/education.ts';
import { parseGender } from '../codes/gender.ts';
import { parseMemberStatus } from '../codes/member-status.ts';
import { matchReligion } from '../codes/religion.ts';
import { normalizeCitizenId } from '../members/citizen-id.ts';
import { parseLegacyDate } from '../members/partial-date.ts';
import { normalizePartyCard, normalizePhone } from '../members/phone.ts';
import { normalizeFreeText } from '../text/normalize-free-text.ts';
import { nameContext, normalizePersonNameInRecord } from '../text/normalize-person-name-in-record.ts';
import { resolveAddress } from './rules/addresses.ts';
import type { MemberRaw, MemberRecord, MemberValues, RuleContext } from './record.ts';

export interface StandardizeOptions {
  /** Cells of an .xlsx may hold Excel serial day numbers. */
  allowExcelSerial?: boolean;
}

/** A date in ISO at its own precision, or the value as found when it cannot be read. */
function standardDate(raw: string | undefined, options: StandardizeOptions): string {
  const parsed = parseLegacyDate(raw, { allowExcelSerial: options.allowExcelSerial ?? false });
  return parsed.ok ? parsed.iso : tidy(raw);
}

/**
 * A raw legacy member row → the batch-contract values with every safe fix applied. A value that cannot be
 * standardized safely is kept as found (trimmed); the rules then report it.
 */
export function standardizeMember(
  raw: MemberRaw,
  ctx: RuleContext,
  options: StandardizeOptions = {},
): MemberRecord {
  const legacyId = (raw.MA_DANG_VIEN ?? '').trim();
  const gender = parseGender(raw.GIOI_TINH);
  const status = parseMemberStatus(raw.TRANG_THAI);
  const ethnicity = matchEthnicity(raw.DAN_TOC, ctx.codes);
  const religion = matchReligion(raw.TON_GIAO, ctx.codes);
  const phone = normalizePhone(raw.SO_DIEN_THOAI, ctx.codes);
  const education = parseEducation(raw.TRINH_DO_GDPT);
  const theory = parseTheoryLevel(raw.LY_LUAN_CHINH_TRI);
  const hometown = resolveAddress(ctx.adminUnits, raw.MA_DVHC_QUE_QUAN ?? '', raw.QUE_QUAN ?? '');
  const residence = resolveAddress(ctx.adminUnits, raw.MA_DVHC_THUONG_TRU ?? '', raw.THUONG_TRU ?? '');
  const values: MemberValues = {
    legacyId,
    fullName: normalizePersonNameInRecord(raw.HO_TEN ?? '', nameContext(raw)).value,
    gender: gender.ok ? gender.value : tidy(raw.GIOI_TINH),
    birthDate: standardDate(raw.NGAY_SINH, options),
    citizenId: normalizeCitizenId(raw.SO_CCCD).digits,
    phone: phone.value ?? tidy(raw.SO_DIEN_THOAI),
    email: normalizeFreeText(raw.EMAIL ?? '').value,
    ethnicityCode: ethnicity.code || tidy(raw.DAN_TOC),
    religion: religion.kind === 'unrecognized' ? tidy(raw.TON_GIAO) : religion.name,
    hometownProvinceCode: hometown.provinceCode,
    hometownCommuneCode: hometown.communeCode,
    residenceProvinceCode: residence.provinceCode,
    residenceCommuneCode: residence.communeCode,
    admissionDate: standardDate(raw.NGAY_VAO_DANG, options),
    officialDate: standardDate(raw.NGAY_CHINH_THUC, options),
    partyCardNo: normalizePartyCard(raw.SO_THE_DANG).digits,
    status: status.ok ? status.value : tidy(raw.TRANG_THAI),
    orgLegacyId: (raw.MA_TO_CHUC ?? '').trim(),
    deathDate: standardDate(raw.NGAY_MAT, options),
    generalEducation: education.ok ? education.value : tidy(raw.TRINH_DO_GDPT),
    politicalTheory: theory.ok ? theory.value : tidy(raw.LY_LUAN_CHINH_TRI),
  };
  return { legacyId, raw, values };
}
