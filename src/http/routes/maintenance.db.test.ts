import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';

describeEachDriver('write freeze', (db) => {
  let app: TestApp;
  let admin: string;
  let clerk: string;
  let otherClerk: string;
  let memberId: number;
  beforeAll(async () => {
    app = await buildTestApp(db());
    const p = await makeProvince(db(), '31', 'Hải Phòng');
    const q = await makeProvince(db(), '33', 'Hưng Yên');
    memberId = p.members[0]!.id;
    admin = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: null }));
    clerk = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: p.province.id }));
    otherClerk = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: q.province.id }));
  });
  afterAll(() => app.close());

  const patch = (cookie: string) =>
    app.inject({
      method: 'PATCH',
      url: `/api/members/${memberId}`,
      headers: { cookie },
      payload: { version: 1, changes: { otherName: 'Ba' } },
    });

  it('refuses freezes to anyone but a system administrator', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/maintenance/freezes',
      headers: { cookie: clerk },
      payload: { provinceCode: '31', reason: 'Chuyển đổi dữ liệu' },
    });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/maintenance/freezes' })).statusCode).toBe(401);
  });

  it('refuses writes of the frozen province with 423 and a message naming the end, reads keep working', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/maintenance/freezes',
      headers: { cookie: admin },
      payload: { provinceCode: '31', reason: 'Chuyển đổi dữ liệu', endsAt: '2099-12-09T17:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
    const frozen = await patch(clerk);
    expect(frozen.statusCode).toBe(423);
    expect(frozen.json()).toMatchObject({
      error: { code: 'FROZEN', message: expect.stringContaining('đến 00:00 10/12/2099') as unknown },
    });
    const read = await app.inject({
      method: 'GET',
      url: `/api/members/${memberId}`,
      headers: { cookie: clerk },
    });
    expect(read.statusCode).toBe(200);
    // Another province is not frozen: its clerk gets past the freeze (and then 404: not in scope).
    expect((await patch(otherClerk)).statusCode).toBe(404);

    const off = await app.inject({
      method: 'POST',
      url: `/api/maintenance/freezes/${(created.json() as { id: number }).id}/end`,
      headers: { cookie: admin },
    });
    expect(off.statusCode).toBe(200);
    expect((await patch(clerk)).statusCode).toBe(200);
  });

  it('a system-wide freeze holds every account; a scheduled one only from its start', async () => {
    const later = await app.inject({
      method: 'POST',
      url: '/api/maintenance/freezes',
      headers: { cookie: admin },
      payload: { provinceCode: null, reason: 'Bảo trì', startsAt: '2099-01-01T00:00:00Z' },
    });
    expect(later.statusCode).toBe(201);
    expect((await patch(clerk)).statusCode).not.toBe(423);
    const now = await app.inject({
      method: 'POST',
      url: '/api/maintenance/freezes',
      headers: { cookie: admin },
      payload: { provinceCode: null, reason: 'Bảo trì' },
    });
    expect(now.statusCode).toBe(201);
    const res = await patch(clerk);
    expect(res.statusCode).toBe(423);
    expect((res.json() as { error: { message: string } }).error.message).toContain('toàn hệ thống');
    const audit = await db()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'maintenance.%')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });
});
