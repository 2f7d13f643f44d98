import { resolveAdminUnit, type AdminUnitIndex, type AdminUnitResolution } from '../../codes/admin-units.ts';
import { normalizeFreeText } from '../../text/normalize-free-text.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord, RuleContext } from '../record.ts';

export interface ResolvedAddress {
  resolution: AdminUnitResolution;
  provinceCode: string;
  communeCode: string;
}

/**
 * The post-2025 province and commune of an address (code column + free text). A split old commune cannot
 * be standardized safely: its code is written as found (samples/README.md), with the province when all
 * candidates share one. An unknown unit keeps its code as found.
 */
export function resolveAddress(index: AdminUnitIndex, rawCode: string, rawText: string): ResolvedAddress {
  const code = rawCode.trim();
  const resolution = resolveAdminUnit(index, { code, text: normalizeFreeText(rawText).value });
  switch (resolution.kind) {
    case 'current':
    case 'obsolete':
      return { resolution, provinceCode: resolution.provinceCode, communeCode: resolution.communeCode ?? '' };
    case 'ambiguous':
      return { resolution, provinceCode: resolution.provinceCode ?? '', communeCode: code };
    case 'unknown':
      return { resolution, provinceCode: '', communeCode: code };
    case 'empty':
      return { resolution, provinceCode: '', communeCode: '' };
  }
}

const ADDRESSES = [
  { field: 'QUE_QUAN', codeColumn: 'MA_DVHC_QUE_QUAN', textColumn: 'QUE_QUAN' },
  { field: 'THUONG_TRU', codeColumn: 'MA_DVHC_THUONG_TRU', textColumn: 'THUONG_TRU' },
] as const;

/** ADDRESS_OBSOLETE_UNIT (fix, or warning with candidates for a split commune) and ADDRESS_UNKNOWN_UNIT. */
export function checkAddresses(record: MemberRecord, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const a of ADDRESSES) {
    const rawCode = record.raw[a.codeColumn] ?? '';
    const rawText = record.raw[a.textColumn] ?? '';
    const { resolution, provinceCode, communeCode } = resolveAddress(ctx.adminUnits, rawCode, rawText);
    // The finding names the code column when the code decided, else the address text.
    const field = rawCode.trim() !== '' ? a.codeColumn : a.field;
    const value = rawCode.trim() !== '' ? rawCode : rawText;
    if (resolution.kind === 'obsolete') {
      out.push(
        finding('member', record.legacyId, 'ADDRESS_OBSOLETE_UNIT', {
          field,
          value,
          suggested: [provinceCode, communeCode].filter(Boolean).join('/'),
        }),
      );
    } else if (resolution.kind === 'ambiguous') {
      out.push(
        finding('member', record.legacyId, 'ADDRESS_OBSOLETE_UNIT', {
          field,
          value,
          severity: 'warning',
          suggested: resolution.candidates.map((c) => `${c.provinceCode}/${c.communeCode}`).join(' | '),
        }),
      );
    } else if (resolution.kind === 'unknown') {
      out.push(finding('member', record.legacyId, 'ADDRESS_UNKNOWN_UNIT', { field, value }));
    }
  }
  return out;
}
