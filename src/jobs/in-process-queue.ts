import type { Db, DbHandle } from '../db/client.ts';
import { claimNextJob, countPendingJobs, requeueOrphanedJobs } from '../db/repos/jobs.ts';
import { RecordedJobQueue } from './job-records.ts';
import type { QueueOptions } from './queue.ts';

/**
 * Jobs ids being run by some runner of this process, per database. A PGlite data folder is opened by one
 * process only, so an 'active' job outside this set was left by a process that died: start() queues it again.
 */
const liveJobs = new WeakMap<Db, Set<string>>();

/** The PGlite runner: the durable `jobs` table is the queue; this process polls it and runs the jobs. */
export class InProcessQueue extends RecordedJobQueue {
  readonly kind = 'in-process' as const;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly stopTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private ticking: Promise<void> | undefined;

  constructor(handle: DbHandle, options: QueueOptions = {}) {
    super(handle);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.concurrency = options.concurrency ?? 1;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  private get live(): Set<string> {
    const set = liveJobs.get(this.db) ?? new Set<string>();
    liveJobs.set(this.db, set);
    return set;
  }

  protected async dispatch(): Promise<void> {
    this.wake();
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
    const all = this.runningJobsEnded();
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
      await this.runningJobsEnded();
      const pending = await countPendingJobs(this.db, this.jobNames);
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
      const record = await claimNextJob(this.db, this.jobNames);
      if (!record) return;
      const { id, name, payload, attempts: attempt } = record;
      this.live.add(id);
      this.runJob({ id, name, payload, attempt }, () => {
        this.live.delete(id);
        this.wake();
      }).catch(() => undefined);
    }
  }
}
