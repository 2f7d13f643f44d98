import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openPglite, openPostgres, type DbHandle } from '../src/db/client.ts';

export type Driver = 'pglite' | 'postgres';

const postgresTemplateUrl = inject('postgresTemplateUrl');
export const DRIVERS: Driver[] = ['pglite', 'postgres'];

/** A fresh, migrated database with the code lists loaded, for one test file and one driver. */
export async function createTestDatabase(
  driver: Driver,
): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (driver === 'pglite') {
    const handle = await openPglite(undefined, {
      loadDataDir: new Blob([readFileSync(inject('pgliteTemplateFile'))]),
    });
    return { handle, drop: () => handle.close() };
  }
  const { url, drop } = await createPostgresTestDatabase();
  const handle = await openPostgres(url);
  return {
    handle,
    drop: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** A fresh, migrated PostgreSQL database by URL (for a child process such as the CLI), and its removal. */
export async function createPostgresTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `csdl_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(inject('postgresAdminUrl'));
  const template = new URL(postgresTemplateUrl).pathname.slice(1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: postgresTemplateUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

/** Whether the PostgreSQL server answered in the global setup (its tests are skipped, visibly, otherwise). */
export const hasPostgres = Boolean(postgresTemplateUrl);

/**
 * Runs the suite once per driver, each with its own fresh database. The PostgreSQL half is skipped,
 * visibly, when no server answered in the global setup.
 */
export function describeEachDriver(name: string, suite: (db: () => DbHandle, driver: Driver) => void) {
  for (const driver of DRIVERS) {
    const skip = driver === 'postgres' && !postgresTemplateUrl;
    describe.skipIf(skip)(`${name} [${driver}]`, () => {
      let handle: DbHandle | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        ({ handle, drop } = await createTestDatabase(driver));
      });
      afterAll(async () => {
        await drop?.();
      });
      suite(() => {
        if (!handle) throw new Error('test database not ready');
        return handle;
      }, driver);
    });
  }
}
