import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeOrganization, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';

type Fixture = Awaited<ReturnType<typeof makeProvince>>;

interface Case {
  name: string;
  /** Builds the request against a province's fixture (fresh records for writes). */
  request: (p: Fixture) => Promise<{ method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }>;
  okStatus: number;
}

/**
 * The authorization triple for every organization and member endpoint: no session → 401, a record of
 * another province → 404 (not 403: existence is not leaked), the caller's own scope → 2xx.
 */
describeEachDriver('scope on organization and member endpoints', (db) => {
  let app: TestApp;
  let own: Fixture;
  let other: Fixture;
  let cookie: string;

  beforeAll(async () => {
    own = await makeProvince(db(), '01', 'Hà Nội');
    other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    const account = await makeAccount(db(), { roles: [2], scopeOrgId: own.province.id });
    app = await buildTestApp(db());
    cookie = await loginAs(app, account);
  });
  afterAll(() => app.close());

  const freshCell = async (p: Fixture) => makeOrganization(db(), { parentId: p.commune.id, type: 'CBTT' });

  const cases: Case[] = [
    {
      name: 'GET organization',
      okStatus: 200,
      request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.cell.id}` }),
    },
    {
      name: 'GET children',
      okStatus: 200,
      request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.commune.id}/children` }),
    },
    {
      name: 'GET members of an organization',
      okStatus: 200,
      request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.cell.id}/members?subtree=true` }),
    },
    {
      name: 'POST create organization',
      okStatus: 201,
      request: async (p) => ({
        method: 'POST',
        url: '/api/organizations',
        payload: { parentId: p.commune.id, name: 'Chi bộ Thôn 9', type: 'CBTT' },
      }),
    },
    {
      name: 'POST rename',
      okStatus: 200,
      request: async (p) => ({
        method: 'POST',
        url: `/api/organizations/${(await freshCell(p)).id}/rename`,
        payload: { name: 'Chi bộ Thôn Mới', version: 1 },
      }),
    },
    {
      name: 'POST move',
      okStatus: 200,
      request: async (p) => ({
        method: 'POST',
        url: `/api/organizations/${(await freshCell(p)).id}/move`,
        payload: { parentId: p.commune.id, version: 1 },
      }),
    },
    {
      name: 'POST dissolve',
      okStatus: 200,
      request: async (p) => ({
        method: 'POST',
        url: `/api/organizations/${(await freshCell(p)).id}/dissolve`,
        payload: { version: 1 },
      }),
    },
    {
      name: 'GET member',
      okStatus: 200,
      request: async (p) => ({ method: 'GET', url: `/api/members/${p.members[0]!.id}` }),
    },
    {
      name: 'POST create member',
      okStatus: 201,
      request: async (p) => ({
        method: 'POST',
        url: '/api/members',
        payload: { orgId: p.cell2.id, fullName: 'Phạm Văn Bình' },
      }),
    },
    {
      name: 'PATCH member',
      okStatus: 200,
      request: async (p) => {
        const current = await app.inject({
          method: 'GET',
          url: `/api/members/${p.members[1]!.id}`,
          headers: { cookie: adminCookie },
        });
        return {
          method: 'PATCH',
          url: `/api/members/${p.members[1]!.id}`,
          payload: {
            version: (current.json() as { version: number }).version,
            changes: { phone: '0912345678' },
          },
        };
      },
    },
  ];

  let adminCookie = '';
  beforeAll(async () => {
    const admin = await makeAccount(db(), { roles: [1], scopeOrgId: null });
    adminCookie = await loginAs(app, admin);
  });

  for (const c of cases) {
    it(`${c.name}: 401 without a session`, async () => {
      const r = await app.inject(await c.request(own));
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    });

    it(`${c.name}: 404 for another province`, async () => {
      const r = await app.inject({ ...(await c.request(other)), headers: { cookie } });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it(`${c.name}: ${c.okStatus} in its own scope`, async () => {
      const r = await app.inject({ ...(await c.request(own)), headers: { cookie } });
      expect(r.statusCode, r.body).toBe(c.okStatus);
    });
  }

  it('moving an own organization under another province is refused as not found', async () => {
    const cell = await freshCell(own);
    const r = await app.inject({
      method: 'POST',
      url: `/api/organizations/${cell.id}/move`,
      payload: { parentId: other.commune.id, version: 1 },
      headers: { cookie },
    });
    expect(r.statusCode).toBe(404);
  });

  it('lists only its own province at the root and in search', async () => {
    const roots = await app.inject({ method: 'GET', url: '/api/organizations/roots', headers: { cookie } });
    expect((roots.json() as { items: Array<{ id: number }> }).items.map((o) => o.id)).toEqual([
      own.province.id,
    ]);
    const search = await app.inject({
      method: 'GET',
      url: '/api/organizations/search?q=dang bo',
      headers: { cookie },
    });
    const ids = (search.json() as { items: Array<{ provinceCode: string }> }).items.map(
      (o) => o.provinceCode,
    );
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['01']));
    const noSession = await app.inject({ method: 'GET', url: '/api/organizations/roots' });
    expect(noSession.statusCode).toBe(401);
  });

  it('a national account sees every province', async () => {
    const roots = await app.inject({
      method: 'GET',
      url: '/api/organizations/roots',
      headers: { cookie: adminCookie },
    });
    const ids = (roots.json() as { items: Array<{ id: number }> }).items.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([own.province.id, other.province.id]));
  });
});
