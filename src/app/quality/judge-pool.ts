import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../workers/ts-worker.ts';
import { emptyJudgement, type MemberJudgement } from './judge-members.ts';
import type { JudgeReply, JudgeRequest, JudgeWorkerData } from './judge-worker.ts';
import type { MemberRow } from './stored-records.ts';

/** The judge pool could not run (a worker failed to start or stopped): judge in this thread instead. */
export class JudgePoolUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`member judge workers unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'JudgePoolUnavailableError';
  }
}

/**
 * Worker threads a large re-check uses by default: every core but two, one for this thread (reading, writing,
 * the cross-record rules) and one for the database server, at most four (each holds its own copy of the code
 * lists, ≈ 270 MB of RSS measured with one worker, and beyond that this thread's reads and writes bound the check).
 * On two cores none: a worker there only competes with both (measured: a first check of 100,000 members took
 * 17.5 s with one worker, 16.8 s without).
 */
export function defaultJudgeWorkers(): number {
  return Math.min(MAX_DEFAULT_WORKERS, Math.max(0, availableParallelism() - 2));
}

const MAX_DEFAULT_WORKERS = 4;

/**
 * The member rules of one province check on worker threads, so that a large re-check judges while this thread
 * reads and writes (and, with several cores, judges a chunk on all of them at once). Every worker holds the
 * check's rule environment (judge-worker.ts); a chunk is cut in one slice per worker and the answers are put
 * back in row order, the same as judging the chunk in this thread.
 */
export class MemberJudgePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<
    number,
    { resolve: (j: MemberJudgement) => void; reject: (e: Error) => void }
  >();
  private nextJob = 1;
  private failure: Error | null = null;
  private closed = false;

  constructor(size: number, data: JudgeWorkerData) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = startTsWorker(new URL('./judge-worker.ts', import.meta.url), data);
      worker.on('message', (reply: JudgeReply) => this.settle(reply));
      worker.on('error', (error) => this.fail(new JudgePoolUnavailableError(error)));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new JudgePoolUnavailableError(`worker exited with code ${code}`));
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Judges the rows (split across the workers); rejects with JudgePoolUnavailableError if a worker fails. */
  async judge(rows: readonly MemberRow[]): Promise<MemberJudgement> {
    if (this.failure) throw this.failure;
    const slice = Math.ceil(rows.length / this.workers.length);
    const parts = this.workers
      .map((worker, i) => ({ worker, rows: rows.slice(i * slice, (i + 1) * slice) }))
      .filter((p) => p.rows.length > 0)
      .map(
        ({ worker, rows: part }) =>
          new Promise<MemberJudgement>((resolve, reject) => {
            const job = this.nextJob++;
            this.pending.set(job, { resolve, reject });
            worker.postMessage({ job, rows: part } satisfies JudgeRequest);
          }),
      );
    const answers = await Promise.all(parts);
    const all = emptyJudgement();
    for (const a of answers) {
      all.produced.push(...a.produced);
      all.people.push(...a.people);
      all.fixes.push(...a.fixes);
    }
    return all;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(reply: JudgeReply): void {
    const waiting = this.pending.get(reply.job);
    if (!waiting) return;
    this.pending.delete(reply.job);
    if ('error' in reply) waiting.reject(new Error(`member judge worker: ${reply.error}`));
    else waiting.resolve(reply.judgement);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
