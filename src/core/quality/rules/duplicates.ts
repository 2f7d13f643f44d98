import type { DuplicatePairCandidate } from '../../matching/find-duplicate-pairs.ts';
import type { PersonForMatching } from '../../matching/person-for-matching.ts';
import { parseLegacyDate } from '../../members/partial-date.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord } from '../record.ts';
import { citizenIdKey, partyCardKey } from './identifiers.ts';

/** A standardized member as the matching engine sees it (src/core/matching), without re-cleaning it. */
export function toPersonForMatching(record: MemberRecord): PersonForMatching {
  const v = record.values;
  const birth = parseLegacyDate(v.birthDate);
  const orNull = (value: string): string | null => (value === '' ? null : value);
  return {
    key: record.legacyId,
    fullName: v.fullName,
    birthDate: birth.ok ? birth.date : null,
    gender: v.gender === 'Nam' || v.gender === 'Nữ' ? v.gender : null,
    citizenId: citizenIdKey(v),
    partyCardNo: partyCardKey(v),
    hometownProvinceCode: orNull(v.hometownProvinceCode),
    hometownCommuneCode: /^\d{5}$/.test(v.hometownCommuneCode) ? v.hometownCommuneCode : null,
    residenceProvinceCode: orNull(v.residenceProvinceCode),
    residenceCommuneCode: /^\d{5}$/.test(v.residenceCommuneCode) ? v.residenceCommuneCode : null,
    orgKey: orNull(v.orgLegacyId),
    status: orNull(v.status),
  };
}

/** DUPLICATE_PERSON_PROBABLE: both records of each probable pair get the finding, naming the other. */
export function checkDuplicatePairs(pairs: readonly DuplicatePairCandidate[]): Finding[] {
  const out: Finding[] = [];
  for (const pair of pairs) {
    if (pair.band !== 'probable') continue;
    out.push(
      finding('member', pair.a, 'DUPLICATE_PERSON_PROBABLE', { suggested: pair.b, value: pair.a }),
      finding('member', pair.b, 'DUPLICATE_PERSON_PROBABLE', { suggested: pair.a, value: pair.b }),
    );
  }
  return out;
}
