import type { DbHandle } from '../src/db/client.ts';
import { registerDuplicateRunJob } from '../src/jobs/duplicate-run-job.ts';
import { InProcessQueue } from '../src/jobs/in-process-queue.ts';
import type { JobQueue } from '../src/jobs/queue.ts';

/** Registers one job on a test queue (see duplicateRunJob). */
export type TestJob = (queue: JobQueue, handle: DbHandle) => void;

/** Duplicate detection and reconciliation runs: the job most tests' queues run. */
export const duplicateRunJob: TestJob = (queue, handle) => registerDuplicateRunJob(queue, handle.db);

/**
 * An in-process job queue over the test database (on either driver), with `jobs` registered (the duplicate
 * runs unless told otherwise), started. Stop it with its stop().
 */
export async function startTestQueue(
  handle: DbHandle,
  options: { pollIntervalMs: number; jobs?: readonly TestJob[] | undefined },
): Promise<InProcessQueue> {
  const queue = new InProcessQueue(handle, { pollIntervalMs: options.pollIntervalMs });
  for (const register of options.jobs ?? [duplicateRunJob]) register(queue, handle);
  await queue.start();
  return queue;
}
