import { runDuplicateRun } from '../app/duplicates/duplicate-runs.ts';
import type { Db } from '../db/client.ts';
import * as duplicates from '../db/repos/duplicates.ts';
import { JobAlreadyQueuedError, type JobQueue } from './queue.ts';

/**
 * Duplicate detection and register reconciliation of a province as a job of the queue (pg-boss on a
 * PostgreSQL server, the in-process runner on PGlite): it survives a restart and runs on whichever node picks
 * it up, once. The run's own state (phase, cursor, counts) lives in duplicate_runs, written as it goes, so a
 * job run again after a crash or a shutdown resumes where the run stopped.
 */
export const DUPLICATE_RUN_JOB = 'duplicate-run';

export interface DuplicateRunPayload {
  runId: number;
}

export function registerDuplicateRunJob(queue: JobQueue, db: Db): void {
  queue.register<DuplicateRunPayload>(DUPLICATE_RUN_JOB, async (job, { reportProgress, signal }) => {
    try {
      const run = await runDuplicateRun(db, job.payload.runId, {
        signal,
        onProgress: (done, total, phase) => reportProgress(done, total, phase),
      });
      return { runId: run.id, status: run.status };
    } catch (error) {
      // Stopped by a shutdown: the queue runs the job again on the next start, and the run resumes.
      if (signal.aborted) throw error;
      await duplicates.updateRun(db, job.payload.runId, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      });
      throw error;
    }
  });
}

/** Queues the job of a run (once: a run already queued or running keeps its job). */
export async function enqueueDuplicateRun(queue: JobQueue, runId: number): Promise<void> {
  try {
    await queue.enqueue(DUPLICATE_RUN_JOB, { runId } satisfies DuplicateRunPayload, {
      singletonKey: `duplicate-run:${runId}`,
    });
  } catch (error) {
    if (!(error instanceof JobAlreadyQueuedError)) throw error;
  }
}

/**
 * Runs left queued or running without a job (requested before the queue carried them) get one. A run whose
 * job is still queued or running is left to it (the singleton key).
 */
export async function enqueueUnfinishedDuplicateRuns(queue: JobQueue, db: Db): Promise<number[]> {
  const runs = await duplicates.listUnfinishedRuns(db);
  for (const run of runs) await enqueueDuplicateRun(queue, run.id);
  return runs.map((r) => r.id);
}
