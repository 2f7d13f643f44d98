import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeAccount, makeProvince } from '../../../test/factories.ts';
import { loginAs } from '../../../test/http.ts';
import { registerImportPackageJob } from '../../jobs/import-package-job.ts';
import { createQueue, type JobQueue } from '../../jobs/queue.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { buildApp } from '../app.ts';

const PACKAGE = join(import.meta.dirname, '../../../../shared/samples/s303-small/package');
const BOUNDARY = '----import-test';

function multipart(files: Array<{ name: string; content: Buffer }>): { payload: Buffer; type: string } {
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    f.content,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]),
    type: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

const samplePackage = () =>
  multipart(
    ['to_chuc.csv', 'dang_vien.csv'].map((name) => ({ name, content: readFileSync(join(PACKAGE, name)) })),
  );

describeEachDriver('import routes', (db) => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let queue: JobQueue;
  let uploadDir: string;
  let national: string;
  let other: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'csdl-uploads-'));
    queue = await createQueue(db(), { pollIntervalMs: 500 });
    registerImportPackageJob(queue, { handle: db(), codes: loadCodeLists(), uploadDir });
    await queue.start();
    app = await buildApp({
      handle: db(),
      logger: false,
      sessionIdleMinutes: 30,
      cookieSecure: false,
      queue,
      uploadDir,
      uploadMaxBytes: 2 * 1024 * 1024,
    });
    national = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: null }));
    const otherProvince = await makeProvince(db(), '31', 'Hải Phòng');
    other = await loginAs(
      app,
      await makeAccount(db(), { roles: [1], scopeOrgId: otherProvince.province.id }),
    );
  });
  afterAll(async () => {
    await app.close();
    await queue.stop();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const upload = (cookie: string | undefined, body = samplePackage()) =>
    app.inject({
      method: 'POST',
      url: '/api/imports/uploads',
      headers: { ...(cookie ? { cookie } : {}), 'content-type': body.type },
      payload: body.payload,
    });
  const call = (cookie: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });

  /** Starts the import of an upload and waits for the job; returns the job as the API shows it. */
  async function runImport(cookie: string, uploadId: string, extra: object = {}) {
    const started = await call(cookie, 'POST', '/api/imports', { uploadId, ...extra });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    await queue.idle();
    const job = await call(cookie, 'GET', `/api/imports/jobs/${jobId}`);
    expect(job.statusCode).toBe(200);
    return job.json<{
      jobId: string;
      status: string;
      result: { runId: number; provinceCode: string; isComplete: boolean } | null;
      error: { message: string } | null;
      done: number;
      phase: string | null;
    }>();
  }

  let runId = 0;
  let jobId = '';
  let ownAdmin = '';
  let ownClerk = '';

  it('walks upload → preview → import job → reconciliation report, during a system-wide write freeze', async () => {
    const freeze = await call(national, 'POST', '/api/maintenance/freezes', {
      provinceCode: null,
      reason: 'Chuyển dữ liệu từ 3.0',
    });
    expect(freeze.statusCode).toBe(201);

    const uploaded = await upload(national);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id: uploadId, files } = uploaded.json<{ id: string; files: Array<{ name: string }> }>();
    expect(files.map((f) => f.name).sort()).toEqual(['dang_vien.csv', 'to_chuc.csv']);

    const preview = await call(national, 'POST', `/api/imports/uploads/${uploadId}/preview`, {});
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json<{
      files: Array<{
        kind: string;
        mapping: { missingRequired: string[]; columns: Array<{ header: string; canonical: string | null }> };
        firstRows: unknown[];
        rowsScanned: number;
      }>;
      columns: Record<string, string[]>;
    }>();
    const members = body.files.find((f) => f.kind === 'members')!;
    expect(members.mapping.missingRequired).toEqual([]);
    expect(members.firstRows.length).toBe(10);
    expect(members.rowsScanned).toBe(300);
    expect(body.columns.members).toContain('HO_TEN');

    // A corrected mapping that drops a required column is shown, not applied.
    const broken = await call(national, 'POST', `/api/imports/uploads/${uploadId}/preview`, {
      mappingOverrides: { members: [{ index: 0, canonical: null }] },
    });
    const brokenMembers = broken.json<typeof body>().files.find((f) => f.kind === 'members')!;
    expect(brokenMembers.mapping.missingRequired).toContain('MA_DANG_VIEN');

    const job = await runImport(national, uploadId, { acceptRejectedRows: true });
    expect(job, JSON.stringify(job.error)).toMatchObject({
      status: 'succeeded',
      result: { provinceCode: '08', isComplete: true },
    });
    runId = job.result!.runId;
    jobId = job.jobId;
    // The run keeps the report and checksums: the uploaded files are removed once the import committed.
    expect(existsSync(join(uploadDir, uploadId))).toBe(false);

    const run = await call(national, 'GET', `/api/imports/runs/${runId}`);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      status: 'succeeded',
      jobId,
      packageName: 'to_chuc.csv + dang_vien.csv',
      report: { isComplete: true, totals: { members: { sourceRows: 300 } } },
    });
    const runs = await call(national, 'GET', '/api/imports/runs');
    expect(runs.json<{ items: Array<{ id: number }> }>().items.map((r) => r.id)).toContain(runId);

    const xlsx = await call(national, 'GET', `/api/imports/runs/${runId}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Tổng hợp')).toBeDefined();
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'import.report.export' AND entity_id = ${String(runId)}`.execute(db().db);
    expect(rows[0]?.n).toBe(1);

    const ended = await call(national, 'GET', '/api/maintenance/freezes');
    for (const f of ended.json<{ items?: Array<{ id: number }> }>().items ?? []) {
      await call(national, 'POST', `/api/maintenance/freezes/${f.id}/end`);
    }
    await sql`UPDATE write_freezes SET ended_at = now() WHERE ended_at IS NULL`.execute(db().db);

    // Accounts of the imported province, for the scope checks below.
    const root = await sql<{ id: number }>`SELECT id FROM organizations
      WHERE province_code = '08' AND parent_id IS NULL`.execute(db().db);
    ownAdmin = await loginAs(app, await makeAccount(db(), { roles: [1], scopeOrgId: root.rows[0]!.id }));
    ownClerk = await loginAs(app, await makeAccount(db(), { roles: [2], scopeOrgId: root.rows[0]!.id }));
  });

  it('answers 401 to every import route without a session', async () => {
    expect((await upload(undefined)).statusCode).toBe(401);
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['POST', `/api/imports/uploads/${uuid}/preview`],
      ['POST', '/api/imports'],
      ['GET', `/api/imports/jobs/${uuid}`],
      ['GET', '/api/imports/runs'],
      ['GET', '/api/imports/runs/1'],
      ['GET', '/api/imports/runs/1/report.xlsx'],
    ] as const) {
      const res = await call(undefined, method, url, method === 'POST' ? { uploadId: uuid } : undefined);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("serves a province's own uploads, jobs and runs (2xx) and hides them from another province (404)", async () => {
    const uploaded = await upload(ownAdmin);
    expect(uploaded.statusCode).toBe(201);
    const uploadId = uploaded.json<{ id: string }>().id;
    expect((await call(ownAdmin, 'POST', `/api/imports/uploads/${uploadId}/preview`, {})).statusCode).toBe(
      200,
    );
    expect((await call(other, 'POST', `/api/imports/uploads/${uploadId}/preview`, {})).statusCode).toBe(404);
    expect((await call(other, 'POST', '/api/imports', { uploadId })).statusCode).toBe(404);

    // The same package again, by the province itself: accepted, and it changes nothing.
    const job = await runImport(ownAdmin, uploadId, { acceptRejectedRows: true });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const again = (await call(ownAdmin, 'GET', `/api/imports/runs/${job.result!.runId}`)).json<{
      report: { totals: { members: { inserted: number; updated: number } } };
    }>();
    expect(again.report.totals.members).toMatchObject({ inserted: 0, updated: 0 });

    expect((await call(other, 'GET', `/api/imports/jobs/${job.jobId}`)).statusCode).toBe(404);
    expect((await call(ownAdmin, 'GET', `/api/imports/jobs/${jobId}`)).statusCode).toBe(200);
    for (const url of [`/api/imports/runs/${runId}`, `/api/imports/runs/${runId}/report.xlsx`]) {
      expect((await call(ownAdmin, 'GET', url)).statusCode, url).toBe(200);
      expect((await call(other, 'GET', url)).statusCode, url).toBe(404);
    }
    const otherRuns = await call(other, 'GET', '/api/imports/runs');
    expect(otherRuns.statusCode).toBe(200);
    expect(otherRuns.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('lets only a system administrator start an import', async () => {
    const uploaded = await upload(ownClerk);
    expect(uploaded.statusCode).toBe(201);
    const res = await call(ownClerk, 'POST', '/api/imports', {
      uploadId: uploaded.json<{ id: string }>().id,
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a file of another kind, three files, or a file over the limit, in Vietnamese', async () => {
    const wrongKind = await upload(
      national,
      multipart([{ name: 'ghi-chu.docx', content: Buffer.from('x') }]),
    );
    expect(wrongKind.statusCode).toBe(400);
    expect(JSON.stringify(wrongKind.json())).toContain('chỉ nhận tệp .zip, .xlsx hoặc .csv');

    const three = await upload(
      national,
      multipart(['a.csv', 'b.csv', 'c.csv'].map((name) => ({ name, content: Buffer.from('MA\n1\n') }))),
    );
    expect(three.statusCode).toBe(400);
    expect(JSON.stringify(three.json())).toContain('hai tệp .csv');

    const huge = await upload(
      national,
      multipart([{ name: 'dang_vien.csv', content: Buffer.alloc(3 * 1024 * 1024, 'a') }]),
    );
    expect(huge.statusCode).toBe(400);
    expect(JSON.stringify(huge.json())).toContain('vượt quá dung lượng cho phép (2 MB)');
    expect((await call(national, 'POST', '/api/imports/uploads/not-a-uuid/preview', {})).statusCode).toBe(
      400,
    );
  });
});
