import { sql } from 'kysely';
import { findDuplicatePairs } from '../../core/matching/find-duplicate-pairs.ts';
import type { PersonForMatching } from '../../core/matching/person-for-matching.ts';
import { checkDuplicatePairs } from '../../core/quality/rules/duplicates.ts';
import type { OrganizationIndex } from '../../core/quality/rules/liveness.ts';
import { indexOrganizations } from '../../core/quality/rules/organizations.ts';
import { checkOrganizations } from '../../core/quality/run-rules.ts';
import { applySettings } from '../../core/quality/settings.ts';
import type { Tx } from '../../db/client.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import {
  getProvinceMatchingKey,
  getRuleSettingsRow,
  listMemberCheckStates,
  loadCheckedPeople,
  markRecheckTransaction,
  saveMemberCheckStates,
  saveProvinceMatchingKey,
  writeFindings,
  type ProducedFinding,
  type StoredRuleSettings,
} from '../../db/repos/findings.ts';
import { hasRegisterExtract } from '../../db/repos/register.ts';
import { reconcileProvinceChunk } from '../reconciliation/reconcile-province.ts';
import { StoredRegister } from '../reconciliation/stored-register.ts';
import { renameOrganization } from '../../db/repos/organizations.ts';
import {
  loadOrganizationCounts,
  loadQualityEnvFromRow,
  MEMBER_EXTERNAL_RULES,
  MEMBER_SHARED_VALUE_RULES,
  ORG_MEMBER_RULES,
  organizationMemberFindings,
  organizationProduced,
  recheckMembers,
  recheckOrganizationMembers,
  SHARED_VALUE_COLUMNS,
  sharedValueFinding,
  sharedValueShown,
  toProduced,
  writeMemberFixesBatch,
  type QualityEnv,
} from './check-stored-records.ts';
import { matchingKey, memberEnvironmentKey } from './check-state.ts';
import type { MemberJudgePool } from './judge-pool.ts';
import {
  emptyJudgement,
  judgeMemberRows,
  type MemberJudgeContext,
  type MemberJudgement,
} from './judge-members.ts';
import type { JudgeWorkerData } from './judge-worker.ts';
import {
  MEMBER_ROW_COLUMNS,
  organizationRecordsFromRows,
  type MemberRow,
  type ProvinceOrganizations,
} from './stored-records.ts';

/**
 * The full check of one province, in three phases so that a background job can commit chunk by chunk and
 * resume from a persisted cursor: organizations (all of them: the tree rules need the whole tree), members
 * in id order, then the cross-record rules (duplicate ids and card numbers, chi bộ member counts, probable
 * duplicate persons), answered by the database or by the matching engine over the whole province.
 */

export const MEMBER_CHUNK = 2000;
/** At most how many members past the cursor, per changed member wanted, a chunk looks at (most are skipped). */
const STATE_SCAN_FACTOR = 10;
/** Members judged between two yields to the event loop. */
const JUDGE_SLICE = 250;

export interface ProvinceCheck {
  provinceCode: string;
  /** The rule settings row `env` was built from (null: the defaults); judge workers rebuild `env` from it. */
  settingsRow: StoredRuleSettings | null;
  env: QualityEnv;
  orgs: ProvinceOrganizations;
  applySafeFixes: boolean;
  actorId: number | null;
  /** Digest of what the member rules read besides the row (check-state.ts); stored with each member's state. */
  envKey: string;
  /** Skip members whose row and environment did not change since their last check. */
  incremental: boolean;
  /** The member phase resumed after a restart: what it changed before is unknown (matching is not skipped). */
  resumed: boolean;
  /** Members whose own rules ran in this check (the others were unchanged). */
  changedMembers: number;
  /** Matching input, loaded in the cross-record phase. */
  people: PersonForMatching[] | null;
  legacyIds: Map<string, string | null>;
  /** Fix counts, for the audit row of an import's safe fixes. */
  fixedMembers: number;
  fixedOrganizations: number;
  /** How many members past the cursor the next chunk looks at (adapts to how many changed, see readMemberChunk). */
  stateWindow?: number;
  /** Seconds spent in each step of the member phase, summed over its chunks (the benchmark prints them). */
  memberStepSeconds: Record<MemberStep, number>;
}

