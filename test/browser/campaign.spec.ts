import { sql } from 'kysely';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckMembers } from '../../src/app/quality/check-stored-records.ts';
import { makeAccount, makeMember, makeProvince } from '../factories.ts';
import { launchBrowser, startServer, logIn as logInAs } from './harness.ts';

type Account = { id: number; username: string; password: string };

/**
 * The campaign as a chi bộ and its đảng bộ xã meet it (Plan 291-KH/BTCTW): the chi bộ confirms its
 * organization data, is refused while a member still has an error, fixes the record and confirms its
 * members' data; the commune checks the organization data and returns the members' data with a reason;
 * the chi bộ reads the reason, resumes, confirms again, and the commune checks.
 */
describe('the campaign in the browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof makeProvince>>;
  let cellAccount: Account;
  let communeAccount: Account;
  let wrongMemberId: number;
  let cellName: string;

  /** The API as an account, for the setup: a session cookie from a real sign-in. */
  async function apiAs(account: Account) {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('sid='))!
      .split(';')[0]!;
    return async (method: string, path: string, body?: object) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
  }

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startServer();
    own = await makeProvince(server.handle, '08', 'Tuyên Quang');
    await makeProvince(server.handle, '79', 'Hồ Chí Minh');
    const national = await makeAccount(server.handle, {
      roles: [1, 2],
      scopeOrgId: null,
      username: 'trung_uong',
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

    // Three complete records in Chi bộ Thôn 2; one CCCD does not match its birth year (an error).
    const complete = {
      hometown: 'Xã Tân Trào, tỉnh Tuyên Quang',
      residence: 'Thôn 2, xã Tân Trào, tỉnh Tuyên Quang',
      hometownProvinceCode: '08',
      residenceProvinceCode: '08',
    };
    const ids = [
      (
        await makeMember(server.handle, {
          orgId: own.cell2.id,
          fullName: 'Hoàng Văn Nam',
          citizenId: '008080012345',
          partyCardNo: '08012345',
          ...complete,
        })
      ).id,
      (
        await makeMember(server.handle, {
          orgId: own.cell2.id,
          fullName: 'Ma Thị Hoa',
          gender: 'Nữ',
          birthDate: '1985-07-12',
          citizenId: '008185012346',
          partyCardNo: '08012346',
          ...complete,
        })
      ).id,
      (
        await makeMember(server.handle, {
          orgId: own.cell2.id,
          fullName: 'Nông Đức Minh',
          citizenId: '008095012347', // born 1980: the 5th–6th digits should be 80
          partyCardNo: '08012347',
          ...complete,
        })
      ).id,
    ];
    wrongMemberId = ids[2]!;
    cellName = (
      await server.handle.db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', own.cell2.id)
        .executeTakeFirstOrThrow()
    ).name;
    await recheckMembers(server.handle.db, { memberIds: ids, actorId: national.id });

    // The centre opens the campaign; the province and the commune have confirmed their organization data.
    const centre = await apiAs(national);
    await centre('POST', '/api/campaigns', {
      name: 'Rà soát, làm sạch dữ liệu đảng viên',
      startsOn: day(-5),
      endsOn: day(20),
      referenceDate: day(20),
    });
    for (const orgId of [own.province.id, own.commune.id]) {
      await centre('POST', `/api/campaign/units/${orgId}/actions`, {
        part: 'organization',
        action: 'start',
        version: 0,
      });
      await centre('POST', `/api/campaign/units/${orgId}/actions`, {
        part: 'organization',
        action: 'confirm',
        version: 1,
      });
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const logIn = (account: { username: string; password: string }) => logInAs(browser, server.url, account);

  const panel = (page: Page) => page.getByTestId('unit-campaign-panel');
  const part = (page: Page, p: 'organization' | 'members') => panel(page).getByTestId(`campaign-${p}`);
  const statusOf = (page: Page, p: 'organization' | 'members') =>
    panel(page).getByTestId(`campaign-${p}-status`).textContent();
  // By text: a button that has spun keeps antd's (hidden) loading icon, whose label joins the accessible name.
  const click = (area: Locator, name: string) =>
    area
      .locator('button')
      .filter({ hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) })
      .click();

  async function statusRows() {
    const { rows } = await sql<{
      part: string;
      status: string;
      confirmed_by: number | string;
      checked_by: number | string;
      return_reason: string | null;
    }>`SELECT part, status, confirmed_by, checked_by, return_reason FROM campaign_unit_statuses
      WHERE org_id = ${own.cell2.id} ORDER BY part`.execute(server.handle.db);
    return rows.map((r) => ({
      ...r,
      confirmed_by: Number(r.confirmed_by),
      checked_by: Number(r.checked_by),
    }));
  }

  it('a chi bộ fixes its errors and confirms, the commune checks, and a return comes back with its reason', async () => {
    // 1. The chi bộ: organization data first, then members (refused while an error is open).
    const cell = await logIn(cellAccount);
    await cell.goto(`${server.url}/to-chuc/${own.cell2.id}`);
    await panel(cell).waitFor();
    expect(await statusOf(cell, 'organization')).toBe('Chưa bắt đầu');
    await click(part(cell, 'organization'), 'Bắt đầu làm sạch');
    await expect.poll(() => statusOf(cell, 'organization')).toBe('Đang làm sạch');
    await click(part(cell, 'organization'), 'Xác nhận');
    await expect.poll(() => statusOf(cell, 'organization')).toBe('Đã xác nhận');
    // The chi bộ never checks its own work.
    expect(await part(cell, 'organization').getByRole('button').count()).toBe(0);

    await click(part(cell, 'members'), 'Bắt đầu làm sạch');
    await expect.poll(() => statusOf(cell, 'members')).toBe('Đang làm sạch');
    await part(cell, 'members').getByText('Còn 1 lỗi').waitFor();
    await click(part(cell, 'members'), 'Xác nhận');
    await cell.getByText('Còn lỗi chưa xử lý: hãy sửa hết lỗi trước khi xác nhận.').waitFor();
    expect(await statusOf(cell, 'members')).toBe('Đang làm sạch');

    // Fix the record (the CCCD against the birth year), come back, confirm.
    await cell.getByTestId('member-table').getByText('Nông Đức Minh').click();
    await cell.getByLabel('Số CCCD').fill('008080012347');
    await cell.getByTestId('member-save').click();
    await cell.getByText('Đã lưu (phiên bản 2)').waitFor();
    await cell.getByRole('link', { name: 'Quay lại danh sách' }).click();
    await panel(cell).waitFor();
    await expect.poll(() => part(cell, 'members').getByText('Còn 1 lỗi').count()).toBe(0);
    await click(part(cell, 'members'), 'Xác nhận');
    await expect.poll(() => statusOf(cell, 'members')).toBe('Đã xác nhận');
    await part(cell, 'members').getByText(`Xác nhận: Cán bộ ${cellAccount.username}`).waitFor();
    // The tree shows both statuses on the unit's node.
    const node = cell.locator(`[data-testid="org-node"][data-org-id="${own.cell2.id}"]`);
    await node.getByLabel('Dữ liệu tổ chức: Đã xác nhận').waitFor();
    await node.getByLabel('Dữ liệu đảng viên: Đã xác nhận').waitFor();

    // 2. The commune: the bell lists the confirmed chi bộ; it checks the organization data and returns
    // the members' data with a reason.
    const commune = await logIn(communeAccount);
    await commune.getByTestId('notification-bell').click();
    await commune
      .getByRole('link', { name: /dữ liệu đảng viên đã xác nhận, chờ kiểm tra/ })
      .first()
      .click();
    await panel(commune).waitFor();
    await expect.poll(() => commune.getByTestId('org-detail-name').textContent()).toContain(cellName);
    await click(part(commune, 'organization'), 'Kiểm tra (đạt)');
    await expect.poll(() => statusOf(commune, 'organization')).toBe('Đã kiểm tra');
    await click(part(commune, 'members'), 'Trả lại');
    const reason = 'Đối chiếu lại ngày vào Đảng của đồng chí Hoa với lý lịch gốc';
    const dialog = commune.getByRole('dialog');
    await dialog.getByLabel('Lý do trả lại').fill(reason);
    await click(dialog, 'Trả lại');
    await expect.poll(() => statusOf(commune, 'members')).toBe('Trả lại');

    // 3. The chi bộ sees the return and its reason (bell and panel), resumes and confirms again.
    await cell.reload();
    await panel(cell).waitFor();
    await cell.getByTestId('notification-bell').click();
    await cell.getByRole('link', { name: `${cellName}: dữ liệu đảng viên bị trả lại — ${reason}` }).waitFor();
    await expect.poll(() => statusOf(cell, 'members')).toBe('Trả lại');
    await part(cell, 'members').getByText(`Lý do trả lại: ${reason}`).waitFor();
    // The unit's status history tells who returned it and why.
    const history = panel(cell).getByTestId('campaign-history');
    await history.getByText(/^Lịch sử trạng thái/).click();
    await history
      .getByText(new RegExp(`Dữ liệu đảng viên: Trả lại → Trả lại \\(Cán bộ ${communeAccount.username}\\)`))
      .waitFor();
    await history.getByText(reason).waitFor();
    await click(part(cell, 'members'), 'Làm sạch lại');
    await expect.poll(() => statusOf(cell, 'members')).toBe('Đang làm sạch');
    await click(part(cell, 'members'), 'Xác nhận');
    await expect.poll(() => statusOf(cell, 'members')).toBe('Đã xác nhận');

    // 4. The commune checks the new confirmation.
    await commune.reload();
    await panel(commune).waitFor();
    await expect.poll(() => statusOf(commune, 'members')).toBe('Đã xác nhận');
    await click(part(commune, 'members'), 'Kiểm tra (đạt)');
    await expect.poll(() => statusOf(commune, 'members')).toBe('Đã kiểm tra');
    await part(commune, 'members').getByText(`Kiểm tra: Cán bộ ${communeAccount.username}`).waitFor();

    expect(await statusRows()).toEqual([
      {
        part: 'members',
        status: 'checked',
        confirmed_by: cellAccount.id,
        checked_by: communeAccount.id,
        return_reason: reason,
      },
      {
        part: 'organization',
        status: 'checked',
        confirmed_by: cellAccount.id,
        checked_by: communeAccount.id,
        return_reason: null,
      },
    ]);
    const open = await server.handle.db
      .selectFrom('findings')
      .select('rule')
      .where('record_id', '=', wrongMemberId)
      .where('record_type', '=', 'member')
      .where('status', '=', 'open')
      .execute();
    expect(open).toEqual([]);
    await cell.close();
    await commune.close();
  });
});
