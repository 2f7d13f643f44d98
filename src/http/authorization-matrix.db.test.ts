import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FORM_COLUMNS } from '../core/accounts/account-request-form.ts';
import { attachmentDir } from '../app/problem-reports/problem-report-operations.ts';
import { insertAccountRequest, insertBatch } from '../db/repos/account-requests.ts';
import { getOpenCampaign, insertCampaign } from '../db/repos/campaign.ts';
import { insertAttachment, insertProblemReport, listAttachments } from '../db/repos/problem-reports.ts';
import { describeEachDriver } from '../../test/db.ts';
import { makeAccount, makeMember, makeOrganization, makeProvince } from '../../test/factories.ts';
import { buildTestApp, loginAs, type TestApp } from '../../test/http.ts';
import type { DbHandle } from '../db/client.ts';

/**
 * The authorization matrix: EVERY API route, called anonymously and by an account of each role (1–5)
 * on a record of its own province (in scope) and of another province (out of scope), must answer as
 * declared here. A route without an entry fails the test: add one line to MATRIX.
 *
 * Expected outcomes:  anonymous → 401 (public routes: not 401) · a role not in `allow` → 403 ·
 * an allowed role, out of scope → 404 (or `outOfScope`) · an allowed role, in scope → 2xx (or `ok`).
 */
type Side = 'own' | 'other';
type Fixture = { own: Province; other: Province; handle: DbHandle; app: TestApp; requesterId: number };
type Province = Awaited<ReturnType<typeof makeProvince>>;
interface Caller {
  role: number | null;
  cookie: string | undefined;
  username: string;
  password: string;
}
interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object | Buffer;
  headers?: Record<string, string>;
}
interface Entry {
  allow: 'public' | 'signedIn' | readonly number[];
  /** The request names a record (an id, a body field) that lies in the own or the other province. */
  scoped: boolean;
  request: (f: Fixture, side: Side, caller: Caller) => Promise<Req> | Req;
  /** Statuses of an allowed in-scope call; default any 2xx. Always excludes 401/403/404 unless listed. */
  ok?: readonly number[];
  outOfScope?: number;
  /** A fresh caller for each call: the route ends or changes the caller's own session or credentials. */
  fresh?: true;
}

const ALL = [1, 2, 3, 4, 5] as const;
const WRITE = [1, 2] as const; // org.write / member.write
const ADMIN = [1] as const; // account.manage, system administration
const STRONG = 'Tram-Nam-Trong-Nguoi-2025';

const get = (url: string): Req => ({ method: 'GET', url });
const post = (url: string, payload: object = {}): Req => ({ method: 'POST', url, payload });
const p = (f: Fixture, side: Side) => f[side];

let seq = 0;
const freshCell = (f: Fixture, side: Side) =>
  makeOrganization(f.handle, {
    parentId: p(f, side).commune.id,
    type: 'CBTT',
    name: `Chi bộ Ma trận ${++seq}`,
  });
const staffAccount = async (f: Fixture, side: Side) =>
  makeAccount(f.handle, { roles: [1], scopeOrgId: (await freshCell(f, side)).id });