export type MemberStep = 'states' | 'read' | 'judge' | 'fixes' | 'findings' | 'checkStates';

/** Adds the time since the last call to `step` (the first call only starts the clock). */
function stepClock(check: ProvinceCheck): (step?: MemberStep) => void {
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    if (step) check.memberStepSeconds[step] += (now - last) / 1000;
    last = now;
  };
}

export async function loadProvinceOrganizations(
  tx: Tx,
  provinceCode: string,
  env: QualityEnv,
): Promise<ProvinceOrganizations> {
  const rows = await tx
    .selectFrom('organizations')
    .select([
      'id',
      'province_code',
      'parent_id',
      'path',
      'type',
      'name',
      'legacy_code',
      'status',
      'admin_unit_code',
      'legacy_raw',
      'version',
    ])
    .where('province_code', '=', provinceCode)
    .execute();
  return organizationRecordsFromRows(provinceCode, rows, env.ctx);
}

export async function startProvinceCheck(
  tx: Tx,
  provinceCode: string,
  options: { applySafeFixes: boolean; actorId: number | null; resumed?: boolean; incremental?: boolean },
): Promise<ProvinceCheck> {
  const settingsRow = await getRuleSettingsRow(tx);
  const env = loadQualityEnvFromRow(settingsRow);
  const orgs = await loadProvinceOrganizations(tx, provinceCode, env);
  return newProvinceCheck(provinceCode, settingsRow, env, orgs, options);
}

function newProvinceCheck(
  provinceCode: string,
  settingsRow: StoredRuleSettings | null,
  env: QualityEnv,
  orgs: ProvinceOrganizations,
  options: { applySafeFixes: boolean; actorId: number | null; resumed?: boolean; incremental?: boolean },
): ProvinceCheck {
  return {
    provinceCode,
    settingsRow,
    env,
    orgs,
    applySafeFixes: options.applySafeFixes,
    actorId: options.actorId,
    envKey: memberEnvironmentKey(env, orgs),
    incremental: options.incremental ?? true,
    resumed: options.resumed ?? false,
    changedMembers: 0,
    people: null,
    legacyIds: new Map(),
    fixedMembers: 0,
    fixedOrganizations: 0,
    memberStepSeconds: { states: 0, read: 0, judge: 0, fixes: 0, findings: 0, checkStates: 0 },
  };
}

/** Phase 1: every organization rule that does not need the members. */
export async function checkProvinceOrganizations(tx: Tx, check: ProvinceCheck): Promise<void> {
  await markRecheckTransaction(tx);
  const { orgs, env } = check;
  const findings = applySettings(checkOrganizations(orgs.records, env.ctx), env.settings);
  const produced: ProducedFinding[] = [];
  for (const f of findings) {
    const id = orgs.idByKey.get(f.legacyId);
    const row = id === undefined ? undefined : orgs.byId.get(id);
    if (!row) continue;
    const result = organizationProduced(f, row);
    if (result.rename !== null && check.applySafeFixes) {
      await renameOrganization(tx, row.id, result.rename, row.version);
      row.version++;
      row.name = result.rename;
      check.fixedOrganizations++;
      produced.push(
        toProduced(
          f,
          {
            provinceCode: row.province_code,
            recordType: 'organization',
            recordId: row.id,
            orgId: row.id,
            legacyId: row.legacy_code,
          },
          { oldValue: f.value, undo: { name: f.value } },
        ),
      );
    } else {
      produced.push(result.produced);
    }
  }
  await writeFindings(
    tx,
    {
      recordType: 'organization',
      recordIds: orgs.rows.map((r) => r.id),
      exceptRules: [...ORG_MEMBER_RULES, ...env.disabled],
    },
    produced,
    check.actorId,
  );
}

/** A chunk of the member phase as read: where the next one starts, how many members it covers, the changed ones. */
export interface MemberChunk {
  cursor: number;
  count: number;
  /** Members whose row or environment changed since their last check (read in full, with their row version). */
  rows: MemberRow[];
}

