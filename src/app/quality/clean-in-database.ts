import type { CodeLists } from '../../core/codes/code-lists.ts';
import type { DbHandle } from '../../db/client.ts';
import { detectDuplicates, type DetectionSummary } from '../duplicates/detect-duplicates.ts';
import { importPackage, type ImportProgress, type ImportResult } from '../import/import-package.ts';
import { applySafeFixesAndCheck, type ProvinceCheckSummary } from './check-province.ts';

/**
 * `clean --db <url>`: the package moved into that database the way the migration moves it — imported all or
 * nothing (rejected rows listed and the rest imported, as `clean` reports them), every safe fix applied and
 * every rule run and stored, duplicate detection run into the reviewers' queue. The files of the batch
 * contract are written by `cleanPackage` from the same engine (src/core/quality); the db test
 * clean-in-database.db.test.ts shows the stored findings equal the ones written to findings.csv.
 */
export interface CleanInDatabaseResult {
  import: ImportResult;
  check: ProvinceCheckSummary;
  duplicates: DetectionSummary;
}

export async function cleanInDatabase(input: {
  handle: DbHandle;
  codes: CodeLists;
  packagePath: string;
  actorName: string;
  onPhase?: (phase: 'import' | 'check' | 'duplicates', progress?: ImportProgress) => void;
}): Promise<CleanInDatabaseResult> {
  const imported = await importPackage(
    { handle: input.handle, codes: input.codes, actor: { id: null, name: input.actorName } },
    {
      path: input.packagePath,
      acceptRejectedRows: true,
      onProgress: (progress) => input.onPhase?.('import', progress),
    },
  );
  input.onPhase?.('check');
  const check = await input.handle.db
    .transaction()
    .execute((tx) =>
      applySafeFixesAndCheck(tx, imported.provinceCode, { applySafeFixes: true, actorName: input.actorName }),
    );
  input.onPhase?.('duplicates');
  const duplicates = await detectDuplicates(input.handle.db, imported.provinceCode);
  return { import: imported, check, duplicates };
}
