import type { Finding } from './finding.ts';
import type { MemberRecord, OrganizationRecord, RuleContext } from './record.ts';
import { checkAddresses } from './rules/addresses.ts';
import {
  checkEducation,
  checkEthnicity,
  checkGender,
  checkReligion,
  checkStatus,
  checkTheoryLevel,
} from './rules/codes.ts';
import { checkDateLogic, checkDateValues } from './rules/dates.ts';
import {
  checkCitizenId,
  checkEmail,
  checkPartyCardFormat,
  checkPhone,
  checkSharedValueDuplicates,
  citizenIdKey,
  partyCardKey,
  type SharedValueHolder,
} from './rules/identifiers.ts';
import {
  checkDeceasedActive,
  checkMemberOrganization,
  isActiveMember,
  type OrganizationIndex,
} from './rules/liveness.ts';
import {
  checkOrganizationMembers,
  checkOrganizationRecord,
  checkOrganizationTree,
  indexOrganizations,
  type OrganizationMemberCounts,
} from './rules/organizations.ts';
import { checkRequired } from './rules/required.ts';
import { checkMemberText, checkOrganizationText } from './rules/text.ts';
import { applySettings, type RuleSettings } from './settings.ts';
import { standardizeMember, type StandardizeOptions } from './standardize-member.ts';
import { standardizeOrganization } from './standardize-organization.ts';
import type { MemberRaw, OrganizationRaw } from './record.ts';

/** Organization rules that need only the organizations (Plan 291-KH/BTCTW: organizations are cleaned first). */
export function checkOrganizations(records: readonly OrganizationRecord[], ctx: RuleContext): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const record of records) {
    if (seen.has(record.legacyId)) continue;
    seen.add(record.legacyId);
    out.push(...checkOrganizationText(record), ...checkOrganizationRecord(record, ctx));
  }
  out.push(...checkOrganizationTree(records));
  return out;
}

/** Every rule of one member that needs only the member and the organizations. */
export function checkMember(
  record: MemberRecord,
  ctx: RuleContext,
  organizations: OrganizationIndex,
): Finding[] {
  return [
    ...checkRequired(record),
    ...checkCitizenId(record, ctx),
    ...checkPhone(record, ctx),
    ...checkEmail(record),
    ...checkPartyCardFormat(record),
    ...checkMemberText(record),
    ...checkGender(record),
    ...checkEthnicity(record, ctx),
    ...checkReligion(record, ctx),
    ...checkStatus(record),
    ...checkEducation(record),
    ...checkTheoryLevel(record),
    ...checkAddresses(record, ctx),
    ...checkDateValues(record, ctx),
    ...checkDateLogic(record, ctx),
    ...checkDeceasedActive(record),
    ...checkMemberOrganization(record, organizations),
  ];
}

/**
 * The cross-record state of a member run, small per member: the indexes for the duplicate rules and the
 * member counts of each organization. Feed it each member, then ask for the findings.
 */
export class MemberCrossChecks {
  private readonly citizenIds = new Map<string, SharedValueHolder[]>();
  private readonly partyCards = new Map<string, SharedValueHolder[]>();
  readonly counts = new Map<string, OrganizationMemberCounts>();

  add(record: MemberRecord): void {
    const citizenId = citizenIdKey(record.values);
    if (citizenId !== null)
      push(this.citizenIds, citizenId, { legacyId: record.legacyId, value: record.raw.SO_CCCD ?? '' });
    const card = partyCardKey(record.values);
    if (card !== null)
      push(this.partyCards, card, { legacyId: record.legacyId, value: record.raw.SO_THE_DANG ?? '' });
    const org = record.values.orgLegacyId;
    let counts = this.counts.get(org);
    if (!counts) {
      counts = { active: 0, official: 0 };
      this.counts.set(org, counts);
    }
    if (isActiveMember(record.values)) counts.active++;
    if (record.values.status === 'CHINH_THUC' && (record.raw.NGAY_MAT ?? '').trim() === '') counts.official++;
  }

  memberFindings(): Finding[] {
    return [
      ...checkSharedValueDuplicates(this.citizenIds, 'CITIZEN_ID_DUPLICATE'),
      ...checkSharedValueDuplicates(this.partyCards, 'PARTY_CARD_DUPLICATE'),
    ];
  }

  organizationFindings(organizations: readonly OrganizationRecord[]): Finding[] {
    return checkOrganizationMembers(organizations, this.counts);
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface RunRulesInput {
  organizations: Iterable<OrganizationRaw>;
  members: Iterable<MemberRaw>;
}

export interface RunRulesResult {
  organizations: OrganizationRecord[];
  members: MemberRecord[];
  findings: Finding[];
}

/**
 * The whole rule run over rows held in memory (tests, small packages, one province re-check). The batch
 * command streams the same steps (src/app/quality/clean-package.ts).
 */
export function runRules(
  input: RunRulesInput,
  ctx: RuleContext,
  settings: RuleSettings,
  options: StandardizeOptions = {},
): RunRulesResult {
  const organizations = [...input.organizations].map((raw) => standardizeOrganization(raw, ctx));
  const orgIndex = indexOrganizations(organizations);
  const findings = checkOrganizations(organizations, ctx);
  const cross = new MemberCrossChecks();
  const members: MemberRecord[] = [];
  const memberFindings: Finding[] = [];
  for (const raw of input.members) {
    const record = standardizeMember(raw, ctx, options);
    members.push(record);
    memberFindings.push(...checkMember(record, ctx, orgIndex));
    cross.add(record);
  }
  findings.push(...cross.organizationFindings(organizations), ...memberFindings, ...cross.memberFindings());
  return { organizations, members, findings: applySettings(findings, settings) };
}

/**
 * The version of the member rules and normalizers. Stored re-check states (member_checks) of another version
 * are ignored, so raise it with any change to what a member rule or normalizer produces: a full re-check
 * then judges every member again instead of keeping findings of the old rules.
 */
export const MEMBER_RULES_VERSION = 1;
