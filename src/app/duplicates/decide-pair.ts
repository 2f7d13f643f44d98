import { AppError } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import { getOrganization } from '../../db/repos/organizations.ts';
import { isPathInScope } from '../../db/repos/scope.ts';
import { requirePermission, type Ctx } from '../context.ts';

/**
 * Whether the caller may decide the pair now: a pending pair, by anyone who sees it; an escalated
 * ("not sure") pair, only at the level it was escalated to or above (NULL: the national level).
 */
export async function canDecide(ctx: Ctx, pair: duplicates.StoredPair, tx: Tx = ctx.db): Promise<boolean> {
  if (pair.status === 'pending') return true;
  if (pair.status !== 'unsure') return false;
  if (ctx.scope.kind === 'national') return true;
  if (pair.escalatedToOrgId === null) return false;
  const target = await getOrganization(tx, ctx.scope, pair.escalatedToOrgId).catch(() => null);
  return target !== null && isPathInScope(ctx.scope, target.path);
}

/** Loads the pair for a decision, locked; INVALID_OPERATION when it is decided or escalated above us. */
export async function loadPairForDecision(
  tx: Tx,
  ctx: Ctx,
  pairId: number,
  expectedVersion: number | undefined,
): Promise<duplicates.StoredPair> {
  const pair = await duplicates.getPair(tx, ctx.scope, pairId, true);
  if (pair.status === 'merged' || pair.status === 'different') {
    throw new AppError('INVALID_OPERATION', { reason: 'PAIR_DECIDED', status: pair.status });
  }
  if (!(await canDecide(ctx, pair, tx)))
    throw new AppError('INVALID_OPERATION', { reason: 'PAIR_ESCALATED' });
  if (expectedVersion !== undefined && pair.version !== expectedVersion) {
    throw new AppError('VERSION_CONFLICT', { entity: 'duplicatePair', id: pairId });
  }
  return pair;
}

async function auditDecision(
  tx: Tx,
  ctx: Ctx,
  pair: duplicates.StoredPair,
  action: string,
  after: Record<string, unknown>,
) {
  await recordAudit(tx, {
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    action,
    entity: 'member',
    entityId: pair.a.id,
    provinceCode: pair.a.provinceCode,
    before: { pairId: pair.id, status: pair.status },
    after: { pairId: pair.id, memberA: pair.a.id, memberB: pair.b.id, ...after },
    requestId: ctx.requestId,
  });
}

/** "Different people": remembered, the pair never comes back to the queue on re-detection. */
export async function markDifferentPeople(
  ctx: Ctx,
  pairId: number,
  input: { version?: number | undefined; note?: string | null | undefined },
) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const pair = await loadPairForDecision(tx, ctx, pairId, input.version);
    await duplicates.setPairDecision(tx, pair.id, pair.version, {
      status: 'different',
      decidedBy: ctx.actor.id,
      decidedByName: ctx.actor.username,
      note: input.note ?? null,
    });
    // The finding of an undecided probable pair goes with the decision.
    await duplicates.closeDuplicateFindings(tx, [pair.a.id, pair.b.id], ctx.actor.id);
    await auditDecision(tx, ctx, pair, 'duplicate.different', {
      status: 'different',
      note: input.note ?? null,
    });
    return duplicates.getPair(tx, ctx.scope, pair.id);
  });
}

/**
 * "Not sure": the pair goes to the level above the caller's (the parent of the caller's scope
 * organization; from a province, the national level), flagged there, and the caller can no longer decide it.
 */
export async function escalatePair(
  ctx: Ctx,
  pairId: number,
  input: { version?: number | undefined; note?: string | null | undefined },
) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const pair = await loadPairForDecision(tx, ctx, pairId, input.version);
    if (ctx.scope.kind === 'national') {
      throw new AppError('INVALID_OPERATION', { reason: 'NO_LEVEL_ABOVE' });
    }
    const own = await getOrganization(tx, ctx.scope, ctx.scope.orgId);
    const target = own.parentId;
    await duplicates.setPairDecision(tx, pair.id, pair.version, {
      status: 'unsure',
      decidedBy: ctx.actor.id,
      decidedByName: ctx.actor.username,
      note: input.note ?? null,
      escalatedToOrgId: target,
      escalatedFromOrgId: own.id,
    });
    await auditDecision(tx, ctx, pair, 'duplicate.escalate', {
      status: 'unsure',
      escalatedToOrgId: target,
      note: input.note ?? null,
    });
    return duplicates.getPair(tx, ctx.scope, pair.id);
  });
}
