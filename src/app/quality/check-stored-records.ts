import { sql } from 'kysely';
import { CATALOGUE, isRuleCode, type RuleCode } from '../../core/quality/catalogue.ts';
import type { Finding } from '../../core/quality/finding.ts';
import { parseLegacyDate } from '../../core/members/partial-date.ts';
import type { MemberRecord, OrganizationRecord, RuleContext } from '../../core/quality/record.ts';
import { citizenIdKey, partyCardKey } from '../../core/quality/rules/identifiers.ts';
import type { OrganizationIndex } from '../../core/quality/rules/liveness.ts';
import {
  checkOrganizationMembers,
  type OrganizationMemberCounts,
} from '../../core/quality/rules/organizations.ts';
import { checkMember } from '../../core/quality/run-rules.ts';
import { applySettings, createRuleSettings, type RuleSettings } from '../../core/quality/settings.ts';
import type { Tx } from '../../db/client.ts';
import {
  getRuleSettingsRow,
  writeFindings,
  type ProducedFinding,
  type StoredRuleSettings,
} from '../../db/repos/findings.ts';
import { memberColumns } from '../../db/repos/members.ts';
import { AppError } from '../../core/errors.ts';
import {
  isApplied,
  memberAsFoundChanges,
  memberFixChanges,
  organizationAsFoundChanges,
  organizationFixChanges,
} from './fix-bindings.ts';
import {
  memberFieldsOf,
  memberRecordFromRow,
  organizationKey,
  referenceData,
  type MemberOrganizationPlacement,
  type MemberRow,
} from './stored-records.ts';

/** Rules a member re-check computes across records, separately from the member's own rules. */
export const MEMBER_SHARED_VALUE_RULES = ['CITIZEN_ID_DUPLICATE', 'PARTY_CARD_DUPLICATE'] as const;
/** Rules produced by other processes (matching, register reconciliation): a member's own check keeps them. */
export const MEMBER_EXTERNAL_RULES = [
  'DUPLICATE_PERSON_PROBABLE',
  'RECON_NOT_FOUND',
  'RECON_NAME_MISMATCH',
  'RECON_BIRTH_DATE_MISMATCH',
  'RECON_GENDER_MISMATCH',
] as const;
/** Organization rules that need the members (counted by the database). */
export const ORG_MEMBER_RULES = ['ORG_EMPTY', 'ORG_TOO_FEW_MEMBERS', 'ORG_DISSOLVED_HAS_MEMBERS'] as const;

/** The rule context and settings a check runs with (rule_settings, defaults until a row exists). */
export interface QualityEnv {
  ctx: RuleContext;
  settings: RuleSettings;
  /** Rules switched off: their stored findings are left as they are (and hidden from lists). */
  disabled: string[];
}

export async function loadQualityEnv(tx: Tx): Promise<QualityEnv> {
  return loadQualityEnvFromRow(await getRuleSettingsRow(tx));
}

/** The environment of a stored settings row (null: the defaults). */
export function loadQualityEnvFromRow(row: StoredRuleSettings | null): QualityEnv {
  const disabled = (row?.disabledRules ?? []).filter(isRuleCode);
  const overrides: RuleSettings['severityOverrides'] = {};
  for (const [rule, severity] of Object.entries(row?.severityOverrides ?? {})) {
    if (isRuleCode(rule)) overrides[rule] = severity;
  }
  const settings = createRuleSettings({
    ...(row?.referenceDate ? { referenceDate: row.referenceDate } : {}),
    disabled: new Set<RuleCode>(disabled),
    severityOverrides: overrides,
  });
  const reference = parseLegacyDate(settings.referenceDate);
  if (!reference.ok) throw new RangeError(`invalid reference date ${settings.referenceDate}`);
  const { codes, adminUnits } = referenceData();
  return { ctx: { codes, adminUnits, referenceDate: reference.date }, settings, disabled };
}

export interface RecordRef {
  provinceCode: string;
  recordType: 'organization' | 'member';
  recordId: number;
  orgId: number;
  legacyId: string | null;
}