async function finding(f: Fixture, side: Side): Promise<number> {
  const prov = p(f, side);
  const member = await makeMember(f.handle, { orgId: prov.cell.id, phone: '12345' });
  const row = await f.handle.db
    .insertInto('findings')
    .values({
      province_code: prov.province.provinceCode,
      record_type: 'member',
      record_id: member.id,
      org_id: prov.cell.id,
      rule: 'PHONE_FORMAT',
      rule_group: 'ID',
      severity: 'error',
      undo: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function pendingRequest(f: Fixture, side: Side): Promise<number> {
  const requestedBy = f.requesterId;
  const prov = p(f, side);
  const batchId = await insertBatch(f.handle.db, {
    fileName: 'm.xlsx',
    uploadedBy: requestedBy,
    scopeOrgId: null,
    rowCount: 1,
    requestCount: 1,
    rowErrors: [],
  });
  return insertAccountRequest(f.handle.db, {
    batchId,
    rowNumber: 5,
    raw: {},
    fullName: `Cán Bộ Ma Trận ${++seq}`,
    birthDate: '1985-03-05',
    citizenId: `0010850${String(10000 + seq).slice(-5)}`,
    phone: null,
    position: null,
    unitName: 'x',
    adminProvinceCode: prov.province.provinceCode,
    adminCommuneCode: null,
    orgId: prov.commune.id,
    provinceCode: prov.province.provinceCode,
    roles: [1],
    requestedBy,
  });
}

async function formUpload(): Promise<Req> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Phụ lục 01').addRow(FORM_COLUMNS.map((c) => c.header));
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----matrix';
  return {
    method: 'POST',
    url: '/api/account-requests/upload',
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.xlsx"\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function csvUpload(url: string): Req {
  const boundary = '----matrix';
  return {
    method: 'POST',
    url,
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\nho_ten\r\n\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// campaign and problem reports (src/http/routes/campaign.ts, problem-reports.ts)
const CAMPAIGN_INPUT = {
  name: 'Chiến dịch làm sạch dữ liệu (ma trận)',
  startsOn: '2025-12-10',
  endsOn: '2025-12-30',
  referenceDate: '2025-12-31',
  freezeAt: null,
  ruleSettingsId: null,
  excludedRootIds: [],
};

/** The open campaign the unit routes need. Only a national administrator opens one: no caller here can. */
async function openCampaign(f: Fixture) {
  return (
    (await getOpenCampaign(f.handle.db)) ?? (await insertCampaign(f.handle.db, CAMPAIGN_INPUT, f.requesterId))
  );
}

/** A problem report filed by a cell of the province, optionally with one attachment on disk. */
async function problemReport(f: Fixture, side: Side, withAttachment = false) {
  const prov = p(f, side);
  const id = await insertProblemReport(f.handle.db, {
    campaignId: null,
    orgId: prov.cell.id,
    provinceCode: prov.province.provinceCode,
    category: 'data',
    title: `Vướng mắc ma trận ${++seq}`,
    body: 'Hồ sơ gốc ghi hai ngày vào Đảng khác nhau.',
    actorId: f.requesterId,
    actorName: 'Cán bộ ma trận',
  });
  if (!withAttachment) return { id, attachmentId: 0 };
  const bytes = Buffer.from('biên bản');
  const storageName = randomUUID();
  // The app keeps attachments under its data directory (a temporary one in tests: buildApp's dataDir).
  const dir = attachmentDir(f.app.dataDir, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, storageName), bytes);
  await insertAttachment(f.handle.db, {
    reportId: id,
    fileName: 'bien-ban.txt',
    contentType: 'text/plain',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    storageName,
    actorId: f.requesterId,
  });
  const [attachment] = await listAttachments(f.handle.db, id);
  return { id, attachmentId: attachment!.id };
}

// imports (src/http/routes/imports.ts): uploads are kept per province; the test app's queue never runs jobs.
const SAMPLE_PACKAGE = join(import.meta.dirname, '../../../shared/samples/s303-small/package');
const importFixtures = new Map<string, { uploader?: string; jobId?: string; runId?: number }>();
const importFixture = (f: Fixture, side: Side) => {
  const key = `${f.handle.driver}:${side}`;
  if (!importFixtures.has(key)) importFixtures.set(key, {});
  return importFixtures.get(key)!;
};

function packageUpload(): Req {
  const boundary = '----matrix-import';
  const parts = ['to_chuc.csv', 'dang_vien.csv'].flatMap((name) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    readFileSync(join(SAMPLE_PACKAGE, name)),
    Buffer.from('\r\n'),
  ]);
  return {
    method: 'POST',
    url: '/api/imports/uploads',
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A package uploaded by an administrator of the province (an upload belongs to its uploader's province). */
async function importUpload(f: Fixture, side: Side): Promise<string> {
  const state = importFixture(f, side);
  state.uploader ??= await loginAs(
    f.app,
    await makeAccount(f.handle, { roles: [1], scopeOrgId: p(f, side).province.id }),
  );
  const req = packageUpload();
  const r = await f.app.inject({
    method: req.method,
    url: req.url,
    payload: req.payload as Buffer,
    headers: { ...req.headers, cookie: state.uploader },
  });
  if (r.statusCode !== 201) throw new Error(`upload failed: ${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}

/** The (never started) import job of the province: one at a time per province, so reused once queued. */
async function importJob(f: Fixture, side: Side): Promise<string> {
  const state = importFixture(f, side);
  const province = p(f, side).province.provinceCode;
  const { rows } = await sql<{ id: string }>`SELECT id FROM jobs WHERE singleton_key = ${province}
    AND state = 'created'`.execute(f.handle.db);
  if (rows[0]) return (state.jobId = rows[0].id);
  const uploadId = await importUpload(f, side);
  const r = await f.app.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { uploadId },
    headers: { cookie: state.uploader! },
  });
  if (r.statusCode !== 202) throw new Error(`import failed: ${r.statusCode} ${r.body}`);
  return (state.jobId = (r.json() as { jobId: string }).jobId);
}

/** A finished import run of the province with its (empty) reconciliation report. */
async function importRun(f: Fixture, side: Side): Promise<number> {
  const state = importFixture(f, side);
  if (state.runId) return state.runId;
  const provinceCode = p(f, side).province.provinceCode;
  const kind = { sourceRows: 0, rejected: 0, accepted: 0, inserted: 0, updated: 0, unchanged: 0, matched: 0 };
  const { rows } = await sql<{
    id: number;
  }>`INSERT INTO import_runs (province_code, package_name, package_shape,
      status, finished_at)
    VALUES (${provinceCode}, 'goi-ma-tran.zip', 'csv', 'succeeded', now()) RETURNING id`.execute(f.handle.db);
  const runId = Number(rows[0]!.id);
  const report = {
    runId,
    provinceCode,
    packageName: 'goi-ma-tran.zip',
    generatedAt: new Date().toISOString(),
    files: [],
    totals: { organizations: { ...kind, targetTotal: 0 }, members: { ...kind, targetTotal: 0 } },
    checksums: { organizations: { rows: 0, sha256Sum: '' }, members: { rows: 0, sha256Sum: '' } },
    perOrganization: [],
    rejectedRows: [],
    rejectedTotal: 0,
    reattachedOrganizations: [],
    isComplete: true,
  };
  await sql`UPDATE import_runs SET report = ${JSON.stringify(report)}::jsonb WHERE id = ${runId}`.execute(
    f.handle.db,
  );
  return (state.runId = runId);
}

const MATRIX: Record<string, Entry> = {
  // system, code lists
  'GET /api/health': { allow: 'public', scoped: false, request: () => get('/api/health') },
  'GET /api/code-lists/provinces': {
    allow: 'signedIn',
    scoped: false,
    request: () => get('/api/code-lists/provinces'),
  },
  'GET /api/code-lists/communes': {
    allow: 'signedIn',
    scoped: false,
    request: () => get('/api/code-lists/communes?provinceCode=01'),
  },
  'GET /api/code-lists/ethnicities': {
    allow: 'signedIn',
    scoped: false,
    request: () => get('/api/code-lists/ethnicities'),
  },
  'GET /api/code-lists/religions': {
    allow: 'signedIn',
    scoped: false,
    request: () => get('/api/code-lists/religions'),
  },
  // auth
  'POST /api/auth/login': {
    allow: 'public',
    scoped: false,
    fresh: true,
    request: (_f, _s, c) => post('/api/auth/login', { username: c.username, password: c.password }),
  },
  'POST /api/auth/activate': {
    allow: 'public',
    scoped: false,
    ok: [400],
    request: () => post('/api/auth/activate', { token: 'x'.repeat(43), newPassword: STRONG }),
  },
  'POST /api/auth/logout': {
    allow: 'signedIn',
    scoped: false,
    fresh: true,
    request: () => post('/api/auth/logout'),
  },
  'GET /api/auth/me': { allow: 'signedIn', scoped: false, request: () => get('/api/auth/me') },
  'POST /api/auth/password': {
    allow: 'signedIn',
    scoped: false,
    fresh: true,
    request: (_f, _s, c) => post('/api/auth/password', { currentPassword: c.password, newPassword: STRONG }),
  },
  'POST /api/auth/totp/setup': {
    allow: 'signedIn',
    scoped: false,
    request: () => post('/api/auth/totp/setup'),
  },
  'POST /api/auth/totp/enable': {
    allow: 'signedIn',
    scoped: false,
    fresh: true,
    request: (_f, _s, c) => {
      const secret = authenticator.generateSecret(20);
      return post('/api/auth/totp/enable', {
        secret,
        code: authenticator.generate(secret),
        password: c.password,
      });
    },
  },
  'POST /api/auth/totp/disable': {
    allow: 'signedIn',
    scoped: false,
    ok: [422],
    request: (_f, _s, c) => post('/api/auth/totp/disable', { password: c.password, code: '123456' }),
  },
  'POST /api/auth/totp/recovery-codes': {
    allow: 'signedIn',
    scoped: false,
    ok: [422],
    request: (_f, _s, c) => post('/api/auth/totp/recovery-codes', { password: c.password, code: '123456' }),
  },
  'GET /api/auth/sessions': { allow: 'signedIn', scoped: false, request: () => get('/api/auth/sessions') },
  'DELETE /api/auth/sessions/:id': {
    allow: 'signedIn',
    scoped: false,
    fresh: true,
    request: async (f, _s, c) => {
      const list = await f.app.inject({
        method: 'GET',
        url: '/api/auth/sessions',
        headers: c.cookie ? { cookie: c.cookie } : {},
      });
      const id = list.statusCode === 200 ? (list.json() as { items: Array<{ id: number }> }).items[0]!.id : 1;
      return { method: 'DELETE', url: `/api/auth/sessions/${id}` };
    },
  },
  // organizations and members
  'GET /api/organizations/roots': {
    allow: ALL,
    scoped: false,
    request: () => get('/api/organizations/roots'),
  },
  'GET /api/organizations/search': {
    allow: ALL,
    scoped: false,
    request: () => get('/api/organizations/search?q=chi'),
  },
  'GET /api/organizations/:id': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).cell.id}`),
  },
  'GET /api/organizations/:id/children': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).commune.id}/children`),
  },
  'GET /api/organizations/:id/members': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).cell.id}/members`),
  },
  'POST /api/organizations': {
    allow: WRITE,
    scoped: true,
    request: (f, s) =>
      post('/api/organizations', { parentId: p(f, s).commune.id, name: `Chi bộ Mới ${++seq}`, type: 'CBTT' }),
  },
  'POST /api/organizations/:id/rename': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) =>
      post(`/api/organizations/${(await freshCell(f, s)).id}/rename`, {
        name: `Chi bộ Đổi ${++seq}`,
        version: 1,
      }),
  },
  'POST /api/organizations/:id/move': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) =>
      post(`/api/organizations/${(await freshCell(f, s)).id}/move`, {
        parentId: p(f, s).commune.id,
        version: 1,
      }),
  },
  'POST /api/organizations/:id/dissolve': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) =>
      post(`/api/organizations/${(await freshCell(f, s)).id}/dissolve`, { version: 1 }),
  },
  'GET /api/members/:id': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/members/${p(f, s).members[0]!.id}`),
  },
  'POST /api/members': {
    allow: WRITE,
    scoped: true,
    request: (f, s) => post('/api/members', { orgId: p(f, s).cell2.id, fullName: 'Phạm Văn Bình' }),
  },
  'PATCH /api/members/:id': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) => {
      const m = p(f, s).members[2]!;
      const row = await f.handle.db
        .selectFrom('members')
        .select('version')
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      return {
        method: 'PATCH',
        url: `/api/members/${m.id}`,
        payload: { version: row.version, changes: { phone: '0912345678' } },
      };
    },
  },
  // findings and quality (src/http/routes/findings.ts)
  'GET /api/organizations/:id/findings': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).cell.id}/findings`),
  },
  'GET /api/organizations/:id/findings/counts': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).cell.id}/findings/counts`),
  },
  'GET /api/organizations/:id/own-findings': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/organizations/${p(f, s).cell.id}/own-findings`),
  },
  'GET /api/members/:id/findings': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/members/${p(f, s).members[0]!.id}/findings`),
  },
  'POST /api/findings/:id/accept': {
    allow: WRITE,
    scoped: true,
    ok: [200, 409, 422],
    request: async (f, s) => post(`/api/findings/${await finding(f, s)}/accept`),
  },
  'POST /api/findings/:id/dismiss': {
    allow: WRITE,
    scoped: true,
    ok: [200, 409, 422],
    request: async (f, s) =>
      post(`/api/findings/${await finding(f, s)}/dismiss`, { reason: 'Đã kiểm tra, đúng' }),
  },
  'POST /api/findings/:id/undo': {
    allow: WRITE,
    scoped: true,
    ok: [200, 409, 422],
    request: async (f, s) => post(`/api/findings/${await finding(f, s)}/undo`),
  },
  'POST /api/organizations/:id/findings/bulk-accept/preview': {
    allow: WRITE,
    scoped: true,
    request: (f, s) =>
      post(`/api/organizations/${p(f, s).cell.id}/findings/bulk-accept/preview`, { rule: 'PHONE_FORMAT' }),
  },
  'POST /api/organizations/:id/findings/bulk-accept': {
    allow: WRITE,
    scoped: true,
    ok: [200, 422],
    request: (f, s) =>
      post(`/api/organizations/${p(f, s).cell.id}/findings/bulk-accept`, { rule: 'PHONE_FORMAT' }),
  },
  // An unknown batch: authorization is checked before the lookup, so allowed roles get 404, others 403.
  'POST /api/findings/bulk-accept/:batchId/undo': {
    allow: WRITE,
    scoped: false,
    ok: [404],
    request: () => post('/api/findings/bulk-accept/5b0c5d4e-1111-4a2b-9c3d-000000000001/undo'),
  },
  'POST /api/quality/rechecks': {
    allow: WRITE,
    scoped: true,
    ok: [202],
    request: (f, s) => post('/api/quality/rechecks', { orgId: p(f, s).cell.id }),
  },
  'GET /api/quality/rechecks/:id': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      const run = await f.handle.db
        .insertInto('quality_runs')
        .values({ province_code: p(f, s).province.provinceCode })
        .returning('id')
        .executeTakeFirstOrThrow();
      return get(`/api/quality/rechecks/${run.id}`);
    },
  },
  'GET /api/quality/catalogue': { allow: ALL, scoped: false, request: () => get('/api/quality/catalogue') },
  'GET /api/quality/settings': { allow: ALL, scoped: false, request: () => get('/api/quality/settings') },
  'PUT /api/quality/settings': {
    allow: ADMIN,
    scoped: false,
    request: async (f, _s, c) => {
      const now = await f.app.inject({
        method: 'GET',
        url: '/api/quality/settings',
        headers: c.cookie ? { cookie: c.cookie } : {},
      });
      const cur =
        now.statusCode === 200
          ? (now.json() as { referenceDate: string; version: number })
          : { referenceDate: '2025-12-31', version: 0 };
      return {
        method: 'PUT',
        url: '/api/quality/settings',
        payload: {
          referenceDate: cur.referenceDate,
          disabledRules: [],
          severityOverrides: {},
          version: cur.version,
        },
      };
    },
  },
  // maintenance (write freezes): a province administrator acts on its own province only (403 elsewhere).
  'GET /api/maintenance/freezes': {
    allow: 'signedIn',
    scoped: false,
    request: () => get('/api/maintenance/freezes'),
  },
  'POST /api/maintenance/freezes': {
    allow: ADMIN,
    scoped: true,
    outOfScope: 403,
    // Scheduled far ahead, so it never freezes the writes of the other cases.
    request: (f, s) =>
      post('/api/maintenance/freezes', {
        provinceCode: p(f, s).province.provinceCode,
        startsAt: '2099-01-01T00:00:00Z',
        endsAt: '2099-01-02T00:00:00Z',
        reason: 'Ma trận phân quyền',
      }),
  },
  'POST /api/maintenance/freezes/:id/end': {
    allow: ADMIN,
    scoped: true,
    outOfScope: 403,
    request: async (f, s) => {
      const row = await f.handle.db
        .insertInto('write_freezes')
        .values({
          province_code: p(f, s).province.provinceCode,
          starts_at: '2099-01-01T00:00:00Z',
          reason: 'Ma trận',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return post(`/api/maintenance/freezes/${row.id}/end`);
    },
  },
  // duplicates and register reconciliation (src/http/routes/duplicates.ts). Pairs come from a detection run;
  // with no pair in the fixture, decisions on an unknown id show that authorization runs first (403 before 404).
  'GET /api/duplicates': { allow: ALL, scoped: false, request: () => get('/api/duplicates') },
  'GET /api/duplicates/counts': { allow: ALL, scoped: false, request: () => get('/api/duplicates/counts') },
  'GET /api/duplicates/:id': {
    allow: ALL,
    scoped: false,
    ok: [404],
    request: () => get('/api/duplicates/999999'),
  },
  'POST /api/duplicates/:id/merge': {
    allow: WRITE,
    scoped: false,
    ok: [404],
    request: () => post('/api/duplicates/999999/merge', { versionA: 1, versionB: 1 }),
  },
  'POST /api/duplicates/:id/different': {
    allow: WRITE,
    scoped: false,
    ok: [404],
    request: () => post('/api/duplicates/999999/different', {}),
  },
  'POST /api/duplicates/:id/escalate': {
    allow: WRITE,
    scoped: false,
    ok: [404],
    request: () => post('/api/duplicates/999999/escalate', {}),
  },
  'POST /api/duplicate-merges/:id/undo': {
    allow: WRITE,
    scoped: false,
    ok: [404],
    request: () => post('/api/duplicate-merges/999999/undo'),
  },
  'GET /api/members/:id/merges': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/members/${p(f, s).members[0]!.id}/merges`),
  },
  'POST /api/duplicate-runs': {
    allow: WRITE,
    scoped: false,
    ok: [202],
    request: () => post('/api/duplicate-runs', { kind: 'detect' }),
  },
  'GET /api/duplicate-runs': { allow: ALL, scoped: false, request: () => get('/api/duplicate-runs') },
  'GET /api/duplicate-runs/:id': {
    allow: ALL,
    scoped: false,
    ok: [404],
    request: () => get('/api/duplicate-runs/999999'),
  },
  'POST /api/register-extracts': {
    allow: WRITE,
    scoped: false,
    ok: [201, 400, 422],
    request: () => csvUpload('/api/register-extracts'),
  },
  'GET /api/register-extracts': { allow: ALL, scoped: false, request: () => get('/api/register-extracts') },
  // campaign (src/http/routes/campaign.ts). Campaign settings belong to NATIONAL system administrators: every
  // caller here has a province scope, so even role 1 is refused (403 NATIONAL_ONLY). Unit statuses and
  // responsibility need org.write; the callers' province scope is "above" each unit, so start is allowed.
  'GET /api/campaigns': { allow: ALL, scoped: false, request: () => get('/api/campaigns') },
  'GET /api/campaigns/current': {
    allow: ALL,
    scoped: false,
    request: async (f) => {
      await openCampaign(f);
      return get('/api/campaigns/current');
    },
  },
  'POST /api/campaigns': {
    allow: [],
    scoped: false,
    request: () => post('/api/campaigns', { ...CAMPAIGN_INPUT, name: 'Chiến dịch thứ hai' }),
  },
  'PUT /api/campaigns/:id': {
    allow: [],
    scoped: false,
    request: async (f) => {
      const campaign = await openCampaign(f);
      return {
        method: 'PUT',
        url: `/api/campaigns/${campaign.id}`,
        payload: { ...CAMPAIGN_INPUT, version: campaign.version },
      };
    },
  },
  'POST /api/campaigns/:id/close': {
    allow: [],
    scoped: false,
    request: async (f) => {
      const campaign = await openCampaign(f);
      return post(`/api/campaigns/${campaign.id}/close`, { version: campaign.version });
    },
  },
  'GET /api/campaign/units/:orgId': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return get(`/api/campaign/units/${p(f, s).cell.id}`);
    },
  },
  'POST /api/campaign/units/:orgId/actions': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return post(`/api/campaign/units/${(await freshCell(f, s)).id}/actions`, {
        part: 'organization',
        action: 'start',
        version: 0,
      });
    },
  },
  'PUT /api/campaign/units/:orgId/responsibility': {
    allow: WRITE,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return {
        method: 'PUT',
        url: `/api/campaign/units/${(await freshCell(f, s)).id}/responsibility`,
        payload: {
          personName: 'Nguyễn Văn Trách',
          position: 'Bí thư chi bộ',
          contact: '0912345678',
          version: 0,
        },
      };
    },
  },
  // A batch read: organizations outside the caller's scope are left out of the answer (tree-statuses.db.test.ts).
  'GET /api/campaign/tree-statuses': {
    allow: ALL,
    scoped: false,
    request: async (f, s) => {
      await openCampaign(f);
      return get(`/api/campaign/tree-statuses?orgIds=${p(f, s).province.id},${p(f, s).cell.id}`);
    },
  },
  'GET /api/campaign/units/:orgId/assignable-accounts': {
    allow: ALL,
    scoped: true,
    request: (f, s) => get(`/api/campaign/units/${p(f, s).cell.id}/assignable-accounts`),
  },
  'GET /api/campaign/progress': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return get(`/api/campaign/progress?orgId=${p(f, s).province.id}`);
    },
  },
  'GET /api/campaign/burndown': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return get(`/api/campaign/burndown?orgId=${p(f, s).commune.id}`);
    },
  },
  'GET /api/campaign/notifications': {
    allow: ALL,
    scoped: false,
    request: () => get('/api/campaign/notifications'),
  },
  'GET /api/campaign/report.pdf': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      await openCampaign(f);
      return get(`/api/campaign/report.pdf?orgId=${p(f, s).commune.id}`);
    },
  },
  'GET /api/campaign/exports/:kind': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      await finding(f, s);
      return get(`/api/campaign/exports/members-with-errors?orgId=${p(f, s).commune.id}`);
    },
  },
  // problem reports (src/http/routes/problem-reports.ts): anyone who sees the filing unit may file, read, reply.
  'GET /api/problem-reports': { allow: ALL, scoped: false, request: () => get('/api/problem-reports') },
  'POST /api/problem-reports': {
    allow: ALL,
    scoped: true,
    ok: [201],
    request: (f, s) =>
      post('/api/problem-reports', {
        orgId: p(f, s).cell.id,
        category: 'technical',
        title: 'Không lưu được ngày vào Đảng',
        body: 'Hệ thống báo lỗi khi lưu ngày vào Đảng của đảng viên.',
      }),
  },
  'GET /api/problem-reports/:id': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => get(`/api/problem-reports/${(await problemReport(f, s)).id}`),
  },
  'POST /api/problem-reports/:id/actions': {
    allow: ALL,
    scoped: true,
    request: async (f, s) =>
      post(`/api/problem-reports/${(await problemReport(f, s)).id}/actions`, {
        action: 'reply',
        body: 'Đề nghị đối chiếu lý lịch gốc.',
        version: 1,
      }),
  },
  'POST /api/problem-reports/:id/attachments': {
    allow: ALL,
    scoped: true,
    ok: [201],
    request: async (f, s) => {
      const boundary = '----matrix-attachment';
      return {
        method: 'POST',
        url: `/api/problem-reports/${(await problemReport(f, s)).id}/attachments`,
        payload: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bien-ban.txt"\r\nContent-Type: text/plain\r\n\r\nBiên bản họp chi bộ\r\n--${boundary}--\r\n`,
        ),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    },
  },
  'GET /api/problem-reports/:id/attachments/:attachmentId': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => {
      const report = await problemReport(f, s, true);
      return get(`/api/problem-reports/${report.id}/attachments/${report.attachmentId}`);
    },
  },
  // imports (src/http/routes/imports.ts). An upload, a job and a run belong to a province; a province account
  // sees only its own. Uploading needs member.write; starting an import is role 1's task (Phụ lục 01).
  'POST /api/imports/uploads': { allow: WRITE, scoped: false, ok: [201], request: () => packageUpload() },
  'POST /api/imports/uploads/:uploadId/preview': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => post(`/api/imports/uploads/${await importUpload(f, s)}/preview`, {}),
  },
  'POST /api/imports': {
    allow: ADMIN,
    scoped: true,
    ok: [202],
    request: async (f, s) => post('/api/imports', { uploadId: await importUpload(f, s) }),
  },
  'GET /api/imports/jobs/:jobId': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => get(`/api/imports/jobs/${await importJob(f, s)}`),
  },
  'GET /api/imports/runs': { allow: ALL, scoped: false, request: () => get('/api/imports/runs') },
  'GET /api/imports/runs/:id': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => get(`/api/imports/runs/${await importRun(f, s)}`),
  },
  'GET /api/imports/runs/:id/report.xlsx': {
    allow: ALL,
    scoped: true,
    request: async (f, s) => get(`/api/imports/runs/${await importRun(f, s)}/report.xlsx`),
  },
  // accounts and Phụ lục 01 requests (src/http/routes/accounts.ts)
  'GET /api/accounts': { allow: ADMIN, scoped: false, request: () => get('/api/accounts') },
  'GET /api/accounts/:id': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) => get(`/api/accounts/${(await staffAccount(f, s)).id}`),
  },
  'POST /api/accounts': {
    allow: ADMIN,
    scoped: true,
    request: (f, s) =>
      post('/api/accounts', {
        fullName: 'Cán Bộ Mới',
        roles: [1],
        scopeOrgId: p(f, s).commune.id,
        delivery: 'password',
      }),
  },
  'POST /api/accounts/:id/deactivate': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) => post(`/api/accounts/${(await staffAccount(f, s)).id}/deactivate`),
  },
  'POST /api/accounts/:id/reactivate': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) => post(`/api/accounts/${(await staffAccount(f, s)).id}/reactivate`),
  },
  'POST /api/accounts/:id/reset-password': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) =>
      post(`/api/accounts/${(await staffAccount(f, s)).id}/reset-password`, { delivery: 'activation' }),
  },
  'POST /api/accounts/:id/access': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) =>
      post(`/api/accounts/${(await staffAccount(f, s)).id}/access`, { scopeOrgId: p(f, s).cell2.id }),
  },
  'GET /api/account-requests/template': {
    allow: ADMIN,
    scoped: false,
    request: () => get('/api/account-requests/template'),
  },
  'POST /api/account-requests/upload': { allow: ADMIN, scoped: false, request: () => formUpload() },
  'GET /api/account-requests': { allow: ADMIN, scoped: false, request: () => get('/api/account-requests') },
  'GET /api/account-requests/batches': {
    allow: ADMIN,
    scoped: false,
    request: () => get('/api/account-requests/batches'),
  },
  'POST /api/account-requests/approve': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) =>
      post('/api/account-requests/approve', { ids: [await pendingRequest(f, s)], delivery: 'activation' }),
  },
  'POST /api/account-requests/reject': {
    allow: ADMIN,
    scoped: true,
    request: async (f, s) =>
      post('/api/account-requests/reject', {
        ids: [await pendingRequest(f, s)],
        reason: 'Không đúng biểu mẫu',
      }),
  },
};

