import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDriver } from '../../../test/db.ts';
import { importDeps, snapshot } from '../../../test/import-helpers.ts';
import { importPackage } from './import-package.ts';
import { writeReconciliationXlsx } from './write-reconciliation-xlsx.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
describeEachDriver('importPackage', (db) => {
  it('imports s303 with every row reconciled, then re-imports it changing nothing', async () => {
    const first = await importPackage(importDeps(db()), {
      path: `${SAMPLES}s303-small/package`,
      acceptRejectedRows: false,
    });
    expect(first.provinceCode).toBe('08');
    const { totals, checksums } = first.report;
    expect(totals.members).toMatchObject({ sourceRows: 300, accepted: 300, inserted: 300, matched: 300 });
    expect(totals.organizations).toMatchObject({ sourceRows: 44, accepted: 44, inserted: 44, matched: 44 });
    expect(checksums.members.rows).toBe(300);
    expect(first.report.isComplete).toBe(true);
    const perOrgSource = first.report.perOrganization.reduce((s, o) => s + o.sourceMembers, 0);
    expect(perOrgSource).toBe(300);

    const before = await snapshot(db(), '08');
    expect(before).toMatchObject({ orgs: 44, members: 300, versions: 300 });

    const second = await importPackage(importDeps(db()), {
      path: `${SAMPLES}s303-small/package`,
      acceptRejectedRows: false,
    });
    expect(second.report.totals.members).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 300,
      matched: 300,
    });
    expect(second.report.totals.organizations).toMatchObject({ inserted: 0, updated: 0, unchanged: 44 });
    expect(second.report.checksums).toEqual(first.report.checksums);
    expect(await snapshot(db(), '08')).toEqual(before);

    const audit = await db()
      .db.selectFrom('audit_log')
      .select(['entity_id', 'action'])
      .where('action', '=', 'import.package')
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual([String(first.runId), String(second.runId)]);
    const runs = await db().db.selectFrom('import_runs').select(['id', 'status']).orderBy('id').execute();
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });
});

describeEachDriver('sample packages and the Excel report', (db) => {
  it('imports every sample package completely', async () => {
    for (const name of readdirSync(SAMPLES).filter((n) => existsSync(`${SAMPLES}${n}/package`))) {
      const result = await importPackage(importDeps(db()), {
        path: `${SAMPLES}${name}/package`,
        acceptRejectedRows: false,
      });
      expect({ name, complete: result.report.isComplete, rejected: result.report.rejectedTotal }).toEqual({
        name,
        complete: true,
        rejected: 0,
      });
    }
  });

  it('writes the report as .xlsx with formula-like text neutralized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-xlsx-'));
    writeFileSync(
      `${dir}/to_chuc.csv`,
      'MA_TO_CHUC,TEN_TO_CHUC,MA_TO_CHUC_CHA,LOAI_TO_CHUC,MA_DVHC\nQ1,Đảng bộ tỉnh Quảng Ninh,,DBT,22\nQ2,"=HYPERLINK(""http://x"")",Q1,CBCS,22\n',
    );
    writeFileSync(`${dir}/dang_vien.csv`, 'MA_DANG_VIEN,HO_TEN,MA_TO_CHUC\nQV1,@SUM(A1),Q2\n');
    const result = await importPackage(importDeps(db()), { path: dir, acceptRejectedRows: false });
    const file = join(dir, 'report.xlsx');
    await writeReconciliationXlsx(result.report, createWriteStream(file));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const perOrg = workbook.getWorksheet('Theo tổ chức')!;
    const names = perOrg.getColumn(2).values.filter((v): v is string => typeof v === 'string');
    expect(names).toContain(`'=HYPERLINK("http://x")`);
    expect(workbook.getWorksheet('Tổng hợp')!.getCell('C6').value).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
