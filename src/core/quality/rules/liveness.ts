import { isCell } from '../../organizations/hierarchy.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord } from '../record.ts';

/** Statuses of people still in the party's ranks. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(['CHINH_THUC', 'DU_BI', 'MIEN_SINH_HOAT']);

export function isActiveMember(values: { status: string }): boolean {
  return ACTIVE_STATUSES.has(values.status);
}

/** What member rules need to know about an organization; a database answers it with one query. */
export interface OrganizationSummary {
  legacyId: string;
  type: string;
  status: string;
  /** Has at least one child chi bộ (CBCS/CBTT), so it holds no members directly. */
  hasCellChildren: boolean;
}

export type OrganizationIndex = ReadonlyMap<string, OrganizationSummary>;

/** Types that never hold members directly: province, central and (abolished) district committees. */
const COMMITTEE_TYPES = new Set(['DBT', 'DUTW', 'DBH']);
/** Đảng bộ types that hold members only while they have no chi bộ of their own. */
const PARTY_COMMITTEE_TYPES = new Set(['DBX', 'DBCS', 'DBBP']);

/** DECEASED_STILL_ACTIVE: a date of death but an active status. */
export function checkDeceasedActive(record: MemberRecord): Finding[] {
  if ((record.raw.NGAY_MAT ?? '').trim() === '' || !isActiveMember(record.values)) return [];
  return [
    finding('member', record.legacyId, 'DECEASED_STILL_ACTIVE', {
      field: 'TRANG_THAI',
      value: record.raw.TRANG_THAI ?? '',
      suggested: 'TU_TRAN',
    }),
  ];
}

/** MEMBER_ORG_MISSING, MEMBER_ORG_TYPE_INVALID and MEMBER_IN_DISSOLVED_ORG against the organizations. */
export function checkMemberOrganization(record: MemberRecord, organizations: OrganizationIndex): Finding[] {
  const code = record.values.orgLegacyId;
  if (code === '') return [];
  const field = 'MA_TO_CHUC';
  const value = record.raw.MA_TO_CHUC ?? code;
  const org = organizations.get(code);
  if (!org) return [finding('member', record.legacyId, 'MEMBER_ORG_MISSING', { field, value })];
  if (!isActiveMember(record.values)) return [];
  const out: Finding[] = [];
  if (org.status === 'GIAI_THE' || org.status === 'SAP_NHAP') {
    out.push(finding('member', record.legacyId, 'MEMBER_IN_DISSOLVED_ORG', { field, value }));
  } else if (
    !isCell(org.type) &&
    (COMMITTEE_TYPES.has(org.type) || (PARTY_COMMITTEE_TYPES.has(org.type) && org.hasCellChildren))
  ) {
    out.push(finding('member', record.legacyId, 'MEMBER_ORG_TYPE_INVALID', { field, value }));
  }
  return out;
}
