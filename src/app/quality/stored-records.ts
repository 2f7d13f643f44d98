import { createAdminUnitIndex, type AdminUnitIndex } from '../../core/codes/admin-units.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import type { MemberColumn } from '../../core/import/column-mapping.ts';
import { parseLegacyMember, parseLegacyOrganization } from '../../core/import/parse-legacy-rows.ts';
import { MEMBER_FIELD_NAMES, type MemberFields } from '../../core/members/member.ts';
import type { MemberRecord, OrganizationRecord } from '../../core/quality/record.ts';
import { standardizeMember } from '../../core/quality/standardize-member.ts';
import { standardizeOrganization } from '../../core/quality/standardize-organization.ts';
import type { RuleContext } from '../../core/quality/record.ts';
import { memberColumns } from '../../db/repos/members.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';

/**
 * Stored rows → the records the rules judge.
 *
 * What "raw" means after a person edited a field: `legacy_raw` stays as imported (history), and a field is
 * judged on its legacy value only while its typed column still holds exactly what the import derived from
 * that legacy value (parseLegacyMember). Once the typed value differs (a person edited it, a fix was
 * applied or undone), the field's "raw" value is the current typed value written in legacy form, so every
 * rule judges what is stored now. Right after an import every field is untouched, so the database engine
 * sees exactly the rows the batch `clean` command sees and produces the same findings.
 */

let reference: { codes: CodeLists; adminUnits: AdminUnitIndex } | undefined;

/** The code lists and the admin-unit index, read once per process (the same files as the batch command). */
export function referenceData(): { codes: CodeLists; adminUnits: AdminUnitIndex } {
  if (!reference) {
    const codes = loadCodeLists();
    reference = { codes, adminUnits: createAdminUnitIndex(codes) };
  }
  return reference;
}

/** camelCase member field → column (members.ts owns the table). */
const FIELD_COLUMN = Object.fromEntries(
  MEMBER_FIELD_NAMES.map((f) => [f, Object.keys(memberColumns({ [f]: f === 'fullName' ? '' : null }))[0]!]),
) as Record<keyof MemberFields, string>;

export type MemberRow = Record<string, unknown> & {
  id: number;
  province_code: string;
  org_id: number;
  legacy_id: string | null;
  legacy_raw: unknown;
  version: number;
};

const FIELD_COLUMNS = MEMBER_FIELD_NAMES.map((f) => [f, FIELD_COLUMN[f]] as const);

/**
 * The columns of `members` the member rules read (a MemberRow): the typed fields, the legacy row and the keys.
 * A full re-check reads these only: the name keys and timestamps cost parsing and are never judged.
 */
export const MEMBER_ROW_COLUMNS = [
  'id',
  'province_code',
  'org_id',
  'legacy_id',
  'legacy_raw',
  'version',
  ...FIELD_COLUMNS.map(([, column]) => column),
] as const;

export function memberFieldsOf(row: Record<string, unknown>): MemberFields {
  const fields: Record<string, string | null> = {};
  for (const [f, column] of FIELD_COLUMNS) fields[f] = (row[column] as string | null | undefined) ?? null;
  return fields as unknown as MemberFields;
}

/** Legacy column → the typed fields that hold it. */
export const MEMBER_COLUMN_FIELDS: Partial<Record<MemberColumn, ReadonlyArray<keyof MemberFields>>> = {
  HO_TEN: ['fullName'],
  TEN_GOI_KHAC: ['otherName'],
  GIOI_TINH: ['gender'],
  NGAY_SINH: ['birthDate'],
  NOI_SINH: ['birthPlace'],
  QUE_QUAN: ['hometown'],
  MA_DVHC_QUE_QUAN: ['hometownProvinceCode', 'hometownCommuneCode'],
  THUONG_TRU: ['residence'],
  MA_DVHC_THUONG_TRU: ['residenceProvinceCode', 'residenceCommuneCode'],
  DAN_TOC: ['ethnicityCode'],
  TON_GIAO: ['religion'],
  SO_CCCD: ['citizenId'],
  SO_DIEN_THOAI: ['phone'],
  EMAIL: ['email'],
  NGAY_VAO_DANG: ['admissionDate'],
  NGAY_CHINH_THUC: ['officialDate'],
  SO_THE_DANG: ['partyCardNo'],
  TRINH_DO_GDPT: ['generalEducation'],
  CHUYEN_MON: ['professionalQualification'],
  LY_LUAN_CHINH_TRI: ['politicalTheory'],
  NGHE_NGHIEP: ['occupation'],
  TRANG_THAI: ['status'],
  NGAY_MAT: ['deathDate'],
};

