import type { DbHandle } from '../db/client.ts';

/**
 * Background jobs: one small interface, two implementations chosen by the database driver.
 * - PostgreSQL server: pg-boss dispatches (src/jobs/pg-boss-queue.ts);
 * - PGlite: an in-process runner over the durable `jobs` table (src/jobs/in-process-queue.ts).
 * Either way the `jobs` table (0002_import.sql) holds each job's status, progress, result and error, so any
 * node answers "how far is job X", and a job left running by a crash is run again from the start: a job
 * body must therefore be restartable (importPackage is all-or-nothing; runRecheck resumes from its cursor).
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  done: number;
  total: number | null;
  note?: string | undefined;
}

/** What a failed job reports: a message for the user (Vietnamese when the job says so) and details. */
export interface JobFailure {
  message: string;
  code?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface JobInfo {
  id: string;
  name: string;
  payload: unknown;
  status: JobStatus;
  progress: JobProgress | null;
  result: unknown;
  error: JobFailure | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunningJob<P> {
  id: string;
  name: string;
  payload: P;
  /** 1 on the first run; more when the job is run again after a crash or a shutdown. */
  attempt: number;
}

export interface JobContext {
  /** Cheap to call often: the queue keeps the latest value in memory and writes it at most a few times a second. */
  reportProgress: (done: number, total: number | null, note?: string) => void;
  /** Aborted when the queue stops: the job is then run again on the next start (do not mark it failed). */
  signal: AbortSignal;
}

export type JobHandler<P = unknown> = (job: RunningJob<P>, context: JobContext) => Promise<unknown>;

/** Thrown by enqueue when a job with the same name and singleton key is already queued or running. */
export class JobAlreadyQueuedError extends Error {
  constructor(
    readonly jobName: string,
    readonly singletonKey: string,
    readonly existingJobId: string | null,
  ) {
    super(`job ${jobName} with singleton key ${singletonKey} is already queued or running`);
    this.name = 'JobAlreadyQueuedError';
  }
}

export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Register before start(). A job whose name has no handler in this process stays queued. */
  register<P>(name: string, handler: JobHandler<P>): void;
  enqueue(name: string, payload: unknown, options?: { singletonKey?: string }): Promise<string>;
  getJob(id: string): Promise<JobInfo | undefined>;
  /** Starts working; picks up jobs left running by a crashed process. */
  start(): Promise<void>;
  /** Stops taking jobs and asks the running ones to stop (they are run again on the next start). */
  stop(): Promise<void>;
  /** Resolves when no job is running or queued for a registered name in this process (tests). */
  idle(): Promise<void>;
}

export interface QueueOptions {
  /** How often a worker looks for queued jobs (ms). pg-boss needs at least 500. */
  pollIntervalMs?: number;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** How long stop() waits for running jobs before leaving them to the next start (ms). */
  stopTimeoutMs?: number;
}

/** pg-boss on a PostgreSQL server, the in-process runner on PGlite. */
export async function createQueue(handle: DbHandle, options: QueueOptions = {}): Promise<JobQueue> {
  if (handle.driver === 'postgres') {
    const { PgBossQueue } = await import('./pg-boss-queue.ts');
    return new PgBossQueue(handle, options);
  }
  const { InProcessQueue } = await import('./in-process-queue.ts');
  return new InProcessQueue(handle, options);
}

/** A job's error as stored: an AppError keeps its code and details (their `message` is the Vietnamese one). */
export function describeJobFailure(error: unknown): JobFailure {
  if (error && typeof error === 'object' && 'code' in error && 'details' in error) {
    const { code, details } = error;
    if (typeof code === 'string' && details && typeof details === 'object') {
      const record = details as Record<string, unknown>;
      const message = typeof record.message === 'string' ? record.message : code;
      return { message, code, details: record };
    }
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
