import { parseEducation, parseTheoryLevel } from '../../codes/education.ts';
import { matchEthnicity } from '../../codes/ethnicity.ts';
import { parseGender } from '../../codes/gender.ts';
import { parseMemberStatus } from '../../codes/member-status.ts';
import { matchReligion } from '../../codes/religion.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord, RuleContext } from '../record.ts';

const present = (raw: string | undefined): raw is string => (raw ?? '').trim() !== '';

/** Gender 1/0 and M/F map to Nam/Nữ without a finding (samples/README.md); anything else unreadable is an error. */
export function checkGender(record: MemberRecord): Finding[] {
  const raw = record.raw.GIOI_TINH;
  if (!present(raw) || parseGender(raw).ok) return [];
  return [finding('member', record.legacyId, 'GENDER_INVALID', { field: 'GIOI_TINH', value: raw })];
}

/**
 * ETHNICITY_UNRECOGNIZED. An exact official name is clean and a case-only variant ("kinh") is optional, so
 * it is not reported; an alias or spelling variant ("Việt", "Mèo", "Khmer") is a fix to the official name
 * (samples/README.md), or an error listing the candidates when the alias fits several groups.
 */
export function checkEthnicity(record: MemberRecord, ctx: RuleContext): Finding[] {
  const raw = record.raw.DAN_TOC;
  if (!present(raw)) return [];
  const match = matchEthnicity(raw, ctx.codes);
  const field = 'DAN_TOC';
  switch (match.kind) {
    case 'exact':
    case 'case':
      return [];
    case 'alias':
    case 'variant':
      return [
        finding('member', record.legacyId, 'ETHNICITY_UNRECOGNIZED', {
          field,
          value: raw,
          suggested: match.candidates.length > 1 ? match.candidates.join(' | ') : match.code,
          severity: match.candidates.length > 1 ? 'error' : 'fix',
        }),
      ];
    case 'unrecognized':
      return [finding('member', record.legacyId, 'ETHNICITY_UNRECOGNIZED', { field, value: raw })];
  }
}

/** RELIGION_UNRECOGNIZED: an alias ("Thiên chúa" → Công giáo) is a fix, an unknown value a warning. */
export function checkReligion(record: MemberRecord, ctx: RuleContext): Finding[] {
  const raw = record.raw.TON_GIAO;
  if (!present(raw)) return [];
  const match = matchReligion(raw, ctx.codes);
  const field = 'TON_GIAO';
  if (match.kind === 'alias') {
    return [
      finding('member', record.legacyId, 'RELIGION_UNRECOGNIZED', {
        field,
        value: raw,
        suggested: match.name,
        severity: 'fix',
      }),
    ];
  }
  if (match.kind === 'unrecognized') {
    return [finding('member', record.legacyId, 'RELIGION_UNRECOGNIZED', { field, value: raw })];
  }
  return [];
}

export function checkStatus(record: MemberRecord): Finding[] {
  const raw = record.raw.TRANG_THAI;
  if (!present(raw) || parseMemberStatus(raw).ok) return [];
  return [finding('member', record.legacyId, 'STATUS_INVALID', { field: 'TRANG_THAI', value: raw })];
}

export function checkEducation(record: MemberRecord): Finding[] {
  const raw = record.raw.TRINH_DO_GDPT;
  if (!present(raw) || parseEducation(raw).ok) return [];
  return [finding('member', record.legacyId, 'EDUCATION_INVALID', { field: 'TRINH_DO_GDPT', value: raw })];
}

export function checkTheoryLevel(record: MemberRecord): Finding[] {
  const raw = record.raw.LY_LUAN_CHINH_TRI;
  if (!present(raw) || parseTheoryLevel(raw).ok) return [];
  return [
    finding('member', record.legacyId, 'THEORY_LEVEL_INVALID', { field: 'LY_LUAN_CHINH_TRI', value: raw }),
  ];
}
