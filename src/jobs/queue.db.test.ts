import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDriver } from '../../test/db.ts';
import { AppError } from '../core/errors.ts';
import { createQueue, JobAlreadyQueuedError, type JobQueue } from './queue.ts';

describeEachDriver('job queue', (db, driver) => {
  const queues: JobQueue[] = [];
  const openQueue = async () => {
    const queue = await createQueue(db(), { pollIntervalMs: 500, stopTimeoutMs: 2000 });
    queues.push(queue);
    return queue;
  };
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
  });

  it('picks pg-boss on a PostgreSQL server and the in-process runner on PGlite', async () => {
    expect((await openQueue()).kind).toBe(driver === 'postgres' ? 'pg-boss' : 'in-process');
  });

  it('runs a job to its result and keeps its last progress', async () => {
    const queue = await openQueue();
    queue.register<{ n: number }>('test-square', async (job, { reportProgress }) => {
      reportProgress(1, 2, 'half');
      reportProgress(2, 2, 'done');
      return { square: job.payload.n * job.payload.n };
    });
    await queue.start();
    const id = await queue.enqueue('test-square', { n: 7 });
    expect((await queue.getJob(id))?.status).toMatch(/queued|running|succeeded/);
    await queue.idle();
    const job = await queue.getJob(id);
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { square: 49 },
      progress: { done: 2, total: 2, note: 'done' },
      attempts: 1,
      error: null,
    });
  });

  it('records a failure with the Vietnamese message and details of an operation error', async () => {
    const queue = await openQueue();
    queue.register('test-fail', () =>
      Promise.reject(new AppError('IMPORT_REJECTED', { reason: 'X', message: 'Tệp không đọc được.' })),
    );
    await queue.start();
    const id = await queue.enqueue('test-fail', {});
    await queue.idle();
    expect(await queue.getJob(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { message: 'Tệp không đọc được.', code: 'IMPORT_REJECTED', details: { reason: 'X' } },
    });
  });

  it('refuses a second job with the same singleton key while the first is queued', async () => {
    const queue = await openQueue();
    await queue.start();
    const first = await queue.enqueue('test-unclaimed', {}, { singletonKey: '08' });
    const second = queue.enqueue('test-unclaimed', {}, { singletonKey: '08' });
    await expect(second).rejects.toBeInstanceOf(JobAlreadyQueuedError);
    await expect(second).rejects.toMatchObject({ existingJobId: first });
    expect(await queue.enqueue('test-unclaimed', {}, { singletonKey: '31' })).not.toBe(first);
  });

  it('answers undefined for an unknown job', async () => {
    const queue = await openQueue();
    expect(await queue.getJob('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('runs again, on start, a job left running by a process that died', async () => {
    const crashed = await openQueue();
    await crashed.start();
    const id = await crashed.enqueue('test-resume', { n: 3 });
    await crashed.stop();
    // The dead process had taken the job: active in the mirror, and for pg-boss with a lease long expired.
    await sql`UPDATE jobs SET state = 'active', attempts = 1, started_at = now() WHERE id = ${id}`.execute(
      db().db,
    );
    if (driver === 'postgres') {
      await sql`UPDATE pgboss.job SET state = 'active', started_on = now() - interval '1 hour'
        WHERE id = ${id}::uuid`.execute(db().db);
    }
    expect((await crashed.getJob(id))?.status).toBe('running');

    const restarted = await openQueue();
    const seen: number[] = [];
    restarted.register<{ n: number }>('test-resume', (job) => {
      seen.push(job.attempt);
      return Promise.resolve({ n: job.payload.n });
    });
    await restarted.start();
    await restarted.idle();
    expect(await restarted.getJob(id)).toMatchObject({ status: 'succeeded', result: { n: 3 }, attempts: 2 });
    expect(seen).toEqual([2]);
  });
});
