import ExcelJS from 'exceljs';
import { createHmac, pbkdf2Sync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { winzipCtr } from '../../app/accounts/aes-zip.ts';
import { FORM_COLUMNS } from '../../core/accounts/account-request-form.ts';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeOrganization, makeProvince } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { buildApp } from '../app.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
const STRONG = 'Tram-Nam-Trong-Nguoi-2025';

/** Reads back the one entry of a WinZip AE-2 archive: proves the key schedule, counter mode and MAC. */
function openAesZip(zip: Buffer, password: string): Buffer {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  expect(zip.readUInt16LE(8)).toBe(99);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  const size = zip.readUInt32LE(18);
  const start = 30 + nameLength + extraLength;
  const payload = zip.subarray(start, start + size);
  const salt = payload.subarray(0, 16);
  const derived = pbkdf2Sync(Buffer.from(password), salt, 1000, 66, 'sha1');
  if (!derived.subarray(64).equals(payload.subarray(16, 18))) throw new Error('wrong password');
  const data = payload.subarray(18, payload.length - 10);
  const mac = createHmac('sha1', derived.subarray(32, 64)).update(data).digest().subarray(0, 10);
  expect(mac.equals(payload.subarray(payload.length - 10))).toBe(true);
  return inflateRawSync(winzipCtr(derived.subarray(0, 32), data));
}

