import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDuplicates } from '../../src/app/duplicates/detect-duplicates.ts';
import { makeAccount, makeMember, makeProvince } from '../factories.ts';
import { launchBrowser, startServer, logIn as logInAs } from './harness.ts';

/**
 * One person, one record, as a reviewer meets it: open a probable pair from the queue, merge it and see
 * one record in the chi bộ lists; undo the merge and see both again.
 */
describe('duplicates in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let reviewer: { username: string; password: string };
  const person = {
    fullName: 'Hoàng Thị Mai Lan',
    gender: 'Nữ' as const,
    birthDate: '1974-03-12',
    citizenId: '008174012345',
  };

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    await makeMember(server.handle, { orgId: own.cell.id, ...person, status: 'CHUYEN_DI' });
    await makeMember(server.handle, { orgId: own.cell2.id, ...person, phone: '0912345678' });
    await detectDuplicates(server.handle.db, '08');
    reviewer = await makeAccount(server.handle, {
      roles: [2],
      scopeOrgId: own.province.id,
      username: 'ra_soat',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = (account: { username: string; password: string }) => logInAs(browser, server.url, account);

  /** The rows named after the person in the province's member list (whole subtree). */
  async function countRecords(page: Page): Promise<number> {
    await page.goto(
      `${server.url}/to-chuc/${own.province.id}?subtree=true&q=${encodeURIComponent('mai lan')}`,
    );
    const table = page.getByTestId('member-table');
    await table.waitFor();
    await table.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    return table.locator('tr.ant-table-row').count();
  }

  it('opens a pair, merges it, sees one record, undoes the merge and sees two again', async () => {
    const page = await logIn(reviewer);
    await expect.poll(() => countRecords(page)).toBe(2);

    await page.getByRole('link', { name: 'Trùng lặp đảng viên' }).click();
    const rows = page.getByTestId('duplicate-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();

    const comparison = page.getByTestId('pair-comparison');
    await comparison.waitFor();
    // The differing fields are marked and offer a choice of value.
    await expect.poll(() => comparison.locator('tr.pair-field-differs').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('merge-pair').click();
    await page.getByRole('button', { name: 'Hợp nhất', exact: true }).click();
    await page.getByText('Đã hợp nhất hai hồ sơ').waitFor();
    await page.getByTestId('undo-merge').waitFor();
    const pairUrl = page.url();

    await expect.poll(() => countRecords(page)).toBe(1);

    await page.goto(pairUrl);
    await page.getByTestId('undo-merge').click();
    await page.getByText('Đã hoàn tác hợp nhất').waitFor();
    await page.getByTestId('merge-pair').waitFor();

    await expect.poll(() => countRecords(page)).toBe(2);
    await page.close();
  });
});
