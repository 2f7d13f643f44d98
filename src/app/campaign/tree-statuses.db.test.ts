/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- HTTP bodies are read as JSON in assertions */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';

/** The organization tree shows each node's campaign status (both parts) and responsible person, within scope. */
describeEachDriver('campaign statuses on the organization tree', (db) => {
  let app: TestApp;
  let national: string;
  beforeAll(async () => {
    app = await buildTestApp(db());
    national = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: null }));
  });
  afterAll(() => app.close());
  const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

  it('answers the statuses and responsible person of the nodes in scope, and leaves the others out', async () => {
    const own = await makeProvince(db(), '19', 'Thái Nguyên');
    const other = await makeProvince(db(), '20', 'Lạng Sơn');
    const ids = `${own.province.id},${own.cell.id},${other.cell.id}`;
    expect((await get(national, `/api/campaign/tree-statuses?orgIds=${ids}`)).json()).toEqual({ items: [] });

    const created = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: national },
      payload: {
        name: 'Rà soát 2025',
        startsOn: '2025-12-10',
        endsOn: '2025-12-30',
        referenceDate: '2025-12-10',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const clerk = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: own.commune.id }));
    const started = await app.inject({
      method: 'POST',
      url: `/api/campaign/units/${own.cell.id}/actions`,
      headers: { cookie: clerk },
      payload: { part: 'organization', action: 'start', version: 0 },
    });
    expect(started.statusCode, started.body).toBe(200);
    const named = await app.inject({
      method: 'PUT',
      url: `/api/campaign/units/${own.cell.id}/responsibility`,
      headers: { cookie: clerk },
      payload: { personName: 'Dương Văn Lộc', version: 0 },
    });
    expect(named.statusCode, named.body).toBe(200);

    const seen = (await get(clerk, `/api/campaign/tree-statuses?orgIds=${ids},${own.commune.id}`)).json();
    expect(seen.items).toEqual([
      { orgId: own.commune.id, organization: 'not_started', members: 'not_started', personName: null },
      {
        orgId: own.cell.id,
        organization: 'in_progress',
        members: 'not_started',
        personName: 'Dương Văn Lộc',
      },
    ]);
    const bad = await get(clerk, '/api/campaign/tree-statuses?orgIds=1,x');
    expect(bad.statusCode).toBe(400);
  });
});
