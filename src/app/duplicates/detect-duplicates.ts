import {
  searchDuplicatePairs,
  type DuplicateSearchResult,
  type DuplicateSearchStats,
} from '../../core/matching/find-duplicate-pairs.ts';
import type { PersonForMatching } from '../../core/matching/person-for-matching.ts';
import { checkDuplicatePairs } from '../../core/quality/rules/duplicates.ts';
import { applySettings } from '../../core/quality/settings.ts';
import type { Db, Tx } from '../../db/client.ts';
import * as duplicates from '../../db/repos/duplicates.ts';
import { writeFindings, type ProducedFinding } from '../../db/repos/findings.ts';
import { loadQualityEnv, toProduced } from '../quality/check-stored-records.ts';
import { personFromMember } from './person-from-member.ts';

export interface DetectionProgress {
  phase: 'loading' | 'matching' | 'saving' | 'done';
  done: number;
  total: number;
}

export interface DetectionSummary {
  provinceCode: string;
  members: number;
  pairs: number;
  probable: number;
  review: number;
  /** Pending pairs of an earlier detection that this one no longer finds (deleted). */
  removed: number;
  stats: DuplicateSearchStats;
}

const LOAD_CHUNK = 5000;

interface LoadedPeople {
  people: PersonForMatching[];
  rows: Map<number, duplicates.MatchingRow>;
}

async function loadPeople(
  tx: Tx,
  provinceCode: string,
  onProgress?: (p: DetectionProgress) => void | Promise<void>,
): Promise<LoadedPeople> {
  const people: PersonForMatching[] = [];
  const rows = new Map<number, duplicates.MatchingRow>();
  let cursor = 0;
  for (;;) {
    const chunk = await duplicates.listMatchingRows(tx, provinceCode, cursor, LOAD_CHUNK);
    if (chunk.length === 0) break;
    for (const row of chunk) {
      rows.set(row.id, row);
      people.push(personFromMember(row));
    }
    cursor = chunk[chunk.length - 1]!.id;
    await onProgress?.({ phase: 'loading', done: people.length, total: 0 });
  }
  return { people, rows };
}

/**
 * Duplicate detection over one province, as a job: every member that is not merged, as typed columns,
 * through the matching engine (progress reported per phase); then, in one transaction, the pairs are
 * upserted keeping their decisions (a pair decided "different people" stays decided), pending pairs no
 * longer found are removed, and DUPLICATE_PERSON_PROBABLE findings are written for the probable pairs still
 * undecided. Running it again is safe: a job killed half-way simply runs again.
 */
export async function detectDuplicates(
  db: Db,
  provinceCode: string,
  options: { actorId?: number | null; onProgress?: (p: DetectionProgress) => void | Promise<void> } = {},
): Promise<DetectionSummary> {
  const seenAt = new Date();
  const loaded = await loadPeople(db, provinceCode, options.onProgress);
  await options.onProgress?.({ phase: 'matching', done: 0, total: loaded.people.length });
  const search = searchDuplicatePairs(loaded.people);
  await options.onProgress?.({ phase: 'saving', done: 0, total: search.pairs.length });
  const summary = await db
    .transaction()
    .execute((tx) => saveDetection(tx, provinceCode, loaded, search, seenAt, options.actorId ?? null));
  await options.onProgress?.({ phase: 'done', done: search.pairs.length, total: search.pairs.length });
  return summary;
}

/**
 * The same detection inside the caller's transaction, without progress: for the full re-check's
 * cross-record phase, so that its DUPLICATE_PERSON_PROBABLE findings respect the reviewers' decisions.
 */
export async function detectDuplicatesInTransaction(
  tx: Tx,
  provinceCode: string,
  actorId: number | null = null,
): Promise<DetectionSummary> {
  const seenAt = new Date();
  const loaded = await loadPeople(tx, provinceCode);
  return saveDetection(tx, provinceCode, loaded, searchDuplicatePairs(loaded.people), seenAt, actorId);
}

async function saveDetection(
  tx: Tx,
  provinceCode: string,
  { people, rows }: LoadedPeople,
  { pairs, stats }: DuplicateSearchResult,
  seenAt: Date,
  actorId: number | null,
): Promise<DetectionSummary> {
  const detected: duplicates.DetectedPair[] = pairs.map((p) => {
    const a = rows.get(Number(p.a))!;
    const b = rows.get(Number(p.b))!;
    return {
      memberA: a.id,
      memberB: b.id,
      provinceA: a.province_code,
      provinceB: b.province_code,
      score: p.score,
      band: p.band,
      reasons: p.reasons,
    };
  });
  await duplicates.upsertPairs(tx, detected, seenAt);
  const removed = await duplicates.deleteStalePendingPairs(tx, provinceCode, seenAt);
  // Findings: probable pairs nobody has decided yet (a "different people" decision silences the pair).
  const open = await duplicates.listUndecidedProbablePairs(tx, provinceCode);
  const env = await loadQualityEnv(tx);
  const produced: ProducedFinding[] = [];
  if (!env.disabled.includes('DUPLICATE_PERSON_PROBABLE')) {
    const candidates = open.map((p) => ({
      a: String(p.member_a),
      b: String(p.member_b),
      score: p.score,
      band: 'probable' as const,
      reasons: [],
    }));
    for (const f of applySettings(checkDuplicatePairs(candidates), env.settings)) {
      const self = rows.get(Number(f.legacyId));
      const other = f.suggested === null ? undefined : rows.get(Number(f.suggested));
      if (!self) continue;
      produced.push(
        toProduced(
          { ...f, value: self.legacy_id ?? String(self.id), suggested: other?.legacy_id ?? f.suggested },
          {
            provinceCode,
            recordType: 'member',
            recordId: self.id,
            orgId: self.org_id,
            legacyId: self.legacy_id,
          },
        ),
      );
    }
  }
  const holders = await duplicates.listFindingHolders(tx, provinceCode, 'DUPLICATE_PERSON_PROBABLE');
  const ids = new Set<number>([...holders, ...produced.map((p) => p.recordId)]);
  await writeFindings(
    tx,
    { recordType: 'member', recordIds: [...ids], onlyRules: ['DUPLICATE_PERSON_PROBABLE'] },
    produced,
    actorId,
  );
  return {
    provinceCode,
    members: people.length,
    pairs: pairs.length,
    probable: pairs.filter((p) => p.band === 'probable').length,
    review: pairs.filter((p) => p.band === 'review').length,
    removed,
    stats,
  };
}
