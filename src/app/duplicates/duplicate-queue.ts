import type { Member, MemberFields } from '../../core/members/member.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import { getMember } from '../../db/repos/members.ts';
import { NATIONAL_SCOPE } from '../../db/repos/scope.ts';
import { requirePermission, type Ctx } from '../context.ts';
import { planSurvivorship, type FieldChoice, type Side } from './choose-surviving-values.ts';
import { canDecide } from './decide-pair.ts';

export type ListPairsInput = duplicates.PairListQuery;

/** The duplicates queue of the caller's scope: pairs where either record (or the escalation) is in scope. */
export async function listDuplicatePairs(ctx: Ctx, input: ListPairsInput) {
  requirePermission(ctx, 'member.read');
  const result = await duplicates.listPairs(ctx.db, ctx.scope, input);
  return { ...result, page: input.page, pageSize: input.pageSize };
}

export async function countDuplicatePairs(ctx: Ctx) {
  requirePermission(ctx, 'member.read');
  return { items: await duplicates.countPairs(ctx.db, ctx.scope) };
}

export interface PairComparison {
  pair: duplicates.StoredPair;
  a: Member;
  b: Member;
  /** Which side survives by default, and per field the default choice (differing fields marked). */
  survivor: Side;
  fields: FieldChoice[];
  /** The caller's scope holds both records: a merge is possible here (otherwise escalate). */
  canMerge: boolean;
  /** The pair waits for a decision the caller may take (pending, or escalated to the caller's level). */
  canDecide: boolean;
}

/**
 * Side-by-side comparison of a pair. Both records are shown even when one lies outside the caller's scope:
 * the pair is visible to both records' organizations, and deciding needs to see the other record.
 */
export async function getPairComparison(ctx: Ctx, pairId: number): Promise<PairComparison> {
  requirePermission(ctx, 'member.read');
  const pair = await duplicates.getPair(ctx.db, ctx.scope, pairId);
  // The pair's visibility was checked above; its records are read whatever their organization.
  const a = await getMember(ctx.db, NATIONAL_SCOPE, pair.a.id);
  const b = await getMember(ctx.db, NATIONAL_SCOPE, pair.b.id);
  // A merged pair shows the merge as it was made; an open one the default plan.
  const merged = pair.status === 'merged' ? (pair.a.mergedIntoId === pair.b.id ? 'b' : 'a') : undefined;
  const plan = planSurvivorship(a, b, { survivor: merged });
  const inScope = async (id: number) =>
    getMember(ctx.db, ctx.scope, id).then(
      () => true,
      () => false,
    );
  const canMerge = (await inScope(a.id)) && (await inScope(b.id));
  return {
    pair,
    a,
    b,
    survivor: plan.survivor,
    fields: plan.fields,
    canMerge,
    canDecide: await canDecide(ctx, pair),
  };
}

export type FieldName = keyof MemberFields;
