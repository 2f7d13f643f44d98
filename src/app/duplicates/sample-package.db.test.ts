import { readFileSync } from 'node:fs';
import { expect, it, onTestFinished } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { importDeps } from '../../../test/import-helpers.ts';
import { startTestQueue } from '../../../test/queue.ts';
import { NATIONAL_SCOPE } from '../../db/repos/scope.ts';
import { importPackage } from '../import/import-package.ts';
import type { Ctx } from '../context.ts';
import { permissionsOf } from '../../core/auth/permissions.ts';
import { uploadRegisterExtract } from '../reconciliation/upload-register-extract.ts';
import { enqueueDuplicateRun } from '../../jobs/duplicate-run-job.ts';
import { requestDuplicateRun, waitForDuplicateRuns } from './duplicate-runs.ts';

const SAMPLE = new URL('../../../../shared/samples/s303-small/', import.meta.url).pathname;
const csvRows = (file: string) =>
  readFileSync(`${SAMPLE}${file}`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

/** The product side of the sample package: detection over stored members and reconciliation as jobs. */
describeEachDriver('duplicates and reconciliation on the s303-small sample', (db) => {
  it('finds every true duplicate pair and every mandatory RECON_* finding of the sample', async () => {
    const { provinceCode } = await importPackage(importDeps(db()), {
      path: `${SAMPLE}package`,
      acceptRejectedRows: false,
    });
    const ctx: Ctx = {
      db: db().db,
      actor: { id: 0, username: 'test', fullName: 'Test', roles: [1, 2], permissions: permissionsOf([1, 2]) },
      scope: NATIONAL_SCOPE,
      requestId: 'test',
      log: undefined as never,
    };
    const queue = await startTestQueue(db(), { pollIntervalMs: 100 });
    onTestFinished(() => queue.stop());
    const enqueue = (runId: number) => enqueueDuplicateRun(queue, runId);
    await requestDuplicateRun(ctx, { kind: 'detect', provinceCode }, enqueue);
    await waitForDuplicateRuns(db().db);
    const pairs = await db()
      .db.selectFrom('duplicate_pairs as p')
      .innerJoin('members as a', 'a.id', 'p.member_a')
      .innerJoin('members as b', 'b.id', 'p.member_b')
      .select(['a.legacy_id as a', 'b.legacy_id as b', 'p.band'])
      .where('p.band', '=', 'probable')
      .execute();
    const found = new Set(pairs.map((p) => [p.a, p.b].sort().join('|')));
    const truth = new Set(csvRows('truth/duplicates.csv').map((r) => [r[0], r[1]].sort().join('|')));
    const hits = [...truth].filter((t) => found.has(t)).length;
    const precision = found.size === 0 ? 0 : hits / found.size;
    const recall = hits / truth.size;
    expect((2 * precision * recall) / (precision + recall)).toBeGreaterThanOrEqual(0.97);

    await uploadRegisterExtract(ctx, {
      provinceCode,
      fileName: 'registry.csv',
      content: readFileSync(`${SAMPLE}registry.csv`),
    });
    await requestDuplicateRun(ctx, { kind: 'reconcile', provinceCode }, enqueue);
    await waitForDuplicateRuns(db().db);
    const stored = await db()
      .db.selectFrom('findings')
      .select(['legacy_id', 'rule'])
      .where('rule', 'like', 'RECON_%')
      .where('province_code', '=', provinceCode)
      .where('status', '=', 'open')
      .execute();
    const got = new Set(stored.map((f) => `${f.legacy_id}|${f.rule}`));
    const mandatory = csvRows('truth/findings.csv')
      .filter((r) => r[2]!.startsWith('RECON_'))
      .map((r) => `${r[1]}|${r[2]}`);
    const optional = new Set(
      csvRows('truth/optional-findings.csv')
        .filter((r) => r[2]!.startsWith('RECON_'))
        .map((r) => `${r[1]}|${r[2]}`),
    );
    expect(mandatory.filter((m) => !got.has(m))).toEqual([]);
    expect([...got].filter((g) => !mandatory.includes(g) && !optional.has(g))).toEqual([]);
  });
});
