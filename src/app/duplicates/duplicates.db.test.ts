import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeMember, makeProvince } from '../../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../../test/http.ts';
import { listAuditFor } from '../../db/repos/audit.ts';
import { writeFindings } from '../../db/repos/findings.ts';
import { getMember } from '../../db/repos/members.ts';
import { NATIONAL_SCOPE } from '../../db/repos/scope.ts';
import { recheckProvince, waitForRechecks } from '../quality/recheck-job.ts';
import { detectDuplicatesInTransaction } from './detect-duplicates.ts';
import { waitForDuplicateRuns } from './duplicate-runs.ts';

type Fixture = Awaited<ReturnType<typeof makeProvince>>;
interface PairJson {
  id: number;
  status: string;
  band: string;
  score: number;
  reasons: string[];
  version: number;
  mergeId: number | null;
  a: { id: number; version: number };
  b: { id: number; version: number };
}

let seq = 0;
/** Two records of one person in two chi bộ of the province: same name, birth date and CCCD. */
async function makeDuplicatePerson(handle: Parameters<typeof makeMember>[0], f: Fixture) {
  seq++;
  const fullName = [
    'Hoàng Thị Mai Lan',
    'Đặng Quốc Khánh',
    'Vũ Thị Ngọc Ánh',
    'Phạm Minh Tuấn',
    'Bùi Thanh Hương',
  ][seq % 5]!;
  const common = {
    fullName,
    gender: fullName.includes('Thị') ? ('Nữ' as const) : ('Nam' as const),
    birthDate: `197${seq % 10}-03-1${seq % 10}`,
    citizenId: `0011${seq % 10}70${String(10000 + seq).slice(-5)}`,
  };
  const first = await makeMember(handle, { orgId: f.cell.id, ...common, status: 'CHUYEN_DI' });
  const second = await makeMember(handle, {
    orgId: f.cell2.id,
    ...common,
    phone: '0912345678',
    occupation: 'Giáo viên',
  });
  return { first: first.id, second: second.id };
}

const fieldsOf = (m: Awaited<ReturnType<typeof getMember>>) => {
  const { version: _v, updatedAt: _u, ...rest } = m;
  return rest;
};

