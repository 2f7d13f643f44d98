import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReconciliationReport } from './reconciliation.ts';

/**
 * A cell that a spreadsheet would run as a formula (= + - @, or a tab/CR that some readers strip first)
 * is written with a leading apostrophe, so legacy text such as "=HYPERLINK(…)" stays text (CSV/formula
 * injection, OWASP).
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const cell = (value: string | number | boolean | null): string | number => {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return neutralizeFormula(String(value));
};

/** The reconciliation report as an .xlsx, written with ExcelJS's streaming writer (flat memory). */
export async function writeReconciliationXlsx(report: ReconciliationReport, output: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const addSheet = (name: string, header: string[], widths: number[]) => {
    const sheet = workbook.addWorksheet(name);
    sheet.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 16 }));
    sheet.getRow(1).font = { bold: true };
    return sheet;
  };

  const summary = addSheet('Tổng hợp', ['Chỉ tiêu', 'Tổ chức', 'Đảng viên'], [44, 16, 16]);
  const { organizations: o, members: m } = report.totals;
  const lines: Array<[string, number | string, number | string]> = [
    ['Mã tỉnh', report.provinceCode, ''],
    ['Gói dữ liệu', report.packageName, ''],
    ['Lần nhập số', report.runId, ''],
    ['Thời điểm lập', report.generatedAt, ''],
    ['Số dòng trong tệp nguồn', o.sourceRows, m.sourceRows],
    ['Số dòng bị từ chối', o.rejected, m.rejected],
    ['Số dòng được nhập', o.accepted, m.accepted],
    ['Thêm mới', o.inserted, m.inserted],
    ['Cập nhật (dữ liệu nguồn đã thay đổi)', o.updated, m.updated],
    ['Không thay đổi', o.unchanged, m.unchanged],
    ['Khớp nguyên văn trong CSDL', o.matched, m.matched],
    ['Tổng số trong CSDL của tỉnh', o.targetTotal, m.targetTotal],
    [
      'Tổng kiểm (SHA-256, cộng theo dòng)',
      report.checksums.organizations.sha256Sum,
      report.checksums.members.sha256Sum,
    ],
    ['Kết luận', report.isComplete ? 'Đầy đủ: mọi dòng được nhập đều có trong CSDL' : 'CHƯA KHỚP', ''],
  ];
  for (const line of lines) summary.addRow(line.map(cell)).commit();
  summary.commit();

  const files = addSheet('Tệp nguồn', ['Loại', 'Tên tệp', 'Dung lượng (byte)', 'SHA-256'], [14, 40, 18, 70]);
  for (const f of report.files) files.addRow([cell(f.kind), cell(f.name), f.size, cell(f.sha256)]).commit();
  files.commit();

  const perOrg = addSheet(
    'Theo tổ chức',
    ['Mã tổ chức', 'Tên tổ chức', 'Đảng viên nguồn', 'Đảng viên trong CSDL', 'Chênh lệch'],
    [18, 50, 16, 20, 12],
  );
  for (const line of report.perOrganization) {
    perOrg
      .addRow([
        cell(line.legacyCode),
        cell(line.name),
        line.sourceMembers,
        line.targetMembers,
        line.difference,
      ])
      .commit();
  }
  perOrg.commit();

  const rejected = addSheet('Dòng bị từ chối', ['Tệp', 'Dòng', 'Cột', 'Lý do', 'Mô tả'], [20, 8, 20, 22, 80]);
  for (const r of report.rejectedRows) {
    rejected.addRow([cell(r.file), r.rowNumber, cell(r.column), cell(r.reason), cell(r.messageVi)]).commit();
  }
  rejected.commit();
  await workbook.commit();
}
