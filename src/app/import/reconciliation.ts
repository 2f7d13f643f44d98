import type { TargetOrganizationCount } from '../../db/repos/import-merge.ts';
import type { ImportRejectedRow } from './package-mapping.ts';

/**
 * The reconciliation report (đối soát): source against target, in total and per organization, with the
 * source checksum, so that "nothing lost" is shown rather than claimed. `matched` counts the source rows
 * found in the database with the identical raw legacy row.
 */
export interface ReconciliationReport {
  runId: number;
  provinceCode: string;
  packageName: string;
  generatedAt: string;
  files: Array<{ kind: string; name: string; size: number; sha256: string | null }>;
  totals: Record<'organizations' | 'members', KindTotals>;
  checksums: Record<'organizations' | 'members', { rows: number; sha256Sum: string }>;
  perOrganization: OrganizationReconciliation[];
  rejectedRows: ImportRejectedRow[];
  rejectedTotal: number;
  /** Organizations attached under the root because their parent is missing or in a cycle. */
  reattachedOrganizations: string[];
  /** True when every accepted source row is in the target, unchanged. */
  isComplete: boolean;
}

export interface KindTotals {
  /** Rows read from the file, rejected ones included. */
  sourceRows: number;
  rejected: number;
  /** Rows offered to the database (source minus rejected). */
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Accepted rows found in the database with the identical raw row. */
  matched: number;
  /** Records of this province in the database after the run (all imports and edits). */
  targetTotal: number;
}

export interface OrganizationReconciliation {
  legacyCode: string;
  name: string;
  sourceMembers: number;
  targetMembers: number;
  difference: number;
}

/** Rejected rows kept in the report itself (all of them are stored with the run, up to its own cap). */
export const REPORT_REJECTED_ROWS_LIMIT = 1000;

/**
 * Per organization: members in the source file (by their MA_TO_CHUC) against members stored under it.
 * A code the package does not know stays as a line with target 0: those members went to the root.
 */
export function reconcileOrganizations(
  sourceMembersByOrgCode: ReadonlyMap<string, number>,
  target: readonly TargetOrganizationCount[],
): OrganizationReconciliation[] {
  const lines: OrganizationReconciliation[] = [];
  const seen = new Set<string>();
  for (const org of target) {
    const code = org.legacyCode ?? org.legacyKey ?? `#${org.id}`;
    const source = org.legacyCode ? (sourceMembersByOrgCode.get(org.legacyCode) ?? 0) : 0;
    if (org.legacyCode) seen.add(org.legacyCode);
    lines.push({
      legacyCode: code,
      name: org.name,
      sourceMembers: source,
      targetMembers: org.members,
      difference: org.members - source,
    });
  }
  for (const [code, count] of sourceMembersByOrgCode) {
    if (seen.has(code)) continue;
    lines.push({
      legacyCode: code,
      name: '(mã tổ chức không có trong dữ liệu)',
      sourceMembers: count,
      targetMembers: 0,
      difference: -count,
    });
  }
  return lines;
}
