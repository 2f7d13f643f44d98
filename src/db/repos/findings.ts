import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../client.ts';
import type { FindingsTable } from '../schema.ts';
import { orgInScope, orgInSubtree, type Scope } from './scope.ts';

export type FindingStatus = 'open' | 'fixed' | 'dismissed';
export type FindingRecordType = 'organization' | 'member';
export type FindingSeverity = 'error' | 'warning' | 'fix';

/** A finding as the engine produced it for one stored record, ready to be written. */
export interface ProducedFinding {
  provinceCode: string;
  recordType: FindingRecordType;
  recordId: number;
  orgId: number;
  legacyId: string | null;
  rule: string;
  group: string;
  /** '' when the rule is about the whole record. */
  field: string;
  severity: FindingSeverity;
  value: string;
  suggested: string | null;
  /**
   * A fix whose suggestion already is in the typed columns (applied on import, or accepted): stored as
   * fixed. `undo` holds the typed fields that restore the value as found.
   */
  applied?: { undo: Record<string, unknown> | null; oldValue: string } | undefined;
}

/** Which stored findings a write replaces: the findings of these records, for these rules. */
export interface FindingWriteTarget {
  recordType: FindingRecordType;
  recordIds: readonly number[];
  /** Only these rules (cross-record re-checks). */
  onlyRules?: readonly string[];
  /** Every rule but these (rules computed elsewhere, or switched off). */
  exceptRules?: readonly string[];
}

export interface FindingWriteResult {
  inserted: number;
  updated: number;
  closed: number;
}

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const findingKey = (recordId: number, rule: string, field: string) => `${recordId}|${rule}|${field}`;

interface ExistingFinding {
  id: number;
  record_id: number;
  rule: string;
  field: string;
  status: FindingStatus;
  severity: string;
  value: string;
  suggested: string | null;
  org_id: number;
}

/**
 * Replaces the findings of a set of records with what the rules produce now, in the caller's transaction:
 * a produced finding is inserted or updated in place (one row per record, rule and field); a dismissed one
 * stays dismissed while it is still produced; a fix already in the typed columns is stored as fixed; a
 * stored open or dismissed finding that is no longer produced is closed as fixed (by `actorId`, or
 * automatically when null). Rows whose content did not change are not written.
 */
