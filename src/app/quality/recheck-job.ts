import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../db/repos/audit.ts';
import {
  analyzeCheckTables,
  getQualityRun,
  insertQualityRun,
  listUnfinishedQualityRuns,
  updateQualityRun,
  type QualityRun,
} from '../../db/repos/findings.ts';
import {
  checkProvinceCrossRules,
  judgeMemberChunk,
  judgeWorkerData,
  readMemberChunk,
  writeMemberChunk,
  checkProvinceOrganizations,
  listProvinces,
  startProvinceCheck,
  type JudgedMemberChunk,
  type MemberStep,
  type ProvinceCheck,
} from './check-province.ts';
import { defaultJudgeWorkers, JudgePoolUnavailableError, MemberJudgePool } from './judge-pool.ts';
import type { MemberRow } from './stored-records.ts';

/**
 * The full re-check (a province, or every province) as a background job with progress, restartable.
 * State lives in quality_runs: phase, current province and the member cursor, each written in the same
 * transaction as the findings of the chunk it covers, so a killed process resumes where it stopped.
 *
 * The server hands the runs to the job queue (src/jobs/recheck-job.ts registers a dispatcher: pg-boss on
 * PostgreSQL, so any node may run or resume one; the durable runner on PGlite). Without a dispatcher (the CLI,
 * tests) a run goes on in this process. Either way the job body is `runRecheck(db, runId)`.
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

/** Hands a quality run to a job queue; resolves once it is queued. */
export type RecheckDispatcher = (runId: number) => Promise<void>;

const dispatchers = new WeakMap<Db, RecheckDispatcher>();

/** Runs of `db` go to this dispatcher from now on (null: back to this process). */
export function useRecheckDispatcher(db: Db, dispatch: RecheckDispatcher | null): void {
  if (dispatch) dispatchers.set(db, dispatch);
  else dispatchers.delete(db);
}

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
  await dispatchRun(db, id);
  return (await getQualityRun(db, id))!;
}

async function dispatchRun(db: Db, runId: number): Promise<void> {
  const dispatch = dispatchers.get(db);
  if (dispatch) await dispatch(runId);
  else startInProcess(db, runId);
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

/**
 * Resumes runs left queued or running by a stopped process (call on start): to the queue when one is wired
 * (a run whose job is still queued or running there is left to it), else in this process.
 */
export async function resumeUnfinishedRechecks(db: Db): Promise<number[]> {
  const runs = await listUnfinishedQualityRuns(db);
  const here = running.get(db);
  const resumed: number[] = [];
  for (const run of runs) {
    if (here?.has(run.id)) continue;
    await dispatchRun(db, run.id);
    resumed.push(run.id);
  }
  return resumed;
}

/** Thrown by runRecheck when its signal aborts between two chunks: the run is left to be resumed. */
export class RecheckStoppedError extends Error {
  constructor(readonly runId: number) {
    super(`quality run ${runId} stopped; it resumes from its cursor`);
    this.name = 'RecheckStoppedError';
  }
}

/** How runRecheck runs (all optional). */
export interface RecheckOptions {
  onProgress?: (run: QualityRun) => void;
  chunkSize?: number;
  /** Checked between chunks: when aborted the run stops there (RecheckStoppedError) and can be resumed. */
  signal?: AbortSignal;
  /**
   * Worker threads judging the members (judge-pool.ts); 0 judges in this thread. By default every core but two,
   * started once a chunk holds at least JUDGE_POOL_MIN_ROWS changed members (a steady-state re-check, which
   * skips nearly everyone, never starts them). Given explicitly, they judge every chunk.
   */
  judgeWorkers?: number;
  /** Seconds per phase and per step of the member phase are added here (benchmarks). */
  stepSeconds?: Partial<Record<MemberStep | 'organizations' | 'cross', number>>;
}

/** The job body: runs (or resumes) one quality run to its end. */
export async function runRecheck(db: Db, runId: number, options: RecheckOptions = {}): Promise<QualityRun> {
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
    const timed = async <T>(step: 'organizations' | 'cross', work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        const steps = options.stepSeconds;
        if (steps) steps[step] = (steps[step] ?? 0) + (performance.now() - started) / 1000;
      }
    };
    if (phase === 'organizations') {
      await timed('organizations', () =>
        db.transaction().execute(async (tx) => {
          await checkProvinceOrganizations(tx, check);
          await updateQualityRun(tx, runId, { phase: 'members', cursor: 0, currentProvince: provinceCode });
        }),
      );
      phase = 'members';
      cursor = 0;
    }
    if (phase === 'members') {
      done = await checkMembersOverlapped(db, run, check, { cursor, done }, options);
      phase = 'cross';
    }
    if (phase === 'cross') {
      if (options.signal?.aborted) throw new RecheckStoppedError(runId);
      const next = provinces[p + 1];
      await timed('cross', () =>
        db.transaction().execute(async (tx) => {
          await checkProvinceCrossRules(tx, check);
          await updateQualityRun(
            tx,
            runId,
            next === undefined
              ? { phase: 'done', status: 'succeeded', finishedAt: new Date() }
              : { phase: 'organizations', cursor: 0, currentProvince: next },
          );
        }),
      );
    }
    const steps = options.stepSeconds;
    if (steps) {
      for (const [step, secs] of Object.entries(check.memberStepSeconds) as Array<[MemberStep, number]>) {
        steps[step] = (steps[step] ?? 0) + secs;
      }
    }
  }
  if (provinces.length === 0) {
    await updateQualityRun(db, runId, { phase: 'done', status: 'succeeded', finishedAt: new Date() });
  }
  const finished = (await getQualityRun(db, runId))!;
  options.onProgress?.(finished);
  return finished;
}

