import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { CampaignPart, UnitStatus } from '../../core/campaign/status-machine.ts';
import type { Tx } from '../client.ts';
import { orgInScope, orgInSubtree, type Scope } from './scope.ts';

export interface Campaign {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  freezeAt: string | null;
  ruleSettingsId: number | null;
  excludedRootIds: number[];
  /** The excluded top-level committees with their names (an id whose organization is gone keeps a null name). */
  excludedRoots: Array<{ id: number; name: string | null }>;
  /** The rules switched off for this campaign (its rule_settings row; the rules in force are the others). */
  disabledRules: string[];
  status: 'open' | 'closed';
  version: number;
  createdAt: string;
  closedAt: string | null;
}

const day = (v: unknown): string => {
  if (v instanceof Date) {
    // a DATE column arrives as local midnight on pg and as UTC midnight on PGlite: read the calendar day back
    const local = new Date(v.getTime() - v.getTimezoneOffset() * 60_000);
    return v.getUTCHours() === 0 && v.getUTCMinutes() === 0
      ? v.toISOString().slice(0, 10)
      : local.toISOString().slice(0, 10);
  }
  return String(v).slice(0, 10);
};
const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

interface CampaignRow {
  id: number;
  name: string;
  starts_on: unknown;
  ends_on: unknown;
  reference_date: unknown;
  freeze_at: unknown;
  rule_settings_id: number | null;
  excluded_root_ids: Array<number | string>;
  excluded_roots: Array<{ id: number | string; name: string | null }> | string | null;
  disabled_rules: string[] | null;
  status: 'open' | 'closed';
  version: number;
  created_at: unknown;
  closed_at: unknown;
}

const CAMPAIGN_COLUMNS = sql`id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
  to_char(reference_date, 'YYYY-MM-DD') AS reference_date, freeze_at, rule_settings_id, excluded_root_ids,
  (SELECT coalesce(json_agg(json_build_object('id', x.id, 'name', o.name) ORDER BY x.n), '[]'::json)
     FROM unnest(excluded_root_ids) WITH ORDINALITY AS x(id, n) LEFT JOIN organizations o ON o.id = x.id)
    AS excluded_roots,
  (SELECT rs.disabled_rules FROM rule_settings rs WHERE rs.id = campaigns.rule_settings_id) AS disabled_rules,
  status, version, created_at, closed_at`;

function toCampaign(r: CampaignRow): Campaign {
  type Root = { id: number | string; name: string | null };
  const roots: Root[] =
    typeof r.excluded_roots === 'string'
      ? (JSON.parse(r.excluded_roots) as Root[])
      : (r.excluded_roots ?? []);
  return {
    id: Number(r.id),
    name: r.name,
    startsOn: day(r.starts_on),
    endsOn: day(r.ends_on),
    referenceDate: day(r.reference_date),
    freezeAt: iso(r.freeze_at),
    ruleSettingsId: r.rule_settings_id === null ? null : Number(r.rule_settings_id),
    excludedRootIds: (r.excluded_root_ids ?? []).map(Number),
    excludedRoots: roots.map((x) => ({ id: Number(x.id), name: x.name })),
    disabledRules: r.disabled_rules ?? [],
    status: r.status,
    version: r.version,
    createdAt: iso(r.created_at) ?? '',
    closedAt: iso(r.closed_at),
  };
}

export interface CampaignInput {
  name: string;
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  freezeAt: string | null;
  ruleSettingsId: number | null;
  excludedRootIds: number[];
}

/** Of the given ids, those that are top-level committees (organizations without a parent). */
export async function findTopLevelIds(tx: Tx, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: number }>`SELECT id FROM organizations
    WHERE id = ANY (${ids}::bigint[]) AND parent_id IS NULL`.execute(tx);
  return rows.map((r) => Number(r.id));
}

