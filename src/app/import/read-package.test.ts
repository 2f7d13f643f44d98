import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { PackageFileKind } from '../../core/import/column-mapping.ts';
import type { RejectedRow } from '../../core/import/package-read-error.ts';
import type { PackageRow } from '../../core/import/package-row.ts';
import { checksumRow } from '../../core/import/row-checksum.ts';
import { makeTempDir } from '../../../test/fixtures/import/temp-dir.ts';
import { writeWorkbook } from '../../../test/fixtures/import/write-workbook.ts';
import { writeZip } from '../../../test/fixtures/import/write-zip.ts';
import { openPackage, type Package, type ReadRowsOptions } from './read-package.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const sample = (name: string): string => `${SAMPLES}${name}/package`;
const temp = makeTempDir();
afterAll(() => temp.remove());

async function readAll(
  pkg: Package,
  kind: PackageFileKind,
  options?: ReadRowsOptions,
): Promise<{ rows: PackageRow[]; rejected: RejectedRow[] }> {
  const rows: PackageRow[] = [];
  const rejected: RejectedRow[] = [];
  for await (const item of pkg.rows(kind, pkg.proposeMapping(kind), options)) {
    if (item.type === 'row') rows.push(item);
    else rejected.push(item);
  }
  return { rows, rejected };
}

/** A folder holding the given files, under the test's temp dir. */
let folderCount = 0;
function folderWith(files: Record<string, string | Buffer>): string {
  const dir = temp.path(`pkg-${++folderCount}`);
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(`${dir}/${name}`, data);
  return dir;
}

const ORG_CSV = 'MA_TO_CHUC,TEN_TO_CHUC,MA_TO_CHUC_CHA\nTC1,Đảng bộ tỉnh,\nTC2,Chi bộ Thôn 3,TC1\n';
const memberCsv = (...lines: string[]): string =>
  ['MA_DANG_VIEN,HO_TEN,MA_TO_CHUC', ...lines].join('\n') + '\n';

async function readError(
  promise: Promise<unknown>,
): Promise<{ code: string; messageVi: string; details: object }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; messageVi: string; details: object };
  }
  throw new Error('expected a PackageReadError');
}

