import type { JobRecord } from '../db/repos/jobs.ts';
import type { JobFailure, JobInfo, JobProgress, JobStatus } from './queue.ts';

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