export function toProduced(
  f: Finding,
  ref: RecordRef,
  applied?: ProducedFinding['applied'],
): ProducedFinding {
  return {
    ...ref,
    rule: f.rule,
    group: CATALOGUE[f.rule].group,
    field: f.field ?? '',
    severity: f.severity,
    value: f.value,
    suggested: f.suggested,
    applied,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------------------

export interface MemberCheckResult {
  record: MemberRecord;
  produced: ProducedFinding[];
  /** Typed fields changed by safe fixes (only when asked to apply them). */
  fixes: Record<string, string | null>;
}

/**
 * A member's own rules (everything but the cross-record and external ones). A fix whose suggestion already
 * is in the typed fields is marked applied; with `applySafeFixes` (import) the other safe fixes are applied
 * too, and the caller writes `fixes` to the row.
 */
export function checkStoredMember(
  row: MemberRow,
  placement: MemberOrganizationPlacement,
  organizations: OrganizationIndex,
  env: QualityEnv,
  options: { applySafeFixes: boolean },
): MemberCheckResult {
  const record = memberRecordFromRow(row, placement, env.ctx);
  const findings = applySettings(checkMember(record, env.ctx, organizations), env.settings);
  const fields = memberFieldsOf(row) as unknown as Record<string, unknown>;
  const current: Record<string, unknown> = { ...fields };
  const fixes: Record<string, string | null> = {};
  const ref: RecordRef = {
    provinceCode: row.province_code,
    recordType: 'member',
    recordId: row.id,
    orgId: row.org_id,
    legacyId: row.legacy_id,
  };
  const produced = findings.map((f) => {
    if (f.severity !== 'fix') return toProduced(f, ref);
    const changes = memberFixChanges(f.rule, f.field ?? '', f.suggested);
    if (!changes) return toProduced(f, ref);
    if (!isApplied(changes, current)) {
      if (!options.applySafeFixes) return toProduced(f, ref);
      Object.assign(current, changes);
      Object.assign(fixes, changes);
    }
    return toProduced(f, ref, {
      oldValue: f.value,
      undo: memberAsFoundChanges(f.rule, f.field ?? '', f.value),
    });
  });
  return { record, produced, fixes };
}

/**
 * The safe fixes of a chunk of members in one statement (the full re-check): the same change as
 * updateMemberFields row by row (columns, name keys, version + 1, compare-and-set on the version), without a
 * statement per member. VERSION_CONFLICT when a member was saved in between. Returns each fixed member's new
 * row version (xmin).
 */
export async function writeMemberFixesBatch(
  tx: Tx,
  items: ReadonlyArray<{ row: MemberRow; fixes: Record<string, string | null> }>,
): Promise<Map<number, string>> {
  const changes = items
    .filter((i) => Object.keys(i.fixes).length > 0)
    .map((i) => ({ id: i.row.id, version: i.row.version, c: memberColumns(i.fixes) }));
  if (changes.length === 0) return new Map();
  const columns = [...new Set(changes.flatMap((c) => Object.keys(c.c)))].sort();
  const result = await sql<{ id: string; row_xmin: string }>`UPDATE members m SET
      ${sql.join(
        columns.map(
          (col) => sql`${sql.ref(col)} = CASE WHEN p.c ? ${col} THEN p.c->>${col} ELSE m.${sql.ref(col)} END`,
        ),
      )},
      version = m.version + 1, updated_at = ${new Date()}
    FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) AS p(id bigint, version integer, c jsonb)
    WHERE m.id = p.id AND m.version = p.version
    RETURNING m.id, m.xmin::text AS row_xmin`.execute(tx);
  if (result.rows.length !== changes.length) {
    throw new AppError('VERSION_CONFLICT', { entity: 'member' });
  }
  return new Map(result.rows.map((r) => [Number(r.id), r.row_xmin]));
}

const MEMBER_ROW_SELECT = sql`
  m.*, o.type AS org_type, o.status AS org_status, o.legacy_code AS org_legacy_code,
  o.legacy_raw AS org_legacy_raw,
  (SELECT r.id FROM organizations r WHERE r.province_code = m.province_code
     AND r.legacy_code = btrim(m.legacy_raw->>'MA_TO_CHUC') LIMIT 1) AS raw_org_id,
  (SELECT r.id FROM organizations r WHERE r.province_code = m.province_code AND r.parent_id IS NULL
     ORDER BY r.id LIMIT 1) AS root_id,
  EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id AND c.type IN ('CBCS', 'CBTT')) AS has_cell_children`;

type LoadedMemberRow = MemberRow & {
  org_type: string | null;
  org_status: string;
  org_legacy_code: string | null;
  org_legacy_raw: unknown;
  raw_org_id: number | null;
  root_id: number | null;
  has_cell_children: boolean;
};

async function loadMemberRows(tx: Tx, ids: readonly number[]): Promise<LoadedMemberRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<LoadedMemberRow>`SELECT ${MEMBER_ROW_SELECT}
    FROM members m JOIN organizations o ON o.id = m.org_id
    WHERE m.id IN (${sql.join(ids.map((id) => sql`${id}`))})`.execute(tx);
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    org_id: Number(r.org_id),
    raw_org_id: r.raw_org_id === null ? null : Number(r.raw_org_id),
    root_id: r.root_id === null ? null : Number(r.root_id),
  }));
}

