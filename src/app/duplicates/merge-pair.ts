import { AppError } from '../../core/errors.ts';
import { MEMBER_FIELD_NAMES, type MemberFields } from '../../core/members/member.ts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import * as members from '../../db/repos/members.ts';
import { recheckMembers } from '../quality/check-stored-records.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { planSurvivorship, survivorChanges, type Side } from './choose-surviving-values.ts';
import { loadPairForDecision } from './decide-pair.ts';

export interface MergePairInput {
  /** The versions of both records as the person compared them (optimistic locking). */
  versionA: number;
  versionB: number;
  /** The pair's version as shown (optional: a concurrent decision on the pair is a VERSION_CONFLICT). */
  pairVersion?: number | undefined;
  /** Which record survives; default by the survivorship rule (choose-surviving-values.ts). */
  survivor?: Side | undefined;
  /** Per field, the side whose value the surviving record keeps; missing fields take the default. */
  choices?: Partial<Record<keyof MemberFields, Side>> | undefined;
  note?: string | null | undefined;
}

async function memberInScope(tx: Tx, ctx: Ctx, id: number) {
  try {
    return await members.getMember(tx, ctx.scope, id);
  } catch (error) {
    // The pair is visible, but a record outside the caller's scope is changed only by a level that holds
    // both: the caller escalates instead.
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new AppError('INVALID_OPERATION', { reason: 'RECORD_OUTSIDE_SCOPE', memberId: id });
    }
    throw error;
  }
}

/**
 * "Same person → merge", in one transaction: the survivor takes the chosen value of every field, the
 * other record is kept as merged (merged_into_id, never deleted), its findings move to the survivor,
 * the pair is marked merged, and both records' versions are bumped. Everything an undo needs (both rows
 * and their findings as they were) is stored in member_merges. Audited on both records.
 */
export async function mergePair(ctx: Ctx, pairId: number, input: MergePairInput) {
  requirePermission(ctx, 'member.write');
  try {
    return await ctx.db.transaction().execute((tx) => mergeInTransaction(tx, ctx, pairId, input));
  } catch (error) {
    if (error instanceof AppError && error.code === 'VERSION_CONFLICT' && error.details.entity === 'member') {
      throw new AppError('VERSION_CONFLICT', { ...error.details, reason: 'RECORD_CHANGED' });
    }
    throw error;
  }
}

async function mergeInTransaction(tx: Tx, ctx: Ctx, pairId: number, input: MergePairInput) {
  const pair = await loadPairForDecision(tx, ctx, pairId, input.pairVersion);
  // Lock in id order (a < b), as every merge does, so two merges never wait on each other in a cycle.
  const rowA = await duplicates.lockMemberRow(tx, pair.a.id);
  const rowB = await duplicates.lockMemberRow(tx, pair.b.id);
  const a = await memberInScope(tx, ctx, pair.a.id);
  const b = await memberInScope(tx, ctx, pair.b.id);
  if (a.version !== input.versionA) throw new AppError('VERSION_CONFLICT', { entity: 'member', id: a.id });
  if (b.version !== input.versionB) throw new AppError('VERSION_CONFLICT', { entity: 'member', id: b.id });
  if (rowA.merged_into_id !== null || rowB.merged_into_id !== null) {
    throw new AppError('INVALID_OPERATION', { reason: 'ALREADY_MERGED' });
  }
  const plan = planSurvivorship(
    { ...a, legacyUpdatedAt: rowA.legacy_updated_at as string | null },
    { ...b, legacyUpdatedAt: rowB.legacy_updated_at as string | null },
    { survivor: input.survivor, fields: input.choices },
  );
  const [survivor, merged] = plan.survivor === 'a' ? [a, b] : [b, a];
  const [survivorRow, mergedRow] = plan.survivor === 'a' ? [rowA, rowB] : [rowB, rowA];
  const changes = survivorChanges(plan);
  const findingsBefore = await duplicates.listFindingRows(tx, [a.id, b.id]);

  // An empty change set still bumps the survivor's version: an edit made on what the person compared fails.
  await members.updateMemberFields(tx, survivor.id, survivor.version, changes);
  await duplicates.setMergedInto(tx, merged.id, merged.version, survivor.id);
  const moved = await duplicates.moveFindingsToSurvivor(
    tx,
    {
      mergedId: merged.id,
      survivorId: survivor.id,
      survivorOrgId: survivor.orgId,
      survivorLegacyId: survivor.legacyId,
    },
    ctx.actor.id,
  );
  await recheckMembers(tx, {
    memberIds: [survivor.id],
    before: [{ citizenId: survivor.citizenId, partyCardNo: survivor.partyCardNo, orgId: survivor.orgId }],
    actorId: ctx.actor.id,
  });
  await duplicates.closeOpenFindings(tx, merged.id, ctx.actor.id);

  const choices = Object.fromEntries(
    plan.fields.map((f) => [f.field, f.choice === plan.survivor ? 'survivor' : 'merged']),
  ) as Record<string, 'survivor' | 'merged'>;
  const mergeId = await duplicates.insertMerge(tx, {
    pairId: pair.id,
    provinceCode: survivor.provinceCode,
    survivorId: survivor.id,
    mergedId: merged.id,
    choices,
    survivorBefore: duplicates.rowImage(survivorRow),
    mergedBefore: duplicates.rowImage(mergedRow),
    findingsBefore,
    survivorVersionAfter: await duplicates.getMemberVersion(tx, survivor.id),
    mergedVersionAfter: await duplicates.getMemberVersion(tx, merged.id),
    note: input.note ?? null,
    mergedBy: ctx.actor.id,
    mergedByName: ctx.actor.username,
  });
  await duplicates.setPairDecision(tx, pair.id, pair.version, {
    status: 'merged',
    decidedBy: ctx.actor.id,
    decidedByName: ctx.actor.username,
    note: input.note ?? null,
    mergeId,
  });
  const changed = Object.keys(changes) as Array<keyof MemberFields>;
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'member.merge',
    entity: 'member',
    entityId: survivor.id,
    provinceCode: survivor.provinceCode,
    before: Object.fromEntries(changed.map((f) => [f, survivor[f]])),
    after: { ...changes, mergeId, pairId: pair.id, mergedId: merged.id, findingsMoved: moved.moved },
    requestId: ctx.requestId,
  });
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action: 'member.merged_into',
    entity: 'member',
    entityId: merged.id,
    provinceCode: merged.provinceCode,
    before: { mergedIntoId: null },
    after: { mergedIntoId: survivor.id, mergeId, pairId: pair.id },
    requestId: ctx.requestId,
  });
  return {
    mergeId,
    survivor: await members.getMember(tx, ctx.scope, survivor.id),
    mergedId: merged.id,
    fieldsTaken: changed.filter((f) => MEMBER_FIELD_NAMES.includes(f)),
  };
}