/** A chunk judged by the rules, ready to be written. */
export interface JudgedMemberChunk {
  rows: MemberRow[];
  produced: ProducedFinding[];
  people: Array<{ id: number; person: PersonForMatching }>;
  fixes: Array<{ row: MemberRow; fixes: Record<string, string | null> }>;
}

/**
 * Reads the next chunk of members after `cursor` (id order): which of them changed since their last check, and
 * those in full. Read-only, so the re-check job reads the next chunk while it writes the current one. Unchanged
 * members cost one index probe each; the window scanned for up to `limit` changed members adapts to how many
 * the last one held (wide when most members are unchanged, about `limit` when most changed).
 */
export async function readMemberChunk(
  db: Tx,
  check: ProvinceCheck,
  cursor: number,
  limit = MEMBER_CHUNK,
): Promise<MemberChunk> {
  const lap = stepClock(check);
  const window = check.incremental ? (check.stateWindow ?? limit * STATE_SCAN_FACTOR) : limit;
  const states = await listMemberCheckStates(db, {
    provinceCode: check.provinceCode,
    cursor,
    limit: window,
    envKey: check.incremental ? check.envKey : null,
    applySafeFixes: check.applySafeFixes,
  });
  if (states.length === 0) return { cursor, count: 0, rows: [] };
  const stale: number[] = [];
  let taken = 0;
  while (taken < states.length && stale.length < limit) {
    const state = states[taken++]!;
    if (!state.fresh) stale.push(state.id);
  }
  check.stateWindow =
    stale.length >= limit
      ? Math.max(limit, Math.min(limit * STATE_SCAN_FACTOR, Math.ceil(taken * 1.25)))
      : Math.min(limit * STATE_SCAN_FACTOR, window * 2);
  const next = { cursor: states[taken - 1]!.id, count: taken };
  lap('states');
  if (stale.length === 0) return { ...next, rows: [] };
  const rows = (await db
    .selectFrom('members')
    .select(MEMBER_ROW_COLUMNS as unknown as Array<keyof Database['members']>)
    .select(sql<string>`xmin::text`.as('row_xmin'))
    .where('id', 'in', stale)
    .orderBy('id')
    .execute()) as unknown as MemberRow[];
  for (const row of rows) {
    row.id = Number(row.id);
    row.org_id = Number(row.org_id);
  }
  lap('read');
  return { ...next, rows };
}

/** What the member rules of this check read besides the rows (judge-members.ts). */
function judgeContext(check: ProvinceCheck): MemberJudgeContext {
  return {
    orgs: check.orgs,
    index: organizationIndexOf(check.orgs),
    env: check.env,
    applySafeFixes: check.applySafeFixes,
  };
}

/** What a judge worker needs to judge the members of this check exactly as this thread would. */
export function judgeWorkerData(check: ProvinceCheck): JudgeWorkerData {
  const { keyById, idByKey, rootId, records } = check.orgs;
  return {
    settingsRow: check.settingsRow,
    orgs: { keyById, idByKey, rootId },
    records,
    applySafeFixes: check.applySafeFixes,
  };
}

/**
 * The member rules over a chunk: on the pool's worker threads when one is given, else in this thread, yielding
 * to the event loop every few hundred members so that the statements of the chunk being written meanwhile keep
 * going out (the server works while this judges).
 */
