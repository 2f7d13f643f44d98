import { sql } from 'kysely';
import { AppError } from '../../core/errors.ts';
import type { Tx } from '../client.ts';
import type { DuplicatePairStatus } from '../schema.ts';
import { orgInScope, type Scope } from './scope.ts';

/**
 * Duplicate pairs, merges and the register extract (0005_duplicates.sql). Every read of pairs is scoped: a
 * pair is visible when either record's organization is inside the scope, or the organization it was
 * escalated to is.
 */

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Detection input and output
// ---------------------------------------------------------------------------------------------------------

export interface MatchingRow {
  id: number;
  org_id: number;
  legacy_id: string | null;
  province_code: string;
  full_name: string;
  birth_date: string | null;
  gender: string | null;
  citizen_id: string | null;
  party_card_no: string | null;
  hometown_province_code: string | null;
  hometown_commune_code: string | null;
  residence_province_code: string | null;
  residence_commune_code: string | null;
  status: string | null;
}

/** The members of a province that take part in matching (merged records do not), after `afterId`. */
export async function listMatchingRows(
  tx: Tx,
  provinceCode: string,
  afterId: number,
  limit: number,
): Promise<MatchingRow[]> {
  const rows = await tx
    .selectFrom('members')
    .select([
      'id',
      'org_id',
      'legacy_id',
      'province_code',
      'full_name',
      'birth_date',
      'gender',
      'citizen_id',
      'party_card_no',
      'hometown_province_code',
      'hometown_commune_code',
      'residence_province_code',
      'residence_commune_code',
      'status',
    ])
    .where('province_code', '=', provinceCode)
    .where('merged_into_id', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), org_id: Number(r.org_id) }));
}

export interface DetectedPair {
  memberA: number;
  memberB: number;
  provinceA: string;
  provinceB: string;
  score: number;
  band: 'probable' | 'review';
  reasons: string[];
}

/**
 * Upserts what a detection found. Score, band and reasons follow the latest detection; the status (the
 * decision) is never touched, so a pair decided "different people" stays decided.
 */
