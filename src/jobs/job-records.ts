import { randomUUID } from 'node:crypto';
import type { Db, DbHandle } from '../db/client.ts';
import {
  findJob,
  finishJob,
  insertJob,
  requeueJob,
  updateJobProgress,
  type JobRecord,
} from '../db/repos/jobs.ts';
import {
  describeJobFailure,
  JobAlreadyQueuedError,
  type JobFailure,
  type JobHandler,
  type JobInfo,
  type JobProgress,
  type JobQueue,
  type JobStatus,
  type RunningJob,
} from './queue.ts';

const STATUS: Record<JobRecord['state'], JobStatus> = {
  created: 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed',
  cancelled: 'failed',
};

export function toJobInfo(record: JobRecord): JobInfo {
  return {
    id: record.id,
    name: record.name,
    payload: record.payload,
    status: STATUS[record.state],
    progress: toProgress(record.progress),
    result: record.result ?? null,
    error: record.error === null ? null : parseFailure(record.error),
    attempts: record.attempts,
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    finishedAt: record.finishedAt?.toISOString() ?? null,
  };
}

function toProgress(value: unknown): JobProgress | null {
  if (!value || typeof value !== 'object') return null;
  const { done, total, note } = value as Record<string, unknown>;
  if (typeof done !== 'number') return null;
  return {
    done,
    total: typeof total === 'number' ? total : null,
    ...(typeof note === 'string' ? { note } : {}),
  };
}

function parseFailure(text: string): JobFailure {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as JobFailure).message === 'string') {
      return parsed as JobFailure;
    }
  } catch {
    // A plain-text error (written by hand or by an older version).
  }
  return { message: text };
}

/**
 * Keeps the latest progress in memory and writes it at most every `intervalMs`, one write at a time, so a job
 * may report on every row without a query per row.
 */
export function createProgressWriter(write: (progress: JobProgress) => Promise<void>, intervalMs = 500) {
  let latest: JobProgress | null = null;
  let written: JobProgress | null = null;
  let inFlight: Promise<void> | undefined;
  const flush = () => {
    if (inFlight || latest === written || latest === null) return;
    const value = latest;
    inFlight = write(value)
      .catch(() => undefined)
      .finally(() => {
        written = value;
        inFlight = undefined;
      });
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    report: (done: number, total: number | null, note?: string) => {
      latest = { done, total, ...(note !== undefined ? { note } : {}) };
    },
    latest: () => latest,
    /** Stops writing; the final value is written with the job's outcome. */
    close: () => clearInterval(timer),
  };
}

/**
 * What both queues share over the durable `jobs` table: the handlers of this process, the job record written
 * on enqueue (where singleton keys are enforced), getJob with the live progress of a running job, and the run
 * of a handler with its outcome written to the record. Each queue adds how jobs reach a runner: polling the
 * table (in-process) or pg-boss.
 */
export abstract class RecordedJobQueue implements JobQueue {
  abstract readonly kind: JobQueue['kind'];
  protected readonly db: Db;
  protected readonly handlers = new Map<string, JobHandler>();
  protected readonly running = new Map<
    string,
    { promise: Promise<void>; controller: AbortController; progress: () => JobProgress | null }
  >();

  constructor(handle: DbHandle) {
    this.db = handle.db;
  }

  register<P>(name: string, handler: JobHandler<P>): void {
    this.handlers.set(name, handler as JobHandler);
  }

  async enqueue(name: string, payload: unknown, options: { singletonKey?: string } = {}): Promise<string> {
    const id = randomUUID();
    const outcome = await insertJob(this.db, {
      id,
      name,
      payload,
      singletonKey: options.singletonKey ?? null,
    });
    if (!outcome.inserted)
      throw new JobAlreadyQueuedError(name, options.singletonKey ?? '', outcome.existingId);
    await this.dispatch(id, name);
    return id;
  }

  /** Hands a job just recorded as queued to the runners (a failure here fails enqueue). */
  protected abstract dispatch(id: string, name: string): Promise<void>;

  async getJob(id: string): Promise<JobInfo | undefined> {
    const record = await findJob(this.db, id);
    if (!record) return undefined;
    const info = toJobInfo(record);
    // The stored progress lags (and on PGlite waits behind the job's own transaction): prefer the live one.
    const live = this.running.get(id)?.progress();
    return live ? { ...info, progress: live } : info;
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract idle(): Promise<void>;

  /** Names of the jobs this process has handlers for. */
  protected get jobNames(): string[] {
    return [...this.handlers.keys()];
  }

  /** Resolves when the jobs running now have ended. */
  protected async runningJobsEnded(): Promise<void> {
    await Promise.all([...this.running.values()].map((j) => j.promise));
  }

  /**
   * Runs a job (already marked active) with its registered handler and writes the outcome: completed with
   * its result, failed with its error, or queued again when stop() aborted it; the last progress goes with
   * it. The job is in `running` until then, and `onEnded` is called when it leaves. The promise rejects with
   * the handler's error when the job was stopped (pg-boss then retries it), or when the outcome was not
   * written.
   */
  protected runJob(job: RunningJob<unknown>, onEnded?: () => void): Promise<void> {
    const handler = this.handlers.get(job.name)!;
    const controller = new AbortController();
    const writer = createProgressWriter((progress) => updateJobProgress(this.db, job.id, progress));
    const outcome = (async () => {
      try {
        const result = await handler(job, { reportProgress: writer.report, signal: controller.signal });
        writer.close();
        await finishJob(this.db, job.id, {
          state: 'completed',
          result: result ?? null,
          progress: writer.latest(),
        });
      } catch (error) {
        writer.close();
        if (controller.signal.aborted) {
          await requeueJob(this.db, job.id);
          throw error;
        }
        await finishJob(this.db, job.id, {
          state: 'failed',
          error: JSON.stringify(describeJobFailure(error)),
          progress: writer.latest(),
        });
      }
    })();
    const ended = outcome
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(job.id);
        onEnded?.();
      });
    this.running.set(job.id, { promise: ended, controller, progress: writer.latest });
    return outcome;
  }
}
