import { resolveAdminUnit } from '../../codes/admin-units.ts';
import { parseOrganizationType } from '../../codes/organization-type.ts';
import { canBeChildOf, isCell, isOrganizationType } from '../../organizations/hierarchy.ts';
import { standardizeOrganizationName } from '../../organizations/standardize-organization-name.ts';
import { finding, type Finding } from '../finding.ts';
import type { OrganizationRecord, RuleContext } from '../record.ts';
import type { OrganizationIndex, OrganizationSummary } from './liveness.ts';

/** Counts of a chi bộ's members, gathered while the members stream by (or by a database query). */
export interface OrganizationMemberCounts {
  /** Members with an active status (chính thức, dự bị, miễn sinh hoạt). */
  active: number;
  /** "Official members" for ORG_TOO_FEW_MEMBERS: Chính thức without a death date (samples/README.md). */
  official: number;
}

const NO_MEMBERS: OrganizationMemberCounts = { active: 0, official: 0 };
const isActiveOrg = (record: OrganizationRecord): boolean => record.values.status === 'HOAT_DONG';

/** Per-organization checks that need nothing but the organization itself and the code lists. */
export function checkOrganizationRecord(record: OrganizationRecord, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const id = record.legacyId;
  const raw = record.raw;
  const rawType = raw.LOAI_TO_CHUC ?? '';
  if (!parseOrganizationType(rawType).ok) {
    out.push(finding('organization', id, 'ORG_TYPE_INVALID', { field: 'LOAI_TO_CHUC', value: rawType }));
  }
  if (record.values.type === 'DBH' && isActiveOrg(record)) {
    out.push(finding('organization', id, 'ORG_OBSOLETE_LEVEL', { field: 'LOAI_TO_CHUC', value: rawType }));
  }
  const name = raw.TEN_TO_CHUC ?? '';
  const standardName = standardizeOrganizationName(name);
  if (standardName.changed) {
    out.push(
      finding('organization', id, 'ORG_NAME_NONSTANDARD', {
        field: 'TEN_TO_CHUC',
        value: name,
        suggested: standardName.value,
      }),
    );
  }
  const unitCode = raw.MA_DVHC ?? '';
  const unit = resolveAdminUnit(ctx.adminUnits, { code: unitCode });
  if (unit.kind === 'obsolete') {
    out.push(
      finding('organization', id, 'ORG_ADMIN_UNIT_OBSOLETE', {
        field: 'MA_DVHC',
        value: unitCode,
        suggested: record.values.communeCode || record.values.provinceCode,
      }),
    );
  } else if (unit.kind === 'ambiguous') {
    out.push(
      finding('organization', id, 'ORG_ADMIN_UNIT_OBSOLETE', {
        field: 'MA_DVHC',
        value: unitCode,
        severity: 'warning',
        suggested: unit.candidates.map((c) => c.communeCode).join(' | '),
      }),
    );
  }
  return out;
}

/**
 * The tree rules over all organizations of a package (organizations are cleaned before members, Plan
 * 291-KH/BTCTW): duplicate codes, missing parents, cycles and type/parent compatibility. `records` holds
 * every row, repeated codes included.
 */
export function checkOrganizationTree(records: readonly OrganizationRecord[]): Finding[] {
  const out: Finding[] = [];
  const byId = new Map<string, OrganizationRecord>();
  const reported = new Set<string>();
  for (const record of records) {
    if (!byId.has(record.legacyId)) {
      byId.set(record.legacyId, record);
    } else if (!reported.has(record.legacyId)) {
      reported.add(record.legacyId);
      out.push(
        finding('organization', record.legacyId, 'ORG_CODE_DUPLICATE', {
          field: 'MA_TO_CHUC',
          value: record.raw.MA_TO_CHUC ?? record.legacyId,
        }),
      );
    }
  }
  const inCycle = findCycleMembers(byId);
  for (const record of byId.values()) {
    const id = record.legacyId;
    const parentId = record.values.parentLegacyId;
    const parent = parentId === '' ? undefined : byId.get(parentId);
    const rawParent = record.raw.MA_TO_CHUC_CHA ?? parentId;
    if (parentId !== '' && !parent) {
      out.push(
        finding('organization', id, 'ORG_PARENT_MISSING', { field: 'MA_TO_CHUC_CHA', value: rawParent }),
      );
    }
    if (inCycle.has(id)) {
      out.push(
        finding('organization', id, 'ORG_HIERARCHY_CYCLE', { field: 'MA_TO_CHUC_CHA', value: rawParent }),
      );
    }
    if (parent && isTypeParentMismatch(record, parent)) {
      out.push(
        finding('organization', id, 'ORG_TYPE_PARENT_MISMATCH', {
          field: 'LOAI_TO_CHUC',
          value: record.raw.LOAI_TO_CHUC ?? record.values.type,
        }),
      );
    }
  }
  return out;
}