describe('openPackage on the sample packages', () => {
  it.each([
    ['s101-canonical', 211, 3000],
    ['s202-labels', 206, 3000],
    ['s303-small', 44, 300],
  ])('reads %s fully: %i organizations and %i members', async (name, organizations, members) => {
    const pkg = await openPackage(sample(name));
    expect(pkg.shape).toBe('folder');
    expect(pkg.files.map((f) => [f.kind, f.name])).toEqual([
      ['organizations', 'to_chuc.csv'],
      ['members', 'dang_vien.csv'],
    ]);
    const orgs = await readAll(pkg, 'organizations');
    const mems = await readAll(pkg, 'members');
    expect(orgs.rejected).toEqual([]);
    expect(mems.rejected).toEqual([]);
    expect(orgs.rows).toHaveLength(organizations);
    expect(mems.rows).toHaveLength(members);
    expect(mems.rows[0]!.rowNumber).toBe(2);
    expect(mems.rows.at(-1)!.rowNumber).toBe(members + 1);
    expect(pkg.files[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads s202: label headers, semicolons, CRLF, BOM, and keeps "Ghi chú" in extra', async () => {
    const pkg = await openPackage(sample('s202-labels'));
    const members = pkg.files.find((f) => f.kind === 'members')!;
    expect(members.headers[0]).toBe('Mã ĐV'); // BOM stripped
    const { rows } = await readAll(pkg, 'members');
    const first = rows[0]!;
    expect(first.values).toMatchObject({
      MA_DANG_VIEN: 'DV00284550',
      HO_TEN: 'Vũ Thị Anh',
      THUONG_TRU: 'Thôn 8, Xã Yên Bình, Tỉnh Thái Nguyên',
      MA_TO_CHUC: 'TC0003005',
      SO_CCCD: '006162685766',
    });
    expect(Object.keys(first.extra)).toEqual(['Ghi chú']);
    expect(rows.some((r) => Object.values(r.values).some((v) => v?.includes('\r')))).toBe(false);
  });
});

describe('other package shapes', () => {
  it('reads the same package from a .zip (entries inside a folder) with the same rows and checksums', async () => {
    const zipPath = temp.path('s303.zip');
    writeZip(zipPath, [
      { name: 's303/to_chuc.csv', data: readFileSync(`${sample('s303-small')}/to_chuc.csv`) },
      { name: 's303/DANG_VIEN.CSV', data: readFileSync(`${sample('s303-small')}/dang_vien.csv`) },
      { name: '__MACOSX/s303/._dang_vien.csv', data: 'junk' },
    ]);
    const fromZip = await openPackage(zipPath);
    const fromFolder = await openPackage(sample('s303-small'));
    expect(fromZip.shape).toBe('zip');
    expect(fromZip.files.map((f) => f.sha256)).toEqual(fromFolder.files.map((f) => f.sha256));
    const zipRows = await readAll(fromZip, 'members');
    const folderRows = await readAll(fromFolder, 'members');
    expect(zipRows.rows.map((r) => r.values)).toEqual(folderRows.rows.map((r) => r.values));
    expect(zipRows.rows[0]!.file).toBe('s303/DANG_VIEN.CSV');
  });

  it('leaves no work behind when an .xlsx read stops early (the archive is closed with the iterator)', async () => {
    const xlsxPath = temp.path('early-stop.xlsx');
    const csvRows = (file: string): string[][] => parse(readFileSync(`${sample('s303-small')}/${file}`));
    await writeWorkbook(xlsxPath, [
      { name: 'Tổ chức', rows: csvRows('to_chuc.csv') },
      { name: 'Đảng viên', rows: csvRows('dang_vien.csv') },
    ]);
    // ExcelJS's own archive walk spooled worksheets stored before the shared strings to temp files and went on
    // with them after the caller stopped; the reader must neither spool nor leave open files.
    const spoolDir = temp.path('spool');
    mkdirSync(spoolDir);
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = spoolDir;
    const openFiles = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'FSReqCallback' || r === 'FileHandle').length;
    const before = openFiles();
    try {
      const pkg = await openPackage(xlsxPath);
      for await (const item of pkg.rows('members', pkg.proposeMapping('members'))) {
        expect(item.type).toBe('row');
        break;
      }
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.env.TMPDIR = savedTmpdir;
    }
    expect(readdirSync(spoolDir)).toEqual([]);
    // A close still in flight settles at once; a file left open would stay.
    await expect.poll(openFiles, { timeout: 5_000 }).toBe(before);
  }, 30_000);

  // Also the regression test for ExcelJS splitting a Vietnamese letter across chunks (see read-xlsx.ts):
  // without the fix, a member of s303 reads "T\ufffd\ufffd\ufffdnh Lạng Sơn".
  it('reads the same package from an .xlsx with sheets "Tổ chức" and "Đảng viên"', async () => {
    const xlsxPath = temp.path('s303.xlsx');
    const csvRows = (file: string): string[][] => parse(readFileSync(`${sample('s303-small')}/${file}`));
    await writeWorkbook(xlsxPath, [
      { name: 'Tổ chức', rows: csvRows('to_chuc.csv') },
      { name: 'Đảng viên', rows: csvRows('dang_vien.csv') },
    ]);
    const pkg = await openPackage(xlsxPath);
    expect(pkg.shape).toBe('xlsx');
    expect(pkg.files.map((f) => [f.kind, f.name])).toEqual([
      ['organizations', 'Tổ chức'],
      ['members', 'Đảng viên'],
    ]);
    const folder = await openPackage(sample('s303-small'));
    for (const kind of ['organizations', 'members'] as const) {
      const fromXlsx = await readAll(pkg, kind);
      const fromCsv = await readAll(folder, kind);
      expect(fromXlsx.rejected).toEqual([]);
      expect(fromXlsx.rows.map((r) => r.rowNumber)).toEqual(fromCsv.rows.map((r) => r.rowNumber));
      expect(fromXlsx.rows.map(checksumRow)).toEqual(fromCsv.rows.map(checksumRow));
    }
  });

  it('reads a members CSV alone, and a CSV whose name says nothing by its header', async () => {
    const alone = await openPackage(`${sample('s303-small')}/dang_vien.csv`);
    expect(alone.files.map((f) => f.kind)).toEqual(['members']);
    expect(() => alone.proposeMapping('organizations')).toThrowError(
      expect.objectContaining({ code: 'FILE_NOT_IN_PACKAGE' }),
    );
    const path = temp.path('export.csv');
    writeFileSync(path, ORG_CSV);
    const inferred = await openPackage(path);
    expect(inferred.files.map((f) => f.kind)).toEqual(['organizations']);
    expect((await readAll(inferred, 'organizations')).rows).toHaveLength(2);
  });

  it('keeps a multi-line quoted cell in one row and numbers rows as a spreadsheet does', async () => {
    const dir = folderWith({
      'dang_vien.csv': memberCsv('DV1,"Nguyễn\r\nVăn A",TC1', '', 'DV2,"Trần ""B""",TC1'),
    });
    const { rows } = await readAll(await openPackage(dir), 'members');
    expect(rows.map((r) => [r.rowNumber, r.values.HO_TEN])).toEqual([
      [2, 'Nguyễn\r\nVăn A'],
      [4, 'Trần "B"'],
    ]);
  });
});

describe('broken packages give clear errors', () => {
  it('refuses a tab-separated file', async () => {
    const dir = folderWith({ 'dang_vien.csv': 'MA_DANG_VIEN\tHO_TEN\tMA_TO_CHUC\nDV1\tA\tTC1\n' });
    const error = await readError(openPackage(dir));
    expect(error).toMatchObject({ code: 'DELIMITER_UNKNOWN' });
    expect(error.messageVi).toContain('ký tự tab');
  });

  it('rejects a truncated row and reads the others', async () => {
    const dir = folderWith({ 'dang_vien.csv': memberCsv('DV1,A,TC1', 'DV2,B', 'DV3,C,TC1') });
    const { rows, rejected } = await readAll(await openPackage(dir), 'members');
    expect(rows.map((r) => r.values.MA_DANG_VIEN)).toEqual(['DV1', 'DV3']);
    expect(rejected).toEqual([
      expect.objectContaining({ file: 'dang_vien.csv', rowNumber: 3, reason: 'ROW_TRUNCATED' }),
    ]);
  });

  it('refuses to read rows when a required column is missing', async () => {
    const dir = folderWith({ 'dang_vien.csv': 'MA_DANG_VIEN,HO_TEN\nDV1,A\n' });
    const pkg = await openPackage(dir);
    const mapping = pkg.proposeMapping('members');
    expect(mapping.missingRequired).toEqual(['MA_TO_CHUC']);
    expect(() => pkg.rows('members', mapping)).toThrowError(
      expect.objectContaining({
        code: 'MISSING_REQUIRED_COLUMNS',
        messageVi: expect.stringContaining('MA_TO_CHUC') as string,
      }),
    );
  });

  it('passes duplicate legacy ids through for the quality rules, or rejects them when asked', async () => {
    const dir = folderWith({ 'dang_vien.csv': memberCsv('DV1,A,TC1', 'DV2,B,TC1', 'DV1,C,TC1') });
    const pkg = await openPackage(dir);
    expect((await readAll(pkg, 'members')).rows).toHaveLength(3);
    const { rows, rejected } = await readAll(pkg, 'members', { rejectDuplicateIds: true });
    expect(rows).toHaveLength(2);
    expect(rejected).toEqual([
      expect.objectContaining({
        rowNumber: 4,
        reason: 'DUPLICATE_LEGACY_ID',
        messageVi: 'Mã DV1 bị trùng với dòng 2.',
      }),
    ]);
  });

  it('refuses Windows-1258 bytes before reading any row, and decodes them only when told to', async () => {
    // Windows-1258 writes most Vietnamese letters as a base letter plus a combining tone mark.
    const text = memberCsv(
      'DV1,Nguy\u00ea\u0303n V\u0103n Ha\u0309i,TC1',
      'DV2,Tr\u00e2\u0300n Thi\u0323 Thu\u0309y,TC1',
    );
    const dir = folderWith({ 'dang_vien.csv': iconv.encode(text, 'windows1258') });
    const error = await readError(openPackage(dir));
    expect(error).toMatchObject({ code: 'ENCODING_NOT_UTF8', details: { file: 'dang_vien.csv', line: 2 } });
    expect(error.messageVi).toContain('UTF-8');
    const pkg = await openPackage(dir, { encoding: 'windows-1258' });
    const { rows } = await readAll(pkg, 'members');
    expect(rows.map((r) => r.values.HO_TEN!.normalize('NFC'))).toEqual(['Nguyễn Văn Hải', 'Trần Thị Thủy']);
  });

  it('finds a bad byte near the end of a large file', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `DV${i},Nguyễn Văn ${i},TC1`);
    const bytes = Buffer.concat([
      Buffer.from(memberCsv(...lines)),
      Buffer.from([0x44, 0x56, 0xff, 0x2c, 0x0a]),
    ]);
    const dir = folderWith({ 'dang_vien.csv': bytes });
    expect(await readError(openPackage(dir))).toMatchObject({
      code: 'ENCODING_NOT_UTF8',
      details: { line: 20_002 },
    });
  });

  it('refuses an empty file, an empty folder and a missing path', async () => {
    expect(await readError(openPackage(folderWith({ 'dang_vien.csv': '' })))).toMatchObject({
      code: 'PACKAGE_EMPTY',
    });
    expect(await readError(openPackage(folderWith({ 'dang_vien.csv': '\r\n\n' })))).toMatchObject({
      code: 'PACKAGE_EMPTY',
    });
    expect(await readError(openPackage(folderWith({ 'readme.txt': 'x' })))).toMatchObject({
      code: 'NO_RECOGNIZED_FILES',
    });
    expect(await readError(openPackage(temp.path('nope')))).toMatchObject({ code: 'PACKAGE_NOT_FOUND' });
  });

  it('rejects a row with a huge cell, and stops at an unclosed quote', async () => {
    const huge = folderWith({ 'dang_vien.csv': memberCsv(`DV1,${'x'.repeat(40_000)},TC1`, 'DV2,B,TC1') });
    const { rows, rejected } = await readAll(await openPackage(huge), 'members');
    expect(rows.map((r) => r.values.MA_DANG_VIEN)).toEqual(['DV2']);
    expect(rejected).toEqual([
      expect.objectContaining({ rowNumber: 2, reason: 'CELL_TOO_LARGE', column: 'HO_TEN' }),
    ]);

    const unclosed = folderWith({ 'dang_vien.csv': memberCsv('DV1,"A,TC1', 'DV2,B,TC1') });
    const pkg = await openPackage(unclosed);
    expect(await readError(readAll(pkg, 'members'))).toMatchObject({ code: 'CSV_MALFORMED' });
  });

  it('refuses a zip with two members files', async () => {
    const zipPath = temp.path('two.zip');
    writeZip(zipPath, [
      { name: 'a/dang_vien.csv', data: memberCsv('DV1,A,TC1') },
      { name: 'b/dang_vien.csv', data: memberCsv('DV1,A,TC1') },
    ]);
    expect(await readError(openPackage(zipPath))).toMatchObject({ code: 'PACKAGE_AMBIGUOUS' });
  });

  it('reads xlsx dates, serials and rich text, and rejects formulas', async () => {
    const path = temp.path('cells.xlsx');
    await writeWorkbook(path, [
      {
        name: 'DangVien',
        rows: [
          ['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC', 'NGAY_SINH', 'NGAY_VAO_DANG'],
          [
            'DV1',
            { richText: [{ text: 'Nguyễn ' }, { font: { bold: true }, text: 'Văn A' }] },
            'TC1',
            new Date(Date.UTC(1972, 10, 7)),
            25569,
          ],
          ['DV2', 'B', { formula: 'A2&"x"', result: 'DV1x' }, 27000, ''],
          ['DV3', 'C', 'TC1', 27000.5, true],
        ],
        numFmts: { 4: 'dd/mm/yyyy' },
      },
    ]);
    const { rows, rejected } = await readAll(await openPackage(path), 'members');
    expect(rows.map((r) => r.values)).toEqual([
      {
        MA_DANG_VIEN: 'DV1',
        HO_TEN: 'Nguyễn Văn A',
        MA_TO_CHUC: 'TC1',
        NGAY_SINH: '1972-11-07',
        NGAY_VAO_DANG: '25569',
      },
      {
        MA_DANG_VIEN: 'DV3',
        HO_TEN: 'C',
        MA_TO_CHUC: 'TC1',
        NGAY_SINH: '1973-12-02T12:00:00',
        NGAY_VAO_DANG: 'TRUE',
      },
    ]);
    expect(rejected).toEqual([
      expect.objectContaining({ rowNumber: 3, reason: 'FORMULA_IN_CELL', column: 'MA_TO_CHUC' }),
    ]);
  });

  it('refuses an xlsx whose header cells are merged', async () => {
    const path = temp.path('merged.xlsx');
    await writeWorkbook(path, [
      {
        name: 'TO_CHUC',
        rows: [
          ['MA_TO_CHUC', 'TEN_TO_CHUC', 'MA_TO_CHUC_CHA', 'Địa bàn', null],
          ['TC1', 'Đảng bộ tỉnh', '', '19', 'x'],
        ],
        merges: ['D1:E1'],
      },
    ]);
    const error = await readError(openPackage(path));
    expect(error).toMatchObject({ code: 'XLSX_MERGED_HEADER' });
    expect(error.messageVi).toContain('D1:E1 "Địa bàn"');
  });
});

