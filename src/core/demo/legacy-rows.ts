import {
  MEMBER_COLUMNS,
  ORGANIZATION_COLUMNS,
  type MemberColumn,
  type OrganizationColumn,
} from '../import/column-mapping.ts';

/** Canonical column names of the 3.0 export (spec/legacy-v3-export.md), in the order the demo writes them. */
export const LEGACY_ORGANIZATION_COLUMNS = ORGANIZATION_COLUMNS;
export const LEGACY_MEMBER_COLUMNS = MEMBER_COLUMNS;

export type LegacyOrganizationColumn = OrganizationColumn;
export type LegacyMemberColumn = MemberColumn;
export type LegacyOrganizationRow = Record<LegacyOrganizationColumn, string>;
export type LegacyMemberRow = Record<LegacyMemberColumn, string>;