export async function upsertPairs(tx: Tx, pairs: readonly DetectedPair[], seenAt: Date): Promise<void> {
  for (const part of chunks(pairs)) {
    await tx
      .insertInto('duplicate_pairs')
      .values(
        part.map((p) => ({
          member_a: Math.min(p.memberA, p.memberB),
          member_b: Math.max(p.memberA, p.memberB),
          province_a: p.memberA < p.memberB ? p.provinceA : p.provinceB,
          province_b: p.memberA < p.memberB ? p.provinceB : p.provinceA,
          score: p.score,
          band: p.band,
          reasons: JSON.stringify(p.reasons),
          detected_at: seenAt,
          last_seen_at: seenAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['member_a', 'member_b']).doUpdateSet({
          score: sql`excluded.score`,
          band: sql`excluded.band`,
          reasons: sql`excluded.reasons`,
          last_seen_at: sql`excluded.last_seen_at`,
        }),
      )
      .execute();
  }
}

/** Pending pairs of the province that the detection started at `seenAt` did not produce again. */
export async function deleteStalePendingPairs(tx: Tx, provinceCode: string, seenAt: Date): Promise<number> {
  const result = await tx
    .deleteFrom('duplicate_pairs')
    .where('province_a', '=', provinceCode)
    .where('province_b', '=', provinceCode)
    .where('status', '=', 'pending')
    .where('last_seen_at', '<', seenAt)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Probable pairs of the province waiting for a decision (pending or escalated), both records unmerged. */
export async function listUndecidedProbablePairs(tx: Tx, provinceCode: string) {
  const rows = await tx
    .selectFrom('duplicate_pairs as p')
    .innerJoin('members as ma', 'ma.id', 'p.member_a')
    .innerJoin('members as mb', 'mb.id', 'p.member_b')
    .select(['p.member_a', 'p.member_b', 'p.score'])
    .where('p.band', '=', 'probable')
    .where('p.status', 'in', ['pending', 'unsure'])
    .where((eb) => eb.or([eb('p.province_a', '=', provinceCode), eb('p.province_b', '=', provinceCode)]))
    .where('ma.merged_into_id', 'is', null)
    .where('mb.merged_into_id', 'is', null)
    .orderBy('p.score', 'desc')
    .execute();
  return rows.map((r) => ({
    member_a: Number(r.member_a),
    member_b: Number(r.member_b),
    score: Number(r.score),
  }));
}

/** Members of the province holding a not-fixed finding of the rule (what a rewrite of the rule replaces). */
export async function listFindingHolders(tx: Tx, provinceCode: string, rule: string): Promise<number[]> {
  const rows = await tx
    .selectFrom('findings')
    .select('record_id')
    .where('province_code', '=', provinceCode)
    .where('record_type', '=', 'member')
    .where('rule', '=', rule)
    .where('status', '<>', 'fixed')
    .execute();
  return rows.map((r) => Number(r.record_id));
}

// ---------------------------------------------------------------------------------------------------------
// The review queue
// ---------------------------------------------------------------------------------------------------------

export interface PairSide {
  id: number;
  fullName: string;
  birthDate: string | null;
  gender: string | null;
  citizenId: string | null;
  partyCardNo: string | null;
  status: string | null;
  legacyId: string | null;
  orgId: number;
  orgName: string;
  provinceCode: string;
  mergedIntoId: number | null;
  version: number;
}

export interface StoredPair {
  id: number;
  score: number;
  band: 'probable' | 'review';
  reasons: string[];
  status: DuplicatePairStatus;
  escalatedToOrgId: number | null;
  escalatedToOrgName: string | null;
  escalatedFromOrgId: number | null;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
  mergeId: number | null;
  version: number;
  detectedAt: string;
  a: PairSide;
  b: PairSide;
}

const toIso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

function basePairQuery(tx: Tx, scope: Scope) {
  return (
    tx
      .selectFrom('duplicate_pairs as p')
      .innerJoin('members as ma', 'ma.id', 'p.member_a')
      .innerJoin('members as mb', 'mb.id', 'p.member_b')
      .innerJoin('organizations as oa', 'oa.id', 'ma.org_id')
      .innerJoin('organizations as ob', 'ob.id', 'mb.org_id')
      .leftJoin('organizations as oe', 'oe.id', 'p.escalated_to_org_id')
      // A pair with a record merged elsewhere is moot until a re-detection (or the other merge is undone).
      .where((eb) =>
        eb.or([
          eb('p.status', '=', 'merged'),
          eb.and([eb('ma.merged_into_id', 'is', null), eb('mb.merged_into_id', 'is', null)]),
        ]),
      )
      .where((eb) =>
        scope.kind === 'national'
          ? eb.lit(true)
          : eb.or([
              orgInScope(scope, 'oa') as never,
              orgInScope(scope, 'ob') as never,
              eb.and([eb('p.status', '=', 'unsure'), orgInScope(scope, 'oe') as never]),
            ]),
      )
  );
}

type PairQuery = ReturnType<typeof basePairQuery>;

function selectPair(query: PairQuery) {
  return query.select([
    'p.id',
    'p.score',
    'p.band',
    'p.reasons',
    'p.status',
    'p.escalated_to_org_id',
    'p.escalated_from_org_id',
    'oe.name as escalated_to_org_name',
    'p.decided_by',
    'p.decided_by_name',
    'p.decided_at',
    'p.note',
    'p.merge_id',
    'p.version',
    'p.detected_at',
    'ma.id as a_id',
    'ma.full_name as a_full_name',
    'ma.birth_date as a_birth_date',
    'ma.gender as a_gender',
    'ma.citizen_id as a_citizen_id',
    'ma.party_card_no as a_party_card_no',
    'ma.status as a_status',
    'ma.legacy_id as a_legacy_id',
    'ma.org_id as a_org_id',
    'oa.name as a_org_name',
    'ma.province_code as a_province_code',
    'ma.merged_into_id as a_merged_into_id',
    'ma.version as a_version',
    'mb.id as b_id',
    'mb.full_name as b_full_name',
    'mb.birth_date as b_birth_date',
    'mb.gender as b_gender',
    'mb.citizen_id as b_citizen_id',
    'mb.party_card_no as b_party_card_no',
    'mb.status as b_status',
    'mb.legacy_id as b_legacy_id',
    'mb.org_id as b_org_id',
    'ob.name as b_org_name',
    'mb.province_code as b_province_code',
    'mb.merged_into_id as b_merged_into_id',
    'mb.version as b_version',
  ]);
}

type PairRow = Awaited<ReturnType<ReturnType<typeof selectPair>['executeTakeFirstOrThrow']>>;

function side(row: PairRow, s: 'a' | 'b'): PairSide {
  const r = row as unknown as Record<string, unknown>;
  const v = (name: string) => r[`${s}_${name}`];
  return {
    id: Number(v('id')),
    fullName: v('full_name') as string,
    birthDate: v('birth_date') as string | null,
    gender: v('gender') as string | null,
    citizenId: v('citizen_id') as string | null,
    partyCardNo: v('party_card_no') as string | null,
    status: v('status') as string | null,
    legacyId: v('legacy_id') as string | null,
    orgId: Number(v('org_id')),
    orgName: v('org_name') as string,
    provinceCode: v('province_code') as string,
    mergedIntoId: v('merged_into_id') === null ? null : Number(v('merged_into_id')),
    version: Number(v('version')),
  };
}

function toStoredPair(row: PairRow): StoredPair {
  return {
    id: Number(row.id),
    score: Number(row.score),
    band: row.band,
    reasons: row.reasons,
    status: row.status,
    escalatedToOrgId: row.escalated_to_org_id === null ? null : Number(row.escalated_to_org_id),
    escalatedToOrgName: row.escalated_to_org_name ?? null,
    escalatedFromOrgId: row.escalated_from_org_id === null ? null : Number(row.escalated_from_org_id),
    decidedBy: row.decided_by === null ? null : Number(row.decided_by),
    decidedByName: row.decided_by_name,
    decidedAt: toIso(row.decided_at),
    note: row.note,
    mergeId: row.merge_id === null ? null : Number(row.merge_id),
    version: Number(row.version),
    detectedAt: toIso(row.detected_at)!,
    a: side(row, 'a'),
    b: side(row, 'b'),
  };
}

export interface PairListQuery {
  status?: DuplicatePairStatus | undefined;
  band?: 'probable' | 'review' | undefined;
  /** Only pairs escalated to an organization inside the scope (the level above's inbox). */
  escalatedToMe?: boolean | undefined;
  /** Only pairs one of whose records is this member. */
  memberId?: number | undefined;
  page: number;
  pageSize: number;
}

export async function listPairs(tx: Tx, scope: Scope, query: PairListQuery) {
  let base = basePairQuery(tx, scope);
  if (query.status) base = base.where('p.status', '=', query.status);
  if (query.band) base = base.where('p.band', '=', query.band);
  if (query.memberId !== undefined) {
    const id = query.memberId;
    base = base.where((eb) => eb.or([eb('p.member_a', '=', id), eb('p.member_b', '=', id)]));
  }
  if (query.escalatedToMe) {
    base = base.where('p.status', '=', 'unsure');
    base =
      scope.kind === 'national'
        ? base
        : base.where('p.escalated_to_org_id', 'is not', null).where(orgInScope(scope, 'oe'));
  }
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await selectPair(base)
    .orderBy('p.score', 'desc')
    .orderBy('p.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total, items: rows.map(toStoredPair) };
}

/** The pair if it is visible in the scope; NOT_FOUND otherwise. `forUpdate` locks the pair row. */
export async function getPair(tx: Tx, scope: Scope, id: number, forUpdate = false): Promise<StoredPair> {
  let query = selectPair(basePairQuery(tx, scope).where('p.id', '=', id));
  if (forUpdate) query = query.forUpdate('p');
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'duplicatePair', id });
  return toStoredPair(row);
}

export async function countPairs(tx: Tx, scope: Scope) {
  const rows = await basePairQuery(tx, scope)
    .select(['p.status', 'p.band', sql<number>`count(*)::int`.as('count')])
    .groupBy(['p.status', 'p.band'])
    .execute();
  return rows.map((r) => ({ status: r.status, band: r.band, count: Number(r.count) }));
}

export interface PairDecision {
  status: DuplicatePairStatus;
  decidedBy: number | null;
  decidedByName: string | null;
  note?: string | null | undefined;
  escalatedToOrgId?: number | null | undefined;
  escalatedFromOrgId?: number | null | undefined;
  mergeId?: number | null | undefined;
}

/** Records a decision on a pair; compare-and-set on the pair's version (VERSION_CONFLICT when stale). */
export async function setPairDecision(
  tx: Tx,
  id: number,
  expectedVersion: number,
  decision: PairDecision,
): Promise<void> {
  const isPending = decision.status === 'pending';
  const result = await tx
    .updateTable('duplicate_pairs')
    .set({
      status: decision.status,
      decided_by: isPending ? null : decision.decidedBy,
      decided_by_name: isPending ? null : decision.decidedByName,
      decided_at: isPending ? null : new Date(),
      note: decision.note ?? null,
      escalated_to_org_id: decision.escalatedToOrgId ?? null,
      escalated_from_org_id: decision.escalatedFromOrgId ?? null,
      merge_id: decision.mergeId ?? null,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new AppError('VERSION_CONFLICT', { entity: 'duplicatePair', id });
  }
}

/** Other pending pairs that involve a record which is now merged: they are left for a re-detection. */
export async function pairsOfMember(tx: Tx, memberId: number) {
  return tx
    .selectFrom('duplicate_pairs')
    .select(['id', 'status', 'member_a', 'member_b'])
    .where((eb) => eb.or([eb('member_a', '=', memberId), eb('member_b', '=', memberId)]))
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Merges: full row images (what an undo restores) and the merge record
// ---------------------------------------------------------------------------------------------------------

/** A value of a JSON row image as a column value: objects are jsonb columns (legacy_raw, undo). */
const toColumnValue = (value: unknown): unknown =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : value;

/** Columns an undo never writes back: identity, and the bookkeeping the restore sets itself. */
const NOT_RESTORED = new Set(['id', 'version', 'updated_at', 'created_at']);

/** The members row as stored (every column), locked for the rest of the transaction. */
export async function lockMemberRow(tx: Tx, id: number): Promise<Record<string, unknown>> {
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT * FROM members WHERE id = ${id} FOR UPDATE`.execute(tx);
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', { entity: 'member', id });
  return row;
}

/** JSON-safe image of a row: what is stored in member_merges and compared by the undo. */
export function rowImage(row: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
}

/**
 * Writes a member's columns back from an image taken before a merge (everything but id, version and the
 * timestamps of creation), bumping the version: compare-and-set on `expectedVersion`.
 */
export async function restoreMemberRow(
  tx: Tx,
  id: number,
  expectedVersion: number,
  image: Record<string, unknown>,
): Promise<void> {
  const set: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(image)) {
    if (NOT_RESTORED.has(column)) continue;
    set[column] = toColumnValue(value);
  }
  const result = await tx
    .updateTable('members')
    .set({ ...(set as Record<string, never>), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', { entity: 'member', id });
}

/** Marks a record as merged into `survivorId` (or not merged, null); compare-and-set on the version. */
export async function setMergedInto(
  tx: Tx,
  id: number,
  expectedVersion: number,
  survivorId: number | null,
): Promise<void> {
  const result = await tx
    .updateTable('members')
    .set({ merged_into_id: survivorId, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', { entity: 'member', id });
}

export async function getMemberVersion(tx: Tx, id: number): Promise<number> {
  const row = await tx.selectFrom('members').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return Number(row.version);
}

export async function isMerged(tx: Tx, id: number): Promise<boolean> {
  const row = await tx.selectFrom('members').select('merged_into_id').where('id', '=', id).executeTakeFirst();
  return row?.merged_into_id !== null && row?.merged_into_id !== undefined;
}

/** Every findings row of the members (all columns), for the merge's before-image. */
export async function listFindingRows(tx: Tx, memberIds: readonly number[]) {
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM findings
    WHERE record_type = 'member' AND record_id IN (${sql.join(memberIds)}) ORDER BY id`.execute(tx);
  return rows.map(rowImage);
}

/**
 * Moves the merged record's findings to the survivor: a finding the survivor does not hold for the same
 * rule and field is re-pointed (its history goes with it); one the survivor already holds is closed on the
 * merged record. The probable-duplicate findings of both records are closed: the pair is resolved.
 */
export async function moveFindingsToSurvivor(
  tx: Tx,
  input: { mergedId: number; survivorId: number; survivorOrgId: number; survivorLegacyId: string | null },
  actorId: number | null,
): Promise<{ moved: number; closed: number }> {
  const now = new Date();
  const closedDuplicates = await tx
    .updateTable('findings')
    .set({ status: 'fixed', resolved_by: actorId, resolved_at: now })
    .where('record_type', '=', 'member')
    .where('record_id', 'in', [input.mergedId, input.survivorId])
    .where('rule', '=', 'DUPLICATE_PERSON_PROBABLE')
    .where('status', '<>', 'fixed')
    .executeTakeFirst();
  const moved =
    await sql`UPDATE findings f SET record_id = ${input.survivorId}, org_id = ${input.survivorOrgId},
      legacy_id = ${input.survivorLegacyId}
    WHERE f.record_type = 'member' AND f.record_id = ${input.mergedId} AND f.rule <> 'DUPLICATE_PERSON_PROBABLE'
      AND NOT EXISTS (SELECT 1 FROM findings s WHERE s.record_type = 'member' AND s.record_id = ${input.survivorId}
                      AND s.rule = f.rule AND s.field = f.field)`.execute(tx);
  const closed = await tx
    .updateTable('findings')
    .set({ status: 'fixed', resolved_by: actorId, resolved_at: now })
    .where('record_type', '=', 'member')
    .where('record_id', '=', input.mergedId)
    .where('status', '<>', 'fixed')
    .executeTakeFirst();
  return {
    moved: Number(moved.numAffectedRows ?? 0),
    closed: Number(closed.numUpdatedRows) + Number(closedDuplicates.numUpdatedRows),
  };
}

/**
 * Puts the findings of a merge's records back as they were: each row of the image is written back by id
 * (record, status, values…); rows created since for these records are deleted (the re-check that
 * follows the undo produces them again if they still hold).
 */
export async function restoreFindingRows(
  tx: Tx,
  memberIds: readonly number[],
  images: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const ids = images.map((r) => Number(r.id));
  let stale = tx
    .deleteFrom('findings')
    .where('record_type', '=', 'member')
    .where('record_id', 'in', [...memberIds]);
  if (ids.length > 0) stale = stale.where('id', 'not in', ids);
  await stale.execute();
  for (const image of images) {
    const set: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(image)) {
      if (column === 'id') continue;
      set[column] = toColumnValue(value);
    }
    await tx
      .updateTable('findings')
      .set(set as never)
      .where('id', '=', Number(image.id))
      .execute();
  }
}

export interface NewMerge {
  pairId: number | null;
  provinceCode: string;
  survivorId: number;
  mergedId: number;
  choices: Record<string, 'survivor' | 'merged'>;
  survivorBefore: Record<string, unknown>;
  mergedBefore: Record<string, unknown>;
  findingsBefore: Array<Record<string, unknown>>;
  survivorVersionAfter: number;
  mergedVersionAfter: number;
  note: string | null;
  mergedBy: number | null;
  mergedByName: string | null;
}

export async function insertMerge(tx: Tx, merge: NewMerge): Promise<number> {
  const row = await tx
    .insertInto('member_merges')
    .values({
      pair_id: merge.pairId,
      province_code: merge.provinceCode,
      survivor_id: merge.survivorId,
      merged_id: merge.mergedId,
      choices: JSON.stringify(merge.choices),
      survivor_before: JSON.stringify(merge.survivorBefore),
      merged_before: JSON.stringify(merge.mergedBefore),
      findings_before: JSON.stringify(merge.findingsBefore),
      survivor_version_after: merge.survivorVersionAfter,
      merged_version_after: merge.mergedVersionAfter,
      note: merge.note,
      merged_by: merge.mergedBy,
      merged_by_name: merge.mergedByName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface StoredMerge {
  id: number;
  pairId: number | null;
  provinceCode: string;
  survivorId: number;
  mergedId: number;
  choices: Record<string, 'survivor' | 'merged'>;
  survivorBefore: Record<string, unknown>;
  mergedBefore: Record<string, unknown>;
  findingsBefore: Array<Record<string, unknown>>;
  survivorVersionAfter: number;
  mergedVersionAfter: number;
  note: string | null;
  mergedBy: number | null;
  mergedByName: string | null;
  mergedAt: string;
  undoneBy: number | null;
  undoneByName: string | null;
  undoneAt: string | null;
}

function baseMergeQuery(tx: Tx, scope: Scope) {
  return tx
    .selectFrom('member_merges as g')
    .innerJoin('members as s', 's.id', 'g.survivor_id')
    .innerJoin('organizations as os', 'os.id', 's.org_id')
    .selectAll('g')
    .where(orgInScope(scope, 'os'));
}

type MergeRow = Awaited<ReturnType<ReturnType<typeof baseMergeQuery>['executeTakeFirstOrThrow']>>;

function toStoredMerge(row: MergeRow): StoredMerge {
  return {
    id: Number(row.id),
    pairId: row.pair_id === null ? null : Number(row.pair_id),
    provinceCode: row.province_code,
    survivorId: Number(row.survivor_id),
    mergedId: Number(row.merged_id),
    choices: row.choices,
    survivorBefore: row.survivor_before,
    mergedBefore: row.merged_before,
    findingsBefore: row.findings_before,
    survivorVersionAfter: row.survivor_version_after,
    mergedVersionAfter: row.merged_version_after,
    note: row.note,
    mergedBy: row.merged_by === null ? null : Number(row.merged_by),
    mergedByName: row.merged_by_name,
    mergedAt: toIso(row.merged_at)!,
    undoneBy: row.undone_by === null ? null : Number(row.undone_by),
    undoneByName: row.undone_by_name,
    undoneAt: toIso(row.undone_at),
  };
}

/** A merge whose survivor is inside the scope; NOT_FOUND otherwise. `forUpdate` locks the merge row. */
export async function getMerge(tx: Tx, scope: Scope, id: number, forUpdate = false): Promise<StoredMerge> {
  let query = baseMergeQuery(tx, scope).where('g.id', '=', id);
  if (forUpdate) query = query.forUpdate('g');
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'merge', id });
  return toStoredMerge(row);
}

/** The merges a member took part in (as survivor or merged record), newest first. */
export async function listMergesOfMember(tx: Tx, scope: Scope, memberId: number): Promise<StoredMerge[]> {
  const rows = await baseMergeQuery(tx, scope)
    .where((eb) => eb.or([eb('g.survivor_id', '=', memberId), eb('g.merged_id', '=', memberId)]))
    .orderBy('g.merged_at', 'desc')
    .orderBy('g.id', 'desc')
    .execute();
  return rows.map(toStoredMerge);
}

/** Closes the DUPLICATE_PERSON_PROBABLE findings of the members (their pair was decided). */
export async function closeDuplicateFindings(
  tx: Tx,
  memberIds: readonly number[],
  actorId: number | null,
): Promise<void> {
  await tx
    .updateTable('findings')
    .set({ status: 'fixed', resolved_by: actorId, resolved_at: new Date() })
    .where('record_type', '=', 'member')
    .where('record_id', 'in', [...memberIds])
    .where('rule', '=', 'DUPLICATE_PERSON_PROBABLE')
    .where('status', '<>', 'fixed')
    .execute();
}

/** A merged record holds no open finding: what a re-check reopened on it is closed again. */
export async function closeOpenFindings(tx: Tx, memberId: number, actorId: number | null): Promise<void> {
  await tx
    .updateTable('findings')
    .set({ status: 'fixed', resolved_by: actorId, resolved_at: new Date() })
    .where('record_type', '=', 'member')
    .where('record_id', '=', memberId)
    .where('status', '<>', 'fixed')
    .execute();
}

export async function markMergeUndone(
  tx: Tx,
  id: number,
  actor: { id: number | null; name: string | null },
): Promise<void> {
  await tx
    .updateTable('member_merges')
    .set({ undone_by: actor.id, undone_by_name: actor.name, undone_at: new Date() })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Background runs (detection, reconciliation)
// ---------------------------------------------------------------------------------------------------------

export type DuplicateRunKind = 'detect' | 'reconcile';
export type DuplicateRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface DuplicateRun {
  id: number;
  kind: DuplicateRunKind;
  provinceCode: string;
  status: DuplicateRunStatus;
  phase: string;
  cursor: number;
  done: number;
  total: number;
  result: unknown;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type RunRow = Awaited<ReturnType<ReturnType<typeof runQuery>['executeTakeFirstOrThrow']>>;

const runQuery = (tx: Tx) => tx.selectFrom('duplicate_runs').selectAll();

function toRun(row: RunRow): DuplicateRun {
  return {
    id: Number(row.id),
    kind: row.kind,
    provinceCode: row.province_code,
    status: row.status,
    phase: row.phase,
    cursor: Number(row.cursor),
    done: Number(row.done),
    total: Number(row.total),
    result: row.result ?? null,
    error: row.error,
    requestedBy: row.requested_by_name,
    createdAt: toIso(row.created_at)!,
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
  };
}

export async function insertRun(
  tx: Tx,
  input: {
    kind: DuplicateRunKind;
    provinceCode: string;
    requestedBy: number | null;
    requestedByName: string | null;
  },
): Promise<number> {
  const row = await tx
    .insertInto('duplicate_runs')
    .values({
      kind: input.kind,
      province_code: input.provinceCode,
      requested_by: input.requestedBy,
      requested_by_name: input.requestedByName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function getRun(tx: Tx, id: number): Promise<DuplicateRun | null> {
  const row = await runQuery(tx).where('id', '=', id).executeTakeFirst();
  return row ? toRun(row) : null;
}

/** The run of the kind already queued or running for the province, if any (one at a time). */
export async function findActiveRun(tx: Tx, kind: DuplicateRunKind, provinceCode: string) {
  const row = await runQuery(tx)
    .where('kind', '=', kind)
    .where('province_code', '=', provinceCode)
    .where('status', 'in', ['queued', 'running'])
    .orderBy('id')
    .executeTakeFirst();
  return row ? toRun(row) : null;
}

export async function listRuns(tx: Tx, provinceCode: string | null, limit = 20): Promise<DuplicateRun[]> {
  let query = runQuery(tx).orderBy('id', 'desc').limit(limit);
  if (provinceCode !== null) query = query.where('province_code', '=', provinceCode);
  return (await query.execute()).map(toRun);
}

export async function listUnfinishedRuns(tx: Tx): Promise<DuplicateRun[]> {
  const rows = await runQuery(tx).where('status', 'in', ['queued', 'running']).orderBy('id').execute();
  return rows.map(toRun);
}

export async function updateRun(
  tx: Tx,
  id: number,
  patch: Partial<{
    status: DuplicateRunStatus;
    phase: string;
    cursor: number;
    done: number;
    total: number;
    result: unknown;
    error: string | null;
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.phase !== undefined) set.phase = patch.phase;
  if (patch.cursor !== undefined) set.cursor = patch.cursor;
  if (patch.done !== undefined) set.done = patch.done;
  if (patch.total !== undefined) set.total = patch.total;
  if (patch.result !== undefined) set.result = JSON.stringify(patch.result);
  if (patch.error !== undefined) set.error = patch.error;
  if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt;
  if (Object.keys(set).length === 0) return;
  await tx
    .updateTable('duplicate_runs')
    .set(set as never)
    .where('id', '=', id)
    .execute();
}