/** What the member was before a save: the cross-record rules re-check its old values too. */
export interface MemberBefore {
  citizenId: string | null;
  partyCardNo: string | null;
  orgId: number;
}

export interface RecheckMembersInput {
  memberIds: readonly number[];
  before?: readonly MemberBefore[];
  /** Who closes findings that disappear (null: automatic). */
  actorId: number | null;
}

/**
 * The incremental re-check of saved members, in the caller's transaction (the same one as the save):
 * each member's own rules, then CITIZEN_ID_DUPLICATE / PARTY_CARD_DUPLICATE for every holder of the old
 * and new values, then the member-count rules of the old and new chi bộ.
 */
export async function recheckMembers(tx: Tx, input: RecheckMembersInput, envIn?: QualityEnv): Promise<void> {
  if (input.memberIds.length === 0) return;
  const env = envIn ?? (await loadQualityEnv(tx));
  const rows = await loadMemberRows(tx, input.memberIds);
  const produced: ProducedFinding[] = [];
  const citizenKeys = new Map<string, Set<string>>();
  const cardKeys = new Map<string, Set<string>>();
  const orgIds = new Set<number>(input.before?.map((b) => b.orgId) ?? []);
  const addKey = (map: Map<string, Set<string>>, province: string, key: string | null) => {
    if (key === null) return;
    map.set(province, (map.get(province) ?? new Set()).add(key));
  };
  for (const row of rows) {
    const orgKey = organizationKey({
      id: row.org_id,
      legacy_code: row.org_legacy_code,
      legacy_raw: row.org_legacy_raw,
    });
    const asImported = row.org_id === (row.raw_org_id ?? row.root_id);
    const index: OrganizationIndex = new Map([
      [
        orgKey,
        {
          legacyId: orgKey,
          type: row.org_type ?? '',
          status: row.org_status,
          hasCellChildren: row.has_cell_children,
        },
      ],
    ]);
    const result = checkStoredMember(row, { currentKey: orgKey, asImported }, index, env, {
      applySafeFixes: false,
    });
    produced.push(...result.produced);
    addKey(citizenKeys, row.province_code, citizenIdKey(result.record.values));
    addKey(cardKeys, row.province_code, partyCardKey(result.record.values));
    orgIds.add(row.org_id);
  }
  const province = rows[0]?.province_code;
  for (const b of input.before ?? []) {
    if (province === undefined) break;
    addKey(citizenKeys, province, citizenIdKey({ citizenId: b.citizenId ?? '' }));
    addKey(cardKeys, province, partyCardKey({ partyCardNo: b.partyCardNo ?? '' }));
  }
  const except = [...MEMBER_SHARED_VALUE_RULES, ...MEMBER_EXTERNAL_RULES, ...env.disabled];
  await writeFindings(
    tx,
    { recordType: 'member', recordIds: rows.map((r) => r.id), exceptRules: except },
    produced,
    input.actorId,
  );
  await recheckSharedValues(tx, 'CITIZEN_ID_DUPLICATE', citizenKeys, input.memberIds, env, input.actorId);
  await recheckSharedValues(tx, 'PARTY_CARD_DUPLICATE', cardKeys, input.memberIds, env, input.actorId);
  await recheckOrganizationMembers(tx, [...orgIds], env, input.actorId);
}

/**
 * CITIZEN_ID_DUPLICATE / PARTY_CARD_DUPLICATE for the holders of some values: every member of the province
 * holding one of them (found through the column's index) gets the finding when two or more hold it, and
 * loses it otherwise. `alsoIds` (the saved members) lose it when they no longer hold any.
 */
