/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- HTTP bodies are read as JSON in assertions */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import {
  makeAccount,
  makeMember,
  makeOrganization,
  makeProvince,
  makeFinding,
} from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { diffRollupsWithRecount } from '../../db/repos/campaign.ts';
import type { DbHandle } from '../../db/client.ts';

const rollupOf = async (handle: DbHandle, orgId: number) =>
  (await sql<Record<string, number>>`SELECT * FROM org_rollups WHERE org_id = ${orgId}`.execute(handle.db))
    .rows[0];

describeEachDriver('campaign roll-ups stay exact', (db) => {
  it('counts members, members with errors and findings up the tree, equal to the full recount', async () => {
    const p = await makeProvince(db(), '01', 'Hà Nội');
    const [a, b] = p.members;
    await makeFinding(db(), { recordType: 'member', recordId: a!.id, orgId: p.cell.id, provinceCode: '01' });
    await makeFinding(db(), {
      recordType: 'member',
      recordId: a!.id,
      orgId: p.cell.id,
      provinceCode: '01',
      rule: 'X2',
    });
    await makeFinding(db(), {
      recordType: 'member',
      recordId: b!.id,
      orgId: p.cell.id,
      provinceCode: '01',
      severity: 'warning',
    });
    await makeFinding(db(), {
      recordType: 'organization',
      recordId: p.commune.id,
      orgId: p.commune.id,
      provinceCode: '01',
    });
    const cell = await rollupOf(db(), p.cell.id);
    expect(cell).toMatchObject({
      own_members: 3,
      own_members_with_errors: 1,
      own_open_errors: 2,
      own_open_warnings: 1,
    });
    const province = await rollupOf(db(), p.province.id);
    expect(province).toMatchObject({
      sub_members: 3,
      sub_members_with_errors: 1,
      sub_open_errors: 3,
      sub_units: 4,
      sub_org_open_errors: 1,
    });
    expect(await diffRollupsWithRecount(db().db)).toEqual([]);
  });

  it('stays exact after fixes, moves of members and organizations, merges, deletes and bulk inserts', async () => {
    const p = await makeProvince(db(), '02', 'Hà Giang');
    const [a, b, c] = p.members;
    const f1 = await makeFinding(db(), {
      recordType: 'member',
      recordId: a!.id,
      orgId: p.cell.id,
      provinceCode: '02',
    });
    await makeFinding(db(), { recordType: 'member', recordId: b!.id, orgId: p.cell.id, provinceCode: '02' });
    // a fix closes a finding
    await db().db.updateTable('findings').set({ status: 'fixed' }).where('id', '=', f1).execute();
    // a member moves to the other cell
    await db().db.updateTable('members').set({ org_id: p.cell2.id }).where('id', '=', b!.id).execute();
    // a merge: c merged into a, findings of c moved to a
    await makeFinding(db(), {
      recordType: 'member',
      recordId: c!.id,
      orgId: p.cell.id,
      provinceCode: '02',
      rule: 'Y',
    });
    await db().db.updateTable('members').set({ merged_into_id: a!.id }).where('id', '=', c!.id).execute();
    await db().db.updateTable('findings').set({ record_id: a!.id }).where('record_id', '=', c!.id).execute();
    // an organization moves to a new commune
    const commune2 = await makeOrganization(db(), { parentId: p.province.id, type: 'DBX' });
    const cell3 = await makeOrganization(db(), { parentId: p.commune.id, type: 'CBTT' });
    await makeMember(db(), { orgId: cell3.id });
    await makeFinding(db(), {
      recordType: 'organization',
      recordId: cell3.id,
      orgId: cell3.id,
      provinceCode: '02',
    });
    const movedPath = `${commune2.path}${cell3.id}/`;
    await sql`UPDATE organizations SET parent_id = ${commune2.id}, path = ${movedPath} WHERE id = ${cell3.id}`.execute(
      db().db,
    );
    // dissolve the emptied cell2 after moving its member back; delete a finding
    await db().db.updateTable('members').set({ org_id: p.cell.id }).where('id', '=', b!.id).execute();
    await db()
      .db.updateTable('organizations')
      .set({ status: 'GIAI_THE' })
      .where('id', '=', p.cell2.id)
      .execute();
    await db().db.deleteFrom('findings').where('record_id', '=', b!.id).execute();
    // an import-like bulk insert of members and findings in single statements
    await sql`INSERT INTO members (province_code, org_id, full_name, name_search, name_sort)
      SELECT '02', ${p.cell.id}, 'Bulk ' || i, 'bulk ' || i, 'bulk ' || i FROM generate_series(1, 50) i`.execute(
      db().db,
    );
    await sql`INSERT INTO findings (province_code, record_type, record_id, org_id, rule, rule_group, severity)
      SELECT '02', 'member', id, org_id, 'BULK', 'ID', 'error' FROM members WHERE full_name LIKE 'Bulk %'
        AND id % 3 = 0`.execute(db().db);
    // a member deleted
    const extra = await makeMember(db(), { orgId: p.cell.id });
    await makeFinding(db(), {
      recordType: 'member',
      recordId: extra.id,
      orgId: p.cell.id,
      provinceCode: '02',
    });
    await db().db.deleteFrom('findings').where('record_id', '=', extra.id).execute();
    await db().db.deleteFrom('members').where('id', '=', extra.id).execute();

    expect(await diffRollupsWithRecount(db().db)).toEqual([]);
    const commune2Rollup = await rollupOf(db(), commune2.id);
    expect(commune2Rollup).toMatchObject({ sub_members: 1, sub_org_open_errors: 1, sub_units: 2 });
  });

  it('stays exact when one statement opens and closes the errors of thousands of members', async () => {
    const p = await makeProvince(db(), '04', 'Cao Bằng');
    const cell = await makeOrganization(db(), { parentId: p.commune.id, type: 'CBTT' });
    await sql`INSERT INTO members (province_code, org_id, legacy_id, full_name, name_search, name_sort)
      SELECT '04', ${cell.id}, 'BULK-' || i, 'Đảng viên ' || i, 'dang vien ' || i, 'dang vien ' || i
      FROM generate_series(1, 3000) i`.execute(db().db);
    // Two errors on every member in one statement (an import or a full re-check writes findings this way).
    // The trigger once joined its upsert's output back to its input: quadratic, found by bench/rollup.
    await sql`INSERT INTO findings (province_code, record_type, record_id, org_id, rule, rule_group, severity)
      SELECT '04', 'member', m.id, m.org_id, r.rule, 'ID', 'error'
      FROM members m CROSS JOIN (VALUES ('R1'), ('R2')) AS r(rule) WHERE m.org_id = ${cell.id}`.execute(
      db().db,
    );
    expect(await rollupOf(db(), cell.id)).toMatchObject({
      own_members_with_errors: 3000,
      own_open_errors: 6000,
    });
    // One error fixed on every member (no flip), then the other on half of them (flip).
    await sql`UPDATE findings SET status = 'fixed' WHERE org_id = ${cell.id} AND rule = 'R1'`.execute(
      db().db,
    );
    expect(await rollupOf(db(), cell.id)).toMatchObject({
      own_members_with_errors: 3000,
      own_open_errors: 3000,
    });
    await sql`UPDATE findings SET status = 'fixed'
      WHERE org_id = ${cell.id} AND rule = 'R2' AND record_id % 2 = 0`.execute(db().db);
    expect(await rollupOf(db(), cell.id)).toMatchObject({
      own_members_with_errors: 1500,
      own_open_errors: 1500,
    });
    expect(await diffRollupsWithRecount(db().db)).toEqual([]);
  });
});

