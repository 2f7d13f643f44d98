import type { CodeLists, Province } from '../codes/code-lists.ts';
import { parseIsoDate, type SimpleDate } from './demo-dates.ts';
import { buildGeography } from './demo-geography.ts';
import { createPersonGenerator, type CellContext, type PersonFacts } from './generate-person.ts';
import { encodeLegacy } from './legacy-encode.ts';
import type { LegacyMemberRow, LegacyOrganizationRow } from './legacy-rows.ts';
import {
  applyFactDefect,
  applyRowDefect,
  isFactDefect,
  pickMemberDefects,
  type DefectContext,
  type MemberDefectKind,
} from './member-defects.ts';
import { planOrganizations, type OrganizationDefect } from './plan-organizations.ts';
import { createRandom, type Random } from './random.ts';
import { toOldToneStyle } from './vietnamese-names.ts';

export type { LegacyMemberRow, LegacyOrganizationRow } from './legacy-rows.ts';
export { LEGACY_MEMBER_COLUMNS, LEGACY_ORGANIZATION_COLUMNS } from './legacy-rows.ts';
export type { MemberDefectKind } from './member-defects.ts';
export type { OrganizationDefect } from './plan-organizations.ts';

/** The default share of members with at least one injected defect, as in the sample packages. */
export const DEFAULT_DEFECT_RATE = 0.25;
/** Duplicate-person pairs per member at the default defect rate (24 pairs in 3,000 in the samples). */
const DUPLICATES_PER_DEFECT_RATE = 0.032;
const MAX_DUPLICATE_GAP = 2500;
const RECENT_IDS = 64;

export interface GenerateLegacyPackageOptions {
  seed: number;
  /** Post-2025 province code, e.g. '08' Tuyên Quang. */
  provinceCode: string;
  /** Member rows in total, duplicate-person rows included. */
  memberCount: number;
  /** Share of members with injected defects, 0–1. Default 0.25. Organization defects scale with it. */
  defectRate?: number;
  /** Share of members that are the second record of a duplicate person. Default defectRate × 0.032. */
  duplicateRate?: number;
  /** ISO date the data is "as of"; no generated date is later unless a defect says so. Default 2025-12-10. */
  referenceDate?: string;
  /** Also return the injected duplicate pairs (for measuring recall). */
  includeDuplicatePairs?: boolean;
}

export type DuplicateKind = 'transfer-not-closed' | 'retyped-diacritics' | 'swapped-day-month' | 'missing-id';

export interface DuplicatePair {
  /** MA_DANG_VIEN of the first (original) record. */
  first: string;
  /** MA_DANG_VIEN of the later record of the same person. */
  second: string;
  kind: DuplicateKind;
}

/** Counts of what the last full iteration of `members` injected; organization counts are known at once. */
export interface GenerationStats {
  members: number;
  membersWithDefects: number;
  memberDefects: Partial<Record<MemberDefectKind, number>>;
  organizations: number;
  organizationDefects: Partial<Record<OrganizationDefect, number>>;
  duplicatePairs: number;
}

export interface LegacyPackage {
  province: Province;
  referenceDate: string;
  organizations: LegacyOrganizationRow[];
  /** Lazy: every iteration generates the same rows again, one at a time. */
  members: Iterable<LegacyMemberRow>;
  duplicatePairs?: DuplicatePair[];
  stats: GenerationStats;
}

interface PendingDuplicate {
  source: PersonFacts;
  kind: DuplicateKind;
}

export function generateLegacyPackage(
  codes: CodeLists,
  options: GenerateLegacyPackageOptions,
): LegacyPackage {
  const { seed, provinceCode, memberCount } = options;
  if (!Number.isInteger(memberCount) || memberCount < 0)
    throw new Error('memberCount must be a non-negative integer');
  const defectRate = options.defectRate ?? DEFAULT_DEFECT_RATE;
  const duplicateRate = options.duplicateRate ?? defectRate * DUPLICATES_PER_DEFECT_RATE;
  const referenceIso = options.referenceDate ?? '2025-12-10';
  const referenceDate = parseIsoDate(referenceIso);

  const root = createRandom(seed);
  const geo = buildGeography(codes, provinceCode);
  const plan = planOrganizations(root.fork('organizations'), geo, { memberCount, defectRate });

  const ids = root.fork('ids');
  const memberBase = ids.int(100_000, 50_000_000);
  const citizenIdOffset = ids.int(0, 999_999);
  const partyCardOffset = ids.int(0, 89_999_999);
  const memberId = (index: number): string => `DV${String(memberBase + index).padStart(8, '0')}`;

  const { duplicateOf, sourceOf, pairs } = planDuplicates(
    root.fork('duplicates'),
    memberCount,
    duplicateRate,
  );

  const stats: GenerationStats = {
    members: 0,
    membersWithDefects: 0,
    memberDefects: {},
    organizations: plan.rows.length,
    organizationDefects: plan.defectCounts,
    duplicatePairs: pairs.length,
  };
  const persons = createPersonGenerator({ geo, codes, referenceDate, citizenIdOffset, partyCardOffset });

  function* generateMembers(): Generator<LegacyMemberRow> {
    const rng = root.fork('members');
    stats.members = 0;
    stats.membersWithDefects = 0;
    stats.memberDefects = {};
    const defects: DefectContext = {
      rng,
      geo,
      codes,
      referenceDate,
      partyCardOffset,
      recentCitizenIds: [],
      recentPartyCards: [],
      missingOrganizationCode: plan.missingCode,
      nonCellCodes: plan.nonCellCodes,
    };
    const pending = new Map<number, PendingDuplicate>();
    let index = 0;
    for (const cell of plan.cells) {
      const context: CellContext = {
        code: cell.row.MA_TO_CHUC,
        commune: cell.commune,
        profile: cell.profile,
      };
      for (let slot = 0; slot < cell.memberCount; slot++, index++) {
        stats.members++;
        const duplicate = pending.get(index);
        if (duplicate) {
          pending.delete(index);
          yield duplicateRow(rng, persons, memberId(index), context, duplicate);
          continue;
        }
        const laterIndex = sourceOf.get(index);
        const facts = persons.generate(rng, index, context, laterIndex !== undefined || cell.officialOnly);
        if (laterIndex !== undefined) {
          pending.set(laterIndex, {
            source: facts,
            kind: duplicateOf.get(laterIndex) ?? 'transfer-not-closed',
          });
          yield persons.toRow(memberId(index), context.code, facts);
          continue;
        }
        const kinds = !cell.officialOnly && rng.chance(defectRate) ? pickMemberDefects(rng, facts) : [];
        for (const kind of kinds) if (isFactDefect(kind)) applyFactDefect(defects, kind, facts);
        const row = persons.toRow(memberId(index), context.code, facts);
        for (const kind of kinds) if (!isFactDefect(kind)) applyRowDefect(defects, kind, row, facts);
        if (kinds.length > 0) {
          stats.membersWithDefects++;
          for (const kind of kinds) stats.memberDefects[kind] = (stats.memberDefects[kind] ?? 0) + 1;
        } else {
          remember(defects.recentCitizenIds, row.SO_CCCD);
          if (row.SO_THE_DANG) remember(defects.recentPartyCards, row.SO_THE_DANG);
        }
        yield row;
      }
    }
  }

  return {
    province: geo.province,
    referenceDate: referenceIso,
    organizations: plan.rows,
    members: { [Symbol.iterator]: generateMembers },
    ...(options.includeDuplicatePairs
      ? { duplicatePairs: pairs.map(([a, b, kind]) => ({ first: memberId(a), second: memberId(b), kind })) }
      : {}),
    stats,
  };
}

