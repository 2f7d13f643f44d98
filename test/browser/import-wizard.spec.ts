import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImportPackageJob } from '../../src/jobs/import-package-job.ts';
import { loadCodeLists } from '../../src/reference/load-reference.ts';
import { makeAccount } from '../factories.ts';
import { launchBrowser, startServer } from './harness.ts';

const PACKAGE = join(import.meta.dirname, '../../../shared/samples/s303-small/package');

/** The server as main.ts starts it, with the import job on the queue and an upload folder. */
const startImportServer = () =>
  startServer({
    jobs: [(queue, handle) => registerImportPackageJob(queue, { handle, codes: loadCodeLists() })],
    pollIntervalMs: 300,
    uploads: true,
  });

/**
 * The migration as an administrator does it: upload the two CSV files of a 3.0 export, check the column
 * mapping and the first rows, start the import, watch it run and read the reconciliation report.
 */
describe('import wizard in the browser', () => {
  let server: Awaited<ReturnType<typeof startImportServer>>;
  let browser: Browser;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    server = await startImportServer();
    admin = await makeAccount(server.handle, { roles: [1, 2], scopeOrgId: null, username: 'chuyen_doi' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('walks upload → mapping → preview → run → reconciliation report on the s303 sample', async () => {
    const page = await browser.newPage({ locale: 'vi-VN' });
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill(admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Chuyển dữ liệu từ 3.0' }).click();

    await page
      .getByTestId('package-upload')
      .locator('input[type=file]')
      .setInputFiles([join(PACKAGE, 'to_chuc.csv'), join(PACKAGE, 'dang_vien.csv')]);
    await page.getByRole('button', { name: 'Tải lên và đọc thử' }).click();

    // Mapping: every required column found, the table shows canonical ← header.
    const members = page.getByTestId('mapping-members');
    await members.waitFor();
    await expect(members.getByText('HO_TEN', { exact: false }).first().isVisible()).resolves.toBe(true);
    expect(await members.locator('.ant-alert-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Xem trước dữ liệu' }).click();

    // Preview: first rows of both files.
    const preview = page.getByTestId('preview-members');
    await preview.waitFor();
    await expect(preview.getByText('Đã đọc 300 dòng').isVisible()).resolves.toBe(true);
    const accept = page.getByTestId('accept-rejected');
    if (await accept.count()) await accept.click();
    await page.getByRole('button', { name: 'Bắt đầu nhập' }).click();

    // Run, then the report (the page moves on by itself when the job ends).
    const report = page.getByTestId('reconciliation-report');
    await report.waitFor({ timeout: 60_000 });
    await expect(report.getByText('Đối soát khớp đủ', { exact: false }).isVisible()).resolves.toBe(true);
    const totals = await page.getByTestId('report-totals').innerText();
    expect(totals).toContain('300');
    const download = report.getByRole('link', { name: /Tải biên bản đối soát/ });
    expect(await download.getAttribute('href')).toMatch(/^\/api\/imports\/runs\/\d+\/report\.xlsx$/);
    const xlsx = await page.request.get(`${server.url}${await download.getAttribute('href')}`);
    expect(xlsx.status()).toBe(200);
    await page.close();
  });
});
