import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import * as members from '../../db/repos/members.ts';
import { requirePermission, type Ctx } from '../context.ts';

/**
 * Undoes a merge, in one transaction: both records get back every column they had before the merge
 * (their versions bumped again), their findings are put back as they were, and the pair returns to the
 * queue as pending. Refused when either record changed after the merge (an undo would silently drop
 * that change): the person edits by hand instead.
 */
export async function undoMerge(ctx: Ctx, mergeId: number) {
  requirePermission(ctx, 'member.write');
  return ctx.db.transaction().execute(async (tx) => {
    const merge = await duplicates.getMerge(tx, ctx.scope, mergeId, true);
    if (merge.undoneAt !== null) throw new AppError('INVALID_OPERATION', { reason: 'MERGE_ALREADY_UNDONE' });
    const [first, second] = [merge.survivorId, merge.mergedId].sort((x, y) => x - y);
    const rows = new Map([
      [first!, await duplicates.lockMemberRow(tx, first!)],
      [second!, await duplicates.lockMemberRow(tx, second!)],
    ]);
    const survivorVersion = Number(rows.get(merge.survivorId)!.version);
    const mergedVersion = Number(rows.get(merge.mergedId)!.version);
    if (survivorVersion !== merge.survivorVersionAfter || mergedVersion !== merge.mergedVersionAfter) {
      throw new AppError('INVALID_OPERATION', { reason: 'MERGE_CHANGED_SINCE' });
    }
    await duplicates.restoreMemberRow(tx, merge.survivorId, survivorVersion, merge.survivorBefore);
    await duplicates.restoreMemberRow(tx, merge.mergedId, mergedVersion, merge.mergedBefore);
    await duplicates.restoreFindingRows(tx, [merge.survivorId, merge.mergedId], merge.findingsBefore);
    await duplicates.markMergeUndone(tx, merge.id, { id: ctx.actor.id, name: ctx.actor.username });
    if (merge.pairId !== null) {
      const pair = await tx
        .selectFrom('duplicate_pairs')
        .select('version')
        .where('id', '=', merge.pairId)
        .executeTakeFirst();
      if (pair) {
        await duplicates.setPairDecision(tx, merge.pairId, Number(pair.version), {
          status: 'pending',
          decidedBy: null,
          decidedByName: null,
        });
      }
    }
    for (const [id, action] of [
      [merge.survivorId, 'member.merge.undo'],
      [merge.mergedId, 'member.merged_into.undo'],
    ] as const) {
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        actorName: ctx.actor.username,
        action,
        entity: 'member',
        entityId: id,
        provinceCode: merge.provinceCode,
        after: { mergeId: merge.id, pairId: merge.pairId },
        requestId: ctx.requestId,
      });
    }
    return {
      mergeId: merge.id,
      pairId: merge.pairId,
      survivor: await members.getMember(tx, ctx.scope, merge.survivorId),
      merged: await members.getMember(tx, ctx.scope, merge.mergedId),
    };
  });
}

/** The merges a member took part in (the member page offers "Hoàn tác hợp nhất" for the latest). */
export async function listMemberMerges(ctx: Ctx, memberId: number) {
  requirePermission(ctx, 'member.read');
  await members.getMember(ctx.db, ctx.scope, memberId);
  const merges = await duplicates.listMergesOfMember(ctx.db, ctx.scope, memberId);
  return {
    items: merges.map((m) => ({
      id: m.id,
      pairId: m.pairId,
      survivorId: m.survivorId,
      mergedId: m.mergedId,
      choices: m.choices,
      note: m.note,
      mergedBy: m.mergedByName,
      mergedAt: m.mergedAt,
      undoneBy: m.undoneByName,
      undoneAt: m.undoneAt,
    })),
  };
}
