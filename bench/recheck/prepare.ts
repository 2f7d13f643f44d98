/**
 * Shared by the re-check benchmarks: a fresh PostgreSQL database holding a generated province, loaded with
 * the importer (COPY into staging, set-based merge). The package is generated once into the same folder as
 * bench/import uses, so the two benches share it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLegacyPackageCsv } from '../../src/app/demo/write-legacy-package.ts';
import { importPackage } from '../../src/app/import/import-package.ts';
import { generateLegacyPackage } from '../../src/core/demo/generate-legacy-package.ts';
import { openPostgres, type DbHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedCodeLists } from '../../src/db/seed-code-lists.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';

export const seconds = (start: number) => (performance.now() - start) / 1000;

export interface BenchDatabase {
  handle: DbHandle;
  name: string;
  url: string;
  provinceCode: string;
  drop: () => Promise<void>;
}

export function psql(url: string, command: string): string {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-c', command], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024 * 64,
  }).toString();
}

export async function prepareDatabase(options: {
  members: number;
  adminUrl: string;
  /** Reuse this database (created by an earlier run with --keep) instead of building one. */
  reuse?: string | undefined;
}): Promise<BenchDatabase> {
  const urlOf = (name: string) => options.adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const drop = (name: string, handle: DbHandle) => async () => {
    await handle.close();
    psql(options.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  if (options.reuse) {
    const handle = await openPostgres(urlOf(options.reuse));
    return {
      handle,
      name: options.reuse,
      url: urlOf(options.reuse),
      provinceCode: '08',
      drop: drop(options.reuse, handle),
    };
  }
  const codes = loadCodeLists();
  const dir = join(tmpdir(), `bench-import-${options.members}`);
  if (!existsSync(join(dir, 'dang_vien.csv'))) {
    const started = performance.now();
    const pkg = generateLegacyPackage(codes, { seed: 1, provinceCode: '08', memberCount: options.members });
    await writeLegacyPackageCsv(pkg, dir);
    console.log(`generated ${options.members} members in ${seconds(started).toFixed(1)} s → ${dir}`);
  }
  const name = `bench_recheck_${process.pid}`;
  psql(options.adminUrl, `CREATE DATABASE ${name}`);
  const handle = await openPostgres(urlOf(name));
  await migrate(handle);
  await seedCodeLists(handle.db, codes);
  const started = performance.now();
  const result = await importPackage(
    { handle, codes, actor: { id: null, name: 'bench' } },
    { path: dir, acceptRejectedRows: true },
  );
  console.log(`imported ${options.members} members (COPY + merge) in ${seconds(started).toFixed(1)} s`);
  return { handle, name, url: urlOf(name), provinceCode: result.provinceCode, drop: drop(name, handle) };
}