function remember(list: string[], value: string): void {
  if (list.length >= RECENT_IDS) list.shift();
  list.push(value);
}

/**
 * Chooses which member rows are a second record of an earlier person. Decided up front (a few thousand
 * pairs for a million members), so the stream only keeps the persons whose second record is still ahead.
 */
function planDuplicates(
  rng: Random,
  memberCount: number,
  rate: number,
): {
  duplicateOf: Map<number, DuplicateKind>;
  sourceOf: Map<number, number>;
  pairs: [number, number, DuplicateKind][];
} {
  const target = Math.round(memberCount * rate);
  const taken = new Uint8Array(memberCount);
  const duplicateOf = new Map<number, DuplicateKind>();
  const sourceOf = new Map<number, number>();
  const pairs: [number, number, DuplicateKind][] = [];
  const kinds: DuplicateKind[] = [
    'transfer-not-closed',
    'retyped-diacritics',
    'swapped-day-month',
    'missing-id',
  ];
  for (let attempt = 0; pairs.length < target && attempt < target * 20 && memberCount > 1; attempt++) {
    const later = rng.int(1, memberCount - 1);
    const earlier = later - rng.int(1, Math.min(later, MAX_DUPLICATE_GAP));
    if (taken[later] || taken[earlier]) continue;
    taken[later] = 1;
    taken[earlier] = 1;
    const kind = rng.pick(kinds);
    duplicateOf.set(later, kind);
    sourceOf.set(earlier, later);
    pairs.push([earlier, later, kind]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { duplicateOf, sourceOf, pairs };
}

/** The same person entered again: moved without closing the old record, or retyped by someone else. */
function duplicateRow(
  rng: Random,
  persons: ReturnType<typeof createPersonGenerator>,
  id: string,
  cell: CellContext,
  { source, kind }: PendingDuplicate,
): LegacyMemberRow {
  const facts: PersonFacts = { ...source, dateStyle: rng.chance(0.5) ? source.dateStyle : 'dd/mm/yyyy' };
  const row = persons.toRow(id, cell.code, facts);
  switch (kind) {
    case 'transfer-not-closed':
      break;
    case 'retyped-diacritics': {
      const style = rng.int(0, 2);
      row.HO_TEN =
        style === 0
          ? stripDiacritics(source.fullName)
          : style === 1
            ? (encodeLegacy(source.fullName, 'vni') ?? stripDiacritics(source.fullName))
            : toOldToneStyle(source.fullName) !== source.fullName
              ? toOldToneStyle(source.fullName)
              : stripDiacritics(source.fullName);
      if (rng.chance(0.5)) row.SO_THE_DANG = '';
      break;
    }
    case 'swapped-day-month': {
      const { y, m, d } = source.birth;
      const swapped: SimpleDate = d <= 12 && d !== m ? { y, m: d, d: m } : source.birth;
      row.NGAY_SINH =
        swapped === source.birth
          ? `${String(m).padStart(2, '0')}/${y}`
          : persons.toRow(id, cell.code, { ...facts, birth: swapped, birthPrecision: 'day' }).NGAY_SINH;
      if (rng.chance(0.5)) row.SO_THE_DANG = '';
      break;
    }
    case 'missing-id':
      row.SO_CCCD = '';
      if (rng.chance(0.5)) row.SO_THE_DANG = '';
      break;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown duplicate kind ${String(unreachable)}`);
    }
  }
  return row;
}

/** "Trần Minh Hậu" → "Tran Minh Hau", keeping the case, as typed on a keyboard without Vietnamese input. */
function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