/**
 * The member phase of one province, chunk by chunk from `from.cursor`; returns the members done. Overlapped: while
 * chunk k is written (one connection), chunk k+1 is read (another connection) and judged. Each chunk's writes and
 * the cursor past it commit together, so a stop resumes after the last committed chunk. On PGlite (one connection)
 * the read waits for the write: the same work in sequence.
 */
async function checkMembersOverlapped(
  db: Db,
  run: QualityRun,
  check: ProvinceCheck,
  from: { cursor: number; done: number },
  options: Pick<RecheckOptions, 'onProgress' | 'chunkSize' | 'signal' | 'judgeWorkers'>,
): Promise<number> {
  let { cursor, done } = from;
  const limit = options.chunkSize;
  const judges = new ChunkJudges(check, options.judgeWorkers);
  let judgedSoFar = 0;
  let analyzeAt = ANALYZE_FIRST_AT;
  let writing: Promise<void> | null = null;
  try {
    let chunk = await readMemberChunk(db, check, cursor, limit);
    for (;;) {
      const judged = await judges.judge(chunk.rows);
      await writing;
      if (writing)
        options.onProgress?.({ ...run, phase: 'members', cursor, done, currentProvince: check.provinceCode });
      judgedSoFar += judged.rows.length;
      if (judgedSoFar >= analyzeAt) {
        // The check fills findings and member_checks: plans must not keep assuming them empty.
        await analyzeCheckTables(db);
        analyzeAt = judgedSoFar * 2;
      }
      // Stopped: everything up to the cursor is committed; the chunk judged meanwhile is read again on resume.
      if (options.signal?.aborted) throw new RecheckStoppedError(run.id);
      if (chunk.count === 0) {
        await updateQualityRun(db, run.id, { phase: 'cross' });
        return done;
      }
      const reading = readMemberChunk(db, check, chunk.cursor, limit);
      const written = { cursor: chunk.cursor, done: done + chunk.count };
      writing = db.transaction().execute(async (tx) => {
        await writeMemberChunk(tx, check, judged);
        await updateQualityRun(tx, run.id, written);
      });
      // Its failure is reported where it is awaited; meanwhile it must not count as unhandled.
      writing.catch(() => undefined);
      chunk = await reading;
      cursor = written.cursor;
      done = written.done;
    }
  } finally {
    // Whatever stopped the loop, the write in flight ends (commits or rolls back) before the run is reported on.
    await writing?.catch(() => undefined);
    await judges.close();
  }
}

/** Members judged before the planner statistics of the check's tables are refreshed (then at each doubling). */
const ANALYZE_FIRST_AT = 10_000;

/** Changed members in one chunk from which the default judge workers start. */
const JUDGE_POOL_MIN_ROWS = 1000;

/** Judges the chunks of one province's member phase: on worker threads when asked or worth it, else here. */
class ChunkJudges {
  private pool: MemberJudgePool | null = null;
  private workers: number;

  constructor(
    private readonly check: ProvinceCheck,
    private readonly asked: number | undefined,
  ) {
    this.workers = asked ?? defaultJudgeWorkers();
  }

  async judge(rows: MemberRow[]): Promise<JudgedMemberChunk> {
    const minRows = this.asked === undefined ? JUDGE_POOL_MIN_ROWS : 1;
    if (!this.pool && this.workers > 0 && rows.length >= minRows) {
      this.pool = new MemberJudgePool(this.workers, judgeWorkerData(this.check));
    }
    try {
      return await judgeMemberChunk(this.check, rows, this.pool);
    } catch (error) {
      if (!(error instanceof JudgePoolUnavailableError)) throw error;
      // Workers cannot run here: the rest of the check judges in this thread (same answers, one core).
      await this.close();
      this.workers = 0;
      return judgeMemberChunk(this.check, rows);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
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
