import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDriver } from '../../test/db.ts';
import { makeMember, makeProvince } from '../../test/factories.ts';
import { startTestQueue } from '../../test/queue.ts';
import { runDuplicateRun, waitForDuplicateRuns } from '../app/duplicates/duplicate-runs.ts';
import * as duplicates from '../db/repos/duplicates.ts';
import { replaceRegisterExtract } from '../db/repos/register.ts';
import { enqueueDuplicateRun, enqueueUnfinishedDuplicateRuns } from './duplicate-run-job.ts';
import { InProcessQueue } from './in-process-queue.ts';

describeEachDriver('duplicate runs as jobs', (db) => {
  const startNode = () => startTestQueue(db(), { pollIntervalMs: 50 });
  const jobsOf = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs WHERE name = 'duplicate-run'`.execute(
        db().db,
      )
    ).rows[0]!.n;

  it('a run queued while no node works is done by the next node to start, once', async () => {
    const { cell } = await makeProvince(db(), '02', 'Hà Giang');
    for (const n of [1, 2]) {
      await makeMember(db(), {
        orgId: cell.id,
        fullName: 'Vàng Seo Pao',
        birthDate: '1970-01-01',
        citizenId: `00207000000${n}`,
      });
    }
    const runId = await duplicates.insertRun(db().db, {
      kind: 'detect',
      provinceCode: '02',
      requestedBy: null,
      requestedByName: null,
    });
    const idle = new InProcessQueue(db());
    await enqueueDuplicateRun(idle, runId);
    await enqueueDuplicateRun(idle, runId);
    expect(await jobsOf()).toBe(1);
    expect((await duplicates.getRun(db().db, runId))!.status).toBe('queued');

    const node = await startNode();
    try {
      await waitForDuplicateRuns(db().db);
      expect((await duplicates.getRun(db().db, runId))!).toMatchObject({
        status: 'succeeded',
        phase: 'done',
      });
      await node.idle();
      const job = await sql<{ state: string }>`SELECT state FROM jobs WHERE name = 'duplicate-run'`.execute(
        db().db,
      );
      expect(job.rows.map((r) => r.state)).toEqual(['completed']);
    } finally {
      await node.stop();
    }
  });

  it('a run without a job (left by an older version) gets one at start, and is resumed from its cursor', async () => {
    const { cell } = await makeProvince(db(), '04', 'Cao Bằng');
    for (let n = 0; n < 5; n++) {
      await makeMember(db(), { orgId: cell.id, fullName: `Nông Văn ${n}`, citizenId: `00407000001${n}` });
    }
    await replaceRegisterExtract(db().db, {
      provinceCode: '04',
      fileName: 'dan-cu.csv',
      sha256: '0'.repeat(64),
      uploadedBy: null,
      uploadedByName: null,
      records: [
        {
          citizenId: '004070000010',
          fullName: 'NÔNG VĂN 0',
          birthDate: { year: 1970, month: 1, day: 1 },
          gender: 'Nam',
        },
      ],
    });
    const runId = await duplicates.insertRun(db().db, {
      kind: 'reconcile',
      provinceCode: '04',
      requestedBy: null,
      requestedByName: null,
    });
    // A node stopped after the first chunk: the run keeps its cursor.
    const stop = new AbortController();
    await expect(
      runDuplicateRun(db().db, runId, {
        chunkSize: 2,
        signal: stop.signal,
        onProgress: (done) => {
          if (done >= 2) stop.abort();
        },
      }),
    ).rejects.toThrow();
    const cut = (await duplicates.getRun(db().db, runId))!;
    expect(cut).toMatchObject({ status: 'running', done: 2 });

    const jobsBefore = await jobsOf();
    const node = await startNode();
    try {
      expect(await enqueueUnfinishedDuplicateRuns(node, db().db)).toEqual([runId]);
      await waitForDuplicateRuns(db().db);
      expect(await jobsOf()).toBe(jobsBefore + 1);
      expect((await duplicates.getRun(db().db, runId))!).toMatchObject({
        status: 'succeeded',
        // Every member of the province once: the chunk before the stop is not checked again.
        done: (await db().db.selectFrom('members').select('id').where('province_code', '=', '04').execute())
          .length,
      });
    } finally {
      await node.stop();
    }
  });
});