export async function writeFindings(
  tx: Tx,
  target: FindingWriteTarget,
  produced: readonly ProducedFinding[],
  actorId: number | null,
): Promise<FindingWriteResult> {
  const result: FindingWriteResult = { inserted: 0, updated: 0, closed: 0 };
  if (target.recordIds.length === 0) return result;
  const existing = new Map<string, ExistingFinding>();
  for (const ids of chunks(target.recordIds, 5000)) {
    let query = tx
      .selectFrom('findings')
      .select(['id', 'record_id', 'rule', 'field', 'status', 'severity', 'value', 'suggested', 'org_id'])
      .where('record_type', '=', target.recordType)
      .where('record_id', 'in', ids);
    if (target.onlyRules) query = query.where('rule', 'in', [...target.onlyRules]);
    if (target.exceptRules && target.exceptRules.length > 0)
      query = query.where('rule', 'not in', [...target.exceptRules]);
    for (const row of await query.execute()) {
      existing.set(findingKey(row.record_id, row.rule, row.field), row);
    }
  }
  const now = new Date();
  const upserts: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  for (const f of produced) {
    const key = findingKey(f.recordId, f.rule, f.field);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = existing.get(key);
    existing.delete(key);
    const status: FindingStatus = f.applied ? 'fixed' : old?.status === 'dismissed' ? 'dismissed' : 'open';
    if (
      old &&
      old.status === status &&
      old.severity === f.severity &&
      old.value === f.value &&
      old.suggested === f.suggested &&
      old.org_id === f.orgId
    ) {
      continue;
    }
    if (old) result.updated++;
    else result.inserted++;
    upserts.push({
      province_code: f.provinceCode,
      record_type: f.recordType,
      record_id: f.recordId,
      org_id: f.orgId,
      legacy_id: f.legacyId,
      rule: f.rule,
      rule_group: f.group,
      field: f.field,
      severity: f.severity,
      status,
      value: f.value,
      suggested: f.suggested,
      old_value: f.applied ? f.applied.oldValue : null,
      undo: f.applied?.undo ?? null,
      resolved_at: status === 'fixed' ? now : null,
      checked_at: now,
    });
  }
  // One statement each, whatever the number of rows: the rows travel as one JSON parameter.
  if (upserts.length > 0) {
    await sql`INSERT INTO findings (province_code, record_type, record_id, org_id, legacy_id, rule, rule_group,
        field, severity, status, value, suggested, old_value, undo, resolved_at, checked_at)
      SELECT r.province_code, r.record_type, r.record_id, r.org_id, r.legacy_id, r.rule, r.rule_group, r.field,
        r.severity, r.status, r.value, r.suggested, r.old_value, r.undo, r.resolved_at, r.checked_at
      FROM jsonb_to_recordset(${JSON.stringify(upserts)}::jsonb) AS r(province_code text, record_type text,
        record_id bigint, org_id bigint, legacy_id text, rule text, rule_group text, field text, severity text,
        status text, value text, suggested text, old_value text, undo jsonb, resolved_at timestamptz,
        checked_at timestamptz)
      ON CONFLICT (record_type, record_id, rule, field) DO UPDATE SET
        province_code = excluded.province_code,
        org_id = excluded.org_id,
        legacy_id = excluded.legacy_id,
        rule_group = excluded.rule_group,
        severity = excluded.severity,
        value = excluded.value,
        suggested = excluded.suggested,
        checked_at = excluded.checked_at,
        -- Who resolved it and how to undo it survive while the status stays; a reopened finding has neither.
        resolved_by = CASE WHEN excluded.status = findings.status THEN findings.resolved_by ELSE NULL END,
        resolved_at = CASE WHEN excluded.status = findings.status THEN findings.resolved_at ELSE excluded.resolved_at END,
        old_value = CASE WHEN excluded.status = 'open' THEN NULL ELSE coalesce(findings.old_value, excluded.old_value) END,
        undo = CASE WHEN excluded.status = 'open' THEN NULL ELSE coalesce(findings.undo, excluded.undo) END,
        batch_id = CASE WHEN excluded.status = 'open' THEN NULL ELSE findings.batch_id END,
        dismiss_reason = CASE WHEN excluded.status = 'dismissed' THEN findings.dismiss_reason ELSE NULL END,
        status = excluded.status`.execute(tx);
  }
  const toClose = [...existing.values()].filter((e) => e.status !== 'fixed').map((e) => Number(e.id));
  if (toClose.length > 0) {
    await sql`UPDATE findings SET status = 'fixed', resolved_by = ${actorId}, resolved_at = ${now}, checked_at = ${now}
      WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(toClose)}::jsonb)::bigint)`.execute(tx);
  }
  result.closed = toClose.length;
  return result;
}

/** Marks how a fix was applied by a person (before the re-check closes it): old value, undo, bulk batch. */
export async function recordAppliedFix(
  tx: Tx,
  id: number,
  input: { oldValue: string; undo: Record<string, unknown>; batchId: string | null },
): Promise<void> {
  await tx
    .updateTable('findings')
    .set({ old_value: input.oldValue, undo: JSON.stringify(input.undo), batch_id: input.batchId })
    .where('id', '=', id)
    .execute();
}

