import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckMembers } from '../../src/app/quality/check-stored-records.ts';
import { getMember } from '../../src/db/repos/members.ts';
import { NATIONAL_SCOPE } from '../../src/db/repos/scope.ts';
import { makeAccount, makeMember, makeProvince } from '../factories.ts';
import { launchBrowser, startServer, logIn as logInAs } from './harness.ts';

/**
 * Data-quality findings as a grassroots editor meets them: a member's finding under the field it
 * concerns, accepted in one click (value saved, finding closed) and undone; the findings list of a
 * subtree filtered by rule, one rule's suggestions accepted in bulk after a preview, and the batch undone.
 */
describe('findings in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let editor: { username: string; password: string };
  let capitals: { id: number };
  let oldPhones: Array<{ id: number }>;

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    capitals = await makeMember(server.handle, {
      orgId: own.cell.id,
      fullName: 'NGUYỄN THỊ HOA',
      email: 'hoa@@example',
      gender: 'Nữ',
    });
    oldPhones = [
      await makeMember(server.handle, {
        orgId: own.cell2.id,
        fullName: 'Phạm Văn Bình',
        phone: '01234541892',
      }),
      await makeMember(server.handle, {
        orgId: own.cell2.id,
        fullName: 'Vũ Thị Lan',
        phone: '01234541893',
        gender: 'Nữ',
      }),
    ];
    const memberIds = [...own.members, capitals, ...oldPhones].map((m) => m.id);
    await server.handle.db.transaction().execute((tx) => recheckMembers(tx, { memberIds, actorId: null }));
    editor = await makeAccount(server.handle, {
      roles: [2],
      scopeOrgId: own.province.id,
      username: 'nhap_lieu',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = (account: { username: string; password: string }) => logInAs(browser, server.url, account);

  const member = (id: number) => getMember(server.handle.db, NATIONAL_SCOPE, id);

  it('shows a finding under its field, accepts the suggestion, undoes it and dismisses a warning', async () => {
    const page = await logIn(editor);
    await page.goto(`${server.url}/dang-vien/${capitals.id}`);
    const nameFindings = page.getByTestId('field-findings-fullName');
    const open = nameFindings.locator('[data-rule="NAME_CASE"][data-status="open"]');
    await open.waitFor();
    expect(await open.textContent()).toContain('Họ tên viết hoa/thường chưa đúng');
    expect(await open.getByTestId('finding-suggested').textContent()).toBe('Nguyễn Thị Hoa');
    await page.getByTestId('member-findings-summary').waitFor();
    const warningsBefore = Number(
      await page.getByTestId('findings-warnings').locator('.ant-statistic-content-value').textContent(),
    );
    expect(warningsBefore).toBeGreaterThan(0);

    await open.getByRole('button', { name: 'Áp dụng gợi ý' }).click();
    await page.getByText('Đã áp dụng gợi ý').waitFor();
    // The open finding is gone; the fix is shown with its undo; the value is saved and the form follows.
    await nameFindings.locator('[data-rule="NAME_CASE"][data-status="fixed"]').waitFor();
    expect(await nameFindings.locator('[data-status="open"]').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Thị Hoa');
    await expect.poll(() => page.getByTestId('member-version').textContent()).toBe('2');
    expect(await member(capitals.id)).toMatchObject({ fullName: 'Nguyễn Thị Hoa', version: 2 });
    await expect
      .poll(async () =>
        Number(
          await page.getByTestId('findings-fixed').locator('.ant-statistic-content-value').textContent(),
        ),
      )
      .toBeGreaterThan(0);

    // Undo: the value as found comes back and the finding reopens with its suggestion.
    await nameFindings.getByRole('button', { name: 'Hoàn tác' }).click();
    await nameFindings.locator('[data-rule="NAME_CASE"][data-status="open"]').waitFor();
    await expect.poll(() => page.getByLabel('Họ và tên').inputValue()).toBe('NGUYỄN THỊ HOA');
    expect(await member(capitals.id)).toMatchObject({ fullName: 'NGUYỄN THỊ HOA', version: 3 });

    // A warning is dismissed only with a reason.
    const email = page.getByTestId('field-findings-email').locator('[data-rule="EMAIL_FORMAT"]');
    await email.getByRole('button', { name: 'Bỏ qua' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Bỏ qua' }).click();
    await dialog.getByText('Nhập lý do (ít nhất 5 ký tự)').waitFor();
    await dialog.getByLabel('Lý do bỏ qua').fill('Đã xác minh với đảng viên, thư điện tử cũ');
    await dialog.getByRole('button', { name: 'Bỏ qua' }).click();
    await page.getByTestId('field-findings-email').locator('[data-status="dismissed"]').waitFor();
    await page.close();
  });

  it('lists the findings of a subtree, bulk-accepts one rule after a preview and undoes the batch', async () => {
    const page = await logIn(editor);
    await page.goto(`${server.url}/to-chuc/${own.commune.id}`);
    const panel = page.getByTestId('org-findings');
    await panel.waitFor();
    const rows = panel.getByTestId('findings-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);

    // Filter by group, then by rule: the two members with an old 11-digit phone number.
    await panel.getByTestId('findings-group-filter').click();
    await page.locator('.ant-select-item-option[title^="ID — "]').click();
    await panel.getByTestId('findings-rule-filter').click();
    await page.keyboard.type('PHONE_OLD_PREFIX');
    await page.locator('.ant-select-item-option[title*="(PHONE_OLD_PREFIX)"]').click();
    await expect.poll(() => rows.count()).toBe(2);
    const links = await Promise.all(
      (await rows.getByTestId('finding-record-link').all()).map((a) => a.getAttribute('href')),
    );
    expect(links.sort()).toEqual(oldPhones.map((m) => `/dang-vien/${m.id}`).sort());

    await panel.getByTestId('bulk-accept').click();
    const preview = page.getByTestId('bulk-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('bulk-total').textContent()).toBe('2');
    expect(await preview.textContent()).toContain('0834541892');
    await page.getByRole('button', { name: 'Áp dụng 2 gợi ý' }).click();
    const result = panel.getByTestId('bulk-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Đã áp dụng 2 gợi ý');
    expect((await member(oldPhones[0]!.id)).phone).toBe('0834541892');
    expect((await member(oldPhones[1]!.id)).phone).toBe('0834541893');
    // The open list of that rule is now empty.
    await expect.poll(() => rows.count()).toBe(0);

    await result.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByText('Đã hoàn tác 2 thay đổi').waitFor();
    expect((await member(oldPhones[0]!.id)).phone).toBe('01234541892');
    expect((await member(oldPhones[1]!.id)).phone).toBe('01234541893');
    await expect.poll(() => rows.count()).toBe(2);

    // Each row leads to its member.
    await rows.first().getByTestId('finding-record-link').click();
    await page.waitForURL(/\/dang-vien\/\d+$/);
    await page.getByTestId('field-findings-phone').locator('[data-rule="PHONE_OLD_PREFIX"]').waitFor();
    await page.close();
  });
});
