import type { PersonForMatching } from '../../core/matching/person-for-matching.ts';
import { normalizeCitizenId } from '../../core/members/citizen-id.ts';
import { parseLegacyDate, type PartialDate } from '../../core/members/partial-date.ts';
import { normalizePartyCard } from '../../core/members/phone.ts';
import type { MatchingRow } from '../../db/repos/duplicates.ts';

/** A stored partial ISO date ("1975", "1975-04", "1975-04-30") as the matching engine's PartialDate. */
export function partialDateOf(iso: string | null): PartialDate | null {
  if (iso === null) return null;
  const parsed = parseLegacyDate(iso);
  return parsed.ok ? parsed.date : null;
}

/**
 * A stored member as the matching engine sees it. The typed columns are already clean (names normalized,
 * post-2025 unit codes resolved on import), so nothing is re-cleaned here. The key is the member id.
 */
export function personFromMember(row: MatchingRow): PersonForMatching {
  const citizenId = normalizeCitizenId(row.citizen_id);
  const card = normalizePartyCard(row.party_card_no);
  return {
    key: String(row.id),
    fullName: row.full_name,
    birthDate: partialDateOf(row.birth_date),
    gender: row.gender === 'Nam' || row.gender === 'Nữ' ? row.gender : null,
    citizenId: citizenId.kind === 'invalid' ? null : citizenId.digits,
    partyCardNo: card.valid ? card.digits : null,
    hometownProvinceCode: row.hometown_province_code,
    hometownCommuneCode: row.hometown_commune_code,
    residenceProvinceCode: row.residence_province_code,
    residenceCommuneCode: row.residence_commune_code,
    orgKey: String(row.org_id),
    status: row.status,
  };
}