export async function insertCampaign(tx: Tx, input: CampaignInput, actorId: number): Promise<Campaign> {
  try {
    const { rows } =
      await sql<CampaignRow>`INSERT INTO campaigns (name, starts_on, ends_on, reference_date, freeze_at,
        rule_settings_id, excluded_root_ids, created_by)
      VALUES (${input.name}, ${input.startsOn}, ${input.endsOn}, ${input.referenceDate}, ${input.freezeAt},
        ${input.ruleSettingsId}, ${input.excludedRootIds}::bigint[], ${actorId})
      RETURNING ${CAMPAIGN_COLUMNS}`.execute(tx);
    return toCampaign(rows[0]!);
  } catch (error) {
    if (String((error as { code?: string }).code) === '23505' || /campaigns_one_open/.test(String(error)))
      throw new AppError('INVALID_OPERATION', { reason: 'CAMPAIGN_ALREADY_OPEN' });
    throw error;
  }
}

export async function updateCampaign(
  tx: Tx,
  id: number,
  input: CampaignInput,
  version: number,
): Promise<Campaign> {
  const { rows } =
    await sql<CampaignRow>`UPDATE campaigns SET name = ${input.name}, starts_on = ${input.startsOn},
      ends_on = ${input.endsOn}, reference_date = ${input.referenceDate}, freeze_at = ${input.freezeAt},
      rule_settings_id = ${input.ruleSettingsId}, excluded_root_ids = ${input.excludedRootIds}::bigint[],
      version = version + 1
    WHERE id = ${id} AND version = ${version} RETURNING ${CAMPAIGN_COLUMNS}`.execute(tx);
  if (!rows[0]) throw new AppError('VERSION_CONFLICT', { entity: 'campaign', id });
  return toCampaign(rows[0]);
}

/** Links a campaign to its rule settings row (not a change of the campaign: its version stays). */
export async function setCampaignRuleSettings(tx: Tx, id: number, ruleSettingsId: number): Promise<void> {
  await sql`UPDATE campaigns SET rule_settings_id = ${ruleSettingsId} WHERE id = ${id}`.execute(tx);
}

export async function closeCampaign(tx: Tx, id: number, version: number, actorId: number): Promise<Campaign> {
  const { rows } = await sql<CampaignRow>`UPDATE campaigns SET status = 'closed', closed_at = now(),
      closed_by = ${actorId}, version = version + 1
    WHERE id = ${id} AND version = ${version} AND status = 'open' RETURNING ${CAMPAIGN_COLUMNS}`.execute(tx);
  if (!rows[0]) throw new AppError('VERSION_CONFLICT', { entity: 'campaign', id });
  return toCampaign(rows[0]);
}

export async function getCampaign(tx: Tx, id: number): Promise<Campaign> {
  const { rows } = await sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ${id}`.execute(
    tx,
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', { entity: 'campaign', id });
  return toCampaign(rows[0]);
}

export async function getOpenCampaign(tx: Tx): Promise<Campaign | null> {
  const { rows } =
    await sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE status = 'open'`.execute(tx);
  return rows[0] ? toCampaign(rows[0]) : null;
}

export async function listCampaigns(tx: Tx): Promise<Campaign[]> {
  const { rows } = await sql<CampaignRow>`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns ORDER BY id DESC`.execute(
    tx,
  );
  return rows.map(toCampaign);
}

// ---------------------------------------------------------------------------
// Unit statuses
// ---------------------------------------------------------------------------
export interface UnitStatusRow {
  orgId: number;
  part: CampaignPart;
  status: UnitStatus;
  confirmedBy: number | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  checkedBy: number | null;
  checkedByName: string | null;
  checkedAt: string | null;
  returnedBy: number | null;
  returnedByName: string | null;
  returnedAt: string | null;
  returnReason: string | null;
  version: number;
  updatedAt: string | null;
}

interface RawStatus {
  org_id: number;
  part: CampaignPart;
  status: UnitStatus;
  confirmed_by: number | null;
  confirmed_by_name: string | null;
  confirmed_at: unknown;
  checked_by: number | null;
  checked_by_name: string | null;
  checked_at: unknown;
  returned_by: number | null;
  returned_by_name: string | null;
  returned_at: unknown;
  return_reason: string | null;
  version: number;
  updated_at: unknown;
}

