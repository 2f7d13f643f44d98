import { describe, expect, it } from 'vitest';
import type { RegisterRecord } from '../../core/reconciliation/reconcile-member.ts';
import type { PopulationRegister } from './population-register.ts';
import type { RegisterError } from './register-error.ts';
import { withResilience, type Clock } from './with-resilience.ts';

/** A manual clock: timers fire only when the test advances time. */
function createManualClock(): Clock & { advance(ms: number): Promise<void> } {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let nextId = 0;
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimer(ms, callback) {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    async advance(ms) {
      const end = now + ms;
      await flush();
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.callback();
        await flush();
      }
      now = end;
      await flush();
    },
  };
}

const recordOf = (citizenId: string): RegisterRecord => ({
  citizenId,
  fullName: 'Trần Minh Hậu',
  birthDate: { year: 1972 },
  gender: 'Nam',
});

/** A register whose calls are scripted: each call gets the next behaviour. */
function scriptedRegister(
  clock: Clock,
  behaviours: Array<'ok' | 'fail' | 'hang'>,
): PopulationRegister & { calls: Array<{ ids: readonly string[]; at: number; signal?: AbortSignal }> } {
  const calls: Array<{ ids: readonly string[]; at: number; signal?: AbortSignal }> = [];
  return {
    calls,
    lookup(ids, signal) {
      calls.push({ ids, at: clock.now(), ...(signal ? { signal } : {}) });
      const behaviour = behaviours[calls.length - 1] ?? 'ok';
      if (behaviour === 'fail') return Promise.reject(new Error('503 Service Unavailable'));
      if (behaviour === 'hang') return new Promise(() => {});
      return Promise.resolve(new Map(ids.map((id) => [id, recordOf(id)])));
    },
  };
}

const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => String(i).padStart(12, '0'));

describe('withResilience', () => {
  it('splits a lookup into batches and merges the answers', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, []);
    const register = withResilience(inner, {
      timeoutMs: 1000,
      maxPerSecond: 1000,
      retries: 0,
      batchSize: 2,
      clock,
    });
    const pending = register.lookup([...ids(5), '000000000000']);
    await clock.advance(100);
    const found = await pending;
    expect(inner.calls.map((c) => c.ids.length)).toEqual([2, 2, 1]);
    expect(found.size).toBe(5);
  });

  it('starts at most maxPerSecond batches a second', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, []);
    const register = withResilience(inner, {
      timeoutMs: 1000,
      maxPerSecond: 2,
      retries: 0,
      batchSize: 1,
      clock,
    });
    const pending = register.lookup(ids(5));
    await clock.advance(10_000);
    await pending;
    expect(inner.calls.map((c) => c.at)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('abandons a batch after timeoutMs, aborts it and retries it', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, ['hang', 'ok']);
    const register = withResilience(inner, {
      timeoutMs: 300,
      maxPerSecond: 100,
      retries: 1,
      backoffMs: 50,
      clock,
    });
    const pending = register.lookup(ids(3));
    await clock.advance(1000);
    expect((await pending).size).toBe(3);
    expect(inner.calls).toHaveLength(2);
    expect(inner.calls[0]!.signal?.aborted).toBe(true);
    expect(inner.calls[1]!.at).toBe(350); // timeout 300 + backoff 50
  });

  it('rejects with REGISTER_TIMEOUT when every attempt times out', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, ['hang', 'hang', 'hang']);
    const register = withResilience(inner, {
      timeoutMs: 100,
      maxPerSecond: 100,
      retries: 2,
      backoffMs: 10,
      clock,
    });
    const pending = register.lookup(ids(1)).catch((error: unknown) => error as RegisterError);
    await clock.advance(5000);
    expect(await pending).toMatchObject({ code: 'REGISTER_TIMEOUT' });
    expect(inner.calls).toHaveLength(3);
  });

  it('retries failures with exponential backoff, then rejects with REGISTER_UNAVAILABLE', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, ['fail', 'fail', 'fail']);
    const register = withResilience(inner, {
      timeoutMs: 1000,
      maxPerSecond: 100,
      retries: 2,
      backoffMs: 100,
      clock,
    });
    const pending = register.lookup(ids(1)).catch((error: unknown) => error as RegisterError);
    await clock.advance(5000);
    const error = (await pending) as RegisterError;
    expect(error).toMatchObject({ code: 'REGISTER_UNAVAILABLE' });
    expect((error.cause as Error).message).toBe('503 Service Unavailable');
    expect(inner.calls.map((c) => c.at)).toEqual([0, 100, 300]);
  });

  it('recovers when a retry succeeds', async () => {
    const clock = createManualClock();
    const inner = scriptedRegister(clock, ['fail', 'ok']);
    const register = withResilience(inner, {
      timeoutMs: 1000,
      maxPerSecond: 100,
      retries: 3,
      backoffMs: 100,
      clock,
    });
    const pending = register.lookup(ids(2));
    await clock.advance(1000);
    expect((await pending).size).toBe(2);
  });
});