describeEachDriver('accounts: delegated administration, authentication, Phụ lục 01', (db) => {
  let app: App;
  let clock = new Date('2025-12-10T08:00:00Z');
  let hn: Awaited<ReturnType<typeof makeProvince>>;
  let tq: Awaited<ReturnType<typeof makeProvince>>;
  let provinceAdmin: { id: number; username: string; password: string };
  let adminCookie: string;
  let nationalCookie: string;

  const call = (
    cookie: string | undefined,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
  ) => app.inject({ method, url, ...(payload ? { payload } : {}), headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    app = await buildApp({
      handle: db(),
      logger: false,
      sessionIdleMinutes: 30,
      cookieSecure: false,
      now: () => clock,
    });
    hn = await makeProvince(db(), '01', 'Hà Nội');
    tq = await makeProvince(db(), '08', 'Tuyên Quang');
    provinceAdmin = await makeAccount(db(), { roles: [1, 2], scopeOrgId: hn.province.id });
    adminCookie = await loginAs(app, provinceAdmin);
    const national = await makeAccount(db(), { roles: [1, 2, 3, 4, 5], scopeOrgId: null });
    nationalCookie = await loginAs(app, national);
  });
  afterAll(() => app.close());

  describe('escalation attempts are refused', () => {
    it('refuses granting a right the administrator lacks', async () => {
      const r = await call(adminCookie, 'POST', '/api/accounts', {
        fullName: 'Lê Văn Thẻ',
        roles: [4],
        scopeOrgId: hn.commune.id,
        delivery: 'password',
      });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({
        error: { code: 'FORBIDDEN_ACTION', details: { reason: 'ROLE_NOT_HELD' } },
      });
    });

    it('refuses creating an account outside the scope (as not found)', async () => {
      const r = await call(adminCookie, 'POST', '/api/accounts', {
        fullName: 'Lê Văn Ngoài',
        roles: [2],
        scopeOrgId: tq.commune.id,
        delivery: 'password',
      });
      expect(r.statusCode).toBe(404);
      const national = await call(adminCookie, 'POST', '/api/accounts', {
        fullName: 'Lê Văn Toàn Quốc',
        roles: [2],
        scopeOrgId: null,
        delivery: 'password',
      });
      expect(national.statusCode).toBe(404);
    });

    it('refuses changing one’s own scope or rights', async () => {
      const r = await call(adminCookie, 'POST', `/api/accounts/${provinceAdmin.id}/access`, {
        scopeOrgId: hn.commune.id,
      });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ error: { details: { reason: 'OWN_ACCOUNT' } } });
    });

    it('refuses creating a peer administrator at one’s own level, and managing one', async () => {
      const r = await call(adminCookie, 'POST', '/api/accounts', {
        fullName: 'Phạm Văn Ngang',
        roles: [1],
        scopeOrgId: hn.province.id,
        delivery: 'password',
      });
      expect(r.json()).toMatchObject({ error: { details: { reason: 'ADMIN_AT_OWN_LEVEL' } } });
      const peer = await makeAccount(db(), { roles: [1], scopeOrgId: hn.province.id });
      const d = await call(adminCookie, 'POST', `/api/accounts/${peer.id}/deactivate`);
      expect(d.statusCode).toBe(403);
    });

    it('refuses moving an account out of the scope, or granting a right through a change of access', async () => {
      const staff = await makeAccount(db(), { roles: [2], scopeOrgId: hn.cell.id });
      const out = await call(adminCookie, 'POST', `/api/accounts/${staff.id}/access`, {
        scopeOrgId: tq.cell.id,
      });
      expect(out.statusCode).toBe(404);
      const grant = await call(adminCookie, 'POST', `/api/accounts/${staff.id}/access`, { roles: [2, 5] });
      expect(grant.json()).toMatchObject({ error: { details: { reason: 'ROLE_NOT_HELD' } } });
      const ok = await call(adminCookie, 'POST', `/api/accounts/${staff.id}/access`, {
        scopeOrgId: hn.cell2.id,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ scopeOrgId: hn.cell2.id });
    });

    it('lets the centre create a province administrator, and that administrator a commune one', async () => {
      const r = await call(nationalCookie, 'POST', '/api/accounts', {
        fullName: 'Trần Thị Tỉnh',
        roles: [1, 2],
        scopeOrgId: tq.province.id,
        delivery: 'password',
      });
      expect(r.statusCode).toBe(201);
      const created = r.json() as {
        account: { totpRequired: boolean; mustChangePassword: boolean };
        credential: { initialPassword: string };
      };
      expect(created.account).toMatchObject({ totpRequired: true, mustChangePassword: true });
      expect(created.credential.initialPassword).toMatch(/^[A-Za-z0-9]{14}$/);
      // No clear password is stored anywhere.
      const row = await db()
        .db.selectFrom('accounts')
        .selectAll()
        .where('username', '=', (r.json() as { account: { username: string } }).account.username)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(created.credential.initialPassword);
      const audits = await db()
        .db.selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'account.%')
        .execute();
      expect(audits.map((a) => a.action)).toContain('account.create');
    });
  });

  describe('first sign-in, password policy and two-factor', () => {
    let username: string;
    let password: string;
    let cookie: string;
    let secret: string;
    let recoveryCodes: string[];

    it('forces a temporary password to be changed before anything else', async () => {
      const r = await call(adminCookie, 'POST', '/api/accounts', {
        fullName: 'Nguyễn Thị Xã',
        roles: [1, 2],
        scopeOrgId: hn.commune.id,
        delivery: 'password',
      });
      expect(r.statusCode).toBe(201);
      const body = r.json() as { account: { username: string }; credential: { initialPassword: string } };
      username = body.account.username;
      expect(username).toMatch(/^xant\d*$/);
      password = body.credential.initialPassword;
      cookie = await loginAs(app, { username, password });
      const me = await call(cookie, 'GET', '/api/auth/me');
      expect(me.json()).toMatchObject({ pendingStep: 'PASSWORD_CHANGE_REQUIRED' });
      const blocked = await call(cookie, 'GET', '/api/organizations/roots');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json()).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });

      for (const weak of ['ngan', 'matkhau123456', `${username}Abc123!`, 'abcdefghijkl']) {
        const w = await call(cookie, 'POST', '/api/auth/password', {
          currentPassword: password,
          newPassword: weak,
        });
        expect(w.statusCode, weak).toBe(400);
        expect(w.json()).toMatchObject({
          error: {
            code: 'VALIDATION_FAILED',
            details: {
              issues: expect.arrayContaining([expect.objectContaining({ path: 'newPassword' })]) as unknown,
            },
          },
        });
      }
      const ok = await call(cookie, 'POST', '/api/auth/password', {
        currentPassword: password,
        newPassword: STRONG,
      });
      expect(ok.statusCode).toBe(204);
      password = STRONG;
    });

    it('then requires an administrator to enrol two-factor, with a code from the app', async () => {
      const blocked = await call(cookie, 'GET', '/api/organizations/roots');
      expect(blocked.json()).toMatchObject({ error: { code: 'TOTP_ENROLLMENT_REQUIRED' } });
      const setup = await call(cookie, 'POST', '/api/auth/totp/setup');
      ({ secret } = setup.json() as { secret: string });
      expect((setup.json() as { otpauthUri: string }).otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const wrong = await call(cookie, 'POST', '/api/auth/totp/enable', { secret, code: '000000', password });
      expect(wrong.statusCode).toBe(400);
      const code = authenticator.clone({ epoch: clock.getTime() }).generate(secret);
      const on = await call(cookie, 'POST', '/api/auth/totp/enable', { secret, code, password });
      expect(on.statusCode).toBe(200);
      ({ recoveryCodes } = on.json() as { recoveryCodes: string[] });
      expect(recoveryCodes).toHaveLength(10);
      const row = await db()
        .db.selectFrom('accounts')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret_enc).not.toContain(secret);
      expect(row.recovery_code_hashes).not.toContain(recoveryCodes[0]);
      expect((await call(cookie, 'GET', '/api/organizations/roots')).statusCode).toBe(200);
      const me = await call(cookie, 'GET', '/api/auth/me');
      expect(JSON.stringify(me.json())).not.toContain(secret);
    });

    it('asks for the code at sign-in, refuses a replayed code and accepts a recovery code once', async () => {
      const noCode = await call(undefined, 'POST', '/api/auth/login', { username, password });
      expect(noCode.json()).toMatchObject({ error: { code: 'TOTP_REQUIRED' } });
      clock = new Date(clock.getTime() + 90_000);
      const code = authenticator.clone({ epoch: clock.getTime() }).generate(secret);
      const ok = await call(undefined, 'POST', '/api/auth/login', { username, password, totpCode: code });
      expect(ok.statusCode).toBe(200);
      const replay = await call(undefined, 'POST', '/api/auth/login', { username, password, totpCode: code });
      expect(replay.json()).toMatchObject({ error: { code: 'INVALID_TOTP' } });
      const stale = authenticator.clone({ epoch: clock.getTime() - 10 * 60_000 }).generate(secret);
      expect(
        (await call(undefined, 'POST', '/api/auth/login', { username, password, totpCode: stale }))
          .statusCode,
      ).toBe(401);
      const recovery = recoveryCodes[0]!;
      const r1 = await call(undefined, 'POST', '/api/auth/login', {
        username,
        password,
        recoveryCode: recovery,
      });
      expect(r1.statusCode).toBe(200);
      const r2 = await call(undefined, 'POST', '/api/auth/login', {
        username,
        password,
        recoveryCode: recovery,
      });
      expect(r2.json()).toMatchObject({ error: { code: 'INVALID_TOTP' } });
    });

    it('keeps two-factor on for administrators', async () => {
      const code = authenticator.clone({ epoch: clock.getTime() + 30_000 }).generate(secret);
      clock = new Date(clock.getTime() + 30_000);
      const cookieNow = await loginAs(app, { username, password: `${password}` }).catch(() => '');
      expect(cookieNow).toBe(''); // needs the code
      const fresh = await call(undefined, 'POST', '/api/auth/login', { username, password, totpCode: code });
      const sid = fresh.cookies.find((c) => c.name === 'sid')!.value;
      clock = new Date(clock.getTime() + 30_000);
      const off = await call(`sid=${sid}`, 'POST', '/api/auth/totp/disable', {
        password,
        code: authenticator.clone({ epoch: clock.getTime() }).generate(secret),
      });
      expect(off.json()).toMatchObject({
        error: { code: 'INVALID_OPERATION', details: { reason: 'TOTP_MANDATORY' } },
      });
    });
  });

  describe('lockout and rate limiting', () => {
    it('locks an account after five failures, audits it, and lets it in after the lock ends', async () => {
      const victim = await makeAccount(db(), { roles: [2], scopeOrgId: hn.cell.id });
      const attempt = (password: string, ip = '10.0.0.7') =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: victim.username, password },
          remoteAddress: ip,
        });
      for (let i = 0; i < 5; i++) expect((await attempt('sai-mat-khau')).statusCode).toBe(401);
      const locked = await attempt(victim.password);
      expect(locked.statusCode).toBe(423);
      expect(locked.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
      const audit = await db()
        .db.selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', String(victim.id))
        .execute();
      expect(audit.map((a) => a.action)).toContain('account.locked');
      clock = new Date(clock.getTime() + 16 * 60_000);
      expect((await attempt(victim.password)).statusCode).toBe(200);
    });

    it('slows down one address that keeps failing, whatever the usernames', async () => {
      const ip = '10.9.9.9';
      for (let i = 0; i < 20; i++) {
        const r = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `khong_co_${i}`, password: 'x' },
          remoteAddress: ip,
        });
        expect(r.statusCode).toBe(401);
      }
      const limited = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: provinceAdmin.username, password: provinceAdmin.password },
        remoteAddress: ip,
      });
      expect(limited.statusCode).toBe(429);
      const elsewhere = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: provinceAdmin.username, password: provinceAdmin.password },
        remoteAddress: '10.1.1.1',
      });
      expect(elsewhere.statusCode).toBe(200);
    });
  });

  describe('sessions and credentials', () => {
    it('lists one’s sessions and revokes another one', async () => {
      const person = await makeAccount(db(), { roles: [2], scopeOrgId: hn.cell.id });
      const first = await loginAs(app, person);
      const second = await loginAs(app, person);
      const list = (await call(first, 'GET', '/api/auth/sessions')).json() as {
        items: Array<{ id: number; current: boolean }>;
      };
      expect(list.items).toHaveLength(2);
      const other = list.items.find((s) => !s.current)!;
      expect((await call(first, 'DELETE', `/api/auth/sessions/${other.id}`)).statusCode).toBe(204);
      expect((await call(second, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await call(first, 'GET', '/api/auth/me')).statusCode).toBe(200);
      // Someone else's session is not found.
      const stranger = await loginAs(app, provinceAdmin);
      const mine = (await call(first, 'GET', '/api/auth/sessions')).json() as {
        items: Array<{ id: number }>;
      };
      expect((await call(stranger, 'DELETE', `/api/auth/sessions/${mine.items[0]!.id}`)).statusCode).toBe(
        404,
      );
    });

    it('ends sessions at their absolute expiry however active', async () => {
      const person = await makeAccount(db(), { roles: [2], scopeOrgId: hn.cell.id });
      const cookie = await loginAs(app, person);
      await db()
        .db.updateTable('sessions')
        .set({ absolute_expires_at: new Date(Date.now() - 1000) })
        .where('account_id', '=', person.id)
        .execute();
      expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
    });

    it('resets with a one-time activation link, sealed for the unit, and deactivation signs out', async () => {
      const person = await makeAccount(db(), { roles: [2], scopeOrgId: hn.cell.id });
      const personCookie = await loginAs(app, person);
      const r = await call(adminCookie, 'POST', `/api/accounts/${person.id}/reset-password`, {
        delivery: 'activation',
        sealPassword: 'niem-phong-2025',
      });
      expect(r.statusCode).toBe(200);
      const body = r.json() as {
        credential: { activationUrl: string; activationPath: string };
        sealed: { base64: string };
      };
      expect((await call(personCookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
      const token = body.credential.activationPath.split('#')[1]!;
      const xlsx = openAesZip(Buffer.from(body.sealed.base64, 'base64'), 'niem-phong-2025');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      expect(JSON.stringify(wb.worksheets[0]!.getRow(2).values)).toContain(token);
      expect(() => openAesZip(Buffer.from(body.sealed.base64, 'base64'), 'sai')).toThrow();

      const activated = await call(undefined, 'POST', '/api/auth/activate', { token, newPassword: STRONG });
      expect(activated.statusCode).toBe(200);
      expect(
        (await call(undefined, 'POST', '/api/auth/activate', { token, newPassword: STRONG })).json(),
      ).toMatchObject({ error: { code: 'INVALID_TOKEN' } });
      const cookie = await loginAs(app, { username: person.username, password: STRONG });
      expect((await call(cookie, 'GET', '/api/auth/me')).json()).toMatchObject({ pendingStep: null });

      expect((await call(adminCookie, 'POST', `/api/accounts/${person.id}/deactivate`)).statusCode).toBe(200);
      expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
      expect((await call(adminCookie, 'POST', `/api/accounts/${person.id}/reactivate`)).json()).toMatchObject(
        { isActive: true },
      );
      const actions = await db()
        .db.selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', String(person.id))
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'account.reset_password',
          'account.activated',
          'account.deactivate',
          'account.reactivate',
        ]),
      );
    });
  });

  describe('Phụ lục 01: template, upload, approval', () => {
    it('serves the template with exactly the plan’s columns, lists and instructions', async () => {
      const r = await call(adminCookie, 'GET', '/api/account-requests/template');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const form = wb.getWorksheet('Phụ lục 01')!;
      expect(form.getRow(4).values).toEqual([undefined, ...FORM_COLUMNS.map((c) => c.header)]);
      expect(form.getCell('B5').dataValidation).toMatchObject({ type: 'list' });
      expect(form.getCell('J5').dataValidation).toMatchObject({ type: 'list' });
      expect(wb.getWorksheet('Hướng dẫn')).toBeDefined();
      expect(wb.getWorksheet('DanhMuc')!.state).toBe('veryHidden');
      // A province account's list holds its province only.
      expect(wb.getWorksheet('DanhMuc')!.getCell('A2').value).toBe('Thành phố Hà Nội');
      expect(wb.getWorksheet('DanhMuc')!.getCell('A3').value).toBeNull();
    });

    it('turns valid rows into requests, reports the bad ones, and approves in bulk', async () => {
      const sameName = await makeOrganization(db(), {
        parentId: hn.commune.id,
        type: 'CBTT',
        name: 'Chi bộ Trùng Tên',
      });
      await makeOrganization(db(), { parentId: hn.province.id, type: 'DBX', name: 'Chi bộ Trùng Tên' });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Phụ lục 01');
      ws.addRow(['BIỂU MẪU ĐỀ NGHỊ CẤP TÀI KHOẢN']);
      ws.addRow(
        FORM_COLUMNS.map((c) =>
          c.key === 'fullName' ? 'Họ và tên (Theo thông tin của người yêu cầu)' : c.header,
        ),
      );
      const cellName = (
        await db()
          .db.selectFrom('organizations')
          .select('name')
          .where('id', '=', hn.cell.id)
          .executeTakeFirstOrThrow()
      ).name;
      ws.addRow([
        1,
        'Hà Nội',
        'Phường Ba Đình',
        'nguyễn  văn  an',
        '05/03/1985',
        '001085012345',
        '0912345678',
        'Chuyên viên',
        cellName.toUpperCase(),
        '2, 3',
      ]);
      ws.addRow([
        2,
        'Thành phố Hà Nội',
        '',
        'Trần Thị Bình',
        '12/11/1990',
        '001190123456',
        '',
        'Phó Trưởng ban',
        cellName,
        'Quản trị hệ thống, Nhập liệu',
      ]);
      ws.addRow([
        3,
        'Hà Nội',
        '',
        'Lê Văn 3',
        '31/02/1980',
        '00108501234',
        '12345',
        '',
        'Không Có Đơn Vị',
        '7',
      ]);
      ws.addRow([
        4,
        'Hà Giang',
        '',
        'Phạm Văn Cường',
        '01/01/1985',
        '001090012345',
        '0912345679',
        '',
        'Chi bộ Trùng Tên',
        '2',
      ]);
      ws.addRow([
        5,
        'Hà Nội',
        '',
        'Phạm Văn Dũng',
        '01/01/1985',
        '001085099999',
        '',
        '',
        'Chi bộ Trùng Tên',
        '2',
      ]);
      ws.addRow([
        6,
        'Hà Nội',
        '',
        'Phạm Văn Dũng',
        '01/01/1985',
        '001085099999',
        '',
        '',
        `Chi bộ Trùng Tên (mã ${sameName.id})`,
        '2',
      ]);
      const file = Buffer.from(await wb.xlsx.writeBuffer());
      const boundary = '----csdl';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="phu-luc-01.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const r = await app.inject({
        method: 'POST',
        url: '/api/account-requests/upload',
        payload: body,
        headers: { cookie: adminCookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(r.statusCode).toBe(201);
      const result = r.json() as {
        requestCount: number;
        errors: Array<{ row: number; column: string; message: string }>;
        requests: Array<{
          id: number;
          fullName: string;
          roles: number[];
          orgId: number;
          phone: string | null;
        }>;
      };
      expect(result.requests.map((q) => q.fullName).sort()).toEqual([
        'Nguyễn Văn An',
        'Phạm Văn Dũng',
        'Trần Thị Bình',
      ]);
      const an = result.requests.find((q) => q.fullName === 'Nguyễn Văn An')!;
      expect(an).toMatchObject({ roles: [2, 3], orgId: hn.cell.id, phone: '0912345678' });
      const byRow = (row: number) =>
        result.errors.filter((e) => e.row === row).map((e) => `${e.column}: ${e.message}`);
      expect(byRow(5).join('\n')).toMatch(/Họ và tên.*chữ số/);
      expect(byRow(5).join('\n')).toMatch(/Ngày sinh/);
      expect(byRow(5).join('\n')).toMatch(/Số CCCD/);
      expect(byRow(5).join('\n')).toMatch(/Số điện thoại/);
      expect(byRow(5).join('\n')).toMatch(/Quyền/);
      expect(byRow(6).join('\n')).toMatch(/Tỉnh\/thành phố.*Hà Giang/);
      expect(byRow(6).join('\n')).toMatch(/năm sinh 1985/);
      expect(byRow(7).join('\n')).toMatch(/Có 2 tổ chức tên "Chi bộ Trùng Tên".*mã/);
      expect(byRow(8)).toEqual([]);

      // Bình asks for administration at a chi bộ below the province: this administrator may approve it.
      // Rights it lacks (3) cannot be approved here: refused with the reason, the rest go through.
      const inbox = (await call(adminCookie, 'GET', '/api/account-requests?status=pending')).json() as {
        items: Array<{ id: number; canApprove: boolean; fullName: string }>;
      };
      expect(inbox.items.find((i) => i.id === an.id)).toMatchObject({ canApprove: false });
      const ids = result.requests.map((q) => q.id);
      const approve = await call(adminCookie, 'POST', '/api/account-requests/approve', {
        ids,
        delivery: 'password',
      });
      expect(approve.statusCode).toBe(200);
      const outcome = approve.json() as {
        approved: Array<{ requestId: number; username: string; initialPassword: string }>;
        refused: Array<{ requestId: number; reason: string }>;
      };
      expect(outcome.refused).toEqual([
        expect.objectContaining({ requestId: an.id, reason: 'ROLE_NOT_HELD' }),
      ]);
      expect(outcome.approved).toHaveLength(2);
      const national = await call(nationalCookie, 'POST', '/api/account-requests/approve', {
        ids: [an.id],
        delivery: 'activation',
      });
      expect((national.json() as { approved: unknown[] }).approved).toHaveLength(1);
      const again = await call(nationalCookie, 'POST', '/api/account-requests/approve', {
        ids: [an.id],
        delivery: 'activation',
      });
      expect((again.json() as { refused: Array<{ reason: string }> }).refused[0]!.reason).toBe(
        'REQUEST_DECIDED',
      );

      // The new account sees its own chi bộ only.
      const dung = outcome.approved.find((a) => a.username.startsWith('dungpv'))!;
      const cookie = await loginAs(app, { username: dung.username, password: dung.initialPassword });
      await call(cookie, 'POST', '/api/auth/password', {
        currentPassword: dung.initialPassword,
        newPassword: STRONG,
      });
      const roots = (await call(cookie, 'GET', '/api/organizations/roots')).json() as {
        items: Array<{ id: number }>;
      };
      expect(roots.items.map((o) => o.id)).toEqual([sameName.id]);

      // Another province's administrator does not see these requests.
      const tqAdmin = await makeAccount(db(), { roles: [1, 2], scopeOrgId: tq.province.id });
      const tqCookie = await loginAs(app, tqAdmin);
      expect(
        (
          await call(tqCookie, 'POST', '/api/account-requests/reject', {
            ids: [ids[0]!],
            reason: 'Không đúng',
          })
        ).statusCode,
      ).toBe(404);
      const batches = (await call(adminCookie, 'GET', '/api/account-requests/batches')).json() as {
        items: Array<{ rowErrors: unknown[] }>;
      };
      expect(batches.items[0]!.rowErrors.length).toBe(result.errors.length);
    });
  });
});