const COLUMN_FIELD_ENTRIES = Object.entries(MEMBER_COLUMN_FIELDS) as Array<
  [MemberColumn, ReadonlyArray<keyof MemberFields>]
>;

/** A typed value written the way a legacy export would carry it (rules parse it back to the same value). */
function legacyForm(column: MemberColumn, fields: MemberFields, codes: CodeLists): string {
  if (column === 'MA_DVHC_QUE_QUAN') return fields.hometownCommuneCode ?? fields.hometownProvinceCode ?? '';
  if (column === 'MA_DVHC_THUONG_TRU')
    return fields.residenceCommuneCode ?? fields.residenceProvinceCode ?? '';
  if (column === 'DAN_TOC') {
    const code = fields.ethnicityCode;
    if (code === null) return '';
    return codes.ethnicities.find((e) => e.code === code)?.name ?? code;
  }
  const field = MEMBER_COLUMN_FIELDS[column]?.[0];
  return field === undefined ? '' : (fields[field] ?? '');
}

/** Where the member's organization stands: the key rules know it by, and where the import had put it. */
export interface MemberOrganizationPlacement {
  /** The rule key of the member's current organization. */
  currentKey: string;
  /** True when the member still sits where the import placed it from its legacy MA_TO_CHUC. */
  asImported: boolean;
}

/**
 * The record the rules judge for a stored member. Its legacy id is the member's database id (as text), so
 * findings map back to rows without a lookup; callers show `legacy_id`.
 */
export function memberRecordFromRow(
  row: MemberRow,
  placement: MemberOrganizationPlacement,
  ctx: RuleContext,
): MemberRecord {
  const fields = memberFieldsOf(row);
  const legacy = (row.legacy_raw as Record<string, string> | null) ?? null;
  const raw: Record<string, string> = {};
  if (legacy) {
    const imported = parseLegacyMember(legacy, ctx.codes, ctx.adminUnits);
    for (const [column, names] of COLUMN_FIELD_ENTRIES) {
      const untouched = names.every((f) => (imported[f] ?? null) === fields[f]);
      raw[column] = untouched ? (legacy[column] ?? '') : legacyForm(column, fields, ctx.codes);
    }
    raw.MA_TO_CHUC = placement.asImported ? (legacy.MA_TO_CHUC ?? '') : placement.currentKey;
  } else {
    for (const [column] of COLUMN_FIELD_ENTRIES) {
      raw[column] = legacyForm(column, fields, ctx.codes);
    }
    raw.MA_TO_CHUC = placement.currentKey;
  }
  raw.MA_DANG_VIEN = String(row.id);
  return standardizeMember(raw, ctx);
}

// ---------------------------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------------------------

export interface OrganizationRow {
  id: number;
  province_code: string;
  parent_id: number | null;
  path: string;
  type: string | null;
  name: string;
  legacy_code: string | null;
  status: string;
  admin_unit_code: string | null;
  legacy_raw: unknown;
  version: number;
}

/** The code rules know an organization by: its legacy code as found, else its 4.0 code, else "#id". */
export function organizationKey(row: Pick<OrganizationRow, 'id' | 'legacy_code' | 'legacy_raw'>): string {
  const legacy = row.legacy_raw as Record<string, string> | null;
  return (legacy?.MA_TO_CHUC ?? '').trim() || row.legacy_code || `#${row.id}`;
}

