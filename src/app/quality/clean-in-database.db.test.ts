import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeTempDir } from '../../../test/fixtures/import/temp-dir.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { cleanInDatabase } from './clean-in-database.ts';
import { cleanPackage } from './clean-package.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const temp = makeTempDir('clean-in-database-');
afterAll(() => temp.remove());

describeEachDriver('clean --db', (db, driver) => {
  it('stores in the database the findings, fixes and pairs that the batch files report', async () => {
    const codes = loadCodeLists();
    const packagePath = join(SAMPLES, 's303-small', 'package');
    const outDir = temp.path(`out-${driver}`);
    await cleanPackage({ packagePath, outDir, codes });
    const result = await cleanInDatabase({ handle: db(), codes, packagePath, actorName: 'cli:test' });

    const fileRows = parse(readFileSync(join(outDir, 'findings.csv')), { columns: true }) as Array<
      Record<string, string>
    >;
    const key = (r: { record_type?: string; legacy_id?: string | null; rule?: string; field?: string }) =>
      `${r.record_type}|${r.legacy_id ?? ''}|${r.rule}|${r.field}`;
    const stored = await sql<{
      record_type: string;
      legacy_id: string | null;
      rule: string;
      field: string;
      severity: string;
      status: string;
    }>`SELECT record_type, legacy_id, rule, field, severity, status FROM findings
        WHERE province_code = ${result.import.provinceCode}`.execute(db().db);

    expect(fileRows.length).toBeGreaterThan(100);
    expect(new Set(stored.rows.map(key))).toEqual(new Set(fileRows.map(key)));
    // Safe fixes were applied in the database: every fix finding is stored as fixed, nothing else is.
    const fixes = stored.rows.filter((r) => r.severity === 'fix');
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes.every((r) => r.status === 'fixed')).toBe(true);
    expect(stored.rows.filter((r) => r.severity !== 'fix').every((r) => r.status === 'open')).toBe(true);

    // The same members as members.csv, with the same standardized names.
    const memberRows = parse(readFileSync(join(outDir, 'members.csv')), { columns: true }) as Array<
      Record<string, string>
    >;
    const members = await sql<{ legacy_id: string; full_name: string }>`SELECT legacy_id, full_name
      FROM members WHERE province_code = ${result.import.provinceCode}`.execute(db().db);
    expect(new Map(members.rows.map((m) => [m.legacy_id, m.full_name]))).toEqual(
      new Map(memberRows.map((m) => [m.legacy_id!, m.full_name!])),
    );

    // Probable pairs of duplicates.csv are in the reviewers' queue.
    const pairRows = parse(readFileSync(join(outDir, 'duplicates.csv')), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(result.duplicates.probable).toBe(pairRows.length);
  });
});
