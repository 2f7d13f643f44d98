import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEachDriver } from '../../test/db.ts';
import { importDeps } from '../../test/import-helpers.ts';
import { importPackage } from '../app/import/import-package.ts';
import {
  RecheckStoppedError,
  requestRecheck,
  resumeUnfinishedRechecks,
  runRecheck,
  useRecheckDispatcher,
} from '../app/quality/recheck-job.ts';
import { getQualityRun, insertQualityRun } from '../db/repos/findings.ts';
import { createQueue, type JobQueue } from './queue.ts';
import { RECHECK_JOB, registerRecheckJob } from './recheck-job.ts';

const PACKAGE = new URL('../../../shared/samples/s303-small/package', import.meta.url).pathname;

describeEachDriver('full re-check as a queue job', (db) => {
  const queues: JobQueue[] = [];
  const openQueue = async () => {
    const queue = await createQueue(db(), { pollIntervalMs: 500, stopTimeoutMs: 2000 });
    registerRecheckJob(queue, { handle: db() });
    queues.push(queue);
    await queue.start();
    return queue;
  };
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
    useRecheckDispatcher(db().db, null);
  });

  it('runs a requested re-check as a job, with its progress', async () => {
    await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
    const queue = await openQueue();
    const requested = await requestRecheck(db().db, {
      provinceCode: '08',
      applySafeFixes: true,
      actorId: null,
      actorName: null,
    });
    await queue.idle();
    const run = await getQualityRun(db().db, requested.id);
    expect(run).toMatchObject({ status: 'succeeded', phase: 'done', done: 300, total: 300 });
    const jobs = await db()
      .db.selectFrom('jobs')
      .select(['id', 'state'])
      .where('name', '=', RECHECK_JOB)
      .execute();
    expect(jobs).toHaveLength(1);
    expect(await queue.getJob(jobs[0]!.id)).toMatchObject({
      status: 'succeeded',
      result: { runId: requested.id, status: 'succeeded', done: 300, total: 300 },
      progress: { done: 300, total: 300, note: 'done' },
    });
  });

  it('resumes, as a job, a run stopped mid-way from its cursor', async () => {
    // As if no member had been checked yet: every chunk judges its members.
    await sql`DELETE FROM member_checks`.execute(db().db);
    const runId = await insertQualityRun(db().db, {
      provinceCode: '08',
      applySafeFixes: false,
      requestedBy: null,
    });
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      runRecheck(db().db, runId, {
        chunkSize: 100,
        signal: controller.signal,
        onProgress: (r) => {
          seen.push(r.done);
          if (r.done >= 100) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(RecheckStoppedError);
    const stopped = await getQualityRun(db().db, runId);
    expect(stopped).toMatchObject({ status: 'running', phase: 'members', done: 100 });
    expect(stopped!.cursor).toBeGreaterThan(0);

    const queue = await openQueue();
    expect(await resumeUnfinishedRechecks(db().db)).toEqual([runId]);
    await queue.idle();
    expect(await getQualityRun(db().db, runId)).toMatchObject({
      status: 'succeeded',
      phase: 'done',
      done: 300,
      total: 300,
    });
    expect(seen).toEqual([100]);
  });
});