/** Every organization of a province as the rules see them, plus the maps to go back to rows. */
export interface ProvinceOrganizations {
  provinceCode: string;
  rootId: number | null;
  rows: OrganizationRow[];
  records: OrganizationRecord[];
  keyById: Map<number, string>;
  /** Rule key → the first organization holding it (a repeated code belongs to its first row). */
  idByKey: Map<string, number>;
  byId: Map<number, OrganizationRow>;
}

/**
 * Builds the organization records of a province. A parent is judged on its legacy MA_TO_CHUC_CHA while the
 * organization sits where the import placed it (under the parent that code names, or under the root when
 * the code was missing or looped); once a person moved it, on its current parent.
 */
export function organizationRecordsFromRows(
  provinceCode: string,
  rowsInput: readonly OrganizationRow[],
  ctx: RuleContext,
): ProvinceOrganizations {
  // The row holding a code (legacy_code set) comes before its repeats, as in the package.
  const rows = [...rowsInput].sort(
    (a, b) => Number(a.legacy_code === null) - Number(b.legacy_code === null) || a.id - b.id,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keyById = new Map<number, string>();
  const idByKey = new Map<string, number>();
  for (const row of rows) {
    const key = organizationKey(row);
    keyById.set(row.id, key);
    if (!idByKey.has(key)) idByKey.set(key, row.id);
  }
  const root = rows.find((r) => r.parent_id === null) ?? null;
  const placement = importPlacement(rows, idByKey, root?.id ?? null);
  const records = rows.map((row) => {
    const legacy = (row.legacy_raw as Record<string, string> | null) ?? null;
    const parentKey = row.parent_id === null ? '' : (keyById.get(row.parent_id) ?? `#${row.parent_id}`);
    const raw: Record<string, string> = {};
    if (legacy) {
      const imported = parseLegacyOrganization(legacy, ctx.adminUnits);
      Object.assign(raw, legacy);
      if (imported.name !== row.name) raw.TEN_TO_CHUC = row.name;
      if (imported.type !== row.type) raw.LOAI_TO_CHUC = row.type ?? '';
      if (imported.status !== row.status) raw.TRANG_THAI = row.status;
      if (imported.adminUnitCode !== row.admin_unit_code) raw.MA_DVHC = row.admin_unit_code ?? '';
      if (placement.get(row.id) !== row.parent_id) raw.MA_TO_CHUC_CHA = parentKey;
    } else {
      raw.TEN_TO_CHUC = row.name;
      raw.LOAI_TO_CHUC = row.type ?? '';
      raw.TRANG_THAI = row.status;
      raw.MA_DVHC = row.admin_unit_code ?? '';
      raw.MA_TO_CHUC_CHA = parentKey;
    }
    raw.MA_TO_CHUC = keyById.get(row.id)!;
    return standardizeOrganization(raw, ctx);
  });
  return { provinceCode, rootId: root?.id ?? null, rows, records, keyById, idByKey, byId };
}

/** Where the import put each organization: under the parent its legacy code names when reachable from the root. */
function importPlacement(
  rows: readonly OrganizationRow[],
  idByKey: ReadonlyMap<string, number>,
  rootId: number | null,
): Map<number, number | null> {
  const children = new Map<number, number[]>();
  for (const row of rows) {
    if (row.id === rootId) continue;
    const code = ((row.legacy_raw as Record<string, string> | null)?.MA_TO_CHUC_CHA ?? '').trim();
    const parent = code === '' ? undefined : idByKey.get(code);
    if (parent === undefined || parent === row.id) continue;
    children.set(parent, [...(children.get(parent) ?? []), row.id]);
  }
  const placed = new Map<number, number | null>();
  if (rootId === null) return placed;
  placed.set(rootId, null);
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const child of children.get(id) ?? []) {
      if (placed.has(child)) continue;
      placed.set(child, id);
      stack.push(child);
    }
  }
  for (const row of rows) if (!placed.has(row.id)) placed.set(row.id, rootId);
  return placed;
}