export async function recheckSharedValues(
  tx: Tx,
  rule: 'CITIZEN_ID_DUPLICATE' | 'PARTY_CARD_DUPLICATE',
  keysByProvince: ReadonlyMap<string, ReadonlySet<string>>,
  alsoIds: readonly number[],
  env: QualityEnv,
  actorId: number | null,
): Promise<void> {
  if (env.disabled.includes(rule)) return;
  const { column } = SHARED_VALUE_COLUMNS[rule];
  const target = new Set<number>(alsoIds);
  const produced: ProducedFinding[] = [];
  for (const [province, keys] of keysByProvince) {
    if (keys.size === 0) continue;
    const { rows } = await sql<{
      id: number;
      org_id: number;
      legacy_id: string | null;
      value: string;
      key: string;
    }>`SELECT m.id, m.org_id, m.legacy_id, m.${sql.ref(column)} AS key, ${sharedValueShown(rule)} AS value
      FROM members m WHERE m.province_code = ${province} AND m.merged_into_id IS NULL
        AND m.${sql.ref(column)} IN (${sql.join([...keys].map((k) => sql`${k}`))})`.execute(tx);
    const byKey = new Map<string, typeof rows>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    for (const holders of byKey.values()) {
      for (const h of holders) target.add(Number(h.id));
      if (holders.length < 2) continue;
      for (const h of holders) {
        produced.push(
          sharedValueFinding(
            rule,
            {
              provinceCode: province,
              id: Number(h.id),
              orgId: Number(h.org_id),
              legacyId: h.legacy_id,
              value: h.value,
            },
            env,
          ),
        );
      }
    }
  }
  await writeFindings(
    tx,
    { recordType: 'member', recordIds: [...target], onlyRules: [rule] },
    produced,
    actorId,
  );
}

/** Where a shared-value rule reads its value: the typed column and the legacy column it came from. */
export const SHARED_VALUE_COLUMNS = {
  CITIZEN_ID_DUPLICATE: { column: 'citizen_id', legacyColumn: 'SO_CCCD' },
  PARTY_CARD_DUPLICATE: { column: 'party_card_no', legacyColumn: 'SO_THE_DANG' },
} as const;

/**
 * The value a shared-value finding shows for a member row (alias `m`): the legacy value as typed while it still
 * stands for the typed one (separators aside), else the typed value.
 */
export function sharedValueShown(rule: 'CITIZEN_ID_DUPLICATE' | 'PARTY_CARD_DUPLICATE') {
  const { column, legacyColumn } = SHARED_VALUE_COLUMNS[rule];
  return sql<string>`CASE WHEN regexp_replace(coalesce(m.legacy_raw->>${legacyColumn}, ''), '[\\s.-]', '', 'g') = m.${sql.ref(column)}
    THEN m.legacy_raw->>${legacyColumn} ELSE m.${sql.ref(column)} END`;
}

