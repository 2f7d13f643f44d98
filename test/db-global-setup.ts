import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedCodeLists } from '../src/db/seed-code-lists.ts';
import { loadCodeLists } from '../src/reference/load-reference.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateFile: string;
    /** Server URL of the migrated template database, or '' when no PostgreSQL server answers. */
    postgresTemplateUrl: string;
    postgresAdminUrl: string;
  }
}

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Builds one migrated, seeded database per driver once per run; each test file then gets a fresh copy
 * (PGlite: from a data-dir dump; PostgreSQL: CREATE DATABASE … TEMPLATE) and drops it at the end.
 */
export default async function setup(project: TestProject) {
  const codes = loadCodeLists();
  const dir = mkdtempSync(join(tmpdir(), 'csdl-test-'));
  const lite = await openPglite();
  await migrate(lite);
  await seedCodeLists(lite.db, codes);
  const dump = await lite.pglite.dumpDataDir('none');
  const templateFile = join(dir, 'pglite-template.tar');
  writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplateFile', templateFile);

  const templateName = `csdl_tmpl_${process.pid}`;
  let templateUrl = '';
  try {
    const admin = await openPostgres(POSTGRES_ADMIN_URL);
    await admin.exec(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.exec(`CREATE DATABASE ${templateName}`);
    await admin.close();
    templateUrl = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${templateName}`);
    const tmpl = await openPostgres(templateUrl);
    await migrate(tmpl);
    await seedCodeLists(tmpl.db, codes);
    await tmpl.close();
  } catch (error) {
    templateUrl = '';
    console.warn(
      `\n*** NOTICE: no PostgreSQL server at ${POSTGRES_ADMIN_URL} (${(error as Error).message}).` +
        `\n*** The PostgreSQL half of the database tests is SKIPPED; only PGlite runs.\n`,
    );
  }
  project.provide('postgresTemplateUrl', templateUrl);
  project.provide('postgresAdminUrl', POSTGRES_ADMIN_URL);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (templateUrl) {
      const admin = await openPostgres(POSTGRES_ADMIN_URL);
      await admin.exec(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await admin.close();
    }
  };
}
