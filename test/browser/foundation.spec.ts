import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMember } from '../../src/db/repos/members.ts';
import { NATIONAL_SCOPE } from '../../src/db/repos/scope.ts';
import { makeAccount, makeProvince } from '../factories.ts';
import { launchBrowser, startServer, logIn as logInAs } from './harness.ts';

/**
 * The foundation as a person uses it: log in, walk the tree to a chi bộ, edit a member and see it
 * saved; a province account cannot reach another province's records, even by typing their address.
 */
describe('foundation in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let other: Awaited<ReturnType<typeof makeProvince>>;
  let admin: { username: string; password: string };
  let provincial: { username: string; password: string };

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    other = await makeProvince(server.handle, '79', 'Hồ Chí Minh');
    admin = await makeAccount(server.handle, { roles: [1, 2], scopeOrgId: null, username: 'trung_uong' });
    provincial = await makeAccount(server.handle, {
      roles: [2],
      scopeOrgId: own.province.id,
      username: 'tuyen_quang',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = (account: { username: string; password: string }) => logInAs(browser, server.url, account);

  it('logs in, opens a chi bộ from the tree, edits a member and sees it saved', async () => {
    const page = await logIn(admin);
    const tree = page.getByTestId('org-tree');
    // National view: both provinces at the top; open ours down to its first chi bộ.
    await tree.locator(`[data-org-id="${own.province.id}"]`).click();
    await page
      .locator(`.ant-tree-treenode:has([data-org-id="${own.province.id}"]) .ant-tree-switcher`)
      .click();
    await tree.locator(`[data-org-id="${own.commune.id}"]`).waitFor();
    await page
      .locator(`.ant-tree-treenode:has([data-org-id="${own.commune.id}"]) .ant-tree-switcher`)
      .click();
    await tree.locator(`[data-org-id="${own.cell.id}"]`).click();
    await expect.poll(() => page.getByTestId('org-detail-name').textContent()).toContain('Chi bộ Thôn 1');

    const rows = page.getByTestId('member-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByTestId('member-search').fill('tran thi thuy');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();

    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByTestId('member-save').click();
    await page.getByText('Đã lưu (phiên bản 2)').waitFor();
    const saved = await getMember(server.handle.db, NATIONAL_SCOPE, own.members[1]!.id);
    expect(saved).toMatchObject({ phone: '0912345678', version: 2 });

    await page.reload();
    await expect.poll(() => page.getByLabel('Số điện thoại').inputValue()).toBe('0912345678');
    await page.close();
  });

  it('keeps a province account inside its province', async () => {
    const page = await logIn(provincial);
    const tree = page.getByTestId('org-tree');
    await tree.locator(`[data-org-id="${own.province.id}"]`).waitFor();
    expect(await tree.locator(`[data-org-id="${other.province.id}"]`).count()).toBe(0);

    // Typing another province's addresses shows "not found", never the record.
    await page.goto(`${server.url}/dang-vien/${other.members[0]!.id}`);
    await page.getByText('Không tìm thấy').first().waitFor();
    expect(await page.getByText('Nguyễn Văn Hải').count()).toBe(0);
    await page.goto(`${server.url}/to-chuc/${other.cell.id}`);
    await page.getByText('Không tìm thấy').first().waitFor();
    const api = await page.evaluate(
      async (id) => (await fetch(`/api/members/${id}`)).status,
      other.members[0]!.id,
    );
    expect(api).toBe(404);
    await page.close();
  });
});