const toStatus = (r: RawStatus): UnitStatusRow => ({
  orgId: Number(r.org_id),
  part: r.part,
  status: r.status,
  confirmedBy: r.confirmed_by === null ? null : Number(r.confirmed_by),
  confirmedByName: r.confirmed_by_name,
  confirmedAt: iso(r.confirmed_at),
  checkedBy: r.checked_by === null ? null : Number(r.checked_by),
  checkedByName: r.checked_by_name,
  checkedAt: iso(r.checked_at),
  returnedBy: r.returned_by === null ? null : Number(r.returned_by),
  returnedByName: r.returned_by_name,
  returnedAt: iso(r.returned_at),
  returnReason: r.return_reason,
  version: r.version,
  updatedAt: iso(r.updated_at),
});

export function notStarted(orgId: number, part: CampaignPart): UnitStatusRow {
  return {
    orgId,
    part,
    status: 'not_started',
    confirmedBy: null,
    confirmedByName: null,
    confirmedAt: null,
    checkedBy: null,
    checkedByName: null,
    checkedAt: null,
    returnedBy: null,
    returnedByName: null,
    returnedAt: null,
    returnReason: null,
    version: 0,
    updatedAt: null,
  };
}

/** Statuses of the organizations (both parts); a missing row is not_started. `lock` locks the rows found. */
export async function getUnitStatuses(
  tx: Tx,
  campaignId: number,
  orgIds: readonly number[],
  lock: 'update' | 'share' | false = false,
): Promise<UnitStatusRow[]> {
  if (orgIds.length === 0) return [];
  const mode = lock === 'update' ? sql`FOR UPDATE` : lock === 'share' ? sql`FOR SHARE` : sql``;
  const { rows } = await sql<RawStatus>`SELECT * FROM campaign_unit_statuses
    WHERE campaign_id = ${campaignId} AND org_id = ANY (${orgIds}::bigint[])
    ORDER BY org_id, part ${mode}`.execute(tx);
  return rows.map(toStatus);
}

export async function saveUnitStatus(
  tx: Tx,
  campaignId: number,
  next: UnitStatusRow,
  expectedVersion: number,
): Promise<UnitStatusRow> {
  const values = sql`${next.status}, ${next.confirmedBy}, ${next.confirmedByName}, ${next.confirmedAt},
    ${next.checkedBy}, ${next.checkedByName}, ${next.checkedAt}, ${next.returnedBy}, ${next.returnedByName},
    ${next.returnedAt}, ${next.returnReason}`;
  const { rows } =
    expectedVersion === 0
      ? await sql<RawStatus>`INSERT INTO campaign_unit_statuses (campaign_id, org_id, part, status, confirmed_by,
            confirmed_by_name, confirmed_at, checked_by, checked_by_name, checked_at, returned_by, returned_by_name,
            returned_at, return_reason)
          VALUES (${campaignId}, ${next.orgId}, ${next.part}, ${values})
          ON CONFLICT DO NOTHING RETURNING *`.execute(tx)
      : await sql<RawStatus>`UPDATE campaign_unit_statuses SET (status, confirmed_by, confirmed_by_name, confirmed_at,
            checked_by, checked_by_name, checked_at, returned_by, returned_by_name, returned_at, return_reason) =
            (${values}), version = version + 1, updated_at = now()
          WHERE campaign_id = ${campaignId} AND org_id = ${next.orgId} AND part = ${next.part}
            AND version = ${expectedVersion} RETURNING *`.execute(tx);
  if (!rows[0]) throw new AppError('VERSION_CONFLICT', { entity: 'campaignUnitStatus', orgId: next.orgId });
  return toStatus(rows[0]);
}

