import { RecheckStoppedError, runRecheck, useRecheckDispatcher } from '../app/quality/recheck-job.ts';
import type { DbHandle } from '../db/client.ts';
import { updateQualityRun } from '../db/repos/findings.ts';
import { JobAlreadyQueuedError, type JobQueue } from './queue.ts';

/**
 * The full re-check (issue 5) as a queue job: the quality run (quality_runs) holds the cursor, the job only
 * carries its id. A job run again after a crash or a shutdown resumes the run where its last committed chunk
 * ended; on pg-boss any node may take it.
 */
export const RECHECK_JOB = 'quality-recheck';

export interface RecheckJobPayload {
  runId: number;
}

export function registerRecheckJob(
  queue: JobQueue,
  deps: {
    handle: DbHandle;
    /** see runRecheck's judgeWorkers (unset: its default) */ judgeWorkers?: number | undefined;
  },
): void {
  const { db } = deps.handle;
  queue.register<RecheckJobPayload>(RECHECK_JOB, async (job, { reportProgress, signal }) => {
    const { runId } = job.payload;
    try {
      const run = await runRecheck(db, runId, {
        signal,
        ...(deps.judgeWorkers === undefined ? {} : { judgeWorkers: deps.judgeWorkers }),
        onProgress: (r) => reportProgress(r.done, r.total, r.phase),
      });
      return { runId, status: run.status, done: run.done, total: run.total };
    } catch (error) {
      // Stopped (shutdown): the queue runs the job again and the run resumes from its cursor.
      if (error instanceof RecheckStoppedError || signal.aborted) throw error;
      await updateQualityRun(db, runId, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        finishedAt: new Date(),
      }).catch(() => undefined);
      throw error;
    }
  });
  useRecheckDispatcher(db, async (runId) => {
    try {
      await queue.enqueue(RECHECK_JOB, { runId } satisfies RecheckJobPayload, {
        singletonKey: `quality-recheck:${runId}`,
      });
    } catch (error) {
      // Its job is already queued or running (a resume on start): the queue goes on with it.
      if (!(error instanceof JobAlreadyQueuedError)) throw error;
    }
  });
}
