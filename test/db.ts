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
  const name = `csdl_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(inject('postgresAdminUrl'));
  const template = new URL(postgresTemplateUrl).pathname.slice(1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const handle = await openPostgres(postgresTemplateUrl.replace(/\/[^/]*$/, `/${name}`));
  return {
    handle,
    drop: async () => {
      await handle.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

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