export async function insertStatusEvent(
  tx: Tx,
  e: {
    campaignId: number;
    orgId: number;
    part: CampaignPart;
    action: string;
    from: UnitStatus;
    to: UnitStatus;
    reason: string | null;
    actorId: number;
    actorName: string;
  },
): Promise<void> {
  await sql`INSERT INTO campaign_status_events (campaign_id, org_id, part, action, from_status, to_status, reason,
      actor_id, actor_name)
    VALUES (${e.campaignId}, ${e.orgId}, ${e.part}, ${e.action}, ${e.from}, ${e.to}, ${e.reason}, ${e.actorId},
      ${e.actorName})`.execute(tx);
}

export async function listStatusEvents(tx: Tx, campaignId: number, orgId: number) {
  const { rows } = await sql<{
    id: number;
    part: string;
    action: string;
    from_status: string;
    to_status: string;
    reason: string | null;
    actor_name: string | null;
    at: unknown;
  }>`SELECT id, part, action, from_status, to_status, reason, actor_name, at FROM campaign_status_events
    WHERE campaign_id = ${campaignId} AND org_id = ${orgId} ORDER BY at DESC, id DESC LIMIT 100`.execute(tx);
  return rows.map((r) => ({
    id: Number(r.id),
    part: r.part,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    reason: r.reason,
    actorName: r.actor_name,
    at: iso(r.at) ?? '',
  }));
}