export function sharedValueFinding(
  rule: 'CITIZEN_ID_DUPLICATE' | 'PARTY_CARD_DUPLICATE',
  holder: { provinceCode: string; id: number; orgId: number; legacyId: string | null; value: string },
  env: QualityEnv,
): ProducedFinding {
  return {
    provinceCode: holder.provinceCode,
    recordType: 'member',
    recordId: holder.id,
    orgId: holder.orgId,
    legacyId: holder.legacyId,
    rule,
    group: 'ID',
    field: rule === 'CITIZEN_ID_DUPLICATE' ? 'SO_CCCD' : 'SO_THE_DANG',
    severity: env.settings.severityOverrides[rule] ?? 'error',
    value: holder.value,
    suggested: null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Organizations
// ---------------------------------------------------------------------------------------------------------

interface OrgCountRow {
  id: number;
  province_code: string;
  type: string | null;
  status: string;
  legacy_code: string | null;
  legacy_raw: unknown;
  active: number;
  official: number;
  has_active_child: boolean;
  /** A second row repeating a legacy code (ORG_CODE_DUPLICATE): the rules judge the first row only. */
  is_repeat: boolean;
}

/**
 * Member counts of organizations. "Official" = Chính thức without a date of death; a death date found in
 * the legacy row but unreadable still counts as one (samples/README.md), as the batch command does.
 */
export async function loadOrganizationCounts(
  tx: Tx,
  where: { ids: readonly number[] } | { provinceCode: string },
): Promise<OrgCountRow[]> {
  const filter =
    'ids' in where
      ? sql`o.id IN (${sql.join(where.ids.map((id) => sql`${id}`))})`
      : sql`o.province_code = ${where.provinceCode}`;
  if ('ids' in where && where.ids.length === 0) return [];
  const { rows } = await sql<OrgCountRow>`
    SELECT o.id, o.province_code, o.type, o.status, o.legacy_code, o.legacy_raw,
      coalesce(c.active, 0)::int AS active, coalesce(c.official, 0)::int AS official,
      EXISTS (SELECT 1 FROM organizations k WHERE k.parent_id = o.id AND k.status = 'HOAT_DONG') AS has_active_child,
      (o.legacy_code IS NULL AND EXISTS (SELECT 1 FROM organizations f WHERE f.province_code = o.province_code
         AND f.legacy_code = btrim(o.legacy_raw->>'MA_TO_CHUC'))) AS is_repeat
    FROM organizations o
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE m.status IN ('CHINH_THUC', 'DU_BI', 'MIEN_SINH_HOAT')) AS active,
             count(*) FILTER (WHERE m.status = 'CHINH_THUC' AND m.death_date IS NULL
               AND btrim(coalesce(m.legacy_raw->>'NGAY_MAT', '')) = '') AS official
      FROM members m WHERE m.org_id = o.id AND m.merged_into_id IS NULL) c ON true
    WHERE ${filter}`.execute(tx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** ORG_EMPTY / ORG_TOO_FEW_MEMBERS / ORG_DISSOLVED_HAS_MEMBERS of some organizations, from database counts. */
export async function recheckOrganizationMembers(
  tx: Tx,
  orgIds: readonly number[],
  env: QualityEnv,
  actorId: number | null,
): Promise<void> {
  if (orgIds.length === 0) return;
  const rows = await loadOrganizationCounts(tx, { ids: orgIds });
  const produced = organizationMemberFindings(rows, env);
  const rules = ORG_MEMBER_RULES.filter((r) => !env.disabled.includes(r));
  await writeFindings(
    tx,
    { recordType: 'organization', recordIds: rows.map((r) => r.id), onlyRules: rules },
    produced,
    actorId,
  );
}

export function organizationMemberFindings(rows: readonly OrgCountRow[], env: QualityEnv): ProducedFinding[] {
  const out: ProducedFinding[] = [];
  for (const row of rows) {
    if (row.is_repeat) continue;
    const key = organizationKey(row);
    const legacy = (row.legacy_raw as Record<string, string> | null) ?? null;
    const record: OrganizationRecord = {
      legacyId: key,
      raw: { TRANG_THAI: legacy?.TRANG_THAI ?? row.status },
      values: {
        legacyId: key,
        name: '',
        type: row.type ?? '',
        parentLegacyId: '',
        provinceCode: row.province_code,
        communeCode: '',
        status: row.status,
      },
    };
    // An active child marks the organization as not empty (the rule reads children from the records).
    const child: OrganizationRecord[] = row.has_active_child
      ? [
          {
            legacyId: `${key}#child`,
            raw: {},
            values: {
              ...record.values,
              legacyId: `${key}#child`,
              parentLegacyId: key,
              type: '',
              status: 'HOAT_DONG',
            },
          },
        ]
      : [];
    const counts = new Map<string, OrganizationMemberCounts>([
      [key, { active: row.active, official: row.official }],
    ]);
    const findings = applySettings(checkOrganizationMembers([record, ...child], counts), env.settings);
    const ref: RecordRef = {
      provinceCode: row.province_code,
      recordType: 'organization',
      recordId: row.id,
      orgId: row.id,
      legacyId: row.legacy_code,
    };
    for (const f of findings) if (f.legacyId === key) out.push(toProduced(f, ref));
  }
  return out;
}

/** An organization finding with its fix state (see checkStoredMember). */
export function organizationProduced(
  f: Finding,
  row: {
    id: number;
    province_code: string;
    legacy_code: string | null;
    name: string;
    admin_unit_code: string | null;
  },
): { produced: ProducedFinding; rename: string | null } {
  const ref: RecordRef = {
    provinceCode: row.province_code,
    recordType: 'organization',
    recordId: row.id,
    orgId: row.id,
    legacyId: row.legacy_code,
  };
  if (f.severity !== 'fix') return { produced: toProduced(f, ref), rename: null };
  const changes = organizationFixChanges(f.field ?? '', f.suggested);
  if (!changes) return { produced: toProduced(f, ref), rename: null };
  const applied = {
    oldValue: f.value,
    undo: organizationAsFoundChanges(f.field ?? '', f.value),
  };
  const current = { name: row.name, adminUnitCode: row.admin_unit_code };
  if (isApplied(changes, current)) return { produced: toProduced(f, ref, applied), rename: null };
  return { produced: toProduced(f, ref), rename: changes.name ?? null };
}