/** V8's collector, so the test measures what the reader retains rather than garbage not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('memory', () => {
  it('stays flat while streaming a 200,000-row CSV', { timeout: 30_000 }, async () => {
    mkdirSync(temp.path('big'));
    const out = createWriteStream(temp.path('big/dang_vien.csv'));
    out.write('MA_DANG_VIEN,HO_TEN,GIOI_TINH,NGAY_SINH,SO_CCCD,MA_TO_CHUC,THUONG_TRU,Ghi chú\n');
    for (let i = 0; i < 200_000; i++) {
      const line = `DV${i},Nguyễn Văn ${i},Nam,07/11/1972,0790728${i},TC${i % 500},"Thôn ${i % 12}, Xã Hóc Môn",\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const pkg = await openPackage(temp.path('big'));
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    let retained = 0;
    let count = 0;
    for await (const item of pkg.rows('members', pkg.proposeMapping('members'))) {
      if (item.type === 'row') count++;
      if (count % 50_000 === 0) {
        collectGarbage();
        retained = Math.max(retained, process.memoryUsage().heapUsed - before);
      }
    }
    const retainedMb = retained / 2 ** 20;
    console.log(`200,000 rows: largest heap growth after GC ${retainedMb.toFixed(2)} MB`);
    expect(count).toBe(200_000);
    expect(retainedMb).toBeLessThan(16);
  });
});
