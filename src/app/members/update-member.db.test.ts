import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { listAuditFor } from '../../db/repos/audit.ts';

interface MemberJson {
  id: number;
  version: number;
  occupation: string | null;
  phone: string | null;
  email: string | null;
}

describeEachDriver('updating a member under concurrent edits', (db) => {
  let app: TestApp;
  let cookie: string;
  let fixture: Awaited<ReturnType<typeof makeProvince>>;

  beforeAll(async () => {
    fixture = await makeProvince(db(), '01', 'Hà Nội');
    const account = await makeAccount(db(), { roles: [2], scopeOrgId: fixture.province.id });
    app = await buildTestApp(db());
    cookie = await loginAs(app, account);
  });
  afterAll(() => app.close());

  const get = async (id: number) =>
    (
      await app.inject({ method: 'GET', url: `/api/members/${id}`, headers: { cookie } })
    ).json() as MemberJson;
  const patch = (id: number, version: number, changes: object) =>
    app.inject({
      method: 'PATCH',
      url: `/api/members/${id}`,
      headers: { cookie },
      payload: { version, changes },
    });

  it('lets exactly one of two editors of the same version win; the other gets 409 with the current record', async () => {
    const id = fixture.members[0]!.id;
    const { version } = await get(id);
    const [a, b] = await Promise.all([
      patch(id, version, { phone: '0912000001' }),
      patch(id, version, { email: 'b@example.vn' }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({
      error: { code: 'VERSION_CONFLICT', details: { current: { version: version + 1 } } },
    });
    const now = await get(id);
    expect(now.version).toBe(version + 1);
    // The winner's change is there, the loser's is not: nothing was merged silently.
    expect([now.phone, now.email].filter(Boolean)).toHaveLength(1);
  });

  it('loses no update when many editors retry after conflicts', async () => {
    const id = fixture.members[1]!.id;
    const editors = Array.from({ length: 6 }, (_, i) => `E${i}`);
    await Promise.all(
      editors.map(async (tag) => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const current = await get(id);
          const occupation = [current.occupation, tag].filter(Boolean).join(',');
          const response = await patch(id, current.version, { occupation });
          if (response.statusCode === 200) return;
          expect(response.statusCode).toBe(409);
        }
        throw new Error(`${tag} never saved`);
      }),
    );
    const final = await get(id);
    expect(final.occupation!.split(',').sort()).toEqual(editors);
    expect(final.version).toBe(1 + editors.length);
    const audit = await listAuditFor(db().db, 'member', id);
    expect(audit.filter((a) => a.action === 'member.update')).toHaveLength(editors.length);
  });

  it('records before and after values of every change in the audit log, in the same transaction', async () => {
    const id = fixture.members[2]!.id;
    const { version } = await get(id);
    const response = await patch(id, version, { phone: '0987654321', religion: 'Phật giáo' });
    expect(response.statusCode).toBe(200);
    const audit = await listAuditFor(db().db, 'member', id);
    expect(audit.at(-1)).toMatchObject({
      action: 'member.update',
      before: { phone: null, religion: 'Không' },
      after: { phone: '0987654321', religion: 'Phật giáo' },
    });
  });

  it('refuses invalid values with Vietnamese messages and changes nothing', async () => {
    const id = fixture.members[2]!.id;
    const before = await get(id);
    const response = await patch(id, before.version, { citizenId: '12ab', birthDate: '1975-02-31' });
    expect(response.statusCode).toBe(400);
    const body = response.json() as {
      error: { code: string; details: { issues: Array<{ path: string; message: string }> } };
    };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.issues.map((i) => i.path).sort()).toEqual([
      'changes.birthDate',
      'changes.citizenId',
    ]);
    expect(body.error.details.issues[0]!.message).toMatch(/[ạ-ỹ]/u);
    expect((await get(id)).version).toBe(before.version);
  });

  it('finds members by name without diacritics', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/organizations/${fixture.cell.id}/members?q=${encodeURIComponent('tran thi thuy')}`,
      headers: { cookie },
    });
    const body = response.json() as { items: Array<{ fullName: string }>; total: number };
    expect(body.total).toBe(1);
    expect(body.items[0]!.fullName).toBe('Trần Thị Thuý');
  });
});