describeEachDriver('campaign workflow over HTTP', (db, driver) => {
  let app: TestApp;
  let p: Awaited<ReturnType<typeof makeProvince>>;
  let other: Awaited<ReturnType<typeof makeProvince>>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    p = await makeProvince(db(), '08', 'Tuyên Quang');
    other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    app = await buildTestApp(db());
    const accounts = {
      national: await makeAccount(db(), { roles: [1, 2], scopeOrgId: null }),
      province: await makeAccount(db(), { roles: [2], scopeOrgId: p.province.id }),
      commune: await makeAccount(db(), { roles: [2], scopeOrgId: p.commune.id }),
      cell: await makeAccount(db(), { roles: [2], scopeOrgId: p.cell.id }),
    };
    for (const [k, acc] of Object.entries(accounts)) cookies[k] = await loginAs(app, acc);
    const r = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: cookies.national! },
      payload: {
        name: `Chiến dịch ${driver}`,
        startsOn: '2025-12-10',
        endsOn: '2025-12-30',
        referenceDate: '2025-12-31',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
  });
  afterAll(() => app.close());

  const act = async (who: string, orgId: number, body: object) =>
    app.inject({
      method: 'POST',
      url: `/api/campaign/units/${orgId}/actions`,
      headers: { cookie: cookies[who]! },
      payload: body,
    });
  const unit = async (who: string, orgId: number) =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/campaign/units/${orgId}`,
        headers: { cookie: cookies[who]! },
      })
    ).json();

  it('allows one open campaign only, and only for a national administrator', async () => {
    const again = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: cookies.national! },
      payload: { name: 'Thứ hai', startsOn: '2025-12-10', endsOn: '2025-12-30', referenceDate: '2025-12-31' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.details.reason).toBe('CAMPAIGN_ALREADY_OPEN');
    const province = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: cookies.province! },
      payload: { name: 'Tỉnh', startsOn: '2025-12-10', endsOn: '2025-12-30', referenceDate: '2025-12-31' },
    });
    expect(province.statusCode).toBe(403);
  });

  it('runs organization first, refuses confirmation with open errors, checks from above and returns with a reason', async () => {
    const cellId = p.cell.id;
    // members first is refused: the organization data of the cell and its parents is not confirmed
    expect((await act('cell', cellId, { part: 'members', action: 'start', version: 0 })).statusCode).toBe(
      200,
    );
    const early = await act('cell', cellId, { part: 'members', action: 'confirm', version: 1 });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details.reason).toBe('ORGANIZATION_NOT_CONFIRMED');
    expect(early.json().error.message).toContain('tổ chức đảng trước');

    // confirm the organization data up the chain: province (by national), commune, cell
    for (const [who, orgId] of [
      ['province', p.province.id],
      ['commune', p.commune.id],
      ['cell', cellId],
    ] as const) {
      expect((await act(who, orgId, { part: 'organization', action: 'start', version: 0 })).statusCode).toBe(
        200,
      );
      const r = await act(who, orgId, { part: 'organization', action: 'confirm', version: 1 });
      expect(r.statusCode, r.body).toBe(200);
    }
    // an open error blocks the member confirmation
    const fid = await makeFinding(db(), {
      recordType: 'member',
      recordId: p.members[0]!.id,
      orgId: cellId,
      provinceCode: '08',
    });
    const blocked = await act('cell', cellId, { part: 'members', action: 'confirm', version: 1 });
    expect(blocked.json().error.details.reason).toBe('OPEN_ERRORS');
    await db().db.updateTable('findings').set({ status: 'fixed' }).where('id', '=', fid).execute();
    expect((await act('cell', cellId, { part: 'members', action: 'confirm', version: 1 })).statusCode).toBe(
      200,
    );

    // the cell cannot check itself; its parent can
    expect(
      (await act('cell', cellId, { part: 'members', action: 'check', version: 2 })).json().error.details
        .reason,
    ).toBe('NOT_AUTHORIZED_LEVEL');
    // return needs a reason
    expect(
      (await act('commune', cellId, { part: 'members', action: 'return', version: 2 })).json().error.details
        .reason,
    ).toBe('REASON_REQUIRED');
    const returned = await act('commune', cellId, {
      part: 'members',
      action: 'return',
      reason: 'Thiếu số CCCD của 2 đảng viên',
      version: 2,
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json().members).toMatchObject({
      status: 'returned',
      returnReason: 'Thiếu số CCCD của 2 đảng viên',
    });
    const notes = (
      await app.inject({
        method: 'GET',
        url: '/api/campaign/notifications',
        headers: { cookie: cookies.cell! },
      })
    ).json();
    expect(notes.items.some((i: { kind: string }) => i.kind === 'returned')).toBe(true);
    expect((await act('cell', cellId, { part: 'members', action: 'resume', version: 3 })).statusCode).toBe(
      200,
    );
    expect((await act('cell', cellId, { part: 'members', action: 'confirm', version: 4 })).statusCode).toBe(
      200,
    );
    const checked = await act('commune', cellId, { part: 'members', action: 'check', version: 5 });
    expect(checked.statusCode).toBe(200);
    expect((await unit('cell', cellId)).members).toMatchObject({
      status: 'checked',
      confirmedBy: expect.any(Number),
    });

    // roll-ups of the statuses, and the dashboard levels
    expect(await diffRollupsWithRecount(db().db)).toEqual([]);
    const national = (
      await app.inject({
        method: 'GET',
        url: '/api/campaign/progress',
        headers: { cookie: cookies.national! },
      })
    ).json();
    const row = national.children.find((c: { orgId: number }) => c.orgId === p.province.id);
    expect(row.statusCounts.members.checked).toBe(1);
    expect(row.statusCounts.organization.confirmed).toBe(3);
    const burndown = await app.inject({
      method: 'GET',
      url: `/api/campaign/burndown?orgId=${p.commune.id}`,
      headers: { cookie: cookies.commune! },
    });
    expect(burndown.statusCode).toBe(200);
    expect(burndown.json().points.length).toBe(1);
  });

  it('streams Excel exports with formulas neutralized', async () => {
    await makeFinding(db(), {
      recordType: 'member',
      recordId: p.members[1]!.id,
      orgId: p.cell.id,
      provinceCode: '08',
    });
    await db()
      .db.updateTable('findings')
      .set({ value: '=HYPERLINK("x")' })
      .where('record_id', '=', p.members[1]!.id)
      .execute();
    const r = await app.inject({
      method: 'GET',
      url: `/api/campaign/exports/findings?orgId=${p.commune.id}`,
      headers: { cookie: cookies.commune! },
    });
    expect(r.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]!.getColumn(8).values.map(String);
    expect(values).toContain(`'=HYPERLINK("x")`);
  });

  it('files a problem report, answers it at the province and escalates it to the centre', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/problem-reports',
      headers: { cookie: cookies.cell! },
      payload: {
        orgId: p.cell.id,
        category: 'data',
        title: 'Không sửa được ngày vào Đảng',
        body: 'Hệ thống báo lỗi khi lưu ngày vào Đảng.',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const esc = await app.inject({
      method: 'POST',
      url: `/api/problem-reports/${id}/actions`,
      headers: { cookie: cookies.province! },
      payload: { action: 'escalate', body: 'Đề nghị Trung ương hỗ trợ', version: 1 },
    });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json()).toMatchObject({ level: 'centre', status: 'open' });
    const notes = (
      await app.inject({
        method: 'GET',
        url: '/api/campaign/notifications',
        headers: { cookie: cookies.national! },
      })
    ).json();
    expect(notes.items.some((i: { kind: string }) => i.kind === 'escalated_problem')).toBe(true);
    const answer = await app.inject({
      method: 'POST',
      url: `/api/problem-reports/${id}/actions`,
      headers: { cookie: cookies.national! },
      payload: { action: 'reply', body: 'Đã sửa lỗi phần mềm', version: 2 },
    });
    expect(answer.json()).toMatchObject({ status: 'answered' });
  });

  describe('scope triples', () => {
    const urls = (orgId: number) => [
      { method: 'GET' as const, url: `/api/campaign/units/${orgId}` },
      { method: 'GET' as const, url: `/api/campaign/progress?orgId=${orgId}` },
      { method: 'GET' as const, url: `/api/campaign/burndown?orgId=${orgId}` },
      { method: 'GET' as const, url: `/api/campaign/exports/progress?orgId=${orgId}` },
      {
        method: 'POST' as const,
        url: `/api/campaign/units/${orgId}/actions`,
        payload: { part: 'organization', action: 'start', version: 0 },
      },
      {
        method: 'PUT' as const,
        url: `/api/campaign/units/${orgId}/responsibility`,
        payload: { personName: 'Nguyễn Văn A', version: 0 },
      },
    ];
    it('answers 401 without a session, 404 in another province, 2xx in scope', async () => {
      for (const req of urls(other.cell2.id)) {
        expect((await app.inject(req)).statusCode, req.url).toBe(401);
        expect(
          (await app.inject({ ...req, headers: { cookie: cookies.province! } })).statusCode,
          req.url,
        ).toBe(404);
      }
      for (const req of urls(p.cell2.id)) {
        const r = await app.inject({ ...req, headers: { cookie: cookies.province! } });
        expect(r.statusCode, `${req.url} ${r.body}`).toBeLessThan(300);
      }
      const report = await app.inject({
        method: 'POST',
        url: '/api/problem-reports',
        headers: { cookie: cookies.national! },
        payload: {
          orgId: other.cell.id,
          category: 'access',
          title: 'Không đăng nhập được',
          body: 'Tài khoản bị khóa sau khi đổi mật khẩu.',
        },
      });
      const id = report.json().id as number;
      expect((await app.inject({ method: 'GET', url: `/api/problem-reports/${id}` })).statusCode).toBe(401);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/problem-reports/${id}`,
            headers: { cookie: cookies.province! },
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `/api/problem-reports/${id}`,
            headers: { cookie: cookies.national! },
          })
        ).statusCode,
      ).toBe(200);
    });
  });
});
