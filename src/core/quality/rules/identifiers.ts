import { checkCitizenIdStructure, normalizeCitizenId } from '../../members/citizen-id.ts';
import { parseLegacyDate } from '../../members/partial-date.ts';
import { isValidEmail, normalizePartyCard, normalizePhone } from '../../members/phone.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord, RuleContext } from '../record.ts';

/**
 * CITIZEN_ID_FORMAT / _LEGACY_CMND / _PROVINCE / _GENDER_CENTURY / _BIRTH_YEAR. A 12-digit id written with
 * spaces or dots is a CITIZEN_ID_FORMAT fix (the removal itself); a 9-digit CMND is CITIZEN_ID_LEGACY_CMND
 * (samples/README.md). The structure is checked against the member's gender and birth year when known.
 */
export function checkCitizenId(record: MemberRecord, ctx: RuleContext): Finding[] {
  const raw = record.raw.SO_CCCD ?? '';
  if (raw.trim() === '') return [];
  const id = record.legacyId;
  const normalized = normalizeCitizenId(raw);
  const field = 'SO_CCCD';
  switch (normalized.kind) {
    case 'invalid':
      return [finding('member', id, 'CITIZEN_ID_FORMAT', { field, value: raw })];
    case 'cmnd9':
      return [finding('member', id, 'CITIZEN_ID_LEGACY_CMND', { field, value: raw })];
    case '12': {
      const out: Finding[] = [];
      if (normalized.hadSeparators) {
        out.push(
          finding('member', id, 'CITIZEN_ID_FORMAT', {
            field,
            value: raw,
            suggested: normalized.digits,
            severity: 'fix',
          }),
        );
      }
      const gender =
        record.values.gender === 'Nam' || record.values.gender === 'Nữ' ? record.values.gender : null;
      const birth = parseLegacyDate(record.values.birthDate);
      const failed = checkCitizenIdStructure(
        normalized.digits,
        { gender, birthYear: birth.ok ? birth.date.year : null },
        ctx.codes,
      );
      for (const rule of failed) out.push(finding('member', id, rule, { field, value: raw }));
      return out;
    }
  }
}

/** PHONE_OLD_PREFIX (fix to the 10-digit form) and PHONE_FORMAT. */
export function checkPhone(record: MemberRecord, ctx: RuleContext): Finding[] {
  const raw = record.raw.SO_DIEN_THOAI ?? '';
  if (raw.trim() === '') return [];
  const phone = normalizePhone(raw, ctx.codes);
  const field = 'SO_DIEN_THOAI';
  if (phone.oldPrefixConverted) {
    return [
      finding('member', record.legacyId, 'PHONE_OLD_PREFIX', { field, value: raw, suggested: phone.value }),
    ];
  }
  if (!phone.valid) return [finding('member', record.legacyId, 'PHONE_FORMAT', { field, value: raw })];
  return [];
}

export function checkEmail(record: MemberRecord): Finding[] {
  const raw = record.raw.EMAIL ?? '';
  if (raw.trim() === '' || isValidEmail(record.values.email)) return [];
  return [finding('member', record.legacyId, 'EMAIL_FORMAT', { field: 'EMAIL', value: raw })];
}

export function checkPartyCardFormat(record: MemberRecord): Finding[] {
  const raw = record.raw.SO_THE_DANG ?? '';
  if (raw.trim() === '' || normalizePartyCard(raw).valid) return [];
  return [finding('member', record.legacyId, 'PARTY_CARD_FORMAT', { field: 'SO_THE_DANG', value: raw })];
}

/** A record holding a value that must be unique (citizen id, party card number). */
export interface SharedValueHolder {
  legacyId: string;
  /** The value as found in the source. */
  value: string;
}

/**
 * Standardized value → the records holding it. A batch builds it while streaming; a database answers the
 * same question with a GROUP BY, so an incremental re-check passes the holders of one record's value.
 */
export type SharedValueIndex = ReadonlyMap<string, readonly SharedValueHolder[]>;

/**
 * CITIZEN_ID_DUPLICATE / PARTY_CARD_DUPLICATE: every holder of a value held by two or more member records
 * gets the finding.
 */
export function checkSharedValueDuplicates(
  index: SharedValueIndex,
  rule: 'CITIZEN_ID_DUPLICATE' | 'PARTY_CARD_DUPLICATE',
): Finding[] {
  const field = rule === 'CITIZEN_ID_DUPLICATE' ? 'SO_CCCD' : 'SO_THE_DANG';
  const out: Finding[] = [];
  for (const holders of index.values()) {
    if (holders.length < 2) continue;
    for (const holder of holders) {
      out.push(finding('member', holder.legacyId, rule, { field, value: holder.value }));
    }
  }
  return out;
}

/** The key under which a member is indexed for CITIZEN_ID_DUPLICATE (12-digit CCCD or 9-digit CMND), or null. */
export function citizenIdKey(values: { citizenId: string }): string | null {
  const id = normalizeCitizenId(values.citizenId);
  return id.kind === 'invalid' ? null : id.digits;
}

/** The key under which a member is indexed for PARTY_CARD_DUPLICATE (a well-formed card number), or null. */
export function partyCardKey(values: { partyCardNo: string }): string | null {
  const card = normalizePartyCard(values.partyCardNo);
  return card.valid ? card.digits : null;
}
