import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { importDeps } from '../../../test/import-helpers.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { importPackage } from '../import/import-package.ts';
import { applySafeFixesAndCheck } from './check-province.ts';
import { cleanPackage } from './clean-package.ts';
import { requestRecheck, waitForRechecks } from './recheck-job.ts';

const PACKAGE = new URL('../../../../shared/samples/s303-small/package', import.meta.url).pathname;
let outDir = '';
let batch: string[] = [];

const key = (r: { record_type: string; legacy_id: string | null; rule: string; field: string }) =>
  `${r.record_type}|${r.legacy_id ?? ''}|${r.rule}|${r.field}`;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'clean-s303-'));
  await cleanPackage({ packagePath: PACKAGE, outDir, codes: loadCodeLists(), referenceDate: '2025-12-10' });
  const rows = parse(readFileSync(join(outDir, 'findings.csv')), { columns: true }) as Array<{
    record_type: string;
    legacy_id: string;
    rule: string;
    field: string;
  }>;
  batch = [...new Set(rows.map(key))].sort();
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describeEachDriver('full check of an imported province', (db) => {
  it('finds, after an import, exactly what the batch clean command finds in the same package', async () => {
    const imported = await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
    const summary = await db()
      .db.transaction()
      .execute((tx) => applySafeFixesAndCheck(tx, imported.provinceCode, { applySafeFixes: true }));
    expect(summary.members).toBe(300);
    const rows = await db()
      .db.selectFrom('findings')
      .select(['record_type', 'legacy_id', 'rule', 'field', 'status', 'severity'])
      .execute();
    const stored = [...new Set(rows.map(key))].sort();
    expect(stored).toEqual(batch);
    // Safe fixes were applied on import: recorded as fixed, automatically, with the value as found.
    const fixes = rows.filter((r) => r.severity === 'fix');
    expect(fixes.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'fixed').length).toBeGreaterThan(0);
  });

  it('a second full check (as a background job) changes nothing and closes nothing', async () => {
    const before = await db().db.selectFrom('findings').select(['id', 'status']).orderBy('id').execute();
    const run = await requestRecheck(db().db, {
      provinceCode: '08',
      applySafeFixes: false,
      actorId: null,
      actorName: null,
    });
    await waitForRechecks(db().db);
    const finished = await db()
      .db.selectFrom('quality_runs')
      .selectAll()
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    expect(finished).toMatchObject({ status: 'succeeded', phase: 'done', done: 300, total: 300 });
    const after = await db().db.selectFrom('findings').select(['id', 'status']).orderBy('id').execute();
    expect(after).toEqual(before);
  });
});