export async function judgeMemberChunk(
  check: ProvinceCheck,
  rows: MemberRow[],
  pool?: MemberJudgePool | null,
): Promise<JudgedMemberChunk> {
  const lap = stepClock(check);
  let judgement: MemberJudgement;
  if (pool && rows.length > 0) {
    judgement = await pool.judge(rows);
  } else {
    judgement = emptyJudgement();
    const context = judgeContext(check);
    for (let from = 0; from < rows.length; from += JUDGE_SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      judgeMemberRows(context, rows, judgement, from, Math.min(rows.length, from + JUDGE_SLICE));
    }
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  lap('judge');
  return {
    rows,
    produced: judgement.produced,
    people: judgement.people,
    fixes: judgement.fixes.map((f) => ({ row: byId.get(f.id)!, fixes: f.fixes })),
  };
}

/**
 * Writes a judged chunk in the caller's transaction: safe fixes, findings, and each member's check state with the
 * row version that was judged (the version after its fix, when one was applied). A member saved since it was
 * read is left out: its own save re-checked it, and its state no longer matches, so the next re-check judges it.
 */
export async function writeMemberChunk(
  tx: Tx,
  check: ProvinceCheck,
  judged: JudgedMemberChunk,
): Promise<void> {
  if (judged.rows.length === 0) return;
  const lap = stepClock(check);
  await markRecheckTransaction(tx);
  // The cross-record phase must run again: forget the digest of the last one in the same transaction.
  await saveProvinceMatchingKey(tx, check.provinceCode, null);
  const moved = await membersChangedSince(tx, judged.rows);
  const kept = moved.size === 0 ? judged : withoutMembers(judged, moved);
  const fixedVersions = await writeMemberFixesBatch(tx, kept.fixes);
  check.fixedMembers += kept.fixes.length;
  lap('fixes');
  await writeFindings(
    tx,
    {
      recordType: 'member',
      recordIds: kept.rows.map((r) => r.id),
      exceptRules: [...MEMBER_SHARED_VALUE_RULES, ...MEMBER_EXTERNAL_RULES, ...check.env.disabled],
    },
    kept.produced,
    check.actorId,
  );
  lap('findings');
  const readVersion = new Map(kept.rows.map((r) => [r.id, String(r.row_xmin)]));
  await saveMemberCheckStates(tx, {
    envKey: check.envKey,
    fixesApplied: check.applySafeFixes,
    people: kept.people.map((p) => ({
      ...p,
      rowXmin: fixedVersions.get(p.id) ?? readVersion.get(p.id)!,
    })),
  });
  lap('checkStates');
  check.changedMembers += judged.rows.length;
}

/** Members of a chunk whose row is no longer the version that was read. */
async function membersChangedSince(tx: Tx, rows: readonly MemberRow[]): Promise<Set<number>> {
  const { rows: changed } = await sql<{ id: string }>`
    SELECT m.id FROM members m
    JOIN jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, v: String(r.row_xmin) })))}::jsonb)
      AS r(id bigint, v text) ON r.id = m.id
    WHERE m.xmin::text <> r.v`.execute(tx);
  return new Set(changed.map((r) => Number(r.id)));
}

function withoutMembers(judged: JudgedMemberChunk, ids: ReadonlySet<number>): JudgedMemberChunk {
  return {
    rows: judged.rows.filter((r) => !ids.has(r.id)),
    produced: judged.produced.filter((p) => !ids.has(p.recordId)),
    people: judged.people.filter((p) => !ids.has(p.id)),
    fixes: judged.fixes.filter((f) => !ids.has(f.row.id)),
  };
}

/**
 * Phase 2: one chunk of members after `cursor` (id order), read, judged and written in the caller's transaction.
 * Returns the new cursor and the chunk size. Members whose row and environment did not change since their last
 * check keep their findings untouched (the rules would produce them again). The re-check job runs the same three
 * steps overlapped (recheck-job.ts).
 */
export async function checkProvinceMemberChunk(
  tx: Tx,
  check: ProvinceCheck,
  cursor: number,
  limit = MEMBER_CHUNK,
): Promise<{ cursor: number; count: number }> {
  const chunk = await readMemberChunk(tx, check, cursor, limit);
  await writeMemberChunk(tx, check, await judgeMemberChunk(check, chunk.rows));
  return { cursor: chunk.cursor, count: chunk.count };
}

const organizationIndexes = new WeakMap<ProvinceOrganizations, OrganizationIndex>();

function organizationIndexOf(orgs: ProvinceOrganizations): OrganizationIndex {
  let index = organizationIndexes.get(orgs);
  if (!index) {
    index = indexOrganizations(orgs.records);
    organizationIndexes.set(orgs, index);
  }
  return index;
}

/** Phase 3: the cross-record rules over the whole province. */
export async function checkProvinceCrossRules(tx: Tx, check: ProvinceCheck): Promise<void> {
  await markRecheckTransaction(tx);
  const { env, provinceCode } = check;
  // Chi bộ member counts.
  const counts = await loadOrganizationCounts(tx, { provinceCode });
  await writeFindings(
    tx,
    {
      recordType: 'organization',
      recordIds: counts.map((r) => r.id),
      onlyRules: ORG_MEMBER_RULES.filter((r) => !env.disabled.includes(r)),
    },
    organizationMemberFindings(counts, env),
    check.actorId,
  );
  // The member cross-record rules read only the members (and the settings and decided pairs): when none
  // changed since the last completed check of the province, their findings are those it wrote.
  const settled = await settledPairs(tx, provinceCode);
  const key = matchingKey(check.envKey, await countProvinceMembers(tx, provinceCode), settled);
  const unchanged =
    check.incremental &&
    !check.resumed &&
    check.changedMembers === 0 &&
    (await getProvinceMatchingKey(tx, provinceCode)) === key;
  if (!unchanged) await checkMemberCrossRules(tx, check, settled);
  await saveProvinceMatchingKey(tx, provinceCode, key);
  // Reconciliation with the population register, when the province has an uploaded extract (issue 6).
  if (await hasRegisterExtract(tx, provinceCode)) {
    const register = new StoredRegister(tx, provinceCode);
    for (let cursor = 0; ;) {
      const step = await reconcileProvinceChunk(tx, {
        provinceCode,
        register,
        env,
        cursor,
        actorId: check.actorId,
      });
      if (step.count === 0) break;
      cursor = step.cursor;
    }
  }
}

/** Duplicate citizen ids and card numbers, probable duplicate persons. */
async function checkMemberCrossRules(
  tx: Tx,
  check: ProvinceCheck,
  settled: { pairs: ReadonlySet<string>; merged: ReadonlySet<number> },
): Promise<void> {
  const { env, provinceCode } = check;
  // Shared identifiers: a GROUP BY over the province answers what the batch indexes in memory.
  for (const rule of MEMBER_SHARED_VALUE_RULES) {
    if (env.disabled.includes(rule)) continue;
    const { column } = SHARED_VALUE_COLUMNS[rule];
    const pattern = rule === 'CITIZEN_ID_DUPLICATE' ? '^([0-9]{9}|[0-9]{12})$' : '^[0-9]{8}$';
    const { rows } = await sql<{ id: number; org_id: number; legacy_id: string | null; value: string }>`
      SELECT m.id, m.org_id, m.legacy_id, ${sharedValueShown(rule)} AS value
      FROM members m
      JOIN (SELECT ${sql.ref(column)} AS key FROM members
            WHERE province_code = ${provinceCode} AND ${sql.ref(column)} ~ ${pattern} AND merged_into_id IS NULL
            GROUP BY ${sql.ref(column)} HAVING count(*) > 1) d ON d.key = m.${sql.ref(column)}
      WHERE m.province_code = ${provinceCode} AND m.merged_into_id IS NULL`.execute(tx);
    const produced = rows.map((r) =>
      sharedValueFinding(
        rule,
        { provinceCode, id: Number(r.id), orgId: Number(r.org_id), legacyId: r.legacy_id, value: r.value },
        env,
      ),
    );
    await writeFindingsOfRule(tx, check, rule, produced);
  }
  // One person, one record: probable pairs of the matching engine over the province.
  if (!env.disabled.includes('DUPLICATE_PERSON_PROBABLE')) {
    await loadPeople(tx, check);
    await writeProbableDuplicates(tx, check, settled);
  }
}

/** DUPLICATE_PERSON_PROBABLE: probable pairs of the matching engine over the province. */
async function writeProbableDuplicates(
  tx: Tx,
  check: ProvinceCheck,
  settled: { pairs: ReadonlySet<string>; merged: ReadonlySet<number> },
): Promise<void> {
  const { env, provinceCode } = check;
  // A person's decision stands: pairs judged "different people" or already merged, and records merged
  // into another, never come back as findings.
  const pairs = findDuplicatePairs(check.people!).filter(
    (p) =>
      p.band === 'probable' &&
      !settled.merged.has(Number(p.a)) &&
      !settled.merged.has(Number(p.b)) &&
      !settled.pairs.has(`${Math.min(Number(p.a), Number(p.b))}:${Math.max(Number(p.a), Number(p.b))}`),
  );
  const memberOrg = await memberOrganizations(
    tx,
    pairs.flatMap((p) => [Number(p.a), Number(p.b)]),
  );
  const produced = applySettings(checkDuplicatePairs(pairs), env.settings).map((f) => {
    const id = Number(f.legacyId);
    const legacy = (key: string | null) => (key === null ? null : (check.legacyIds.get(key) ?? key));
    return toProduced(
      { ...f, value: legacy(f.value) ?? '', suggested: legacy(f.suggested) },
      {
        provinceCode,
        recordType: 'member',
        recordId: id,
        orgId: memberOrg.get(id) ?? 0,
        legacyId: check.legacyIds.get(f.legacyId) ?? null,
      },
    );
  });
  await writeFindingsOfRule(tx, check, 'DUPLICATE_PERSON_PROBABLE', produced);
}

/** Replaces one cross-record rule's findings in the province: holders now, and those that held it before. */
async function writeFindingsOfRule(tx: Tx, check: ProvinceCheck, rule: string, produced: ProducedFinding[]) {
  const before = await tx
    .selectFrom('findings')
    .select('record_id')
    .where('province_code', '=', check.provinceCode)
    .where('record_type', '=', 'member')
    .where('rule', '=', rule)
    .where('status', '<>', 'fixed')
    .execute();
  const ids = new Set<number>([
    ...before.map((r) => Number(r.record_id)),
    ...produced.map((p) => p.recordId),
  ]);
  await writeFindings(
    tx,
    { recordType: 'member', recordIds: [...ids], onlyRules: [rule] },
    produced,
    check.actorId,
  );
}

/** Decided duplicate pairs (0005_duplicates.sql) and members merged into another record, in a province. */
async function settledPairs(tx: Tx, provinceCode: string) {
  const decided = await sql<{ member_a: string | number; member_b: string | number }>`
    SELECT member_a, member_b FROM duplicate_pairs
    WHERE status IN ('different', 'merged') AND (province_a = ${provinceCode} OR province_b = ${provinceCode})`.execute(
    tx,
  );
  const merged = await sql<{ id: string | number }>`
    SELECT id FROM members WHERE province_code = ${provinceCode} AND merged_into_id IS NOT NULL`.execute(tx);
  return {
    pairs: new Set(decided.rows.map((r) => `${Number(r.member_a)}:${Number(r.member_b)}`)),
    merged: new Set(merged.rows.map((r) => Number(r.id))),
  };
}

async function memberOrganizations(tx: Tx, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    if (chunk.length === 0) continue;
    const rows = await tx.selectFrom('members').select(['id', 'org_id']).where('id', 'in', chunk).execute();
    for (const r of rows) out.set(Number(r.id), Number(r.org_id));
  }
  return out;
}

