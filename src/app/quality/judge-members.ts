import type { PersonForMatching } from '../../core/matching/person-for-matching.ts';
import { toPersonForMatching } from '../../core/quality/rules/duplicates.ts';
import type { OrganizationIndex } from '../../core/quality/rules/liveness.ts';
import type { ProducedFinding } from '../../db/repos/findings.ts';
import { checkStoredMember, type QualityEnv } from './check-stored-records.ts';
import type { MemberRow, ProvinceOrganizations } from './stored-records.ts';

/**
 * The member rules of a full re-check over stored rows, without I/O: what runs in this thread
 * (check-province.ts) and on the worker threads of a large re-check (judge-pool.ts), so both judge alike.
 */

/** What judging a member reads besides its row. */
export interface MemberJudgeContext {
  orgs: Pick<ProvinceOrganizations, 'keyById' | 'idByKey' | 'rootId'>;
  /** The organizations as the member rules see them (indexOrganizations of the province's records). */
  index: OrganizationIndex;
  env: QualityEnv;
  applySafeFixes: boolean;
}

/** The rules' answer for some members: their findings, their matching input, the safe fixes to write. */
export interface MemberJudgement {
  produced: ProducedFinding[];
  people: Array<{ id: number; person: PersonForMatching }>;
  fixes: Array<{ id: number; fixes: Record<string, string | null> }>;
}

export function emptyJudgement(): MemberJudgement {
  return { produced: [], people: [], fixes: [] };
}

/** Judges rows[from, to) into `out`. */
export function judgeMemberRows(
  context: MemberJudgeContext,
  rows: readonly MemberRow[],
  out: MemberJudgement,
  from = 0,
  to = rows.length,
): void {
  const { orgs, index, env } = context;
  for (let i = from; i < to; i++) {
    const row = rows[i]!;
    const currentKey = orgs.keyById.get(row.org_id) ?? `#${row.org_id}`;
    const rawCode = ((row.legacy_raw as Record<string, string> | null)?.MA_TO_CHUC ?? '').trim();
    const placedAt = (rawCode === '' ? undefined : orgs.idByKey.get(rawCode)) ?? orgs.rootId;
    const result = checkStoredMember(row, { currentKey, asImported: row.org_id === placedAt }, index, env, {
      applySafeFixes: context.applySafeFixes,
    });
    if (Object.keys(result.fixes).length > 0) out.fixes.push({ id: row.id, fixes: result.fixes });
    for (const p of result.produced) out.produced.push(p);
    out.people.push({ id: row.id, person: toPersonForMatching(result.record) });
  }
}
