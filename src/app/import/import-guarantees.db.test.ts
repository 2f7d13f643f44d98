import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, expect, inject, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { makeTempDir } from '../../../test/fixtures/import/temp-dir.ts';
import { writeWorkbook } from '../../../test/fixtures/import/write-workbook.ts';
import { openPostgres } from '../../db/client.ts';
import { importDeps, snapshot } from '../../../test/import-helpers.ts';
import { importPackage, type ImportOptions } from './import-package.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const temp = makeTempDir('import-guarantees-');
afterAll(() => temp.remove());

let folders = 0;
function folderWith(files: Record<string, string | Buffer>): string {
  const dir = temp.path(`pkg-${++folders}`);
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(`${dir}/${name}`, data);
  return dir;
}

/** A tiny province 08 package: a province committee, one chi bộ, members given as CSV lines. */
const ORG_CSV =
  'MA_TO_CHUC,TEN_TO_CHUC,MA_TO_CHUC_CHA,LOAI_TO_CHUC,MA_DVHC\nT1,Đảng bộ tỉnh Tuyên Quang,,DBT,08\nT2,Chi bộ Thôn 3,T1,CBCS,08\n';
const memberCsv = (...lines: string[]) =>
  ['MA_DANG_VIEN,HO_TEN,MA_TO_CHUC,NGAY_SINH', ...lines].join('\n') + '\n';

