import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openPglite, type DbHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedCodeLists } from '../../src/db/seed-code-lists.ts';
import { buildApp, defaultWebDist } from '../../src/http/app.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';
import { startTestQueue, type TestJob } from '../queue.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ServerOptions {
  /**
   * The jobs the queue runs: by default duplicate detection and reconciliation runs (imports stay queued);
   * import-wizard.spec.ts runs imports.
   */
  jobs?: readonly TestJob[] | undefined;
  /** How often the queue looks for jobs (ms). */
  pollIntervalMs?: number;
  /** Serve the import routes, with a fresh upload folder (removed by stop()). */
  uploads?: boolean;
}

/** The product as a person meets it: the built web UI and the API on one port, on a fresh database. */
export async function startServer(
  options: ServerOptions = {},
): Promise<{ url: string; handle: DbHandle; stop: () => Promise<void> }> {
  if (!existsSync(`${defaultWebDist}index.html`))
    throw new Error('web/dist is missing: run `npm run build:web`');
  const handle = await openPglite();
  await migrate(handle);
  await seedCodeLists(handle.db, loadCodeLists());
  const queue = await startTestQueue(handle, {
    pollIntervalMs: options.pollIntervalMs ?? 200,
    jobs: options.jobs,
  });
  const uploadDir = options.uploads ? mkdtempSync(join(tmpdir(), 'csdl-browser-uploads-')) : undefined;
  const app = await buildApp({
    handle,
    logger: false,
    sessionIdleMinutes: 30,
    cookieSecure: false,
    webDist: defaultWebDist,
    queue,
    uploadDir,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    handle,
    stop: async () => {
      await app.close();
      await queue.stop();
      await handle.close();
      if (uploadDir) rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the login page, as a person does, and waits for the organization tree. */
export async function logIn(
  browser: Browser,
  baseUrl: string,
  account: { username: string; password: string },
): Promise<Page> {
  const page = await browser.newPage({ locale: 'vi-VN' });
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(account.username);
  await page.getByLabel('Mật khẩu').fill(account.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('org-tree').waitFor();
  return page;
}
