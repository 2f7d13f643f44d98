/**
 * Import benchmark (issue 4): a generated 1,000,000-member package imported on the PostgreSQL server into a
 * fresh database, against a raw `psql \copy` of the same two CSV files into plain text tables, in the same run.
 *   npx tsx bench/import/run.ts [--members 1000000] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 * Prints rows/s, the ratio import / raw copy (target ≤ 3) and the peak RSS of this process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importPackage } from '../../src/app/import/import-package.ts';
import { writeLegacyPackageCsv } from '../../src/app/demo/write-legacy-package.ts';
import { generateLegacyPackage } from '../../src/core/demo/generate-legacy-package.ts';
import { openPostgres } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedCodeLists } from '../../src/db/seed-code-lists.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    dir: { type: 'string' },
  },
});
const members = Number(values.members);
const adminUrl = values['admin-url'];
const dir = values.dir ?? join(tmpdir(), `bench-import-${members}`);
const codes = loadCodeLists();
const seconds = (start: number) => (performance.now() - start) / 1000;

if (!existsSync(join(dir, 'dang_vien.csv'))) {
  const started = performance.now();
  const pkg = generateLegacyPackage(codes, { seed: 1, provinceCode: '08', memberCount: members });
  await writeLegacyPackageCsv(pkg, dir);
  console.log(`generated ${members} members in ${seconds(started).toFixed(1)} s → ${dir}`);
}
const orgRows = readFileSync(join(dir, 'to_chuc.csv'), 'utf8').split('\n').length - 2;

const psql = (url: string, command: string) =>
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
const urlOf = (name: string) => adminUrl.replace(/\/[^/]*$/, `/${name}`);
const suffix = `${process.pid}`;

// 1. Raw baseline: psql \copy of both files into text tables of a fresh database.
const rawDb = `bench_raw_${suffix}`;
psql(adminUrl, `CREATE DATABASE ${rawDb}`);
const header = (file: string) =>
  readFileSync(join(dir, file), 'utf8').slice(0, 4096).split('\n')[0]!.split(',');
const textTable = (name: string, file: string) =>
  `CREATE TABLE ${name} (${header(file)
    .map((c) => `"${c.toLowerCase()}" text`)
    .join(', ')})`;
psql(urlOf(rawDb), textTable('raw_orgs', 'to_chuc.csv'));
psql(urlOf(rawDb), textTable('raw_members', 'dang_vien.csv'));
let started = performance.now();
psql(urlOf(rawDb), `\\copy raw_orgs FROM '${join(dir, 'to_chuc.csv')}' WITH (FORMAT csv, HEADER true)`);
psql(urlOf(rawDb), `\\copy raw_members FROM '${join(dir, 'dang_vien.csv')}' WITH (FORMAT csv, HEADER true)`);
const rawSeconds = seconds(started);
psql(adminUrl, `DROP DATABASE ${rawDb}`);
console.log(`raw psql \\copy: ${rawSeconds.toFixed(1)} s`);

// 2. The import, into a fresh migrated database.
const importDb = `bench_import_${suffix}`;
psql(adminUrl, `CREATE DATABASE ${importDb}`);
const handle = await openPostgres(urlOf(importDb));
await migrate(handle);
await seedCodeLists(handle.db, codes);
started = performance.now();
let lastPrint = 0;
const result = await importPackage(
  { handle, codes, actor: { id: null, name: 'bench' } },
  {
    path: dir,
    acceptRejectedRows: true,
    onProgress: (p) => {
      if (performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(`  ${p.phase} ${p.done}/${p.total ?? '?'} ${seconds(started).toFixed(0)} s`);
      }
    },
  },
);
const importSeconds = seconds(started);
await handle.close();
psql(adminUrl, `DROP DATABASE ${importDb}`);

const rows = orgRows + members;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const { totals } = result.report;
console.log(
  [
    `members imported: ${totals.members.inserted} (rejected ${totals.members.rejected}), organizations: ${totals.organizations.inserted}`,
    `import: ${importSeconds.toFixed(1)} s, ${Math.round(rows / importSeconds)} rows/s`,
    `raw psql \\copy: ${rawSeconds.toFixed(1)} s, ${Math.round(rows / rawSeconds)} rows/s`,
    `RATIO import / raw copy: ${(importSeconds / rawSeconds).toFixed(2)} (target ≤ 3)`,
    `peak RSS: ${peakRssMb.toFixed(0)} MB (limit 1024 MB)`,
  ].join('\n'),
);
