/**
 * Organization types of the 3.0 export (legacy-v3-export.md) and which type may sit under which.
 * Since 1 July 2025 the district level (DBH) is abolished: no new DBH, nothing new under one.
 */
export const ORGANIZATION_TYPES = ['DBT', 'DUTW', 'DBH', 'DBX', 'DBCS', 'CBCS', 'DBBP', 'CBTT'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export const ORGANIZATION_STATUSES = ['HOAT_DONG', 'GIAI_THE', 'SAP_NHAP'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export function isOrganizationType(value: string): value is OrganizationType {
  return (ORGANIZATION_TYPES as readonly string[]).includes(value);
}

/** Parent types allowed for each type in the post-2025 tree (null = top level). */
const ALLOWED_PARENTS: Record<OrganizationType, ReadonlyArray<OrganizationType | null>> = {
  DBT: [null],
  DUTW: [null],
  DBH: ['DBT'],
  DBX: ['DBT', 'DBH'],
  DBCS: ['DBT', 'DUTW', 'DBX', 'DBH'],
  CBCS: ['DBT', 'DUTW', 'DBX', 'DBH'],
  DBBP: ['DBCS', 'DBX'],
  CBTT: ['DBCS', 'DBX', 'DBBP'],
};

export function canBeChildOf(type: OrganizationType, parentType: OrganizationType | null): boolean {
  return ALLOWED_PARENTS[type].includes(parentType);
}

/** A chi bộ holds members directly; committees hold organizations. */
export function isCell(type: string | null): boolean {
  return type === 'CBCS' || type === 'CBTT';
}

/** Types a person may create today (the abolished district level cannot be created). */
export function isCreatableType(type: OrganizationType): boolean {
  return type !== 'DBH';
}
