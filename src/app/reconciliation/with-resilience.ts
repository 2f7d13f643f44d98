import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';
import type { PopulationRegister } from './population-register.ts';
import { RegisterError } from './register-error.ts';

/** Time as the wrapper sees it; injectable so tests need not wait. */
export interface Clock {
  now(): number;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface ResilienceOptions {
  /** Longest wait for one batch before it is abandoned (and retried). */
  timeoutMs: number;
  /** Most batches started per second; the service's published limit. */
  maxPerSecond: number;
  /** Further attempts of a batch that failed or timed out. 0: one attempt. */
  retries: number;
  /** Ids per call. Default 500. */
  batchSize?: number;
  /** Wait before retry n is backoffMs × 2^(n−1). Default 500. */
  backoffMs?: number;
  clock?: Clock;
}

const TIMED_OUT = Symbol('timed out');

/**
 * A register that splits lookups into batches, starts at most `maxPerSecond` batches a second, abandons a
 * batch after `timeoutMs` (aborting its signal) and retries a failed batch with exponential backoff. After
 * the last attempt it rejects with REGISTER_TIMEOUT or REGISTER_UNAVAILABLE, so a caller never mistakes an
 * outage for "not in the register".
 */
export function withResilience(register: PopulationRegister, options: ResilienceOptions): PopulationRegister {
  const clock = options.clock ?? systemClock;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const backoffMs = options.backoffMs ?? 500;
  const spacingMs = 1000 / Math.max(options.maxPerSecond, Number.MIN_VALUE);
  let nextStart = -Infinity;

  const sleep = (ms: number): Promise<void> =>
    ms <= 0 ? Promise.resolve() : new Promise((resolve) => clock.setTimer(ms, resolve));

  /** Reserves the next start slot first, so concurrent callers queue instead of bursting. */
  const waitForSlot = async (): Promise<void> => {
    const now = clock.now();
    const start = Math.max(now, nextStart + spacingMs);
    nextStart = start;
    await sleep(start - now);
  };

  const attempt = async (batch: string[], outer?: AbortSignal): Promise<Map<string, RegisterRecord>> => {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    let cancelTimer = (): void => {};
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      cancelTimer = clock.setTimer(options.timeoutMs, () => resolve(TIMED_OUT));
    });
    try {
      const result = await Promise.race([register.lookup(batch, controller.signal), timeout]);
      if (result === TIMED_OUT) {
        controller.abort(new Error('timeout'));
        throw new RegisterError(
          'REGISTER_TIMEOUT',
          `register lookup took longer than ${options.timeoutMs} ms`,
          {
            timeoutMs: options.timeoutMs,
            batchSize: batch.length,
          },
        );
      }
      return result;
    } finally {
      cancelTimer();
      outer?.removeEventListener('abort', onAbort);
    }
  };

  const lookupBatch = async (batch: string[], signal?: AbortSignal): Promise<Map<string, RegisterRecord>> => {
    let lastError: unknown;
    for (let n = 0; n <= options.retries; n++) {
      if (n > 0) await sleep(backoffMs * 2 ** (n - 1));
      if (signal?.aborted) throw signal.reason;
      await waitForSlot();
      try {
        return await attempt(batch, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        lastError = error;
      }
    }
    if (lastError instanceof RegisterError) throw lastError;
    throw new RegisterError(
      'REGISTER_UNAVAILABLE',
      `register lookup failed after ${options.retries + 1} attempts`,
      { attempts: options.retries + 1, batchSize: batch.length },
      { cause: lastError },
    );
  };

  return {
    async lookup(citizenIds, signal) {
      const ids = [...new Set(citizenIds)];
      const found = new Map<string, RegisterRecord>();
      for (let i = 0; i < ids.length; i += batchSize) {
        const batch = await lookupBatch(ids.slice(i, i + batchSize), signal);
        for (const [id, record] of batch) found.set(id, record);
      }
      return found;
    },
  };
}
