import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeOrganization, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { listAuditFor } from '../../db/repos/audit.ts';

interface OrgJson {
  id: number;
  version: number;
  name: string;
  status: string;
  parentId: number | null;
  ancestors: Array<{ id: number; name: string }>;
  childCount: number;
  memberCount: number;
}

describeEachDriver('organization tree operations', (db) => {
  let app: TestApp;
  let cookie: string;
  let readOnlyCookie: string;
  let p: Awaited<ReturnType<typeof makeProvince>>;

  beforeAll(async () => {
    p = await makeProvince(db(), '08', 'Tuyên Quang');
    app = await buildTestApp(db());
    cookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: p.province.id }));
    readOnlyCookie = await loginAs(app, await makeAccount(db(), { roles: [4], scopeOrgId: p.province.id }));
  });
  afterAll(() => app.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object, c = cookie) =>
    app.inject({ method, url, headers: { cookie: c }, ...(payload ? { payload } : {}) });

  it('creates a chi bộ under a đảng bộ xã and shows it with its ancestors', async () => {
    const r = await call('POST', '/api/organizations', {
      parentId: p.commune.id,
      name: 'Chi bộ Thôn Đồng Tâm',
      type: 'CBTT',
    });
    expect(r.statusCode).toBe(201);
    const created = r.json() as OrgJson;
    expect(created.ancestors.map((a) => a.id)).toEqual([p.province.id, p.commune.id]);
    const children = (await call('GET', `/api/organizations/${p.commune.id}/children`)).json() as {
      items: OrgJson[];
    };
    expect(children.items.map((c) => c.id)).toContain(created.id);
    expect((await listAuditFor(db().db, 'organization', created.id))[0]).toMatchObject({
      action: 'organization.create',
    });
  });

  it('refuses impossible types under a parent and the abolished district level', async () => {
    const underCell = await call('POST', '/api/organizations', {
      parentId: p.cell.id,
      name: 'Đảng bộ cơ sở X',
      type: 'DBCS',
    });
    expect(underCell.statusCode).toBe(422);
    expect(underCell.json()).toMatchObject({
      error: { code: 'INVALID_OPERATION', details: { reason: 'TYPE_PARENT_MISMATCH' } },
    });
    const district = await call('POST', '/api/organizations', {
      parentId: p.province.id,
      name: 'Đảng bộ huyện Y',
      type: 'DBH',
    });
    expect(district.statusCode).toBe(400);
  });

  it('renames with optimistic locking', async () => {
    const cell = await makeOrganization(db(), { parentId: p.commune.id, type: 'CBTT', name: 'CB thon 4' });
    const ok = await call('POST', `/api/organizations/${cell.id}/rename`, {
      name: 'Chi bộ Thôn 4',
      version: 1,
    });
    expect((ok.json() as OrgJson).name).toBe('Chi bộ Thôn 4');
    const stale = await call('POST', `/api/organizations/${cell.id}/rename`, {
      name: 'Chi bộ Thôn Bốn',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('moves a subtree and its descendants follow', async () => {
    const communeB = await makeOrganization(db(), {
      parentId: p.province.id,
      type: 'DBX',
      name: 'Đảng bộ xã B',
    });
    const grassroots = await makeOrganization(db(), {
      parentId: p.commune.id,
      type: 'DBCS',
      name: 'Đảng bộ Trường THPT',
    });
    const inner = await makeOrganization(db(), {
      parentId: grassroots.id,
      type: 'CBTT',
      name: 'Chi bộ Giáo viên',
    });
    const moved = await call('POST', `/api/organizations/${grassroots.id}/move`, {
      parentId: communeB.id,
      version: 1,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const innerNow = (await call('GET', `/api/organizations/${inner.id}`)).json() as OrgJson;
    expect(innerNow.ancestors.map((a) => a.id)).toEqual([p.province.id, communeB.id, grassroots.id]);
    const intoItself = await call('POST', `/api/organizations/${communeB.id}/move`, {
      parentId: inner.id,
      version: 1,
    });
    expect(intoItself.json()).toMatchObject({ error: { details: { reason: 'MOVE_INTO_OWN_SUBTREE' } } });
  });

  it('dissolves only an organization without active members or units', async () => {
    const withMembers = await call('POST', `/api/organizations/${p.cell.id}/dissolve`, { version: 1 });
    expect(withMembers.json()).toMatchObject({
      error: { code: 'INVALID_OPERATION', details: { reason: 'HAS_ACTIVE_MEMBERS' } },
    });
    expect((withMembers.json() as { error: { message: string } }).error.message).toMatch(/đảng viên/);
    const empty = await makeOrganization(db(), { parentId: p.commune.id, type: 'CBTT' });
    const ok = await call('POST', `/api/organizations/${empty.id}/dissolve`, {
      version: 1,
      status: 'SAP_NHAP',
    });
    expect((ok.json() as OrgJson).status).toBe('SAP_NHAP');
  });

  it('finds organizations by name without diacritics', async () => {
    await makeOrganization(db(), {
      parentId: p.commune.id,
      type: 'CBTT',
      name: 'Chi bộ Tổ dân phố Hòa Bình',
    });
    const r = await call('GET', `/api/organizations/search?q=${encodeURIComponent('to dan pho hoa binh')}`);
    const items = (r.json() as { items: Array<OrgJson> }).items;
    expect(items.map((i) => i.name)).toContain('Chi bộ Tổ dân phố Hòa Bình');
    expect(items[0]!.ancestors[0]!.id).toBe(p.province.id);
  });

  it('lets card staff read but not change organizations or members', async () => {
    expect((await call('GET', `/api/organizations/${p.cell.id}`, undefined, readOnlyCookie)).statusCode).toBe(
      200,
    );
    const r = await call(
      'POST',
      `/api/organizations/${p.cell2.id}/rename`,
      { name: 'Chi bộ Z', version: 1 },
      readOnlyCookie,
    );
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ error: { code: 'FORBIDDEN_ACTION' } });
  });
});