async function countProvinceMembers(tx: Tx, provinceCode: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM members WHERE province_code = ${provinceCode}`.execute(tx);
  return rows[0]?.n ?? 0;
}

/**
 * The matching input of every member of the province, in id order (the order of a check from scratch): from
 * the check states the member phase just brought up to date, or computed again when one is missing.
 */
async function loadPeople(tx: Tx, check: ProvinceCheck): Promise<void> {
  const loaded = await loadCheckedPeople(tx, { provinceCode: check.provinceCode, envKey: check.envKey });
  if (loaded === null) {
    await reloadPeople(tx, check);
    return;
  }
  check.people = loaded.map((r) => r.person as PersonForMatching);
  for (const r of loaded) check.legacyIds.set(String(r.id), r.legacyId);
}

/** The matching input computed from the members again (no writes). */
async function reloadPeople(tx: Tx, check: ProvinceCheck): Promise<void> {
  const context = { ...judgeContext(check), applySafeFixes: false };
  const people: PersonForMatching[] = [];
  let cursor = 0;
  for (;;) {
    const rows = (await tx
      .selectFrom('members')
      .select(MEMBER_ROW_COLUMNS as unknown as Array<keyof Database['members']>)
      .where('province_code', '=', check.provinceCode)
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(MEMBER_CHUNK)
      .execute()) as unknown as MemberRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      row.id = Number(row.id);
      row.org_id = Number(row.org_id);
      check.legacyIds.set(String(row.id), row.legacy_id);
    }
    const judgement = emptyJudgement();
    judgeMemberRows(context, rows, judgement);
    for (const p of judgement.people) people.push(p.person);
    cursor = rows[rows.length - 1]!.id;
  }
  check.people = people;
}

export interface ProvinceCheckSummary {
  provinceCode: string;
  members: number;
  /** Members whose own rules ran (the others had not changed since their last check). */
  changedMembers: number;
  organizations: number;
  fixedMembers: number;
  fixedOrganizations: number;
}

/**
 * The whole check of a province in the caller's transaction: what the importer calls when a package is in
 * (with `applySafeFixes`, the safe fixes are applied to the typed columns and recorded as fixed, with the
 * value as found, automatically; one audit row sums them up).
 */
export async function applySafeFixesAndCheck(
  tx: Tx,
  provinceCode: string,
  options: {
    applySafeFixes?: boolean;
    actorId?: number | null;
    actorName?: string | null;
    runId?: number | null;
    /** false: judge every member again, as if no member had been checked before. */
    incremental?: boolean;
  } = {},
): Promise<ProvinceCheckSummary> {
  const applySafeFixes = options.applySafeFixes ?? true;
  const check = await startProvinceCheck(tx, provinceCode, {
    applySafeFixes,
    actorId: options.actorId ?? null,
    incremental: options.incremental ?? true,
  });
  await checkProvinceOrganizations(tx, check);
  let cursor = 0;
  let members = 0;
  for (;;) {
    const step = await checkProvinceMemberChunk(tx, check, cursor);
    if (step.count === 0) break;
    cursor = step.cursor;
    members += step.count;
  }
  await checkProvinceCrossRules(tx, check);
  const summary: ProvinceCheckSummary = {
    provinceCode,
    members,
    changedMembers: check.changedMembers,
    organizations: check.orgs.rows.length,
    fixedMembers: check.fixedMembers,
    fixedOrganizations: check.fixedOrganizations,
  };
  if (applySafeFixes) {
    await recordAudit(tx, {
      actorId: options.actorId ?? null,
      actorName: options.actorName ?? null,
      action: 'quality.safe-fixes',
      entity: 'system',
      entityId: options.runId ?? null,
      provinceCode,
      after: summary,
    });
  }
  return summary;
}

/** Provinces present in the database (a national re-check walks them one by one). */
export async function listProvinces(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('organizations')
    .select('province_code')
    .distinct()
    .orderBy('province_code')
    .execute();
  return rows.map((r) => r.province_code);
}

/**
 * The re-check after an organization is created, renamed, moved or dissolved, in the save's transaction:
 * the tree and record rules of its province (they need the whole tree), the member-count rules of the
 * organizations involved, and the members attached directly to them (their MEMBER_ORG_* rules read the
 * organization's type, status and chi bộ children).
 */
export async function recheckOrganizationChange(
  tx: Tx,
  input: { provinceCodes: readonly string[]; orgIds: readonly number[]; actorId: number | null },
): Promise<void> {
  const settingsRow = await getRuleSettingsRow(tx);
  const env = loadQualityEnvFromRow(settingsRow);
  for (const provinceCode of new Set(input.provinceCodes)) {
    const orgs = await loadProvinceOrganizations(tx, provinceCode, env);
    const check = newProvinceCheck(provinceCode, settingsRow, env, orgs, {
      applySafeFixes: false,
      actorId: input.actorId,
    });
    await checkProvinceOrganizations(tx, check);
  }
  await recheckOrganizationMembers(tx, input.orgIds, env, input.actorId);
  if (input.orgIds.length === 0) return;
  const members = await tx
    .selectFrom('members')
    .select('id')
    .where('org_id', 'in', [...input.orgIds])
    .execute();
  await recheckMembers(tx, { memberIds: members.map((m) => Number(m.id)), actorId: input.actorId }, env);
}
