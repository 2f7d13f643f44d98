import { randomUUID } from 'node:crypto';
import type { Db, DbHandle } from '../db/client.ts';
import {
  claimNextJob,
  countPendingJobs,
  finishJob,
  findJob,
  insertJob,
  requeueJob,
  requeueOrphanedJobs,
  updateJobProgress,
} from '../db/repos/jobs.ts';
import { createProgressWriter, toJobInfo } from './job-records.ts';
import {
  describeJobFailure,
  JobAlreadyQueuedError,
  type JobHandler,
  type JobInfo,
  type JobProgress,
  type JobQueue,
  type QueueOptions,
} from './queue.ts';

/**
 * Jobs ids being run by some runner of this process, per database. A PGlite data folder is opened by one
 * process only, so an 'active' job outside this set was left by a process that died: start() queues it again.
 */
const liveJobs = new WeakMap<Db, Set<string>>();

/** The PGlite runner: the durable `jobs` table is the queue; this process polls it and runs the jobs. */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly db: Db;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Map<
    string,
    { promise: Promise<void>; controller: AbortController; progress: () => JobProgress | null }
  >();
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly stopTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking: Promise<void> | undefined;

  constructor(handle: DbHandle, options: QueueOptions = {}) {
    this.db = handle.db;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.concurrency = options.concurrency ?? 1;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  private get live(): Set<string> {
    const set = liveJobs.get(this.db) ?? new Set<string>();
    liveJobs.set(this.db, set);
    return set;
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
    this.wake();
    return id;
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const record = await findJob(this.db, id);
    if (!record) return undefined;
    const info = toJobInfo(record);
    // The stored progress lags (and on PGlite waits behind the job's own transaction): prefer the live one.
    const live = this.running.get(id)?.progress();
    return live ? { ...info, progress: live } : info;
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await requeueOrphanedJobs(this.db, [...this.live]);
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const job of this.running.values()) job.controller.abort();
    const all = Promise.all([...this.running.values()].map((j) => j.promise));
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      all,
      new Promise<void>((resolveWait) => (timeout = setTimeout(resolveWait, this.stopTimeoutMs))),
    ]);
    clearTimeout(timeout);
    await this.ticking;
  }

  async idle(): Promise<void> {
    for (;;) {
      await this.ticking;
      await Promise.all([...this.running.values()].map((j) => j.promise));
      const pending = await countPendingJobs(this.db, [...this.handlers.keys()]);
      if (pending === 0 && this.running.size === 0) return;
      if (this.stopped) return;
      await new Promise((resolveWait) => setTimeout(resolveWait, Math.min(this.pollIntervalMs, 100)));
      this.wake();
    }
  }

  private wake(): void {
    if (this.stopped || this.ticking) return;
    this.ticking = this.fill()
      .catch(() => undefined)
      .finally(() => (this.ticking = undefined));
  }

  /** Claims queued jobs until the concurrency is reached or none is left. */
  private async fill(): Promise<void> {
    while (!this.stopped && this.running.size < this.concurrency) {
      const record = await claimNextJob(this.db, [...this.handlers.keys()]);
      if (!record) return;
      this.run(record.id, record.name, record.payload, record.attempts);
    }
  }

  private run(id: string, name: string, payload: unknown, attempt: number): void {
    const handler = this.handlers.get(name)!;
    const controller = new AbortController();
    const writer = createProgressWriter((progress) => updateJobProgress(this.db, id, progress));
    this.live.add(id);
    const promise = (async () => {
      try {
        const result = await handler(
          { id, name, payload, attempt },
          { reportProgress: writer.report, signal: controller.signal },
        );
        writer.close();
        await finishJob(this.db, id, {
          state: 'completed',
          result: result ?? null,
          progress: writer.latest(),
        });
      } catch (error) {
        writer.close();
        if (controller.signal.aborted) await requeueJob(this.db, id);
        else {
          await finishJob(this.db, id, {
            state: 'failed',
            error: JSON.stringify(describeJobFailure(error)),
            progress: writer.latest(),
          });
        }
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        this.running.delete(id);
        this.live.delete(id);
        this.wake();
      });
    this.running.set(id, { promise, controller, progress: writer.latest });
  }
}
