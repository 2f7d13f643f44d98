import { sql } from 'kysely';
import type { Tx } from '../client.ts';

/** The durable `jobs` table (0002_import.sql): the in-process runner's queue, pg-boss's status mirror. */
export type JobState = 'created' | 'active' | 'completed' | 'failed' | 'cancelled';

export interface JobRecord {
  id: string;
  name: string;
  payload: unknown;
  singletonKey: string | null;
  state: JobState;
  progress: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface JobRow {
  id: string;
  name: string;
  payload: unknown;
  singleton_key: string | null;
  state: JobState;
  progress: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const toJob = (row: JobRow): JobRecord => ({
  id: row.id,
  name: row.name,
  payload: row.payload,
  singletonKey: row.singleton_key,
  state: row.state,
  progress: row.progress,
  result: row.result,
  error: row.error,
  attempts: Number(row.attempts),
  createdAt: new Date(row.created_at),
  startedAt: row.started_at ? new Date(row.started_at) : null,
  finishedAt: row.finished_at ? new Date(row.finished_at) : null,
});

/**
 * Adds a queued job. With a singleton key, a queued or active job of the same name and key wins
 * (jobs_singleton): nothing is inserted and its id is returned as `existingId`.
 */
export async function insertJob(
  tx: Tx,
  job: { id: string; name: string; payload: unknown; singletonKey: string | null },
): Promise<{ inserted: true } | { inserted: false; existingId: string | null }> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO jobs (id, name, payload, singleton_key)
    VALUES (${job.id}, ${job.name}, ${JSON.stringify(job.payload)}::jsonb, ${job.singletonKey})
    ON CONFLICT DO NOTHING
    RETURNING id`.execute(tx);
  if (rows.length > 0) return { inserted: true };
  const existing = await sql<{ id: string }>`
    SELECT id FROM jobs WHERE name = ${job.name} AND singleton_key = ${job.singletonKey}
      AND state IN ('created', 'active') LIMIT 1`.execute(tx);
  return { inserted: false, existingId: existing.rows[0]?.id ?? null };
}

export async function findJob(tx: Tx, id: string): Promise<JobRecord | undefined> {
  const { rows } = await sql<JobRow>`SELECT * FROM jobs WHERE id = ${id}`.execute(tx);
  return rows[0] ? toJob(rows[0]) : undefined;
}

export async function deleteJob(tx: Tx, id: string): Promise<void> {
  await sql`DELETE FROM jobs WHERE id = ${id}`.execute(tx);
}

/** Takes the oldest queued job of one of `names` (SKIP LOCKED: two runners never take the same job). */
export async function claimNextJob(tx: Tx, names: readonly string[]): Promise<JobRecord | undefined> {
  if (names.length === 0) return undefined;
  const { rows } = await sql<JobRow>`
    UPDATE jobs SET state = 'active', started_at = now(), attempts = attempts + 1, finished_at = NULL
    WHERE id = (
      SELECT id FROM jobs
      WHERE state = 'created' AND name IN (${sql.join(names.map((n) => sql`${n}`))})
      ORDER BY created_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(tx);
  return rows[0] ? toJob(rows[0]) : undefined;
}

/** pg-boss handed the job to this node: mirror it as active. */
export async function markJobActive(tx: Tx, id: string): Promise<JobRecord | undefined> {
  const { rows } = await sql<JobRow>`
    UPDATE jobs SET state = 'active', started_at = now(), attempts = attempts + 1, finished_at = NULL
    WHERE id = ${id} AND state IN ('created', 'active')
    RETURNING *`.execute(tx);
  return rows[0] ? toJob(rows[0]) : undefined;
}

export async function updateJobProgress(tx: Tx, id: string, progress: unknown): Promise<void> {
  await sql`UPDATE jobs SET progress = ${JSON.stringify(progress)}::jsonb
    WHERE id = ${id} AND state = 'active'`.execute(tx);
}

export async function finishJob(
  tx: Tx,
  id: string,
  outcome: { state: 'completed' | 'failed'; result?: unknown; error?: string | null; progress?: unknown },
): Promise<void> {
  await sql`UPDATE jobs SET state = ${outcome.state},
      result = ${outcome.result === undefined ? null : JSON.stringify(outcome.result)}::jsonb,
      error = ${outcome.error ?? null},
      progress = coalesce(${outcome.progress === undefined ? null : JSON.stringify(outcome.progress)}::jsonb, progress),
      finished_at = now()
    WHERE id = ${id}`.execute(tx);
}

/** Puts an active job back in the queue (its runner stopped before the end). */
export async function requeueJob(tx: Tx, id: string): Promise<void> {
  await sql`UPDATE jobs SET state = 'created' WHERE id = ${id} AND state = 'active'`.execute(tx);
}

/**
 * Active jobs that no live runner owns (their process died): queued again. `liveIds` are the jobs this
 * process is running right now. Only for PGlite, whose data folder one process alone can open.
 */
export async function requeueOrphanedJobs(tx: Tx, liveIds: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    UPDATE jobs SET state = 'created'
    WHERE state = 'active'
      ${liveIds.length > 0 ? sql`AND id NOT IN (${sql.join(liveIds.map((id) => sql`${id}`))})` : sql``}
    RETURNING id`.execute(tx);
  return rows.map((r) => r.id);
}

/** Queued or active jobs of these names (to know when a runner is idle). */
export async function countPendingJobs(tx: Tx, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM jobs
    WHERE state IN ('created', 'active') AND name IN (${sql.join(names.map((n) => sql`${n}`))})`.execute(tx);
  return rows[0]?.n ?? 0;
}
