import { parseArgs } from 'node:util';
import { cleanInDatabase } from '../../app/quality/clean-in-database.ts';
import { cleanPackage } from '../../app/quality/clean-package.ts';
import type { CodeLists } from '../../core/codes/code-lists.ts';
import { openPostgres } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { seedCodeLists } from '../../db/seed-code-lists.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { createProgress } from '../progress.ts';

export const cleanUsage = `Usage: clean <package> --out <dir> [--registry <register.csv>] [--reference-date YYYY-MM-DD] [--db <url>]

Reads a 3.0 export package (folder, .zip, .xlsx or one CSV), applies the safe fixes, runs every
rule of the error catalogue and writes findings.csv, members.csv, organizations.csv,
duplicates.csv and reconciliation.json into <dir> (spec/batch-contract.md).

  --out <dir>                 output folder (created if needed)
  --registry <register.csv>   population-register extract for reconciliation
  --reference-date <date>     reference date for age and overdue rules (default: campaign start)
  --db <url>                  also move the package into that PostgreSQL: import it (rejected rows listed,
                              the rest imported), apply the safe fixes, store every finding and queue the
                              probable duplicate pairs for review; the files are the same either way

Without --db nothing is written but the files: the run needs no database (the same engine, in memory).`;

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
  if (values.db !== undefined && !/^postgres(ql)?:\/\//.test(values.db)) {
    throw new UsageError(`--db must be a PostgreSQL URL (postgres://…), got "${values.db}"`);
  }
  const codes = loadCodeLists();
  const progress = process.stderr.isTTY ? createProgress('clean') : undefined;
  try {
    await cleanPackage({
      packagePath,
      outDir: values.out,
      codes,
      ...(referenceDate ? { referenceDate } : {}),
      ...(values.registry ? { registryPath: values.registry } : {}),
      ...(progress ? { onProgress: (done, total) => progress.update(done, total) } : {}),
    });
  } finally {
    progress?.stop();
  }
  // The files are written first: a package that cannot be read stops the run before the database is touched.
  if (values.db !== undefined) await cleanIntoPostgres(values.db, packagePath, codes);
}

async function cleanIntoPostgres(url: string, packagePath: string, codes: CodeLists): Promise<void> {
  const say = (line: string) => {
    if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
  };
  const handle = await openPostgres(url);
  try {
    await migrate(handle);
    await seedCodeLists(handle.db, codes);
    const progress = process.stderr.isTTY ? createProgress('db') : undefined;
    let phase = '';
    try {
      const result = await cleanInDatabase({
        handle,
        codes,
        packagePath,
        actorName: `cli:clean:${process.env.USER ?? 'unknown'}`,
        onPhase: (next, p) => {
          if (next !== phase) {
            phase = next;
            progress?.stop();
            say(`--db: ${next}`);
          }
          if (p?.phase === 'members' && p.total) progress?.update(p.done, p.total);
        },
      });
      progress?.stop();
      say(
        `--db: import run #${result.import.runId}, province ${result.import.provinceCode}: ` +
          `${result.check.members} members checked (${result.check.fixedMembers} fixed), ` +
          `${result.duplicates.probable} probable duplicate pairs queued`,
      );
    } finally {
      progress?.stop();
    }
  } finally {
    await handle.close();
  }
}
