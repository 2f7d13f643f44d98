import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM_COLUMNS } from '../../src/core/accounts/account-request-form.ts';
import { makeAccount, makeProvince } from '../factories.ts';
import { launchBrowser, startServer } from './harness.ts';

/**
 * Phụ lục 01 as a province board meets it: upload a filled form with good and bad rows, read the row
 * errors, approve the good rows, then sign in as one of the new accounts (temporary password, forced
 * change) and see only its own organization.
 */
describe('accounts in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let other: Awaited<ReturnType<typeof makeProvince>>;
  let admin: { username: string; password: string };
  let formPath: string;

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    other = await makeProvince(server.handle, '79', 'Hồ Chí Minh');
    admin = await makeAccount(server.handle, {
      roles: [1, 2, 3, 4, 5],
      scopeOrgId: own.province.id,
      username: 'btc_tuyen_quang',
    });
    const cell = await server.handle.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', own.cell.id)
      .executeTakeFirstOrThrow();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phụ lục 01');
    ws.addRow(['BIỂU MẪU ĐỀ NGHỊ CẤP TÀI KHOẢN KHAI THÁC, SỬ DỤNG HỆ THỐNG CSDL ĐẢNG VIÊN 4.0']);
    ws.addRow([]);
    ws.addRow(FORM_COLUMNS.map((c) => c.header));
    ws.addRow([
      1,
      'Tuyên Quang',
      'Xã Tân Trào',
      'hoàng văn nam',
      '05/03/1985',
      '008085012345',
      '0912345678',
      'Chuyên viên',
      cell.name,
      '2',
    ]);
    ws.addRow([
      2,
      'Tuyên Quang',
      'Xã Tân Trào',
      'Vi Thị Hoa',
      '12/11/1990',
      '008190123456',
      '',
      'Bí thư chi bộ',
      cell.name,
      '2, 3',
    ]);
    ws.addRow([3, 'Hà Giang', '', 'Lý Văn Sai', '31/02/1980', '1234', '', '', 'Đơn Vị Không Có', '9']);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    formPath = join(mkdtempSync(join(tmpdir(), 'pl01-')), 'phu-luc-01.xlsx');
    writeFileSync(formPath, Buffer.from(await wb.xlsx.writeBuffer()));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a form, shows row errors, approves the good rows, and the new account sees only its scope', async () => {
    const page = await browser.newPage({ locale: 'vi-VN' });
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu').fill(admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('org-tree').waitFor();

    await page.getByRole('link', { name: 'Đề nghị cấp tài khoản' }).first().click();
    await page.locator('input[type=file]').setInputFiles(formPath);
    await page.getByTestId('upload-result').waitFor();
    const errors = page.getByTestId('row-errors');
    await errors.waitFor();
    const errorText = await errors.textContent();
    expect(errorText).toContain('Hà Giang');
    expect(errorText).toContain('12 chữ số');
    expect(errorText).toContain('Không tìm thấy tổ chức đảng');
    expect(await page.getByTestId('upload-result').textContent()).toContain('2 đề nghị hợp lệ');

    // Hoa asks for right 3 as well: this administrator holds it, so both rows can be approved.
    const rows = page.getByTestId('requests-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('requests-table').locator('thead .ant-checkbox-input').check();
    await page.getByTestId('approve-selected').click();
    await page.getByTestId('delivery-password').click();
    await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    const credentials = page.getByTestId('credentials-table');
    await credentials.waitFor();
    const namRow = credentials.locator('tr', { hasText: 'Hoàng Văn Nam' });
    const username = (await namRow.locator('td').nth(1).textContent())!.trim();
    const password = (await namRow.getByTestId('initial-password').textContent())!.trim();
    expect(username).toBe('namhv');
    await page.close();

    // The new account: temporary password → forced change → sees its chi bộ only.
    const user = await browser.newPage({ locale: 'vi-VN' });
    await user.goto(`${server.url}/dang-nhap`);
    await user.getByLabel('Tên đăng nhập').fill(username);
    await user.getByLabel('Mật khẩu').fill(password);
    await user.getByRole('button', { name: 'Đăng nhập' }).click();
    await user.getByText('Đổi mật khẩu tạm thời (bắt buộc)').waitFor();
    await user.getByLabel('Mật khẩu hiện tại').fill(password);
    await user.getByLabel('Mật khẩu mới', { exact: true }).fill('ngan');
    await user.getByLabel('Nhập lại mật khẩu mới').fill('ngan');
    await user.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await user.getByText('Ít nhất 10 ký tự').first().waitFor();
    await user.getByLabel('Mật khẩu mới', { exact: true }).fill('Tram-Nam-Trong-Nguoi-2025');
    await user.getByLabel('Nhập lại mật khẩu mới').fill('Tram-Nam-Trong-Nguoi-2025');
    await user.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await user.getByTestId('sessions-table').waitFor();

    await user.getByRole('link', { name: 'Tổ chức đảng' }).click();
    const tree = user.getByTestId('org-tree');
    await tree.locator(`[data-org-id="${own.cell.id}"]`).waitFor();
    expect(await tree.locator(`[data-org-id="${own.province.id}"]`).count()).toBe(0);
    expect(await tree.locator(`[data-org-id="${other.province.id}"]`).count()).toBe(0);
    const status = await user.evaluate(
      async (id) => (await fetch(`/api/organizations/${id}`)).status,
      own.cell2.id,
    );
    expect(status).toBe(404);
    await user.close();
  });
});