async function importError(options: ImportOptions, handle: Parameters<typeof importDeps>[0]) {
  try {
    await importPackage(importDeps(handle), options);
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected the import to be refused');
}

describeEachDriver('import guarantees', (db, driver) => {
  it('is all or nothing: an error after the rows were written leaves the database as before', async () => {
    const before = await snapshot(db(), '19');
    const error = await importError(
      {
        path: `${SAMPLES}s101-canonical/package`,
        acceptRejectedRows: false,
        onProgress: (p) => {
          if (p.phase === 'merging' && p.done > 0) throw new Error('disk full (simulated)');
        },
      },
      db(),
    );
    expect((error as unknown as Error).message).toContain('disk full');
    expect(await snapshot(db(), '19')).toEqual(before);
    const run = await db()
      .db.selectFrom('import_runs')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', province_code: '19' });
  });

  it('lists rejected rows and changes nothing, then imports the rest when asked', async () => {
    const dir = folderWith({
      'to_chuc.csv': ORG_CSV,
      'dang_vien.csv': memberCsv('DV1,Nguyễn Văn A,T2,01/02/1970', 'DV2,Trần Thị B', 'DV3,Lê Văn C,T2,1980'),
    });
    const before = await snapshot(db(), '08');
    const error = await importError({ path: dir, acceptRejectedRows: false }, db());
    expect(error.code).toBe('IMPORT_REJECTED');
    expect(error.details).toMatchObject({
      reason: 'ROWS_REJECTED',
      rejectedTotal: 1,
      rejectedRows: [{ file: 'dang_vien.csv', rowNumber: 3, reason: 'ROW_TRUNCATED' }],
    });
    expect(await snapshot(db(), '08')).toEqual(before);
    const stored = await db()
      .db.selectFrom('import_rejected_rows')
      .selectAll()
      .where('run_id', '=', error.details.runId as number)
      .execute();
    expect(stored).toEqual([expect.objectContaining({ row_number: 3, reason: 'ROW_TRUNCATED' })]);

    const result = await importPackage(importDeps(db()), { path: dir, acceptRejectedRows: true });
    expect(result.report.totals.members).toMatchObject({
      sourceRows: 3,
      rejected: 1,
      inserted: 2,
      matched: 2,
    });
    expect(result.report.rejectedRows).toEqual([expect.objectContaining({ rowNumber: 3 })]);
    const members = await db()
      .db.selectFrom('members')
      .select(['legacy_id', 'birth_date', 'legacy_raw'])
      .where('province_code', '=', '08')
      .orderBy('legacy_id')
      .execute();
    expect(members).toEqual([
      {
        legacy_id: 'DV1',
        birth_date: '1970-02-01',
        legacy_raw: expect.objectContaining({ NGAY_SINH: '01/02/1970' }) as unknown,
      },
      {
        legacy_id: 'DV3',
        birth_date: '1980',
        legacy_raw: expect.objectContaining({ HO_TEN: 'Lê Văn C' }) as unknown,
      },
    ]);
  });

  it('updates a changed row (source wins, version + 1) and keeps unparseable values raw', async () => {
    const dir = folderWith({
      'to_chuc.csv': ORG_CSV,
      'dang_vien.csv': memberCsv('DV1,Nguyễn Văn A,T2,31/02/1970', 'DV3,Lê Văn C,T2,1980'),
    });
    const result = await importPackage(importDeps(db()), { path: dir, acceptRejectedRows: false });
    expect(result.report.totals.members).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const dv1 = await db()
      .db.selectFrom('members')
      .select(['birth_date', 'version', 'legacy_raw'])
      .where('province_code', '=', '08')
      .where('legacy_id', '=', 'DV1')
      .executeTakeFirstOrThrow();
    expect(dv1).toMatchObject({ birth_date: null, version: 2, legacy_raw: { NGAY_SINH: '31/02/1970' } });
  });

  it('imports members alone against organizations imported before, to the same end state', async () => {
    const orgsOnly = temp.path(`orgs-only-${driver}`);
    mkdirSync(orgsOnly);
    copyFileSync(`${SAMPLES}s303-small/package/to_chuc.csv`, `${orgsOnly}/to_chuc.csv`);
    const membersOnly = `${SAMPLES}s303-small/package/dang_vien.csv`;
    await importPackage(importDeps(db()), { path: orgsOnly, acceptRejectedRows: false });
    const result = await importPackage(importDeps(db()), { path: membersOnly, acceptRejectedRows: false });
    expect(result.provinceCode).toBe('08');
    expect(result.report.totals.members).toMatchObject({ inserted: 300, matched: 300 });
    const after = await snapshot(db(), '08');
    const again = await importPackage(importDeps(db()), {
      path: `${SAMPLES}s303-small/package`,
      acceptRejectedRows: false,
    });
    expect(again.report.totals.members).toMatchObject({ inserted: 0, updated: 0 });
    expect(again.report.totals.organizations).toMatchObject({ inserted: 0, updated: 0 });
    expect(await snapshot(db(), '08')).toEqual(after);
  });

  it('refuses a second import of the same province while one runs', async () => {
    const path = `${SAMPLES}s202-labels/package`;
    const results = await Promise.allSettled([
      importPackage(importDeps(db()), { path, acceptRejectedRows: false }),
      importPackage(importDeps(db()), { path, acceptRejectedRows: false }),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        reason: 'IMPORT_IN_PROGRESS',
        message: expect.stringContaining('Đang có một lần nhập') as unknown,
      },
    });
  });

  it.skipIf(driver !== 'postgres')(
    'refuses an import while another process holds the province (advisory lock)',
    async () => {
      const { rows } = await sql<{ db: string }>`SELECT current_database() AS db`.execute(db().db);
      const other = await openPostgres(inject('postgresAdminUrl').replace(/\/[^/]*$/, `/${rows[0]!.db}`));
      try {
        await other.session(async (s) => {
          await sql`BEGIN`.execute(s.db);
          await sql`SELECT pg_advisory_xact_lock(727100, hashtext('19'))`.execute(s.db);
          const error = await importError(
            { path: `${SAMPLES}s202-labels/package`, acceptRejectedRows: true },
            db(),
          );
          expect(error.details).toMatchObject({ reason: 'IMPORT_IN_PROGRESS' });
          await sql`ROLLBACK`.execute(s.db);
        });
      } finally {
        await other.close();
      }
    },
  );

  it('gives each broken package its clear message and changes nothing', async () => {
    const xlsxFormula = temp.path(`formula-${driver}.xlsx`);
    await writeWorkbook(xlsxFormula, [
      {
        name: 'ToChuc',
        rows: ORG_CSV.trim()
          .split('\n')
          .map((l) => l.split(',')),
      },
      {
        name: 'DangVien',
        rows: [
          ['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC'],
          ['DV9', 'A', { formula: 'B2&"x"', result: 'Ax' }],
        ],
      },
    ]);
    const xlsxMerged = temp.path(`merged-${driver}.xlsx`);
    await writeWorkbook(xlsxMerged, [
      {
        name: 'ToChuc',
        rows: [
          ['MA_TO_CHUC', 'TEN_TO_CHUC', 'MA_TO_CHUC_CHA', 'Địa bàn', null],
          ['T1', 'Đảng bộ tỉnh', '', '08', 'x'],
        ],
        merges: ['D1:E1'],
      },
    ]);
    const cases: Array<[string, string, RegExp]> = [
      [
        folderWith({ 'dang_vien.csv': 'MA_DANG_VIEN\tHO_TEN\tMA_TO_CHUC\nDV1\tA\tT2\n' }),
        'DELIMITER_UNKNOWN',
        /phân cách/,
      ],
      [
        folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': memberCsv('DV1,A,T2,1970', 'DV2,B') }),
        'ROWS_REJECTED',
        /dòng/,
      ],
      [
        folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': 'MA_DANG_VIEN,HO_TEN\nDV1,A\n' }),
        'MISSING_REQUIRED_COLUMNS',
        /MA_TO_CHUC/,
      ],
      [
        folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': memberCsv('DV1,A,T2,', 'DV1,B,T2,') }),
        'ROWS_REJECTED',
        /dòng/,
      ],
      [
        folderWith({ 'to_chuc.csv': iconv.encode(ORG_CSV.replace('Tuyên', 'Tuye\u0302n'), 'windows1258') }),
        'ENCODING_NOT_UTF8',
        /UTF-8/,
      ],
      [folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': '' }), 'PACKAGE_EMPTY', /rỗng/],
      [
        folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': memberCsv(`DV1,${'x'.repeat(40_000)},T2,`) }),
        'ROWS_REJECTED',
        /dòng/,
      ],
      [
        folderWith({ 'to_chuc.csv': ORG_CSV, 'dang_vien.csv': memberCsv('DV1,"A,T2,', 'DV2,B,T2,') }),
        'CSV_MALFORMED',
        /ngoặc kép/,
      ],
      [xlsxFormula, 'ROWS_REJECTED', /dòng/],
      [xlsxMerged, 'XLSX_MERGED_HEADER', /gộp/],
      [folderWith({ 'readme.txt': 'x' }), 'NO_RECOGNIZED_FILES', /Không nhận ra/],
    ];
    const before = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM members) AS n`.execute(db().db);
    const beforeDigest = await snapshot(db(), '08');
    for (const [path, reason, message] of cases) {
      const error = await importError({ path, acceptRejectedRows: false }, db());
      expect({ path, code: error.code, reason: error.details.reason }).toEqual({
        path,
        code: 'IMPORT_REJECTED',
        reason,
      });
      expect(String(error.details.message)).toMatch(message);
    }
    // A corrupt archive: the code for the UI, and the archive library's own words kept beside it for the log.
    const corrupt = temp.path(`corrupt-${driver}.zip`);
    writeFileSync(corrupt, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    const corruptError = await importError({ path: corrupt, acceptRejectedRows: false }, db());
    expect(corruptError.details).toMatchObject({ reason: 'PACKAGE_CORRUPT' });
    expect(String(corruptError.details.detail)).not.toBe('');
    expect(corruptError.details.detail).toBeDefined();
    const after = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM organizations) + (SELECT count(*) FROM members) AS n`.execute(db().db);
    expect(after.rows).toEqual(before.rows);
    expect(await snapshot(db(), '08')).toEqual(beforeDigest);
  });

  it('reads dates of an .xlsx package, serial numbers included', async () => {
    const path = temp.path(`serial-${driver}.xlsx`);
    await writeWorkbook(path, [
      {
        name: 'Tổ chức',
        rows: [
          ['MA_TO_CHUC', 'TEN_TO_CHUC', 'MA_TO_CHUC_CHA', 'LOAI_TO_CHUC', 'MA_DVHC'],
          ['X1', 'Đảng bộ tỉnh Lào Cai', '', 'DBT', '15'],
        ],
      },
      {
        name: 'Đảng viên',
        rows: [
          ['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC', 'NGAY_SINH', 'NGAY_VAO_DANG'],
          ['XV1', 'Nguyễn Văn A', 'X1', new Date(Date.UTC(1972, 10, 7)), 27000],
        ],
        numFmts: { 4: 'dd/mm/yyyy' },
      },
    ]);
    const result = await importPackage(importDeps(db()), { path, acceptRejectedRows: false });
    expect(result.provinceCode).toBe('15');
    const member = await db()
      .db.selectFrom('members')
      .select(['birth_date', 'admission_date'])
      .where('legacy_id', '=', 'XV1')
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ birth_date: '1972-11-07', admission_date: '1973-12-02' });
  });
});
