import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySafeFixesAndCheck } from '../../app/quality/check-province.ts';
import { waitForRechecks } from '../../app/quality/recheck-job.ts';
import { importPackage } from '../../app/import/import-package.ts';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeMember, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { importDeps } from '../../../test/import-helpers.ts';

interface Loose {
  total: number;
  changes: unknown[];
  batchId: string;
  applied: number;
  id: number;
}
type Fixture = Awaited<ReturnType<typeof makeProvince>>;
interface FindingBody {
  id: number;
  rule: string;
  field: string;
  status: string;
  severity: string;
  recordId: number;
  recordType: string;
  value: string;
  suggested: string | null;
}

const PACKAGE = new URL('../../../../shared/samples/s303-small/package', import.meta.url).pathname;
/** A valid CCCD for a man born in 1980 registered in Hà Nội (001): century/sex digit 0, year 80. */
const CCCD = '001080123456';

describeEachDriver('findings API', (db) => {
  let app: TestApp;
  let own: Fixture;
  let other: Fixture;
  let cookie: string;
  let adminCookie: string;

  beforeAll(async () => {
    own = await makeProvince(db(), '01', 'Hà Nội');
    other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    app = await buildTestApp(db());
    cookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: own.province.id }));
    adminCookie = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: null }));
    for (const p of ['01', '79']) {
      await db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, p, { applySafeFixes: false }));
    }
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, c = cookie) =>
    app.inject({ method, url, headers: { cookie: c }, ...(payload ? { payload } : {}) });
  const memberFindings = async (id: number) =>
    ((await call('GET', `/api/members/${id}/findings`)).json() as { items: FindingBody[] }).items;
  const orgFindings = async (id: number) =>
    ((await call('GET', `/api/organizations/${id}/own-findings`)).json() as { items: FindingBody[] }).items;
  const find = (items: FindingBody[], rule: string) => items.find((f) => f.rule === rule);
  const patchMember = async (id: number, changes: object) => {
    const member = (await call('GET', `/api/members/${id}`)).json() as { version: number };
    const response = await call('PATCH', `/api/members/${id}`, { version: member.version, changes });
    expect(response.statusCode, response.body).toBe(200);
  };

  describe('saving a member re-checks it in the same request', () => {
    it('fixing a malformed CCCD closes CITIZEN_ID_FORMAT', async () => {
      const { id } = await makeMember(db(), { orgId: own.cell2.id, citizenId: '0791234' });
      await db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, '01', { applySafeFixes: false }));
      expect(find(await memberFindings(id), 'CITIZEN_ID_FORMAT')?.status).toBe('open');
      await patchMember(id, { citizenId: CCCD });
      expect(find(await memberFindings(id), 'CITIZEN_ID_FORMAT')?.status).toBe('fixed');
    });

    it('giving two members the same CCCD opens CITIZEN_ID_DUPLICATE on both, and undoing it closes both', async () => {
      const [a, b] = own.members;
      await patchMember(a!.id, { citizenId: '001080000111' });
      await patchMember(b!.id, { citizenId: '001080000111' });
      expect(find(await memberFindings(a!.id), 'CITIZEN_ID_DUPLICATE')?.status).toBe('open');
      expect(find(await memberFindings(b!.id), 'CITIZEN_ID_DUPLICATE')?.status).toBe('open');
      await patchMember(b!.id, { citizenId: '001080000222' });
      expect(find(await memberFindings(a!.id), 'CITIZEN_ID_DUPLICATE')?.status).toBe('fixed');
      expect(find(await memberFindings(b!.id), 'CITIZEN_ID_DUPLICATE')?.status).toBe('fixed');
    });

    it('moving the last official members away opens ORG_TOO_FEW_MEMBERS on the chi bộ', async () => {
      expect(find(await orgFindings(own.cell.id), 'ORG_TOO_FEW_MEMBERS')).toBeUndefined();
      await patchMember(own.members[2]!.id, { status: 'CHUYEN_DI' });
      expect(find(await orgFindings(own.cell.id), 'ORG_TOO_FEW_MEMBERS')?.status).toBe('open');
      await patchMember(own.members[2]!.id, { status: 'CHINH_THUC' });
      expect(find(await orgFindings(own.cell.id), 'ORG_TOO_FEW_MEMBERS')?.status).toBe('fixed');
    });
  });

  describe('dismiss', () => {
    it('dismisses a warning with a reason, and refuses to dismiss an error', async () => {
      const { id } = await makeMember(db(), { orgId: own.cell2.id, phone: '12345' });
      await db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, '01', { applySafeFixes: false }));
      const items = await memberFindings(id);
      const warning = find(items, 'PHONE_FORMAT')!;
      const error = items.find((f) => f.severity === 'error')!;
      const dismissed = await call('POST', `/api/findings/${warning.id}/dismiss`, {
        reason: 'Số máy bàn cũ',
      });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      expect(dismissed.json()).toMatchObject({ status: 'dismissed', dismissReason: 'Số máy bàn cũ' });
      const refused = await call('POST', `/api/findings/${error.id}/dismiss`, { reason: 'Không cần sửa' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
        'ONLY_WARNINGS_DISMISSABLE',
      );
      // Still produced by a re-check: it stays dismissed.
      await db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, '01', { applySafeFixes: false }));
      expect(find(await memberFindings(id), 'PHONE_FORMAT')?.status).toBe('dismissed');
    });
  });

  describe('an imported province', () => {
    let importCookie = '';
    beforeAll(async () => {
      const result = await importPackage(importDeps(db()), { path: PACKAGE, acceptRejectedRows: false });
      await db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, result.provinceCode, { applySafeFixes: true }));
      importCookie = adminCookie;
    });

    it('undoes an automatic fix: the value as found comes back and the finding reopens; accepting fixes it again', async () => {
      const fixed = await db()
        .db.selectFrom('findings')
        .select(['id', 'record_id', 'value', 'suggested'])
        .where('rule', '=', 'NAME_CASE')
        .where('status', '=', 'fixed')
        .where('province_code', '=', '08')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const member = (await call('GET', `/api/members/${fixed.record_id}`, undefined, importCookie)).json<{
        fullName: string;
      }>();
      expect(member.fullName).toBe(fixed.suggested);
      const undone = await call('POST', `/api/findings/${fixed.id}/undo`, undefined, importCookie);
      expect(undone.statusCode, undone.body).toBe(200);
      expect(undone.json()).toMatchObject({ status: 'open' });
      const after = (await call('GET', `/api/members/${fixed.record_id}`, undefined, importCookie)).json<{
        fullName: string;
      }>();
      expect(after.fullName).toBe(fixed.value.trim());
      const audit = await db()
        .db.selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', String(fixed.record_id))
        .where('action', '=', 'finding.undo')
        .execute();
      expect(audit).toHaveLength(1);
      const accepted = await call('POST', `/api/findings/${fixed.id}/accept`, {}, importCookie);
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json()).toMatchObject({ status: 'fixed' });
    });

    it("bulk-accepts one rule's suggestions in a subtree with a preview, and undoes the whole operation", async () => {
      const { rows } = await import('kysely').then(({ sql }) =>
        sql<{ rule: string; n: number }>`SELECT rule, count(*)::int AS n FROM findings
          WHERE province_code = '08' AND status = 'open' AND record_type = 'member' AND suggested IS NOT NULL
            AND suggested <> '' AND suggested NOT LIKE '% | %' AND rule = 'OFFICIAL_DATE_MISMATCH'
          GROUP BY rule`.execute(db().db),
      );
      const rule = rows[0]!.rule;
      const expected = rows[0]!.n;
      const root = await db()
        .db.selectFrom('organizations')
        .select('id')
        .where('province_code', '=', '08')
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow();
      const base = `/api/organizations/${root.id}/findings/bulk-accept`;
      const preview = await call('POST', `${base}/preview`, { rule, limit: 2 }, importCookie);
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json<Loose>().total).toBe(expected);
      expect(preview.json<Loose>().changes).toHaveLength(Math.min(2, expected));
      const applied = await call('POST', base, { rule }, importCookie);
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json()).toMatchObject({ applied: expected, skipped: 0 });
      const open = await call(
        'GET',
        `/api/organizations/${root.id}/findings?rule=${rule}&status=open`,
        undefined,
        importCookie,
      );
      expect(open.json<Loose>().total).toBe(0);
      const undo = await call(
        'POST',
        `/api/findings/bulk-accept/${applied.json<Loose>().batchId}/undo`,
        undefined,
        importCookie,
      );
      expect(undo.statusCode, undo.body).toBe(200);
      expect(undo.json()).toMatchObject({ restored: expected, skipped: 0 });
      const reopened = await call(
        'GET',
        `/api/organizations/${root.id}/findings?rule=${rule}&status=open`,
        undefined,
        importCookie,
      );
      expect(reopened.json<Loose>().total).toBe(expected);
    });
  });

  describe('rule settings', () => {
    it('only Quản trị hệ thống changes them; a disabled rule is hidden, a severity can be lowered', async () => {
      const current = (await call('GET', '/api/quality/settings')).json<unknown>();
      expect(current).toMatchObject({ referenceDate: '2025-12-10', disabledRules: [], version: 0 });
      const body = {
        referenceDate: '2025-12-10',
        disabledRules: ['PHONE_FORMAT'],
        severityOverrides: { EMAIL_FORMAT: 'error' },
        version: 0,
      };
      expect((await call('PUT', '/api/quality/settings', body)).statusCode).toBe(403);
      const saved = await call('PUT', '/api/quality/settings', body, adminCookie);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ disabledRules: ['PHONE_FORMAT'], version: 1 });
      const list = await call('GET', `/api/organizations/${own.province.id}/findings?rule=PHONE_FORMAT`);
      expect(list.json<Loose>().total).toBe(0);
      const stale = await call('PUT', '/api/quality/settings', body, adminCookie);
      expect(stale.statusCode).toBe(409);
      const reset = await call(
        'PUT',
        '/api/quality/settings',
        { ...body, disabledRules: [], severityOverrides: {}, version: 1 },
        adminCookie,
      );
      expect(reset.statusCode).toBe(200);
    });
  });

  describe('scope on every findings endpoint', () => {
    const routes: Array<{
      name: string;
      ok: number;
      request: (p: Fixture) => Promise<{ method: 'GET' | 'POST'; url: string; payload?: object }>;
    }> = [
      {
        name: 'GET subtree findings',
        ok: 200,
        request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.province.id}/findings` }),
      },
      {
        name: 'GET counts',
        ok: 200,
        request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.province.id}/findings/counts` }),
      },
      {
        name: 'GET organization findings',
        ok: 200,
        request: async (p) => ({ method: 'GET', url: `/api/organizations/${p.cell2.id}/own-findings` }),
      },
      {
        name: 'GET member findings',
        ok: 200,
        request: async (p) => ({ method: 'GET', url: `/api/members/${p.members[0]!.id}/findings` }),
      },
      {
        name: 'POST accept',
        ok: 200,
        request: async (p) => {
          const { id } = await makeMember(db(), {
            orgId: p.cell2.id,
            status: 'CHINH_THUC',
            deathDate: '2020-01-01',
          });
          await recheck(p);
          return {
            method: 'POST',
            url: `/api/findings/${await findingId(id, 'DECEASED_STILL_ACTIVE')}/accept`,
            payload: {},
          };
        },
      },
      {
        name: 'POST dismiss',
        ok: 200,
        request: async (p) => {
          const { id } = await makeMember(db(), { orgId: p.cell2.id, email: 'khong-hop-le' });
          await recheck(p);
          return {
            method: 'POST',
            url: `/api/findings/${await findingId(id, 'EMAIL_FORMAT')}/dismiss`,
            payload: { reason: 'Đã xác minh' },
          };
        },
      },
      {
        name: 'POST undo',
        ok: 200,
        request: async (p) => {
          const { id } = await makeMember(db(), {
            orgId: p.cell2.id,
            status: 'CHINH_THUC',
            deathDate: '2020-01-01',
          });
          await recheck(p);
          const fid = await findingId(id, 'DECEASED_STILL_ACTIVE');
          const accepted = await call('POST', `/api/findings/${fid}/accept`, {}, adminCookie);
          expect(accepted.statusCode, accepted.body).toBe(200);
          return { method: 'POST', url: `/api/findings/${fid}/undo` };
        },
      },
      {
        name: 'POST bulk preview',
        ok: 200,
        request: async (p) => ({
          method: 'POST',
          url: `/api/organizations/${p.province.id}/findings/bulk-accept/preview`,
          payload: { rule: 'NAME_CASE' },
        }),
      },
      {
        name: 'POST bulk accept',
        ok: 200,
        request: async (p) => ({
          method: 'POST',
          url: `/api/organizations/${p.province.id}/findings/bulk-accept`,
          payload: { rule: 'DECEASED_STILL_ACTIVE' },
        }),
      },
      {
        name: 'POST bulk undo',
        ok: 200,
        request: async (p) => {
          await makeMember(db(), { orgId: p.cell2.id, status: 'CHINH_THUC', deathDate: '2020-01-01' });
          await recheck(p);
          const applied = await call(
            'POST',
            `/api/organizations/${p.province.id}/findings/bulk-accept`,
            { rule: 'DECEASED_STILL_ACTIVE' },
            adminCookie,
          );
          expect(applied.json<Loose>().applied, applied.body).toBeGreaterThan(0);
          return { method: 'POST', url: `/api/findings/bulk-accept/${applied.json<Loose>().batchId}/undo` };
        },
      },
      {
        name: 'POST recheck',
        ok: 202,
        request: async (p) => ({
          method: 'POST',
          url: '/api/quality/rechecks',
          payload: { orgId: p.province.id },
        }),
      },
      {
        name: 'GET recheck progress',
        ok: 200,
        request: async (p) => {
          const started = await call('POST', '/api/quality/rechecks', { orgId: p.province.id }, adminCookie);
          await waitForRechecks(db().db);
          return { method: 'GET', url: `/api/quality/rechecks/${started.json<Loose>().id}` };
        },
      },
    ];

    const recheck = (p: Fixture) =>
      db()
        .db.transaction()
        .execute((tx) => applySafeFixesAndCheck(tx, p.province.provinceCode, { applySafeFixes: false }));
    const findingId = async (memberId: number, rule: string) =>
      (
        await db()
          .db.selectFrom('findings')
          .select('id')
          .where('record_type', '=', 'member')
          .where('record_id', '=', memberId)
          .where('rule', '=', rule)
          .executeTakeFirstOrThrow()
      ).id;

    for (const route of routes) {
      it(`${route.name}: 401 without a session, 404 in another province, ${route.ok} in its own scope`, async () => {
        const anonymous = await route.request(own);
        expect(
          (
            await app.inject({
              method: anonymous.method,
              url: anonymous.url,
              ...(anonymous.payload ? { payload: anonymous.payload } : {}),
            })
          ).statusCode,
        ).toBe(401);
        const foreign = await route.request(other);
        const foreignResponse = await call(foreign.method, foreign.url, foreign.payload);
        expect(foreignResponse.statusCode, foreignResponse.body).toBe(404);
        const mine = await route.request(own);
        const response = await call(mine.method, mine.url, mine.payload);
        expect(response.statusCode, response.body).toBe(route.ok);
        await waitForRechecks(db().db);
      });
    }

    it('settings: 401 without a session, readable in scope', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/quality/settings' })).statusCode).toBe(401);
      expect((await call('GET', '/api/quality/settings')).statusCode).toBe(200);
    });
  });
});