/** Open 'error' findings on the data a unit confirms: its own record, or its (non-merged) members. */
export async function countOpenErrorsOfUnit(tx: Tx, orgId: number, part: CampaignPart): Promise<number> {
  const { rows } =
    part === 'organization'
      ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM findings WHERE record_type = 'organization'
          AND record_id = ${orgId} AND status = 'open' AND severity = 'error'`.execute(tx)
      : await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM findings f JOIN members m ON m.id = f.record_id
          WHERE f.record_type = 'member' AND m.org_id = ${orgId} AND m.merged_into_id IS NULL
            AND f.status = 'open' AND f.severity = 'error'`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------------------
// Responsibility
// ---------------------------------------------------------------------------
export interface Responsibility {
  orgId: number;
  personName: string;
  position: string | null;
  contact: string | null;
  accountIds: number[];
  accounts: Array<{ id: number; username: string; fullName: string }>;
  version: number;
  updatedAt: string | null;
}

export async function getResponsibility(
  tx: Tx,
  campaignId: number,
  orgId: number,
): Promise<Responsibility | null> {
  const { rows } = await sql<{
    org_id: number;
    person_name: string;
    position: string | null;
    contact: string | null;
    account_ids: Array<number | string>;
    version: number;
    updated_at: unknown;
  }>`SELECT * FROM campaign_responsibilities WHERE campaign_id = ${campaignId} AND org_id = ${orgId}`.execute(
    tx,
  );
  const r = rows[0];
  if (!r) return null;
  const ids = r.account_ids.map(Number);
  const accounts =
    ids.length === 0
      ? []
      : await tx
          .selectFrom('accounts')
          .select(['id', 'username', 'full_name'])
          .where('id', 'in', ids)
          .orderBy('username')
          .execute();
  return {
    orgId: Number(r.org_id),
    personName: r.person_name,
    position: r.position,
    contact: r.contact,
    accountIds: ids,
    accounts: accounts.map((a) => ({ id: Number(a.id), username: a.username, fullName: a.full_name })),
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}

/** Accounts (by id) whose scope lies inside `scope`: assigned accounts must be visible to the assigner. */
export async function accountIdsInScope(tx: Tx, scope: Scope, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: number }>`SELECT a.id FROM accounts a
    LEFT JOIN organizations o ON o.id = a.scope_org_id
    WHERE a.id = ANY (${ids}::bigint[]) AND a.scope_org_id IS NOT NULL AND ${orgInScope(scope, 'o')}`.execute(
    tx,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Active accounts the caller may assign to a unit: inside the caller's scope (as accountIdsInScope requires),
 * and working at the unit, above it or below it (their scope organization is on the unit's path or under it).
 */
export async function listAssignableAccounts(tx: Tx, scope: Scope, unitPath: string) {
  const { rows } = await sql<{
    id: number;
    username: string;
    full_name: string;
    scope_org_id: number;
    scope_org_name: string;
  }>`SELECT a.id, a.username, a.full_name, a.scope_org_id, o.name AS scope_org_name FROM accounts a
    JOIN organizations o ON o.id = a.scope_org_id
    WHERE a.is_active AND ${orgInScope(scope, 'o')}
      AND (starts_with(${unitPath}, o.path) OR ${orgInSubtree(unitPath, 'o')})
    ORDER BY length(o.path) DESC, a.username LIMIT 200`.execute(tx);
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    fullName: r.full_name,
    scopeOrgId: Number(r.scope_org_id),
    scopeOrgName: r.scope_org_name,
  }));
}

export async function saveResponsibility(
  tx: Tx,
  campaignId: number,
  input: {
    orgId: number;
    personName: string;
    position: string | null;
    contact: string | null;
    accountIds: number[];
  },
  expectedVersion: number,
  actorId: number,
): Promise<void> {
  const result =
    expectedVersion === 0
      ? await sql`INSERT INTO campaign_responsibilities (campaign_id, org_id, person_name, position, contact,
            account_ids, updated_by)
          VALUES (${campaignId}, ${input.orgId}, ${input.personName}, ${input.position}, ${input.contact},
            ${input.accountIds}::bigint[], ${actorId}) ON CONFLICT DO NOTHING`.execute(tx)
      : await sql`UPDATE campaign_responsibilities SET person_name = ${input.personName}, position = ${input.position},
            contact = ${input.contact}, account_ids = ${input.accountIds}::bigint[], updated_by = ${actorId},
            updated_at = now(), version = version + 1
          WHERE campaign_id = ${campaignId} AND org_id = ${input.orgId} AND version = ${expectedVersion}`.execute(
          tx,
        );
  if (Number(result.numAffectedRows ?? 0) === 0)
    throw new AppError('VERSION_CONFLICT', { entity: 'campaignResponsibility', orgId: input.orgId });
}

// ---------------------------------------------------------------------------
// Roll-ups (maintained by the triggers of 0006_campaign.sql): reads of a handful of rows, never scans.
// ---------------------------------------------------------------------------
export interface UnitRollup {
  orgId: number;
  name: string;
  type: string | null;
  provinceCode: string;
  parentId: number | null;
  childCount: number;
  members: number;
  membersWithErrors: number;
  openErrors: number;
  openWarnings: number;
  orgOpenErrors: number;
  units: number;
  ownMembers: number;
  ownMembersWithErrors: number;
  statusCounts: Record<CampaignPart, Record<UnitStatus, number>>;
}

interface RawRollup {
  org_id: number;
  name: string;
  type: string | null;
  province_code: string;
  parent_id: number | null;
  child_count: number;
  sub_members: number | null;
  sub_members_with_errors: number | null;
  sub_open_errors: number | null;
  sub_open_warnings: number | null;
  sub_org_open_errors: number | null;
  sub_units: number | null;
  own_members: number | null;
  own_members_with_errors: number | null;
  statuses: Array<{ part: CampaignPart; status: UnitStatus; n: number }> | string | null;
}

function emptyCounts(): Record<UnitStatus, number> {
  return { not_started: 0, in_progress: 0, confirmed: 0, checked: 0, returned: 0 };
}

function toRollup(r: RawRollup): UnitRollup {
  const units = Number(r.sub_units ?? 0);
  const statusCounts = { organization: emptyCounts(), members: emptyCounts() };
  type StatusCount = { part: CampaignPart; status: UnitStatus; n: number };
  const statuses: StatusCount[] =
    typeof r.statuses === 'string' ? (JSON.parse(r.statuses) as StatusCount[]) : (r.statuses ?? []);
  for (const s of statuses) statusCounts[s.part][s.status] += Number(s.n);
  for (const part of ['organization', 'members'] as const) {
    const c = statusCounts[part];
    c.not_started = Math.max(0, units - c.in_progress - c.confirmed - c.checked - c.returned);
  }
  return {
    orgId: Number(r.org_id),
    name: r.name,
    type: r.type,
    provinceCode: r.province_code,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    childCount: Number(r.child_count),
    members: Number(r.sub_members ?? 0),
    membersWithErrors: Number(r.sub_members_with_errors ?? 0),
    openErrors: Number(r.sub_open_errors ?? 0),
    openWarnings: Number(r.sub_open_warnings ?? 0),
    orgOpenErrors: Number(r.sub_org_open_errors ?? 0),
    units,
    ownMembers: Number(r.own_members ?? 0),
    ownMembersWithErrors: Number(r.own_members_with_errors ?? 0),
    statusCounts,
  };
}

/**
 * The roll-ups of the given organizations (parentId null + scope national: the top-level committees of the
 * campaign), with their campaign status counts. Reads only org_rollups / campaign_status_rollups rows.
 */
export async function listUnitRollups(
  tx: Tx,
  campaign: Campaign,
  where: { parentId: number | null } | { orgIds: number[] },
): Promise<UnitRollup[]> {
  const filter =
    'orgIds' in where
      ? sql`o.id = ANY (${where.orgIds}::bigint[])`
      : where.parentId === null
        ? sql`o.parent_id IS NULL AND NOT (o.id = ANY (${campaign.excludedRootIds}::bigint[]))`
        : sql`o.parent_id = ${where.parentId}`;
  const { rows } = await sql<RawRollup>`
    SELECT o.id AS org_id, o.name, o.type, o.province_code, o.parent_id,
      (SELECT count(*)::int FROM organizations c WHERE c.parent_id = o.id AND c.status = 'HOAT_DONG') AS child_count,
      r.sub_members, r.sub_members_with_errors, r.sub_open_errors, r.sub_open_warnings, r.sub_org_open_errors,
      r.sub_units, r.own_members, r.own_members_with_errors,
      (SELECT coalesce(json_agg(json_build_object('part', s.part, 'status', s.status, 'n', s.sub_count)), '[]'::json)
         FROM campaign_status_rollups s WHERE s.campaign_id = ${campaign.id} AND s.org_id = o.id AND s.sub_count <> 0)
        AS statuses
    FROM organizations o LEFT JOIN org_rollups r ON r.org_id = o.id
    WHERE ${filter} AND (o.status = 'HOAT_DONG' OR coalesce(r.sub_members, 0) > 0)
    ORDER BY o.name_sort`.execute(tx);
  return rows.map(toRollup);
}

/** Open findings by group and rule for one organization's subtree, or summed over several (the country). */
export async function listRuleRollups(tx: Tx, orgIds: readonly number[]) {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<{ rule_group: string; rule: string; severity: string; n: number }>`
    SELECT rule_group, rule, severity, sum(sub_open)::bigint AS n FROM org_rule_rollups
    WHERE org_id = ANY (${orgIds}::bigint[]) GROUP BY rule_group, rule, severity HAVING sum(sub_open) <> 0
    ORDER BY n DESC, rule`.execute(tx);
  return rows.map((r) => ({ group: r.rule_group, rule: r.rule, severity: r.severity, count: Number(r.n) }));
}

// ---------------------------------------------------------------------------
// Burndown snapshots
// ---------------------------------------------------------------------------
export async function upsertSnapshot(
  tx: Tx,
  row: {
    campaignId: number;
    orgId: number;
    day: string;
    members: number;
    membersWithErrors: number;
    openErrors: number;
  },
): Promise<void> {
  await sql`INSERT INTO campaign_daily_snapshots (campaign_id, org_id, day, members, members_with_errors, open_errors)
    VALUES (${row.campaignId}, ${row.orgId}, ${row.day}, ${row.members}, ${row.membersWithErrors}, ${row.openErrors})
    ON CONFLICT (campaign_id, org_id, day) DO UPDATE SET members = excluded.members,
      members_with_errors = excluded.members_with_errors, open_errors = excluded.open_errors,
      captured_at = now()`.execute(tx);
}

/**
 * Today's burndown rows of the levels the dashboard shows a burndown for: the country (org_id 0, the sum of the
 * covered top-level committees, as getProgress computes it), every covered organization with units under it
 * (each dashboard level), and any other covered organization whose burndown was already opened in this
 * campaign (it has a row: its line stays continuous). Read from org_rollups (one row per organization), never
 * from members or findings. Upsert: the last capture of the day wins. Returns the number of rows written.
 */
export async function captureSnapshots(tx: Tx, campaign: Campaign, dayText: string): Promise<number> {
  const covered = sql`NOT (split_part(o.path, '/', 2)::bigint = ANY (${campaign.excludedRootIds}::bigint[]))`;
  const result = await sql`INSERT INTO campaign_daily_snapshots AS s (campaign_id, org_id, day, members,
      members_with_errors, open_errors)
    SELECT ${campaign.id}::bigint, r.org_id, ${dayText}::date, r.sub_members, r.sub_members_with_errors, r.sub_open_errors
    FROM org_rollups r JOIN organizations o ON o.id = r.org_id
    WHERE ${covered}
      AND (EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = o.id)
        OR EXISTS (SELECT 1 FROM campaign_daily_snapshots p WHERE p.campaign_id = ${campaign.id} AND p.org_id = o.id))
    UNION ALL
    SELECT ${campaign.id}::bigint, 0::bigint, ${dayText}::date, coalesce(sum(r.sub_members), 0), coalesce(sum(r.sub_members_with_errors), 0),
      coalesce(sum(r.sub_open_errors), 0)
    FROM organizations o JOIN org_rollups r ON r.org_id = o.id
    WHERE o.parent_id IS NULL AND NOT (o.id = ANY (${campaign.excludedRootIds}::bigint[]))
      AND (o.status = 'HOAT_DONG' OR r.sub_members > 0)
    ORDER BY 2 -- a stable lock order for two servers capturing at once
    ON CONFLICT (campaign_id, org_id, day) DO UPDATE SET members = excluded.members,
      members_with_errors = excluded.members_with_errors, open_errors = excluded.open_errors,
      captured_at = now()`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export async function listSnapshots(tx: Tx, campaignId: number, orgId: number) {
  const { rows } = await sql<{
    day: string;
    members: number;
    members_with_errors: number;
    open_errors: number;
  }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, members, members_with_errors, open_errors FROM campaign_daily_snapshots
    WHERE campaign_id = ${campaignId} AND org_id = ${orgId} ORDER BY day`.execute(tx);
  return rows.map((r) => ({
    day: r.day,
    members: Number(r.members),
    membersWithErrors: Number(r.members_with_errors),
    openErrors: Number(r.open_errors),
  }));
}

// ---------------------------------------------------------------------------
// Full recount (tests, benchmark): the *_recount views of 0006_campaign.sql against the maintained tables.
// ---------------------------------------------------------------------------
export async function diffRollupsWithRecount(tx: Tx): Promise<Array<Record<string, unknown>>> {
  const cols =
    sql.raw(`own_members, own_members_with_errors, own_open_errors, own_open_warnings, own_org_open_errors,
    sub_members, sub_members_with_errors, sub_open_errors, sub_open_warnings, sub_org_open_errors, sub_units`);
  const nonZero = sql.raw(`(own_members, own_members_with_errors, own_open_errors, own_open_warnings,
    own_org_open_errors, sub_members, sub_members_with_errors, sub_open_errors, sub_open_warnings,
    sub_org_open_errors, sub_units) <> (0,0,0,0,0,0,0,0,0,0,0)`);
  const { rows: orgDiff } = await sql<Record<string, unknown>>`
    WITH m AS (SELECT org_id, ${cols} FROM org_rollups WHERE ${nonZero}),
         c AS (SELECT org_id, coalesce(own_members, 0) AS own_members,
                 coalesce(own_members_with_errors, 0) AS own_members_with_errors,
                 coalesce(own_open_errors, 0) AS own_open_errors, coalesce(own_open_warnings, 0) AS own_open_warnings,
                 coalesce(own_org_open_errors, 0) AS own_org_open_errors, sub_members, sub_members_with_errors,
                 sub_open_errors, sub_open_warnings, sub_org_open_errors, sub_units FROM org_rollups_recount),
         c2 AS (SELECT * FROM c WHERE ${nonZero})
    (SELECT 'maintained' AS side, * FROM (SELECT * FROM m EXCEPT SELECT * FROM c2) x)
    UNION ALL
    (SELECT 'recount' AS side, * FROM (SELECT * FROM c2 EXCEPT SELECT * FROM m) y)`.execute(tx);
  const { rows: ruleDiff } = await sql<Record<string, unknown>>`
    WITH m AS (SELECT org_id, rule_group, rule, severity, own_open, sub_open FROM org_rule_rollups
               WHERE (own_open, sub_open) <> (0, 0)),
         c AS (SELECT org_id, rule_group, rule, severity, own_open, sub_open FROM org_rule_rollups_recount)
    (SELECT 'maintained-rule' AS side, * FROM (SELECT * FROM m EXCEPT SELECT * FROM c) x)
    UNION ALL (SELECT 'recount-rule' AS side, * FROM (SELECT * FROM c EXCEPT SELECT * FROM m) y)`.execute(tx);
  const { rows: statusDiff } = await sql<Record<string, unknown>>`
    WITH m AS (SELECT campaign_id, org_id, part, status, sub_count FROM campaign_status_rollups WHERE sub_count <> 0),
         c AS (SELECT campaign_id, org_id, part, status, sub_count FROM campaign_status_rollups_recount)
    (SELECT 'maintained-status' AS side, * FROM (SELECT * FROM m EXCEPT SELECT * FROM c) x)
    UNION ALL (SELECT 'recount-status' AS side, * FROM (SELECT * FROM c EXCEPT SELECT * FROM m) y)`.execute(
    tx,
  );
  return [...orgDiff, ...ruleDiff, ...statusDiff];
}

// ---------------------------------------------------------------------------
// The campaign on the organization tree
// ---------------------------------------------------------------------------
export interface TreeUnitStatus {
  orgId: number;
  organization: UnitStatus;
  members: UnitStatus;
  personName: string | null;
}

/** Status of both parts and the responsible person of the given organizations (those in scope; others left out). */
export async function listTreeUnitStatuses(
  tx: Tx,
  campaignId: number,
  scope: Scope,
  orgIds: readonly number[],
): Promise<TreeUnitStatus[]> {
  if (orgIds.length === 0) return [];
  const { rows } = await sql<{
    id: number | string;
    organization: UnitStatus | null;
    members: UnitStatus | null;
    person_name: string | null;
  }>`SELECT o.id,
      (SELECT s.status FROM campaign_unit_statuses s
        WHERE s.campaign_id = ${campaignId} AND s.org_id = o.id AND s.part = 'organization') AS organization,
      (SELECT s.status FROM campaign_unit_statuses s
        WHERE s.campaign_id = ${campaignId} AND s.org_id = o.id AND s.part = 'members') AS members,
      r.person_name
    FROM organizations o
    LEFT JOIN campaign_responsibilities r ON r.campaign_id = ${campaignId} AND r.org_id = o.id
    WHERE o.id = ANY (${[...orgIds]}::bigint[]) AND ${orgInScope(scope, 'o')}
    ORDER BY o.id`.execute(tx);
  return rows.map((r) => ({
    orgId: Number(r.id),
    organization: r.organization ?? 'not_started',
    members: r.members ?? 'not_started',
    personName: r.person_name,
  }));
}
