import { resolveAdminUnit } from '../codes/admin-units.ts';
import { tidy } from '../codes/code-match.ts';
import { parseOrganizationStatus, parseOrganizationType } from '../codes/organization-type.ts';
import { standardizeOrganizationName } from '../organizations/standardize-organization-name.ts';
import type { OrganizationRaw, OrganizationRecord, RuleContext } from './record.ts';

/**
 * A raw legacy organization row → the batch-contract values. The commune is empty for a province committee
 * (DBT) and a former district committee (DBH) (spec/batch-contract.md); a unit that cannot be resolved to
 * one post-2025 unit keeps its code as found.
 */
export function standardizeOrganization(raw: OrganizationRaw, ctx: RuleContext): OrganizationRecord {
  const legacyId = (raw.MA_TO_CHUC ?? '').trim();
  const type = parseOrganizationType(raw.LOAI_TO_CHUC);
  const status = parseOrganizationStatus(raw.TRANG_THAI);
  const typeValue = type.ok ? type.value : tidy(raw.LOAI_TO_CHUC);
  const code = (raw.MA_DVHC ?? '').trim();
  const unit = resolveAdminUnit(ctx.adminUnits, { code });
  let provinceCode = '';
  let communeCode = code;
  if (unit.kind === 'current' || unit.kind === 'obsolete') {
    provinceCode = unit.provinceCode;
    communeCode = unit.communeCode ?? '';
  } else if (unit.kind === 'ambiguous') {
    provinceCode = unit.provinceCode ?? '';
  }
  if (typeValue === 'DBT' || typeValue === 'DUTW' || typeValue === 'DBH') communeCode = '';
  return {
    legacyId,
    raw,
    values: {
      legacyId,
      name: standardizeOrganizationName(raw.TEN_TO_CHUC ?? '').value,
      type: typeValue,
      parentLegacyId: (raw.MA_TO_CHUC_CHA ?? '').trim(),
      provinceCode,
      communeCode,
      status: status.ok ? status.value : tidy(raw.TRANG_THAI),
    },
  };
}
