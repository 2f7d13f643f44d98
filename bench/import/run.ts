/**
 * Import benchmark (issue 4): a generated 1,000,000-member package imported on the PostgreSQL server into a
 * fresh database, against a raw `psql \copy` of the same two CSV files into plain text tables, in the same run.
 *   npx tsx bench/import/run.ts [--members 1000000] [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 * Prints rows/s, the ratio import / raw copy (target ≤ 3) and the peak RSS of this process.
 *
 * A second baseline, the database floor: the stored members rows themselves (already parsed, in the table's own
 * COPY format) copied back into `members` — same columns, indexes, foreign keys and triggers as the import writes,
 * with no reading, parsing or checksum — inside a transaction that is rolled back. The import cannot be faster than
 * that on this schema; the ratio import / floor is how much the import adds to what the database costs.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
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
import { startCpuCount } from '../cpu.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    'admin-url': {
      type: 'string',
      default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    dir: { type: 'string' },
    /** Leave the import database in place (its name is printed), e.g. to study the floor by hand. */
    keep: { type: 'boolean', default: false },
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
// Only the first bytes: reading the whole 360 MB file here would count toward the peak RSS of the import.
const header = (file: string) => {
  const bytes = Buffer.alloc(4096);
  const fd = openSync(join(dir, file), 'r');
  const length = readSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
  return bytes.toString('utf8', 0, length).split('\n')[0]!.split(',');
};
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
const cpuCount = await startCpuCount(handle.db);
started = performance.now();
let lastPrint = 0;
const phaseStarts: Array<[string, number]> = [];
const result = await importPackage(
  { handle, codes, actor: { id: null, name: 'bench' } },
  {
    path: dir,
    acceptRejectedRows: true,
    onProgress: (p) => {
      if (phaseStarts.at(-1)?.[0] !== p.phase) phaseStarts.push([p.phase, performance.now()]);
      if (performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(`  ${p.phase} ${p.done}/${p.total ?? '?'} ${seconds(started).toFixed(0)} s`);
      }
    },
  },
);
const importSeconds = seconds(started);
const cpu = await cpuCount();
const phaseLine = phaseStarts
  .map(
    ([phase, at], i) =>
      `${phase} ${(((phaseStarts[i + 1]?.[1] ?? performance.now()) - at) / 1000).toFixed(1)} s`,
  )
  .join(', ');
await handle.close();

// 3. The database floor (see the header): the same rows, already parsed, stored again by COPY alone.
const storedFile = join(tmpdir(), `bench-import-floor-${suffix}.copy`);
psql(urlOf(importDb), `\\copy members TO '${storedFile}'`);
const floorScript = join(tmpdir(), `bench-import-floor-${suffix}.sql`);
writeFileSync(
  floorScript,
  [
    'BEGIN;',
    // Empty again (rolled back at the end); the tables that reference members go with them.
    'TRUNCATE members, member_checks, duplicate_pairs, member_merges;',
    `\\copy members FROM '${storedFile}'`,
    'ROLLBACK;',
  ].join('\n'),
);
started = performance.now();
execFileSync('psql', [urlOf(importDb), '-v', 'ON_ERROR_STOP=1', '-q', '-f', floorScript], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const floorSeconds = seconds(started);
rmSync(storedFile, { force: true });
rmSync(floorScript, { force: true });
if (values.keep) console.log(`kept database ${importDb}`);
else psql(adminUrl, `DROP DATABASE ${importDb}`);

const rows = orgRows + members;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const { totals } = result.report;
console.log(
  [
    `members imported: ${totals.members.inserted} (rejected ${totals.members.rejected}), organizations: ${totals.organizations.inserted}`,
    `import: ${importSeconds.toFixed(1)} s, ${Math.round(rows / importSeconds)} rows/s`,
    `  phases (from the progress callbacks): opening ${((phaseStarts[0]?.[1] ?? started) - started) / 1000 > 0 ? (((phaseStarts[0]?.[1] ?? started) - started) / 1000).toFixed(1) : '0'} s, ${phaseLine}`,
    `raw psql \\copy: ${rawSeconds.toFixed(1)} s, ${Math.round(rows / rawSeconds)} rows/s`,
    `  CPU: import process ${cpu.process.toFixed(1)} s, database server ${cpu.server.toFixed(1)} s`,
    `database floor (the stored members rows COPYed back into members, indexes, keys and triggers included): ${floorSeconds.toFixed(1)} s = ${(floorSeconds / rawSeconds).toFixed(2)} × raw copy`,
    `RATIO import / raw copy: ${(importSeconds / rawSeconds).toFixed(2)} (target ≤ 3)`,
    `RATIO import / database floor: ${(importSeconds / floorSeconds).toFixed(2)}`,
    `peak RSS: ${peakRssMb.toFixed(0)} MB (limit 1024 MB)`,
  ].join('\n'),
);