describeEachDriver('duplicates: detection, review, merge and undo', (db) => {
  let app: TestApp;
  let own: Fixture;
  let other: Fixture;
  let cookie: string;
  let communeCookie: string;
  let otherCookie: string;

  beforeAll(async () => {
    own = await makeProvince(db(), '01', 'Hà Nội');
    other = await makeProvince(db(), '79', 'Hồ Chí Minh');
    app = await buildTestApp(db());
    cookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: own.province.id }));
    communeCookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: own.commune.id }));
    otherCookie = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: other.province.id }));
  });
  afterAll(() => app.close());

  const call = async (method: 'GET' | 'POST', url: string, payload?: object, c = cookie) =>
    app.inject({ method, url, headers: { cookie: c }, ...(payload ? { payload } : {}) });
  const detect = async () => {
    const r = await call('POST', '/api/duplicate-runs', { kind: 'detect' });
    expect(r.statusCode, r.body).toBe(202);
    await waitForDuplicateRuns(db().db);
    const run = (await call('GET', `/api/duplicate-runs/${(r.json() as { id: number }).id}`)).json() as {
      status: string;
      phase: string;
      result: { pairs: number; members: number };
    };
    expect(run).toMatchObject({ status: 'succeeded', phase: 'done' });
    return run;
  };
  const pairOf = async (x: number, y: number, c = cookie): Promise<PairJson | undefined> => {
    const r = await call('GET', `/api/duplicates?memberId=${x}&pageSize=200`, undefined, c);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { items: PairJson[] }).items.find(
      (p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x),
    );
  };
  const orgMemberIds = async (orgId: number) =>
    (
      (await call('GET', `/api/organizations/${orgId}/members?subtree=true&pageSize=200`)).json() as {
        items: Array<{ id: number }>;
      }
    ).items.map((m) => m.id);

  it('detection finds the injected pair with its score and reasons, visible in the province only', async () => {
    const { first, second } = await makeDuplicatePerson(db(), own);
    const run = await detect();
    expect(run.result.members).toBeGreaterThanOrEqual(5);
    const pair = await pairOf(first, second);
    expect(pair).toMatchObject({ status: 'pending', band: 'probable' });
    expect(pair!.score).toBeGreaterThan(0.9);
    expect(pair!.reasons.length).toBeGreaterThan(0);
    // Both chi bộ see it from the commune; the other province does not (404 on the pair itself).
    expect(await pairOf(first, second, communeCookie)).toBeDefined();
    expect((await call('GET', `/api/duplicates/${pair!.id}`, undefined, otherCookie)).statusCode).toBe(404);
    const findings = await db()
      .db.selectFrom('findings')
      .select(['record_id', 'status'])
      .where('rule', '=', 'DUPLICATE_PERSON_PROBABLE')
      .where('record_id', 'in', [first, second])
      .execute();
    expect(findings.map((f) => f.status)).toEqual(['open', 'open']);
  });

  it('remembers "different people": the pair does not come back on re-detection', async () => {
    const { first, second } = await makeDuplicatePerson(db(), own);
    await detect();
    const pair = (await pairOf(first, second))!;
    const r = await call('POST', `/api/duplicates/${pair.id}/different`, {
      version: pair.version,
      note: 'Hai chị em',
    });
    expect(r.statusCode, r.body).toBe(200);
    await detect();
    expect(await pairOf(first, second)).toMatchObject({ id: pair.id, status: 'different' });
    // The same through the full re-check's entry point (inside its transaction).
    await db()
      .db.transaction()
      .execute((tx) => detectDuplicatesInTransaction(tx, '01'));
    expect(await pairOf(first, second)).toMatchObject({ id: pair.id, status: 'different' });
    const pending = (await call('GET', '/api/duplicates?status=pending&pageSize=200')).json() as {
      items: PairJson[];
    };
    expect(pending.items.some((p) => p.id === pair.id)).toBe(false);
    const open = await db()
      .db.selectFrom('findings')
      .select('id')
      .where('rule', '=', 'DUPLICATE_PERSON_PROBABLE')
      .where('status', '=', 'open')
      .where('record_id', 'in', [first, second])
      .execute();
    expect(open).toEqual([]);
    // And through the full re-check job, which must respect the decision too.
    await recheckProvince(db().db, '01', { applySafeFixes: false });
    await waitForRechecks(db().db);
    const afterRecheck = await db()
      .db.selectFrom('findings')
      .select('id')
      .where('rule', '=', 'DUPLICATE_PERSON_PROBABLE')
      .where('status', '=', 'open')
      .where('record_id', 'in', [first, second])
      .execute();
    expect(afterRecheck).toEqual([]);
    // A decided pair cannot be decided again.
    const again = await call('POST', `/api/duplicates/${pair.id}/escalate`, {});
    expect(again.statusCode).toBe(422);
  });

  describe('merge and undo', () => {
    let pair: PairJson;
    let ids: { first: number; second: number };
    let before: { first: ReturnType<typeof fieldsOf>; second: ReturnType<typeof fieldsOf> };
    let versions: { first: number; second: number };
    let findingId: number;
    let mergeId: number;

    beforeAll(async () => {
      ids = await makeDuplicatePerson(db(), own);
      await detect();
      pair = (await pairOf(ids.first, ids.second))!;
      // A register finding on the record that will be merged: it must follow the person.
      const loser = await getMember(db().db, NATIONAL_SCOPE, ids.first);
      await writeFindings(
        db().db,
        { recordType: 'member', recordIds: [ids.first], onlyRules: ['RECON_NAME_MISMATCH'] },
        [
          {
            provinceCode: '01',
            recordType: 'member',
            recordId: ids.first,
            orgId: loser.orgId,
            legacyId: loser.legacyId,
            rule: 'RECON_NAME_MISMATCH',
            group: 'RECON',
            field: 'HO_TEN',
            severity: 'warning',
            value: loser.fullName,
            suggested: 'Tên Khác',
          },
        ],
        null,
      );
      findingId = Number(
        (
          await db()
            .db.selectFrom('findings')
            .select('id')
            .where('record_id', '=', ids.first)
            .where('rule', '=', 'RECON_NAME_MISMATCH')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const a = await getMember(db().db, NATIONAL_SCOPE, ids.first);
      const b = await getMember(db().db, NATIONAL_SCOPE, ids.second);
      before = { first: fieldsOf(a), second: fieldsOf(b) };
      versions = { first: a.version, second: b.version };
    });

    it('shows both records side by side with the differing fields and a default survivor', async () => {
      const r = await call('GET', `/api/duplicates/${pair.id}`);
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as {
        survivor: 'a' | 'b';
        canMerge: boolean;
        canDecide: boolean;
        fields: Array<{ field: string; differs: boolean; choice: string }>;
        a: { id: number };
      };
      expect(body).toMatchObject({ canMerge: true, canDecide: true });
      const differing = body.fields.filter((f) => f.differs).map((f) => f.field);
      expect(differing).toEqual(expect.arrayContaining(['phone', 'occupation', 'status']));
      // The active, more complete record (the second, in its new chi bộ) survives by default.
      const secondSide = body.a.id === ids.second ? 'a' : 'b';
      expect(body.survivor).toBe(secondSide);
    });

    it('refuses a merge made on stale versions (optimistic locking) and changes nothing', async () => {
      const stale =
        pair.a.id === ids.first
          ? { versionA: versions.first - 1 || 99, versionB: versions.second }
          : { versionA: versions.second, versionB: versions.first + 7 };
      const r = await call('POST', `/api/duplicates/${pair.id}/merge`, stale);
      expect(r.statusCode, r.body).toBe(409);
      expect(fieldsOf(await getMember(db().db, NATIONAL_SCOPE, ids.first))).toEqual(before.first);
      expect((await pairOf(ids.first, ids.second))?.status).toBe('pending');
    });

    it('merges: the survivor takes the chosen values, the loser is kept as merged, findings and history follow', async () => {
      const sideOf = (id: number) => (pair.a.id === id ? 'a' : 'b');
      const r = await call('POST', `/api/duplicates/${pair.id}/merge`, {
        versionA: pair.a.id === ids.first ? versions.first : versions.second,
        versionB: pair.b.id === ids.first ? versions.first : versions.second,
        survivor: sideOf(ids.second),
        // Keep the occupation of the merged record (empty) on purpose: a person's pick wins.
        choices: { occupation: sideOf(ids.first) },
        note: 'Chuyển sinh hoạt nhưng chưa đóng hồ sơ cũ',
      });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as {
        mergeId: number;
        survivor: { id: number; occupation: string | null; phone: string };
      };
      mergeId = body.mergeId;
      expect(body.survivor).toMatchObject({ id: ids.second, occupation: null, phone: '0912345678' });
      const loser = await db()
        .db.selectFrom('members')
        .select(['merged_into_id', 'version'])
        .where('id', '=', ids.first)
        .executeTakeFirstOrThrow();
      expect(Number(loser.merged_into_id)).toBe(ids.second);
      expect(loser.version).toBe(versions.first + 1);
      expect(await orgMemberIds(own.province.id)).not.toContain(ids.first);
      expect(await orgMemberIds(own.province.id)).toContain(ids.second);
      const moved = await db()
        .db.selectFrom('findings')
        .select(['record_id', 'status'])
        .where('id', '=', findingId)
        .executeTakeFirstOrThrow();
      expect(moved).toMatchObject({ record_id: ids.second, status: 'open' });
      // The merged record no longer counts as a holder of the shared citizen id.
      const sharedId = await db()
        .db.selectFrom('findings')
        .select('id')
        .where('rule', '=', 'CITIZEN_ID_DUPLICATE')
        .where('status', '=', 'open')
        .where('record_id', '=', ids.second)
        .execute();
      expect(sharedId).toEqual([]);
      expect((await listAuditFor(db().db, 'member', ids.second)).map((a) => a.action)).toContain(
        'member.merge',
      );
      expect((await listAuditFor(db().db, 'member', ids.first)).map((a) => a.action)).toContain(
        'member.merged_into',
      );
      expect(await pairOf(ids.first, ids.second)).toMatchObject({ status: 'merged', mergeId });
      const merges = (await call('GET', `/api/members/${ids.second}/merges`)).json() as {
        items: Array<{ id: number; undoneAt: string | null }>;
      };
      expect(merges.items[0]).toMatchObject({ id: mergeId, undoneAt: null });
    });

    it('undo restores both records exactly (versions bumped), the findings and the pending pair', async () => {
      const r = await call('POST', `/api/duplicate-merges/${mergeId}/undo`);
      expect(r.statusCode, r.body).toBe(200);
      const a = await getMember(db().db, NATIONAL_SCOPE, ids.first);
      const b = await getMember(db().db, NATIONAL_SCOPE, ids.second);
      expect(fieldsOf(a)).toEqual(before.first);
      expect(fieldsOf(b)).toEqual(before.second);
      expect(a.version).toBe(versions.first + 2);
      expect(b.version).toBe(versions.second + 2);
      const merged = await db()
        .db.selectFrom('members')
        .select('merged_into_id')
        .where('id', '=', ids.first)
        .executeTakeFirstOrThrow();
      expect(merged.merged_into_id).toBeNull();
      const finding = await db()
        .db.selectFrom('findings')
        .select(['record_id', 'status'])
        .where('id', '=', findingId)
        .executeTakeFirstOrThrow();
      expect(finding).toMatchObject({ record_id: ids.first, status: 'open' });
      expect(await pairOf(ids.first, ids.second)).toMatchObject({ status: 'pending', mergeId: null });
      expect(await orgMemberIds(own.province.id)).toEqual(expect.arrayContaining([ids.first, ids.second]));
      const twice = await call('POST', `/api/duplicate-merges/${mergeId}/undo`);
      expect(twice.statusCode).toBe(422);
    });
  });

  it('"not sure" escalates the pair to the level above, which decides it; the lower level no longer can', async () => {
    const { first, second } = await makeDuplicatePerson(db(), own);
    await detect();
    const pair = (await pairOf(first, second, communeCookie))!;
    const r = await call(
      'POST',
      `/api/duplicates/${pair.id}/escalate`,
      { note: 'Cần cấp trên xem' },
      communeCookie,
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'unsure', escalatedToOrgId: own.province.id });
    const inbox = (await call('GET', '/api/duplicates?escalatedToMe=true&pageSize=200')).json() as {
      items: PairJson[];
    };
    expect(inbox.items.map((p) => p.id)).toContain(pair.id);
    const lower = await call('POST', `/api/duplicates/${pair.id}/different`, {}, communeCookie);
    expect(lower.statusCode).toBe(422);
    const upper = await call('POST', `/api/duplicates/${pair.id}/different`, {});
    expect(upper.statusCode, upper.body).toBe(200);
  });

  it('reconciles the province with an uploaded register extract and writes RECON_* findings', async () => {
    const m = await makeMember(db(), {
      orgId: own.cell2.id,
      fullName: 'Trịnh Văn Đức',
      birthDate: '1968-07-09',
      citizenId: '001068999001',
    });
    const missing = await makeMember(db(), {
      orgId: own.cell2.id,
      fullName: 'Lý Thị Hoa',
      citizenId: '001180999002',
    });
    const csv = 'SO_DINH_DANH,HO_TEN,NGAY_SINH,GIOI_TINH\n001068999001,TRỊNH VĂN ĐỨC,09/07/1969,Nam\n';
    const boundary = '----dup6';
    const upload = await app.inject({
      method: 'POST',
      url: '/api/register-extracts',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dan-cu.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      ),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json()).toMatchObject({ provinceCode: '01', recordCount: 1 });
    const start = await call('POST', '/api/duplicate-runs', { kind: 'reconcile' });
    expect(start.statusCode, start.body).toBe(202);
    await waitForDuplicateRuns(db().db);
    const run = (await call('GET', `/api/duplicate-runs/${(start.json() as { id: number }).id}`)).json() as {
      status: string;
      done: number;
      total: number;
    };
    expect(run.status).toBe('succeeded');
    expect(run.done).toBe(run.total);
    const rows = await db()
      .db.selectFrom('findings')
      .select(['record_id', 'rule', 'suggested'])
      .where('rule', 'like', 'RECON_%')
      .where('record_id', 'in', [m.id, missing.id])
      .orderBy('record_id')
      .execute();
    expect(rows.map((r) => [r.record_id, r.rule])).toEqual([
      [m.id, 'RECON_BIRTH_DATE_MISMATCH'],
      [missing.id, 'RECON_NOT_FOUND'],
    ]);
    // The full re-check reconciles too, to the same findings.
    await db().db.deleteFrom('findings').where('rule', 'like', 'RECON_%').execute();
    await recheckProvince(db().db, '01', { applySafeFixes: false });
    await waitForRechecks(db().db);
    const again = await db()
      .db.selectFrom('findings')
      .select(['record_id', 'rule'])
      .where('rule', 'like', 'RECON_%')
      .where('status', '=', 'open')
      .where('record_id', 'in', [m.id, missing.id])
      .orderBy('record_id')
      .execute();
    expect(again.map((r) => [r.record_id, r.rule])).toEqual([
      [m.id, 'RECON_BIRTH_DATE_MISMATCH'],
      [missing.id, 'RECON_NOT_FOUND'],
    ]);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/register-extracts',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\nA,B\n1,2\r\n--${boundary}--\r\n`,
      ),
    });
    expect(bad.statusCode).toBe(400);
  });
});
