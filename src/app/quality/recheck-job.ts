import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import {
  getQualityRun,
  insertQualityRun,
  listUnfinishedQualityRuns,
  updateQualityRun,
  type QualityRun,
} from '../../db/repos/findings.ts';
import {
  checkProvinceCrossRules,
  checkProvinceMemberChunk,
  checkProvinceOrganizations,
  listProvinces,
  startProvinceCheck,
  type ProvinceCheck,
} from './check-province.ts';

/**
 * The full re-check (a province, or every province) as a background job with progress, restartable.
 * State lives in quality_runs: phase, current province and the member cursor, each written in the same
 * transaction as the findings of the chunk it covers, so a killed process resumes where it stopped.
 *
 * TODO(issue 4): src/jobs/ (pg-boss on PostgreSQL, durable in-process runner on PGlite) did not exist yet;
 * this runs in-process against the minimal interface below. Swap `startInProcess` for the queue when it lands:
 * the job body is `runRecheck(db, runId)`.
 */
export interface RecheckRequest {
  provinceCode: string | null;
  applySafeFixes: boolean;
  actorId: number | null;
  actorName: string | null;
  requestId?: string | null;
}

/** Jobs of this process, by database, so a test (or the server on shutdown) can wait for them. */
const running = new WeakMap<Db, Map<number, Promise<void>>>();

export async function requestRecheck(db: Db, input: RecheckRequest): Promise<QualityRun> {
  const id = await db.transaction().execute(async (tx) => {
    const runId = await insertQualityRun(tx, {
      provinceCode: input.provinceCode,
      applySafeFixes: input.applySafeFixes,
      requestedBy: input.actorId,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      actorName: input.actorName,
      action: 'quality.recheck.request',
      entity: 'system',
      entityId: runId,
      provinceCode: input.provinceCode,
      after: { provinceCode: input.provinceCode, applySafeFixes: input.applySafeFixes },
      requestId: input.requestId ?? null,
    });
    return runId;
  });
  startInProcess(db, id);
  return (await getQualityRun(db, id))!;
}

function startInProcess(db: Db, runId: number): void {
  let jobs = running.get(db);
  if (!jobs) {
    jobs = new Map();
    running.set(db, jobs);
  }
  if (jobs.has(runId)) return;
  const job = runRecheck(db, runId)
    .then(() => undefined)
    .catch(async (error: unknown) => {
      await updateQualityRun(db, runId, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      }).catch(() => undefined);
    })
    .finally(() => jobs.delete(runId));
  jobs.set(runId, job);
}

/** Waits for the jobs this process started on `db` (tests, graceful shutdown). */
export async function waitForRechecks(db: Db): Promise<void> {
  await Promise.all([...(running.get(db)?.values() ?? [])]);
}

/** Resumes runs left queued or running by a stopped process (call on start). */
export async function resumeUnfinishedRechecks(db: Db): Promise<number[]> {
  const runs = await listUnfinishedQualityRuns(db);
  for (const run of runs) startInProcess(db, run.id);
  return runs.map((r) => r.id);
}

/** The job body: runs (or resumes) one quality run to its end. */
export async function runRecheck(
  db: Db,
  runId: number,
  options: { onProgress?: (run: QualityRun) => void; chunkSize?: number } = {},
): Promise<QualityRun> {
  let run = await getQualityRun(db, runId);
  if (!run) throw new Error(`quality run ${runId} not found`);
  if (run.status === 'succeeded' || run.status === 'failed') return run;
  const provinces = run.provinceCode !== null ? [run.provinceCode] : await listProvinces(db);
  if (run.status === 'queued') {
    const total = await countMembers(db, run.provinceCode);
    await updateQualityRun(db, runId, {
      status: 'running',
      startedAt: new Date(),
      total,
      currentProvince: provinces[0] ?? null,
    });
    run = (await getQualityRun(db, runId))!;
  }
  let done = run.done;
  const startAt = Math.max(0, provinces.indexOf(run.currentProvince ?? provinces[0] ?? ''));
  for (let p = startAt; p < provinces.length; p++) {
    const provinceCode = provinces[p]!;
    const resumedHere = p === startAt ? run : null;
    let phase = resumedHere?.phase ?? 'organizations';
    let cursor = resumedHere?.cursor ?? 0;
    const check: ProvinceCheck = await startProvinceCheck(db, provinceCode, {
      applySafeFixes: run.applySafeFixes,
      actorId: null,
      resumed: phase !== 'organizations' && cursor > 0,
    });
    if (phase === 'organizations') {
      await db.transaction().execute(async (tx) => {
        await checkProvinceOrganizations(tx, check);
        await updateQualityRun(tx, runId, { phase: 'members', cursor: 0, currentProvince: provinceCode });
      });
      phase = 'members';
      cursor = 0;
    }
    if (phase === 'members') {
      for (;;) {
        const step = await db.transaction().execute(async (tx) => {
          const result = await checkProvinceMemberChunk(tx, check, cursor, options.chunkSize);
          if (result.count > 0) {
            await updateQualityRun(tx, runId, { cursor: result.cursor, done: done + result.count });
          } else {
            await updateQualityRun(tx, runId, { phase: 'cross' });
          }
          return result;
        });
        if (step.count === 0) break;
        cursor = step.cursor;
        done += step.count;
        options.onProgress?.({ ...run, phase: 'members', cursor, done, currentProvince: provinceCode });
      }
      phase = 'cross';
    }
    if (phase === 'cross') {
      const next = provinces[p + 1];
      await db.transaction().execute(async (tx) => {
        await checkProvinceCrossRules(tx, check);
        await updateQualityRun(
          tx,
          runId,
          next === undefined
            ? { phase: 'done', status: 'succeeded', finishedAt: new Date() }
            : { phase: 'organizations', cursor: 0, currentProvince: next },
        );
      });
    }
  }
  if (provinces.length === 0) {
    await updateQualityRun(db, runId, { phase: 'done', status: 'succeeded', finishedAt: new Date() });
  }
  const finished = (await getQualityRun(db, runId))!;
  options.onProgress?.(finished);
  return finished;
}

async function countMembers(db: Db, provinceCode: string | null): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM members
    ${provinceCode === null ? sql`` : sql`WHERE province_code = ${provinceCode}`}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The import's hook: a full check of the province it just loaded, safe fixes applied, as a job. */
export function recheckProvince(
  db: Db,
  provinceCode: string,
  options: { applySafeFixes?: boolean; actorId?: number | null; actorName?: string | null } = {},
): Promise<QualityRun> {
  return requestRecheck(db, {
    provinceCode,
    applySafeFixes: options.applySafeFixes ?? true,
    actorId: options.actorId ?? null,
    actorName: options.actorName ?? null,
  });
}