/**
 * hierarchy.ts's table, read as the samples' truth does: a DBX under a still-active DBH is not a mismatch
 * (the DBH gets ORG_OBSOLETE_LEVEL instead, samples/README.md). Unknown types are ORG_TYPE_INVALID, not this.
 */
function isTypeParentMismatch(record: OrganizationRecord, parent: OrganizationRecord): boolean {
  const type = record.values.type;
  const parentType = parent.values.type;
  if (!isOrganizationType(type) || !isOrganizationType(parentType)) return false;
  return !canBeChildOf(type, parentType);
}

/** Organizations whose parent chain comes back to themselves. */
function findCycleMembers(byId: ReadonlyMap<string, OrganizationRecord>): Set<string> {
  const inCycle = new Set<string>();
  const done = new Set<string>();
  for (const start of byId.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !done.has(current) && !onPath.has(current)) {
      onPath.set(current, path.length);
      path.push(current);
      const parent: string = byId.get(current)?.values.parentLegacyId ?? '';
      current = parent !== '' && byId.has(parent) ? parent : undefined;
    }
    if (current !== undefined && onPath.has(current)) {
      for (const id of path.slice(onPath.get(current))) inCycle.add(id);
    }
    for (const id of path) done.add(id);
  }
  return inCycle;
}

/**
 * Rules that need the members: ORG_EMPTY, ORG_TOO_FEW_MEMBERS and ORG_DISSOLVED_HAS_MEMBERS. An empty
 * active chi bộ gets both ORG_EMPTY and ORG_TOO_FEW_MEMBERS (samples/README.md).
 */
export function checkOrganizationMembers(
  records: readonly OrganizationRecord[],
  counts: ReadonlyMap<string, OrganizationMemberCounts>,
): Finding[] {
  const out: Finding[] = [];
  const byId = new Map<string, OrganizationRecord>();
  for (const record of records) if (!byId.has(record.legacyId)) byId.set(record.legacyId, record);
  const activeChildren = new Set<string>();
  for (const record of byId.values()) {
    if (isActiveOrg(record) && record.values.parentLegacyId !== '')
      activeChildren.add(record.values.parentLegacyId);
  }
  for (const record of byId.values()) {
    const id = record.legacyId;
    const members = counts.get(id) ?? NO_MEMBERS;
    if (isActiveOrg(record)) {
      if (members.active === 0 && !activeChildren.has(id)) out.push(finding('organization', id, 'ORG_EMPTY'));
      if (isCell(record.values.type) && members.official < 3) {
        out.push(finding('organization', id, 'ORG_TOO_FEW_MEMBERS', { value: String(members.official) }));
      }
    } else if (members.active > 0) {
      out.push(
        finding('organization', id, 'ORG_DISSOLVED_HAS_MEMBERS', {
          field: 'TRANG_THAI',
          value: record.raw.TRANG_THAI ?? record.values.status,
        }),
      );
    }
  }
  return out;
}

/** The organization index member rules read (see liveness.ts). */
export function indexOrganizations(records: readonly OrganizationRecord[]): OrganizationIndex {
  const index = new Map<string, OrganizationSummary>();
  for (const record of records) {
    if (index.has(record.legacyId)) continue;
    index.set(record.legacyId, {
      legacyId: record.legacyId,
      type: record.values.type,
      status: record.values.status,
      hasCellChildren: false,
    });
  }
  for (const record of records) {
    const parent = index.get(record.values.parentLegacyId);
    if (parent && isCell(record.values.type)) parent.hasCellChildren = true;
  }
  return index;
}
