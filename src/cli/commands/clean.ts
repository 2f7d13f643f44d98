import { parseArgs } from 'node:util';
import { cleanPackage } from '../../app/quality/clean-package.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { createProgress } from '../progress.ts';

export const cleanUsage = `Usage: clean <package> --out <dir> [--registry <register.csv>] [--reference-date YYYY-MM-DD] [--db <url>]

Reads a 3.0 export package (folder, .zip, .xlsx or one CSV), applies the safe fixes, runs every
rule of the error catalogue and writes findings.csv, members.csv, organizations.csv,
duplicates.csv and reconciliation.json into <dir> (spec/batch-contract.md).

  --out <dir>                 output folder (created if needed)
  --registry <register.csv>   population-register extract for reconciliation
  --reference-date <date>     reference date for age and overdue rules (default: campaign start)
  --db <url>                  accepted but not used yet: the run is always in memory (TODO #4)`;

/** Thrown for a command line that cannot run; the message is the one line shown on stderr. */
export class UsageError extends Error {}

export async function runClean(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      registry: { type: 'string' },
      'reference-date': { type: 'string' },
      db: { type: 'string' },
    },
  });
  const [packagePath, ...extra] = positionals;
  if (!packagePath || extra.length > 0) throw new UsageError('clean needs exactly one <package> argument');
  if (!values.out) throw new UsageError('clean needs --out <dir>');
  const referenceDate = values['reference-date'];
  if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) {
    throw new UsageError(`--reference-date must be YYYY-MM-DD, got "${referenceDate}"`);
  }
  // TODO(#4): with --db, import into that PostgreSQL and clean there; for now every run is in memory and
  // the database is left untouched.
  const progress = process.stderr.isTTY ? createProgress('clean') : undefined;
  try {
    await cleanPackage({
      packagePath,
      outDir: values.out,
      codes: loadCodeLists(),
      ...(referenceDate ? { referenceDate } : {}),
      ...(values.registry ? { registryPath: values.registry } : {}),
      ...(progress ? { onProgress: (done, total) => progress.update(done, total) } : {}),
    });
  } finally {
    progress?.stop();
  }
}
