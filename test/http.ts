import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { startTestQueue } from './queue.ts';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * The API with every route registered. Its job queue runs duplicate detection and reconciliation runs (wait
 * for them with waitForDuplicateRuns); import jobs stay queued: tests that run them build their own queue
 * (see src/http/routes/imports.db.test.ts).
 */
export async function buildTestApp(handle: DbHandle): Promise<TestApp> {
  const queue = await startTestQueue(handle, { pollIntervalMs: 100 });
  const app = await buildApp({
    handle,
    logger: false,
    sessionIdleMinutes: 30,
    cookieSecure: false,
    queue,
    uploadDir: mkdtempSync(join(tmpdir(), 'csdl-test-uploads-')),
  });
  app.addHook('onClose', () => queue.stop());
  return app;
}

/** Logs in through the API and returns the Cookie header for the session. */
export async function loginAs(
  app: TestApp,
  account: { username: string; password: string },
): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: account });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'sid');
  if (!cookie) throw new Error('no session cookie');
  return `sid=${cookie.value}`;
}
