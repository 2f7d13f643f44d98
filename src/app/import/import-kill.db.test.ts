import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, expect, inject, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeTempDir } from '../../../test/fixtures/import/temp-dir.ts';
import { importDeps, snapshot } from '../../../test/import-helpers.ts';
import { openPglite, type DbHandle } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { seedCodeLists } from '../../db/seed-code-lists.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { importPackage } from './import-package.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const CHILD = fileURLToPath(new URL('../../../test/fixtures/import/import-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const temp = makeTempDir('import-kill-');
afterAll(() => temp.remove());

/** Runs the child until it reports the rows written and uncommitted, then kill -9. */
function importThenKill(target: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', CHILD, target, path], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // npx → tsx → node: SIGKILL goes to the node process doing the import, which prints its pid.
      const pid = /PAUSED (\d+)/.exec(out)?.[1];
      if (pid && !killed) {
        killed = true;
        process.kill(Number(pid), 'SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (killed && !out.includes('COMMITTED')) resolve(out);
      else reject(new Error(`child ended with ${code ?? signal}: ${out} ${err}`));
    });
  });
}

/** The end state that matters, without ids or timestamps: what a clean import must also produce. */
async function contentDigest(handle: DbHandle, provinceCode: string) {
  const { rows } = await sql<{ n: number; digest: string }>`
    SELECT count(*)::int AS n, md5(string_agg(m.legacy_id || '|' || coalesce(o.legacy_key, '') || '|' ||
      m.legacy_raw::text || '|' || m.version, '#' ORDER BY m.legacy_id)) AS digest
    FROM members m JOIN organizations o ON o.id = m.org_id WHERE m.province_code = ${provinceCode}`.execute(
    handle.db,
  );
  return rows[0]!;
}

describeEachDriver('an import killed with SIGKILL', (db, driver) => {
  it(
    'leaves the database as before, and a re-run reaches the clean end state',
    // A child process, a fresh database and a kill: minutes on a loaded 2-core machine.
    { timeout: 180_000 },
    async () => {
      const path = `${SAMPLES}s101-canonical/package`;
      // The reference end state: a clean import into this file's fresh database.
      await importPackage(importDeps(db()), { path, acceptRejectedRows: false });
      const expected = await contentDigest(db(), '19');

      // The victim database already holds another province (s303), so "as before" is not "empty".
      let victim: DbHandle;
      let target: string;
      let reopen: () => Promise<DbHandle>;
      if (driver === 'pglite') {
        const dir = temp.path('pglite-data');
        const setup = await openPglite(dir);
        await migrate(setup);
        await seedCodeLists(setup.db, loadCodeLists());
        await importPackage(importDeps(setup), {
          path: `${SAMPLES}s303-small/package`,
          acceptRejectedRows: false,
        });
        await setup.close();
        target = `pglite:${dir}`;
        reopen = () => openPglite(dir);
      } else {
        const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(db().db);
        target = inject('postgresAdminUrl').replace(/\/[^/]*$/, `/${rows[0]!.db}`);
        // Same database: province 19 is already imported here; delete it to start from "s303 only".
        await sql`DELETE FROM members WHERE province_code = '19'`.execute(db().db);
        await sql`UPDATE organizations SET parent_id = NULL WHERE province_code = '19'`.execute(db().db);
        await sql`DELETE FROM organizations WHERE province_code = '19'`.execute(db().db);
        await importPackage(importDeps(db()), {
          path: `${SAMPLES}s303-small/package`,
          acceptRejectedRows: false,
        });
        reopen = () => Promise.resolve(db());
      }
      victim = await reopen();
      const before = { p08: await snapshot(victim, '08'), p19: await snapshot(victim, '19') };
      if (driver === 'pglite') await victim.close();

      await importThenKill(target, path);

      victim = await reopen();
      expect({ p08: await snapshot(victim, '08'), p19: await snapshot(victim, '19') }).toEqual(before);
      const left = await victim.db
        .selectFrom('import_runs')
        .select('status')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(left.status).toBe('running');

      const rerun = await importPackage(importDeps(victim), { path, acceptRejectedRows: false });
      expect(rerun.report.isComplete).toBe(true);
      expect(await contentDigest(victim, '19')).toEqual(expected);
      expect(await snapshot(victim, '08')).toEqual(before.p08);
      const interrupted = await victim.db
        .selectFrom('import_runs')
        .select(['status', 'error_code'])
        .where('status', '=', 'failed')
        .execute();
      expect(interrupted).toEqual([{ status: 'failed', error_code: 'INTERRUPTED' }]);
      if (driver === 'pglite') await victim.close();
    },
  );
});
