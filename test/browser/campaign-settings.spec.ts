import { sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeProvince } from '../factories.ts';
import { launchBrowser, logIn as logInAs, startServer } from './harness.ts';

type Account = { id: number; username: string; password: string };

/**
 * The campaign as the centre sets it up (Plan 291-KH/BTCTW): the national administrator opens a campaign
 * from "Thiết lập chiến dịch" (dates, freeze time, an excluded committee, a rule switched off), reads the
 * settings back, edits them (and meets a concurrent change), then a unit's responsible person is named, a
 * chi bộ files a problem with attachments, the report downloads as a PDF, and the campaign is closed into
 * the history.
 */
describe('campaign settings in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let other: Awaited<ReturnType<typeof makeProvince>>;
  let national: Account;
  let provinceAdmin: Account;
  let cellAccount: Account;
  let communeAccount: Account;
  let admin: Page;

  /** dd/mm/yyyy of today + offset days (the form's date format). */
  const shown = (offset: number) => {
    const d = new Date(Date.now() + offset * 86_400_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
  };
  const iso = (offset: number) => shown(offset).split('/').reverse().join('-');

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    other = await makeProvince(server.handle, '79', 'Hồ Chí Minh');
    national = await makeAccount(server.handle, {
      roles: [1, 2],
      scopeOrgId: null,
      username: 'ban_to_chuc_tw',
    });
    provinceAdmin = await makeAccount(server.handle, {
      roles: [1, 2],
      scopeOrgId: own.province.id,
      username: 'btc_tuyen_quang',
    });
    cellAccount = await makeAccount(server.handle, {
      roles: [2],
      scopeOrgId: own.cell2.id,
      username: 'chibo_thon_2',
    });
    communeAccount = await makeAccount(server.handle, {
      roles: [2],
      scopeOrgId: own.commune.id,
      username: 'dangbo_xa',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = (account: { username: string; password: string }) => logInAs(browser, server.url, account);

  /** Types a date into an antd DatePicker found by its label and confirms it. */
  async function pickDate(page: Page | Locator, label: string, text: string) {
    const input = page.getByLabel(label);
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  }

  async function campaignRows() {
    const { rows } = await sql<{
      name: string;
      starts_on: string;
      ends_on: string;
      reference_date: string;
      freeze_at: Date | null;
      excluded_root_ids: Array<number | string>;
      status: string;
      version: number;
    }>`SELECT name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
        to_char(reference_date, 'YYYY-MM-DD') AS reference_date, freeze_at, excluded_root_ids, status, version
      FROM campaigns ORDER BY id`.execute(server.handle.db);
    return rows.map((r) => ({ ...r, excluded_root_ids: r.excluded_root_ids.map(Number) }));
  }

  it('the national administrator opens a campaign and its settings are shown; others do not see the screen', async () => {
    const province = await logIn(provinceAdmin);
    await province.getByRole('link', { name: 'Chiến dịch làm sạch' }).waitFor();
    expect(await province.getByRole('link', { name: 'Thiết lập chiến dịch' }).count()).toBe(0);
    await province.goto(`${server.url}/chien-dich/thiet-lap`);
    await province.getByText('Chỉ quản trị hệ thống cấp Trung ương mới thiết lập được chiến dịch.').waitFor();
    await province.close();

    admin = await logIn(national);
    await admin.getByRole('link', { name: 'Thiết lập chiến dịch' }).click();
    const form = admin.getByTestId('new-campaign');
    await form.getByTestId('campaign-rules').waitFor();
    await form.getByLabel('Tên chiến dịch').fill('Rà soát, làm sạch dữ liệu đảng viên đợt 1');
    await pickDate(form, 'Ngày bắt đầu', shown(-2));
    await pickDate(form, 'Ngày kết thúc', shown(40));
    await pickDate(form, 'Ngày mốc dữ liệu', shown(40));
    await pickDate(form, 'Thời điểm khóa số liệu', `${shown(41)} 17:00`);
    // The excluded committee is chosen by name among the top-level committees.
    const excluded = form.getByLabel('Đảng bộ không tham gia');
    await excluded.click();
    await excluded.fill('ho chi minh');
    await admin.locator('.ant-select-item-option[title="Đảng bộ Hồ Chí Minh"]').click();
    await excluded.press('Escape');
    await form.getByRole('checkbox', { name: /PHONE_FORMAT/ }).uncheck();
    await form.getByRole('button', { name: 'Tạo chiến dịch' }).click();

    const details = admin.getByTestId('open-campaign-details');
    await details.waitFor();
    await details.getByText('Rà soát, làm sạch dữ liệu đảng viên đợt 1').waitFor();
    await details.getByText(`${shown(-2)} – ${shown(40)}`).waitFor();
    await details.getByText(`${shown(41)} 17:00`).waitFor();
    await details.getByText('Đảng bộ Hồ Chí Minh', { exact: true }).waitFor();
    await details.getByText(/tạm không áp dụng: Số điện thoại không hợp lệ/).waitFor();
    await admin
      .getByTestId('campaign-history')
      .getByRole('row', { name: /Rà soát, làm sạch dữ liệu đảng viên đợt 1.*Đang mở/ })
      .waitFor();

    const [created] = await campaignRows();
    expect(created).toMatchObject({
      name: 'Rà soát, làm sạch dữ liệu đảng viên đợt 1',
      starts_on: iso(-2),
      ends_on: iso(40),
      reference_date: iso(40),
      excluded_root_ids: [other.province.id],
      status: 'open',
      version: 1,
    });
    expect(created!.freeze_at).not.toBeNull();
    // The campaign's own rules in force, with its reference date.
    const settings = await server.handle.db
      .selectFrom('rule_settings')
      .select(['disabled_rules', 'reference_date'])
      .where('campaign_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(settings).toEqual({ disabled_rules: ['PHONE_FORMAT'], reference_date: iso(40) });
  });

  it('an edit saved over someone else’s change is refused with the conflict message, then saved', async () => {
    await admin.getByRole('button', { name: 'Sửa thiết lập' }).click();
    const form = admin.getByTestId('campaign-form');
    await form.getByLabel('Tên chiến dịch').fill('Rà soát, làm sạch dữ liệu đảng viên năm 2026');
    // Another administrator saves in between.
    await sql`UPDATE campaigns SET version = version + 1 WHERE status = 'open'`.execute(server.handle.db);
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await admin
      .getByTestId('campaign-conflict')
      .getByText(/vừa được người khác thay đổi/)
      .waitFor();
    // The form now holds the stored version: the same edit goes through.
    const fresh = admin.getByTestId('campaign-form');
    await expect
      .poll(() => fresh.getByLabel('Tên chiến dịch').inputValue())
      .toBe('Rà soát, làm sạch dữ liệu đảng viên đợt 1');
    await fresh.getByLabel('Tên chiến dịch').fill('Rà soát, làm sạch dữ liệu đảng viên năm 2026');
    await fresh.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await admin
      .getByTestId('open-campaign-details')
      .getByText('Rà soát, làm sạch dữ liệu đảng viên năm 2026')
      .waitFor();
    expect((await campaignRows())[0]).toMatchObject({
      name: 'Rà soát, làm sạch dữ liệu đảng viên năm 2026',
      version: 3,
    });
  });

  it('a unit gets its responsible person and accounts; the level below edits the contact and keeps them', async () => {
    await admin.goto(`${server.url}/to-chuc/${own.cell2.id}`);
    const panel = admin.getByTestId('unit-campaign-panel');
    await panel.getByTestId('campaign-responsibility').getByText('Chưa phân công').waitFor();
    await panel.getByRole('button', { name: 'Phân công' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Họ tên người chịu trách nhiệm').fill('Hoàng Văn Nam');
    await dialog.getByLabel('Chức vụ').fill('Bí thư chi bộ');
    await dialog.getByLabel('Liên hệ').fill('0912 345 678');
    const accounts = dialog.getByLabel('Tài khoản được phân công');
    // The choices load when the dialog opens; a click that lands while they re-render is tried again.
    const chosen = dialog.locator('.ant-select-selection-item', { hasText: 'chibo_thon_2' });
    for (let attempt = 1; ; attempt++) {
      await accounts.click();
      await accounts.fill('chibo');
      await admin.locator('.ant-select-item-option[title*="(chibo_thon_2)"]').click();
      const selected = await chosen
        .waitFor({ timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (selected) break;
      if (attempt === 3) throw new Error('the account chibo_thon_2 could not be chosen');
    }
    await accounts.press('Escape');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await panel.getByText('Hoàng Văn Nam · Bí thư chi bộ · 0912 345 678').waitFor();
    // … and on the unit's node in the tree.
    await admin
      .locator(`[data-testid="org-node"][data-org-id="${own.cell2.id}"]`)
      .getByLabel('Người chịu trách nhiệm: Hoàng Văn Nam')
      .waitFor();
    await panel.getByText('Cán bộ chibo_thon_2 (chibo_thon_2)').waitFor();

    const commune = await logIn(communeAccount);
    await commune.goto(`${server.url}/to-chuc/${own.cell2.id}`);
    const communePanel = commune.getByTestId('unit-campaign-panel');
    await communePanel.getByRole('button', { name: 'Sửa' }).click();
    const communeDialog = commune.getByRole('dialog');
    await communeDialog.getByLabel('Liên hệ').fill('0987 654 321');
    await communeDialog.getByRole('button', { name: 'Lưu' }).click();
    await communePanel.getByText('Hoàng Văn Nam · Bí thư chi bộ · 0987 654 321').waitFor();
    await communePanel.getByText('Cán bộ chibo_thon_2 (chibo_thon_2)').waitFor();
    await commune.close();

    const { rows } = await sql<{ person_name: string; contact: string; account_ids: Array<number | string> }>`
      SELECT person_name, contact, account_ids FROM campaign_responsibilities WHERE org_id = ${own.cell2.id}`.execute(
      server.handle.db,
    );
    expect(rows.map((r) => ({ ...r, account_ids: r.account_ids.map(Number) }))).toEqual([
      { person_name: 'Hoàng Văn Nam', contact: '0987 654 321', account_ids: [cellAccount.id] },
    ]);
  });

  it('a chi bộ files a problem with an attachment, adds one with its answer, and downloads it', async () => {
    const cell = await logIn(cellAccount);
    await cell.getByRole('link', { name: 'Vướng mắc' }).click();
    const form = cell.getByTestId('problem-form');
    await form.getByLabel('Loại vướng mắc').click();
    await cell.locator('.ant-select-item-option[title="Dữ liệu"]').click();
    await form.getByLabel('Tiêu đề').fill('Không sửa được ngày vào Đảng');
    await form
      .getByLabel('Nội dung')
      .fill('Hồ sơ đồng chí Nam báo lỗi ngày vào Đảng dù đã đối chiếu lý lịch.');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await form
      .getByTestId('problem-files')
      .locator('input[type=file]')
      .setInputFiles({ name: 'anh-chup-loi.png', mimeType: 'image/png', buffer: png });
    await form.getByText('anh-chup-loi.png').waitFor();
    await form.getByRole('button', { name: 'Gửi' }).click();
    await cell.getByText('Đã gửi vướng mắc').waitFor();

    // The new report opens with its attachment; the answer carries a second file.
    const thread = cell.locator('[data-testid^="problem-thread-"]');
    await thread.getByTestId('problem-attachments').getByText('anh-chup-loi.png').waitFor();
    await thread.getByLabel('Nội dung trả lời').fill('Gửi thêm bản trích lý lịch để đối chiếu.');
    await thread.locator('input[type=file]').setInputFiles({
      name: 'trich-ly-lich.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Ngày vào Đảng'),
    });
    await thread.getByRole('button', { name: 'Trả lời' }).click();
    await thread.getByText('Gửi thêm bản trích lý lịch để đối chiếu.').waitFor();
    await thread.getByTestId('problem-attachments').getByText('trich-ly-lich.txt').waitFor();

    const download = cell.waitForEvent('download');
    await thread.getByRole('link', { name: 'trich-ly-lich.txt' }).click();
    expect((await download).suggestedFilename()).toBe('trich-ly-lich.txt');

    // A file the server does not take is refused in the browser, with the reason.
    await thread.locator('input[type=file]').setInputFiles({
      name: 'cong-cu.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    await cell.getByText(/Tệp “cong-cu.exe” không được nhận/).waitFor();
    await cell.close();

    const { rows: files } = await sql<{ file_name: string; size: number }>`
      SELECT file_name, size FROM problem_report_attachments ORDER BY id`.execute(server.handle.db);
    expect(files).toEqual([
      { file_name: 'anh-chup-loi.png', size: png.length },
      { file_name: 'trich-ly-lich.txt', size: Buffer.byteLength('Ngày vào Đảng') },
    ]);
  });

  it('the report of a level downloads as a PDF', async () => {
    await admin.goto(`${server.url}/chien-dich/bao-cao/${own.province.id}`);
    await admin.getByTestId('campaign-report').waitFor();
    const download = admin.waitForEvent('download');
    await admin.getByTestId('report-pdf').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('closing the campaign moves it to the history and a new one can be opened', async () => {
    await admin.goto(`${server.url}/chien-dich/thiet-lap`);
    await admin.getByRole('button', { name: 'Kết thúc chiến dịch' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Kết thúc chiến dịch' }).click();
    await admin.getByTestId('new-campaign').waitFor();
    await admin
      .getByTestId('campaign-history')
      .getByRole('row', { name: /Rà soát, làm sạch dữ liệu đảng viên năm 2026.*Đã kết thúc/ })
      .waitFor();
    expect((await campaignRows()).map((c) => c.status)).toEqual(['closed']);
    // With no campaign open, the dashboard leads the administrator back to the settings.
    await admin.getByRole('link', { name: 'Chiến dịch làm sạch' }).click();
    await admin.getByText('Chưa có chiến dịch đang mở').waitFor();
    await admin.getByRole('button', { name: 'Tạo chiến dịch' }).click();
    await admin.getByTestId('new-campaign').getByLabel('Tên chiến dịch').waitFor();
    await admin.close();
  });
});
