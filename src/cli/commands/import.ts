import { parseArgs } from 'node:util';
import { importPackage, type ImportProgress } from '../../app/import/import-package.ts';
import { overridesFromHeaders, type HeaderOverride } from '../../app/import/package-mapping.ts';
import { previewPackage } from '../../app/import/preview-package.ts';
import { openPackage } from '../../app/import/read-package.ts';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../core/errors.ts';
import { openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { seedCodeLists } from '../../db/seed-code-lists.ts';
import { recheckProvince, waitForRechecks } from '../../app/quality/recheck-job.ts';
import type { Db } from '../../db/client.ts';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { createProgress } from '../progress.ts';

const usage = `Usage: import <package> [--province NN] [--dry-run] [--accept-rejected] [--encoding windows-1258] [--map …] [--db <url>]

Imports a 3.0 export package (folder, .zip, .xlsx or one CSV; spec/legacy-v3-export.md) into the
database, all or nothing, and prints the reconciliation (đối soát). Importing the same package again
changes nothing.

  --province NN        the province (default: from the package's province committee)
  --dry-run            print the column mapping and the rejected rows; change nothing
  --accept-rejected    import the other rows when some rows are rejected (default: stop)
  --encoding <name>    windows-1258 for a CSV known to be in that encoding (default: UTF-8 only)
  --map <file>:<header>=<COLUMN>
                       correct the proposed column mapping (repeatable; see it with --dry-run):
                       <file> is to_chuc or dang_vien, <COLUMN> a column of legacy-v3-export.md,
                       empty to map the column to nothing (its values stay in the raw row), e.g.
                       --map "dang_vien:Họ và tên khai sinh=HO_TEN" --map "dang_vien:Ghi chú="
  --db <url>           a PostgreSQL server (default: DATABASE_URL, else the embedded database in DATA_DIR)`;

const PHASES: Record<ImportProgress['phase'], string> = {
  'reading-organizations': 'Đọc tổ chức',
  organizations: 'Nạp tổ chức',
  members: 'Nạp đảng viên',
  merging: 'Ghi dữ liệu',
  reconciling: 'Đối soát',
};

const out = (line = '') => process.stdout.write(`${line}\n`);

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        province: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'accept-rejected': { type: 'boolean', default: false },
        encoding: { type: 'string' },
        map: { type: 'string', multiple: true },
        db: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(usage);
    return 0;
  }
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0 || (values.province && !/^\d{2}$/.test(values.province))) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (values.encoding && values.encoding !== 'windows-1258' && values.encoding !== 'utf-8') {
    process.stderr.write('--encoding must be utf-8 or windows-1258\n');
    return 2;
  }
  const encoding = values.encoding as 'utf-8' | 'windows-1258' | undefined;
  const corrections: HeaderOverride[] = [];
  for (const spec of values.map ?? []) {
    const match = /^(to_chuc|dang_vien):(.+)=([A-Z_]*)$/.exec(spec.trim());
    if (!match) {
      process.stderr.write(`--map "${spec}": expected <to_chuc|dang_vien>:<header>=<COLUMN>\n`);
      return 2;
    }
    corrections.push({
      kind: match[1] === 'to_chuc' ? 'organizations' : 'members',
      header: match[2]!,
      canonical: match[3] || null,
    });
  }

  try {
    const mappingOverrides =
      corrections.length > 0
        ? overridesFromHeaders(await openPackage(path, encoding ? { encoding } : {}), corrections)
        : undefined;
    if (values['dry-run']) {
      const preview = await previewPackage(path, {
        ...(encoding ? { encoding } : {}),
        ...(mappingOverrides ? { mappingOverrides } : {}),
        rejectedLimit: 20,
      });
      for (const file of preview.files) {
        out(
          `${file.name} (${file.kind === 'organizations' ? 'tổ chức' : 'đảng viên'}), ${file.rowsScanned} dòng`,
        );
        for (const column of file.mapping.columns) {
          out(`  ${(column.canonical ?? '(không ghép, giữ nguyên)').padEnd(26)} ← ${column.header}`);
        }
        if (file.mapping.unknownHeaders.length)
          out(`  Cột không nhận ra: ${file.mapping.unknownHeaders.join(', ')}`);
        if (file.mapping.missingRequired.length)
          out(`  THIẾU cột bắt buộc: ${file.mapping.missingRequired.join(', ')}`);
        if (file.error) out(`  LỖI: ${file.error.messageVi}`);
        out(`  Dòng bị từ chối: ${file.rejectedTotal}`);
        for (const r of file.rejectedRows) {
          out(`    dòng ${r.rowNumber}${r.column ? `, cột ${r.column}` : ''}: ${r.messageVi}`);
        }
      }
      out('Chạy thử: không có dữ liệu nào được ghi.');
      return 0;
    }

    const config = loadConfig();
    const handle = await openDatabase({
      databaseUrl: values.db ?? config.DATABASE_URL,
      dataDir: config.dataDir,
    });
    try {
      await migrate(handle);
      const codes = loadCodeLists();
      await seedCodeLists(handle.db, codes);
      const progress = createProgress('Nhập');
      let phase = '';
      const result = await importPackage(
        { handle, codes, actor: { id: null, name: `cli:${process.env.USER ?? 'unknown'}` } },
        {
          path,
          acceptRejectedRows: values['accept-rejected'],
          ...(values.province ? { provinceCode: values.province } : {}),
          ...(encoding ? { encoding } : {}),
          ...(mappingOverrides ? { mappingOverrides } : {}),
          onProgress: (p) => {
            if (phase !== p.phase) {
              phase = p.phase;
              progress.stop();
              process.stderr.write(`${PHASES[p.phase]}…\n`);
            }
            if (p.phase === 'members' && p.total) progress.update(p.done, p.total);
          },
        },
      );
      progress.stop();
      const { totals, checksums } = result.report;
      out(
        `Lần nhập #${result.runId}, tỉnh ${result.provinceCode}: ${result.report.isComplete ? 'ĐẦY ĐỦ' : 'CHƯA KHỚP'}`,
      );
      for (const [label, t, c] of [
        ['Tổ chức', totals.organizations, checksums.organizations],
        ['Đảng viên', totals.members, checksums.members],
      ] as const) {
        out(
          `  ${label}: nguồn ${t.sourceRows}, từ chối ${t.rejected}, thêm ${t.inserted}, cập nhật ${t.updated},` +
            ` không đổi ${t.unchanged}, khớp ${t.matched}/${t.accepted}; tổng kiểm ${c.sha256Sum.slice(0, 16)}…`,
        );
      }
      for (const r of result.report.rejectedRows.slice(0, 20)) {
        out(`  Bỏ qua ${r.file} dòng ${r.rowNumber}${r.column ? `, cột ${r.column}` : ''}: ${r.messageVi}`);
      }
      // The import hands over to the data-quality engine: safe fixes applied, every rule run (issue 5).
      process.stderr.write('Kiểm tra chất lượng dữ liệu…\n');
      const check = await recheckProvince(handle.db, result.provinceCode, { applySafeFixes: true });
      await waitForRechecks(handle.db);
      const counts = await countOpenFindings(handle.db, result.provinceCode);
      out(
        `Kiểm tra chất lượng #${check.id}: ${counts.error} lỗi, ${counts.warning} cảnh báo còn mở; ${counts.fixed} giá trị đã tự chuẩn hóa.`,
      );
      return 0;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof AppError) {
      const details = error.details;
      process.stderr.write(`${typeof details.message === 'string' ? details.message : error.message}\n`);
      const rows = Array.isArray(details.rejectedRows)
        ? (details.rejectedRows as Array<Record<string, unknown>>)
        : [];
      for (const r of rows.slice(0, 20)) {
        process.stderr.write(`  ${String(r.file)} dòng ${String(r.rowNumber)}: ${String(r.messageVi)}\n`);
      }
      return 1;
    }
    throw error;
  }
}

/** Registered by src/cli/main.ts. */
export const importCommand = { name: 'import', usage, run };

async function countOpenFindings(db: Db, provinceCode: string) {
  const rows = await db
    .selectFrom('findings')
    .select(['status', 'severity'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('province_code', '=', provinceCode)
    .groupBy(['status', 'severity'])
    .execute();
  const sum = (pred: (r: (typeof rows)[number]) => boolean) =>
    rows.filter(pred).reduce((total, r) => total + Number(r.n), 0);
  return {
    error: sum((r) => r.status === 'open' && r.severity === 'error'),
    warning: sum((r) => r.status === 'open' && r.severity === 'warning'),
    fixed: sum((r) => r.status === 'fixed'),
  };
}