describeEachDriver('authorization matrix', (db) => {
  let fixture: Fixture;
  const callers = new Map<number, Caller>();

  beforeAll(async () => {
    const app = await buildTestApp(db());
    await app.ready();
    const requester = await makeAccount(db(), { roles: [1, 2, 3, 4, 5], scopeOrgId: null });
    fixture = {
      own: await makeProvince(db(), '01', 'Hà Nội'),
      other: await makeProvince(db(), '79', 'Hồ Chí Minh'),
      handle: db(),
      app,
      requesterId: requester.id,
    };
    for (const role of ALL) callers.set(role, await newCaller(role));
  });
  afterAll(() => fixture?.app.close());

  async function newCaller(role: number): Promise<Caller> {
    const account = await makeAccount(db(), { roles: [role], scopeOrgId: fixture.own.province.id });
    return {
      role,
      cookie: await loginAs(fixture.app, account),
      username: account.username,
      password: account.password,
    };
  }

  async function run(entry: Entry, side: Side, caller: Caller) {
    const req = await entry.request(fixture, side, caller);
    const headers = { ...(req.headers ?? {}), ...(caller.cookie ? { cookie: caller.cookie } : {}) };
    const r = await fixture.app.inject({
      method: req.method,
      url: req.url,
      headers,
      ...(req.payload ? { payload: req.payload } : {}),
    });
    return { status: r.statusCode, body: r.body.slice(0, 300), url: req.url };
  }

  it('has an entry for every registered API route, and no stale entry', () => {
    const registered = fixture.app.registeredRoutes.map((r) => `${r.method} ${r.url}`);
    const missing = registered.filter((key) => !(key in MATRIX));
    expect(missing, 'routes without an entry in MATRIX (add one line each)').toEqual([]);
    expect(
      Object.keys(MATRIX).filter((key) => !registered.includes(key)),
      'entries without a route',
    ).toEqual([]);
  });

  it('answers every route as declared, for anonymous, each role, in and out of scope', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(MATRIX)) {
      if (!fixture.app.registeredRoutes.some((r) => `${r.method} ${r.url}` === key)) continue;
      const anonymous = await run(entry, 'own', {
        role: null,
        cookie: undefined,
        username: 'khach',
        password: 'x',
      });
      // A public route may still refuse bad credentials (401 INVALID_CREDENTIALS), never for want of a session.
      const refusedForSession = anonymous.status === 401 && anonymous.body.includes('"UNAUTHENTICATED"');
      if (entry.allow === 'public' ? refusedForSession : !refusedForSession)
        failures.push(`${key} anonymous → ${anonymous.status} ${anonymous.body}`);
      if (entry.allow === 'public' && entry.request.length < 3) continue;
      for (const role of ALL) {
        const caller = entry.fresh ? await newCaller(role) : callers.get(role)!;
        const allowed = entry.allow === 'public' || entry.allow === 'signedIn' || entry.allow.includes(role);
        const own = await run(entry, 'own', caller);
        const expectOk = (s: number) => (entry.ok ? entry.ok.includes(s) : s >= 200 && s < 300);
        if (allowed && !expectOk(own.status))
          failures.push(`${key} role ${role} in scope → ${own.status} ${own.body}`);
        if (!allowed && own.status !== 403)
          failures.push(`${key} role ${role} (not allowed) → ${own.status} ${own.body}`);
        if (entry.scoped && allowed) {
          const other = await run(entry, 'other', entry.fresh ? await newCaller(role) : caller);
          const expected = entry.outOfScope ?? 404;
          if (other.status !== expected)
            failures.push(
              `${key} role ${role} out of scope → ${other.status} (want ${expected}) ${other.body}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
