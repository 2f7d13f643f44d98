import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForDuplicateRuns } from '../../app/duplicates/duplicate-runs.ts';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeMember, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';

type Fixture = Awaited<ReturnType<typeof makeProvince>>;
type Method = 'GET' | 'POST';
interface Route {
  method: Method;
  /** The request against the given province's records. */
  url: (ids: Ids) => string;
  payload?: (ids: Ids) => object;
  /** A status other than 404 for the other province (lists answer 200 without the other's records). */
  otherStatus?: number;
  ownStatus?: number;
}
interface Ids {
  pairId: number;
  pair2Id: number;
  pair3Id: number;
  pair4Id: number;
  mergeId: number;
  memberId: number;
  runId: number;
  provinceCode: string;
  versions: { a: number; b: number };
}

const CSV = 'SO_DINH_DANH,HO_TEN,NGAY_SINH,GIOI_TINH\n001068999001,TRỊNH VĂN ĐỨC,09/07/1969,Nam\n';
const BOUNDARY = '----triple';
const upload = () =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="dan-cu.csv"\r\n\r\n${CSV}\r\n--${BOUNDARY}--\r\n`,
  );

/** Every duplicates/reconciliation route: no session → 401, other province → 404, own scope → 2xx. */
describeEachDriver('duplicates API authorization triples', (db) => {
  let app: TestApp;
  const ids: Record<'own' | 'other', Ids> = {} as never;
  let cookie: string;

  async function setUp(f: Fixture, c: string): Promise<Ids> {
    const person = (n: number) => ({
      fullName: ['Hoàng Văn Thái', 'Nông Thị Xuân', 'Lò Văn Pọm', 'Hà Thị Sen'][n]!,
      birthDate: `196${n}-02-0${n + 1}`,
      citizenId: `00106${n}12345${n}`,
    });
    const pairs: Array<{ a: number; b: number }> = [];
    for (const n of [0, 1, 2, 3]) {
      const a = await makeMember(db(), { orgId: f.cell.id, ...person(n) });
      const b = await makeMember(db(), { orgId: f.cell2.id, ...person(n), phone: '0987654321' });
      pairs.push({ a: a.id, b: b.id });
    }
    const run = await app.inject({
      method: 'POST',
      url: '/api/duplicate-runs',
      headers: { cookie: c },
      payload: { kind: 'detect' },
    });
    expect(run.statusCode, run.body).toBe(202);
    await waitForDuplicateRuns(db().db);
    const list = (
      await app.inject({ method: 'GET', url: '/api/duplicates?pageSize=200', headers: { cookie: c } })
    ).json() as {
      items: Array<{ id: number; a: { id: number; version: number }; b: { id: number; version: number } }>;
    };
    const find = (p: { a: number; b: number }) => list.items.find((x) => x.a.id === p.a && x.b.id === p.b)!;
    const [p1, p2, p3, p4] = pairs.map(find);
    const merge = await app.inject({
      method: 'POST',
      url: `/api/duplicates/${p3!.id}/merge`,
      headers: { cookie: c },
      payload: { versionA: p3!.a.version, versionB: p3!.b.version },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    return {
      pairId: p1!.id,
      pair2Id: p2!.id,
      pair3Id: p3!.id,
      pair4Id: p4!.id,
      mergeId: (merge.json() as { mergeId: number }).mergeId,
      memberId: p1!.a.id,
      runId: (run.json() as { id: number }).id,
      provinceCode: f.province.provinceCode,
      versions: { a: p1!.a.version, b: p1!.b.version },
    };
  }

  beforeAll(async () => {
    const own = await makeProvince(db(), '01', 'Hà Nội');
    const other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    app = await buildTestApp(db());
    cookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: own.province.id }));
    const otherCookie = await loginAs(
      app,
      await makeAccount(db(), { roles: [2], scopeOrgId: other.province.id }),
    );
    ids.own = await setUp(own, cookie);
    ids.other = await setUp(other, otherCookie);
  });
  afterAll(() => app.close());

  const ROUTES: Record<string, Route> = {
    'GET /api/duplicates': {
      method: 'GET',
      url: (i) => `/api/duplicates?memberId=${i.memberId}`,
      otherStatus: 200,
    },
    'GET /api/duplicates/counts': { method: 'GET', url: () => '/api/duplicates/counts', otherStatus: 200 },
    'GET /api/duplicates/:id': { method: 'GET', url: (i) => `/api/duplicates/${i.pairId}` },
    'POST /api/duplicates/:id/different': {
      method: 'POST',
      url: (i) => `/api/duplicates/${i.pair2Id}/different`,
      payload: () => ({}),
    },
    'POST /api/duplicates/:id/escalate': {
      method: 'POST',
      url: (i) => `/api/duplicates/${i.pair4Id}/escalate`,
      payload: () => ({}),
    },
    'POST /api/duplicates/:id/merge': {
      method: 'POST',
      url: (i) => `/api/duplicates/${i.pairId}/merge`,
      payload: (i) => ({ versionA: i.versions.a, versionB: i.versions.b }),
    },
    'POST /api/duplicate-merges/:id/undo': {
      method: 'POST',
      url: (i) => `/api/duplicate-merges/${i.mergeId}/undo`,
    },
    'GET /api/members/:id/merges': { method: 'GET', url: (i) => `/api/members/${i.memberId}/merges` },
    'POST /api/duplicate-runs': {
      method: 'POST',
      url: () => '/api/duplicate-runs',
      payload: (i) => ({ kind: 'detect', provinceCode: i.provinceCode }),
    },
    'GET /api/duplicate-runs': { method: 'GET', url: () => '/api/duplicate-runs', otherStatus: 200 },
    'GET /api/duplicate-runs/:id': { method: 'GET', url: (i) => `/api/duplicate-runs/${i.runId}` },
    'GET /api/register-extracts': { method: 'GET', url: () => '/api/register-extracts', otherStatus: 200 },
  };

  const send = (route: Route, target: Ids, c: string | undefined) =>
    app.inject({
      method: route.method,
      url: route.url(target),
      headers: c ? { cookie: c } : {},
      ...(route.payload ? { payload: route.payload(target) } : {}),
    });

  it('answers 401 without a session, 404 for the other province, 2xx in the own scope', async () => {
    const failures: string[] = [];
    for (const [name, route] of Object.entries(ROUTES)) {
      const anonymous = await send(route, ids.own, undefined);
      if (anonymous.statusCode !== 401) failures.push(`${name} anonymous → ${anonymous.statusCode}`);
      const outside = await send(route, ids.other, cookie);
      if (outside.statusCode !== (route.otherStatus ?? 404))
        failures.push(`${name} other province → ${outside.statusCode} ${outside.body.slice(0, 200)}`);
      const inside = await send(route, ids.own, cookie);
      const ok = route.ownStatus ? inside.statusCode === route.ownStatus : inside.statusCode < 300;
      if (!ok) failures.push(`${name} own scope → ${inside.statusCode} ${inside.body.slice(0, 200)}`);
    }
    await waitForDuplicateRuns(db().db);
    expect(failures).toEqual([]);
  });

  it('lists never show the other province’s pairs', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/duplicates?pageSize=200', headers: { cookie } });
    const items = (r.json() as { items: Array<{ id: number }> }).items.map((p) => p.id);
    expect(items).not.toContain(ids.other.pairId);
    expect(items).toContain(ids.own.pair2Id);
  });

  it('uploads a register extract in the own province only', async () => {
    const headers = { cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/register-extracts',
      headers: { 'content-type': headers['content-type'] },
      payload: upload(),
    });
    expect(anonymous.statusCode).toBe(401);
    const outside = await app.inject({
      method: 'POST',
      url: '/api/register-extracts?provinceCode=79',
      headers,
      payload: upload(),
    });
    expect(outside.statusCode).toBe(404);
    const inside = await app.inject({
      method: 'POST',
      url: '/api/register-extracts',
      headers,
      payload: upload(),
    });
    expect(inside.statusCode, inside.body).toBe(201);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/duplicates/{id}/merge',
      '/api/duplicate-merges/{id}/undo',
      '/api/register-extracts',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