export async function setFindingStatus(
  tx: Tx,
  id: number,
  input: { status: FindingStatus; actorId: number | null; dismissReason?: string | null },
): Promise<void> {
  await tx
    .updateTable('findings')
    .set({
      status: input.status,
      resolved_by: input.status === 'open' ? null : input.actorId,
      resolved_at: input.status === 'open' ? null : new Date(),
      dismiss_reason: input.status === 'dismissed' ? (input.dismissReason ?? null) : null,
      ...(input.status === 'open' ? { undo: null, batch_id: null, old_value: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Reads. Every read is scoped: a finding is visible when its organization is inside the caller's scope.
// ---------------------------------------------------------------------------------------------------------

export interface StoredFinding {
  id: number;
  provinceCode: string;
  recordType: FindingRecordType;
  recordId: number;
  orgId: number;
  orgName: string;
  legacyId: string | null;
  rule: string;
  group: string;
  field: string;
  severity: FindingSeverity;
  status: FindingStatus;
  value: string;
  suggested: string | null;
  oldValue: string | null;
  undo: Record<string, unknown> | null;
  batchId: string | null;
  resolvedBy: number | null;
  resolvedAt: string | null;
  dismissReason: string | null;
  firstSeenAt: string;
  checkedAt: string;
}

type FindingRow = Omit<FindingsTable, 'undo'> & { undo: unknown; org_name: string };

function toStoredFinding(row: Record<string, unknown>): StoredFinding {
  const r = row as unknown as FindingRow & {
    id: number;
    field: string;
    value: string;
    first_seen_at: Date | string;
    checked_at: Date | string;
    status: FindingStatus;
  };
  const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: Number(r.id),
    provinceCode: r.province_code,
    recordType: r.record_type,
    recordId: Number(r.record_id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    legacyId: r.legacy_id,
    rule: r.rule,
    group: r.rule_group,
    field: r.field,
    severity: r.severity,
    status: r.status,
    value: r.value,
    suggested: r.suggested,
    oldValue: r.old_value,
    undo: (r.undo as Record<string, unknown> | null) ?? null,
    batchId: r.batch_id,
    resolvedBy: r.resolved_by === null ? null : Number(r.resolved_by),
    resolvedAt: iso(r.resolved_at as unknown as Date | string | null),
    dismissReason: r.dismiss_reason,
    firstSeenAt: iso(r.first_seen_at)!,
    checkedAt: iso(r.checked_at)!,
  };
}

function scopedFindings(tx: Tx, scope: Scope) {
  return tx
    .selectFrom('findings as f')
    .innerJoin('organizations as o', 'o.id', 'f.org_id')
    .where(orgInScope(scope, 'o'));
}

/** One finding if its organization is inside the scope; NOT_FOUND otherwise. */
export async function getFinding(tx: Tx, scope: Scope, id: number): Promise<StoredFinding> {
  const row = await scopedFindings(tx, scope)
    .selectAll('f')
    .select('o.name as org_name')
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'finding', id });
  return toStoredFinding(row);
}

export interface FindingListQuery {
  /** The subtree's root path (the caller checked that the organization is in scope). */
  orgPath: string;
  group?: string | undefined;
  rule?: string | undefined;
  status?: FindingStatus | undefined;
  severity?: FindingSeverity | undefined;
  recordType?: FindingRecordType | undefined;
  recordId?: number | undefined;
  /** Rules switched off in the settings: not listed. */
  hiddenRules?: readonly string[];
  page: number;
  pageSize: number;
}

function filtered(tx: Tx, scope: Scope, q: Omit<FindingListQuery, 'page' | 'pageSize'>) {
  let base = scopedFindings(tx, scope).where(orgInSubtree(q.orgPath, 'o'));
  if (q.group) base = base.where('f.rule_group', '=', q.group);
  if (q.rule) base = base.where('f.rule', '=', q.rule);
  if (q.status) base = base.where('f.status', '=', q.status);
  if (q.severity) base = base.where('f.severity', '=', q.severity);
  if (q.recordType) base = base.where('f.record_type', '=', q.recordType);
  if (q.recordId !== undefined) base = base.where('f.record_id', '=', q.recordId);
  if (q.hiddenRules && q.hiddenRules.length > 0) base = base.where('f.rule', 'not in', [...q.hiddenRules]);
  return base;
}

export async function listFindings(tx: Tx, scope: Scope, q: FindingListQuery) {
  const base = filtered(tx, scope, q);
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll('f')
    .select('o.name as org_name')
    .orderBy('f.record_type', 'desc')
    .orderBy('f.record_id')
    .orderBy('f.rule')
    .orderBy('f.field')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total, items: rows.map(toStoredFinding) };
}

/** The findings of one record (shown next to its fields); the caller checked the record's scope. */
export async function listRecordFindings(
  tx: Tx,
  scope: Scope,
  recordType: FindingRecordType,
  recordId: number,
  hiddenRules: readonly string[] = [],
): Promise<StoredFinding[]> {
  let query = scopedFindings(tx, scope)
    .selectAll('f')
    .select('o.name as org_name')
    .where('f.record_type', '=', recordType)
    .where('f.record_id', '=', recordId);
  if (hiddenRules.length > 0) query = query.where('f.rule', 'not in', [...hiddenRules]);
  const rows = await query.orderBy('f.field').orderBy('f.rule').execute();
  return rows.map(toStoredFinding);
}

export interface FindingCount {
  group: string;
  rule: string;
  severity: string;
  status: FindingStatus;
  count: number;
}

/** Counts per group, rule, severity and status in a subtree (dashboards). */
export async function countFindings(
  tx: Tx,
  scope: Scope,
  orgPath: string,
  hiddenRules: readonly string[] = [],
): Promise<FindingCount[]> {
  let query = scopedFindings(tx, scope).where(orgInSubtree(orgPath, 'o'));
  if (hiddenRules.length > 0) query = query.where('f.rule', 'not in', [...hiddenRules]);
  const rows = await query
    .select([
      'f.rule_group as group',
      'f.rule as rule',
      'f.severity as severity',
      'f.status as status',
      sql<number>`count(*)::int`.as('count'),
    ])
    .groupBy(['f.rule_group', 'f.rule', 'f.severity', 'f.status'])
    .orderBy('f.rule_group')
    .orderBy('f.rule')
    .execute();
  return rows;
}

/** Open findings of one rule with a suggestion, in a subtree, in record order (bulk acceptance). */
export async function listAcceptableFindings(
  tx: Tx,
  scope: Scope,
  q: { orgPath: string; rule: string; afterId?: number; limit: number },
): Promise<StoredFinding[]> {
  const rows = await scopedFindings(tx, scope)
    .where(orgInSubtree(q.orgPath, 'o'))
    .selectAll('f')
    .select('o.name as org_name')
    .where('f.rule', '=', q.rule)
    .where('f.status', '=', 'open')
    .where('f.suggested', 'is not', null)
    .where('f.suggested', '<>', '')
    .where('f.suggested', 'not like', '% | %')
    .where('f.id', '>', q.afterId ?? 0)
    .orderBy('f.id')
    .limit(q.limit)
    .execute();
  return rows.map(toStoredFinding);
}

export async function countAcceptableFindings(
  tx: Tx,
  scope: Scope,
  q: { orgPath: string; rule: string },
): Promise<number> {
  const row = await scopedFindings(tx, scope)
    .where(orgInSubtree(q.orgPath, 'o'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('f.rule', '=', q.rule)
    .where('f.status', '=', 'open')
    .where('f.suggested', 'is not', null)
    .where('f.suggested', '<>', '')
    .where('f.suggested', 'not like', '% | %')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The findings fixed by one bulk acceptance, inside the scope. */
export async function listBatchFindings(tx: Tx, scope: Scope, batchId: string): Promise<StoredFinding[]> {
  const rows = await scopedFindings(tx, scope)
    .selectAll('f')
    .select('o.name as org_name')
    .where('f.batch_id', '=', batchId)
    .orderBy('f.id')
    .execute();
  return rows.map(toStoredFinding);
}

// ---------------------------------------------------------------------------------------------------------
// Rule settings (one global row until campaigns exist).
// ---------------------------------------------------------------------------------------------------------

export interface StoredRuleSettings {
  referenceDate: string | null;
  disabledRules: string[];
  severityOverrides: Record<string, 'error' | 'warning'>;
  version: number;
  updatedBy: number | null;
  updatedAt: string | null;
}

/**
 * The rule settings in force: the open campaign's own row (a campaign sets its rules in force and its reference
 * date), else the standing row (campaign_id NULL) used between campaigns. Null: the defaults.
 */
export async function getRuleSettingsRow(tx: Tx): Promise<StoredRuleSettings | null> {
  const row = await inForce(tx).selectAll('rule_settings').executeTakeFirst();
  if (!row) return null;
  return {
    referenceDate: row.reference_date,
    disabledRules: row.disabled_rules,
    severityOverrides: (row.severity_overrides as Record<string, 'error' | 'warning'> | null) ?? {},
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const inForce = (tx: Tx) =>
  tx
    .selectFrom('rule_settings')
    .where((eb) =>
      eb.or([
        eb('campaign_id', 'is', null),
        eb('campaign_id', '=', sql<number>`(SELECT id FROM campaigns WHERE status = 'open' LIMIT 1)`),
      ]),
    )
    // The open campaign's row first; the standing row when the campaign has none.
    .orderBy(sql`rule_settings.campaign_id IS NULL`)
    .limit(1);

/** A campaign's own rule settings row (created with the campaign, from the settings in force then). */
export async function insertCampaignRuleSettings(
  tx: Tx,
  input: {
    campaignId: number;
    referenceDate: string;
    disabledRules: readonly string[];
    severityOverrides: Record<string, string>;
    actorId: number;
  },
): Promise<number> {
  const row = await tx
    .insertInto('rule_settings')
    .values({
      campaign_id: input.campaignId,
      reference_date: input.referenceDate,
      disabled_rules: [...input.disabledRules],
      severity_overrides: JSON.stringify(input.severityOverrides),
      updated_by: input.actorId,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A campaign's settings follow its edits: its reference date, and its rules in force when given. */
export async function updateCampaignRuleSettings(
  tx: Tx,
  input: { campaignId: number; referenceDate: string; disabledRules?: readonly string[]; actorId: number },
): Promise<void> {
  await tx
    .updateTable('rule_settings')
    .set({
      reference_date: input.referenceDate,
      ...(input.disabledRules ? { disabled_rules: [...input.disabledRules] } : {}),
      updated_by: input.actorId,
      updated_at: new Date(),
      version: sql`version + 1`,
    })
    .where('campaign_id', '=', input.campaignId)
    .execute();
}

/**
 * Writes the settings in force (the open campaign's row, else the standing row); VERSION_CONFLICT when someone
 * saved in between.
 */
export async function saveRuleSettingsRow(
  tx: Tx,
  input: {
    referenceDate: string | null;
    disabledRules: string[];
    severityOverrides: Record<string, string>;
    expectedVersion: number;
    actorId: number;
  },
): Promise<void> {
  const current = await inForce(tx)
    .select(['rule_settings.id', 'rule_settings.version'])
    .forUpdate()
    .executeTakeFirst();
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== input.expectedVersion) {
    throw new AppError('VERSION_CONFLICT', { entity: 'rule_settings' });
  }
  const values = {
    reference_date: input.referenceDate,
    disabled_rules: input.disabledRules,
    severity_overrides: JSON.stringify(input.severityOverrides),
    updated_by: input.actorId,
    updated_at: new Date(),
  };
  if (current) {
    await tx
      .updateTable('rule_settings')
      .set({ ...values, version: sql`version + 1` })
      .where('id', '=', current.id)
      .execute();
  } else {
    await tx.insertInto('rule_settings').values(values).execute();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Full re-check runs (restartable: the cursor is written in the same transaction as a chunk's findings).
// ---------------------------------------------------------------------------------------------------------

export interface QualityRun {
  id: number;
  provinceCode: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: 'organizations' | 'members' | 'cross' | 'done';
  currentProvince: string | null;
  cursor: number;
  done: number;
  total: number;
  applySafeFixes: boolean;
  error: string | null;
  requestedBy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function toQualityRun(row: Record<string, unknown>): QualityRun {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  return {
    id: Number(row.id),
    provinceCode: (row.province_code as string | null) ?? null,
    status: row.status as QualityRun['status'],
    phase: row.phase as QualityRun['phase'],
    currentProvince: (row.current_province as string | null) ?? null,
    cursor: Number(row.cursor),
    done: Number(row.done),
    total: Number(row.total),
    applySafeFixes: Boolean(row.apply_safe_fixes),
    error: (row.error as string | null) ?? null,
    requestedBy: row.requested_by === null ? null : Number(row.requested_by),
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

export async function insertQualityRun(
  tx: Tx,
  input: { provinceCode: string | null; applySafeFixes: boolean; requestedBy: number | null },
): Promise<number> {
  const row = await tx
    .insertInto('quality_runs')
    .values({
      province_code: input.provinceCode,
      apply_safe_fixes: input.applySafeFixes,
      requested_by: input.requestedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getQualityRun(tx: Tx, id: number): Promise<QualityRun | null> {
  const row = await tx.selectFrom('quality_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toQualityRun(row) : null;
}

export async function listUnfinishedQualityRuns(tx: Tx): Promise<QualityRun[]> {
  const rows = await tx
    .selectFrom('quality_runs')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .orderBy('id')
    .execute();
  return rows.map(toQualityRun);
}

export async function updateQualityRun(
  tx: Tx,
  id: number,
  patch: Partial<{
    status: QualityRun['status'];
    phase: QualityRun['phase'];
    currentProvince: string | null;
    cursor: number;
    done: number;
    total: number;
    error: string | null;
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.phase !== undefined) set.phase = patch.phase;
  if (patch.currentProvince !== undefined) set.current_province = patch.currentProvince;
  if (patch.cursor !== undefined) set.cursor = patch.cursor;
  if (patch.done !== undefined) set.done = patch.done;
  if (patch.total !== undefined) set.total = patch.total;
  if (patch.error !== undefined) set.error = patch.error;
  if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt;
  await tx
    .updateTable('quality_runs')
    .set(set as never)
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Check state of the incremental full re-check (0008_member_checks.sql).
// ---------------------------------------------------------------------------------------------------------

/**
 * Marks the transaction as the re-check's own: its findings writes do not forget member check states
 * (the trigger of 0008_member_checks.sql forgets them for every other writer).
 */
export async function markRecheckTransaction(tx: Tx): Promise<void> {
  await sql`SELECT set_config('csdl.quality_recheck', 'on', true)`.execute(tx);
}

export interface MemberCheckCursorRow {
  id: number;
  /** The member's own findings are current: same row version, same environment, strong enough mode. */
  fresh: boolean;
}

/**
 * Fresh planner statistics for the tables a full check fills (findings, member_checks): a first check takes them
 * from empty to millions of rows in one job, and plans made on "empty" scan the whole table per chunk.
 */
export async function analyzeCheckTables(db: Tx): Promise<void> {
  await sql`ANALYZE findings, member_checks`.execute(db);
}

/** The next `limit` members of a province after `cursor` (id order), each with whether its state is current. */
export async function listMemberCheckStates(
  tx: Tx,
  input: {
    provinceCode: string;
    cursor: number;
    limit: number;
    envKey: string | null;
    applySafeFixes: boolean;
  },
): Promise<MemberCheckCursorRow[]> {
  const fresh =
    input.envKey === null
      ? sql<boolean>`false`
      : sql<boolean>`(c.member_id IS NOT NULL AND c.env_key = ${input.envKey}
          AND c.row_xmin = m.xmin::text::bigint AND (c.fixes_applied OR NOT ${input.applySafeFixes}))`;
  const { rows } = await sql<{ id: string | number; fresh: boolean }>`
    SELECT m.id, ${fresh} AS fresh
    FROM members m
    -- The bound on c as well: a merge join then starts both index scans at the cursor, not at the first member.
    LEFT JOIN member_checks c ON c.member_id = m.id AND c.member_id > ${input.cursor}
    WHERE m.province_code = ${input.provinceCode} AND m.id > ${input.cursor}
    ORDER BY m.id LIMIT ${input.limit}`.execute(tx);
  return rows.map((r) => ({ id: Number(r.id), fresh: r.fresh }));
}

/**
 * Records what the member rules just judged, set-based: each member with the row version (xmin) the rules read
 * (after its safe fix, when one was applied). A member saved since then no longer has that version, so the next
 * re-check judges it again.
 */
export async function saveMemberCheckStates(
  tx: Tx,
  input: {
    envKey: string;
    fixesApplied: boolean;
    people: ReadonlyArray<{ id: number; rowXmin: string; person: unknown }>;
  },
): Promise<void> {
  if (input.people.length === 0) return;
  await sql`INSERT INTO member_checks (member_id, row_xmin, env_key, fixes_applied, person)
    SELECT m.id, p."rowXmin"::bigint, ${input.envKey}, ${input.fixesApplied}, p.person
    FROM jsonb_to_recordset(${JSON.stringify(input.people)}::jsonb) AS p(id bigint, "rowXmin" text, person jsonb)
    JOIN members m ON m.id = p.id
    ON CONFLICT (member_id) DO UPDATE SET row_xmin = excluded.row_xmin, env_key = excluded.env_key,
      fixes_applied = excluded.fixes_applied, person = excluded.person`.execute(tx);
}

/**
 * The matching input of every member of a province, in id order, from the check states; null when a member
 * has no current state (then the caller computes them again).
 */
export async function loadCheckedPeople(
  tx: Tx,
  input: { provinceCode: string; envKey: string },
): Promise<Array<{ id: number; legacyId: string | null; person: unknown }> | null> {
  const { rows } = await sql<{
    id: string | number;
    legacy_id: string | null;
    person: unknown;
    env_key: string | null;
  }>`
    SELECT m.id, m.legacy_id, c.person, c.env_key
    FROM members m LEFT JOIN member_checks c ON c.member_id = m.id
    WHERE m.province_code = ${input.provinceCode}
    ORDER BY m.id`.execute(tx);
  if (rows.some((r) => r.env_key !== input.envKey)) return null;
  return rows.map((r) => ({ id: Number(r.id), legacyId: r.legacy_id, person: r.person }));
}

export async function getProvinceMatchingKey(tx: Tx, provinceCode: string): Promise<string | null> {
  const { rows } = await sql<{ matching_key: string }>`
    SELECT matching_key FROM province_checks WHERE province_code = ${provinceCode}`.execute(tx);
  return rows[0]?.matching_key ?? null;
}

export async function saveProvinceMatchingKey(
  tx: Tx,
  provinceCode: string,
  key: string | null,
): Promise<void> {
  if (key === null) {
    await sql`DELETE FROM province_checks WHERE province_code = ${provinceCode}`.execute(tx);
    return;
  }
  await sql`INSERT INTO province_checks (province_code, matching_key) VALUES (${provinceCode}, ${key})
    ON CONFLICT (province_code) DO UPDATE SET matching_key = excluded.matching_key, checked_at = now()`.execute(
    tx,
  );
}
