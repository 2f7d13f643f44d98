import ExcelJS from 'exceljs';
import {
  FORM_COLUMNS,
  matchFormHeader,
  type FormColumnKey,
  type FormRowCells,
} from '../../core/accounts/account-request-form.ts';
import { ROLES } from '../../core/auth/permissions.ts';
import type { Commune, Province } from '../../core/codes/code-lists.ts';
import { AppError } from '../../core/errors.ts';

const TITLE = 'BIỂU MẪU ĐỀ NGHỊ CẤP TÀI KHOẢN KHAI THÁC, SỬ DỤNG HỆ THỐNG CSDL ĐẢNG VIÊN 4.0';
const SUBTITLE = '(Kèm theo Kế hoạch số 291-KH/BTCTW, ngày 04/12/2025 của Ban Tổ chức Trung ương)';
const HEADER_ROW = 4;
const DATA_ROWS = 300;
const FORM_SHEET = 'Phụ lục 01';
const LIST_SHEET = 'DanhMuc';

/** Common choices offered in the rights list; any other combination can be typed ("2, 3, 5"). */
export const RIGHTS_CHOICES = [
  ...Object.entries(ROLES).map(([code, name]) => `${code}. ${name}`),
  '1, 2',
  '2, 3',
  '2, 4',
  '2, 5',
  '2, 3, 4, 5',
  '1, 2, 3, 4, 5',
];

const WIDTHS: Record<FormColumnKey, number> = {
  stt: 6,
  province: 20,
  commune: 24,
  fullName: 26,
  birthDate: 13,
  citizenId: 16,
  phone: 14,
  position: 22,
  unit: 36,
  rights: 30,
};

/**
 * The Phụ lục 01 form as an Excel template: exactly the plan's columns, drop-down lists of provinces,
 * communes (post-2025) and rights from a hidden list sheet, text cells for CCCD and phone (so leading
 * zeros stay) and an instructions sheet.
 */
export async function buildRequestFormTemplate(lists: {
  provinces: Province[];
  communes: Commune[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CSDL Đảng viên 4.0';
  const ws = wb.addWorksheet(FORM_SHEET, { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  const help = wb.addWorksheet('Hướng dẫn');
  const listSheet = wb.addWorksheet(LIST_SHEET, { state: 'veryHidden' });

  ws.mergeCells(1, 1, 1, FORM_COLUMNS.length);
  ws.getCell(1, 1).value = TITLE;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, FORM_COLUMNS.length);
  ws.getCell(2, 1).value = SUBTITLE;
  ws.getCell(2, 1).font = { italic: true };
  ws.getCell(2, 1).alignment = { horizontal: 'center' };
  const header = ws.getRow(HEADER_ROW);
  FORM_COLUMNS.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.border = {
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2DCDB' } };
    ws.getColumn(i + 1).width = WIDTHS[column.key];
  });
  header.height = 36;

  const provinceNames = lists.provinces.map((p) => p.name);
  const communeNames = [...new Set(lists.communes.map((c) => c.name))].sort((a, b) =>
    a.localeCompare(b, 'vi'),
  );
  listSheet.getCell(1, 1).value = 'Tỉnh/thành phố';
  listSheet.getCell(1, 2).value = 'Xã/phường';
  listSheet.getCell(1, 3).value = 'Quyền';
  provinceNames.forEach((name, i) => (listSheet.getCell(i + 2, 1).value = name));
  communeNames.forEach((name, i) => (listSheet.getCell(i + 2, 2).value = name));
  RIGHTS_CHOICES.forEach((name, i) => (listSheet.getCell(i + 2, 3).value = name));
  const range = (col: string, n: number) => `${LIST_SHEET}!$${col}$2:$${col}$${Math.max(2, n + 1)}`;

  const col = (key: FormColumnKey) => FORM_COLUMNS.findIndex((c) => c.key === key) + 1;
  for (let r = HEADER_ROW + 1; r <= HEADER_ROW + DATA_ROWS; r++) {
    const row = ws.getRow(r);
    row.getCell(col('citizenId')).numFmt = '@';
    row.getCell(col('phone')).numFmt = '@';
    row.getCell(col('birthDate')).numFmt = '@';
    row.getCell(col('province')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [range('A', provinceNames.length)],
      showErrorMessage: true,
      errorTitle: 'Tỉnh/thành phố',
      error: 'Chọn tỉnh/thành phố trong danh sách (sau sắp xếp đơn vị hành chính 01/7/2025).',
    };
    row.getCell(col('commune')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [range('B', communeNames.length)],
      showErrorMessage: true,
      errorTitle: 'Xã/phường',
      error: 'Chọn xã/phường trong danh sách (sau 01/7/2025), hoặc để trống nếu làm việc ở cấp tỉnh.',
    };
    row.getCell(col('rights')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [range('C', RIGHTS_CHOICES.length)],
      // Information only: several rights can also be typed, "2, 3, 5".
      showErrorMessage: true,
      errorStyle: 'information',
      errorTitle: 'Quyền khai thác, sử dụng hệ thống',
      error: 'Ghi một hoặc nhiều quyền 1–5, cách nhau bằng dấu phẩy, ví dụ "2, 3".',
    };
  }

  help.getColumn(1).width = 110;
  const lines = [
    'HƯỚNG DẪN ĐIỀN BIỂU MẪU PHỤ LỤC 01',
    '',
    'Mỗi dòng là một cán bộ đề nghị cấp tài khoản. Không thêm, bớt hoặc đổi tên cột của biểu mẫu.',
    'STT: số thứ tự.',
    'Tỉnh/thành phố, Xã/phường: chọn trong danh sách đơn vị hành chính sau ngày 01/7/2025. Cán bộ cấp tỉnh để trống Xã/phường.',
    'Họ và tên: viết đầy đủ, có dấu, theo CCCD (ví dụ: Nguyễn Văn Hải).',
    'Ngày sinh: ngày/tháng/năm, ví dụ 05/03/1985.',
    'Số CCCD: đủ 12 chữ số (ô đã định dạng văn bản để giữ số 0 ở đầu).',
    'Số điện thoại: số di động 10 chữ số, ví dụ 0912345678.',
    'Vị trí công tác: chức vụ, ví dụ "Chuyên viên Ban Tổ chức".',
    'Đơn vị công tác: ghi đúng tên tổ chức đảng trên hệ thống, ví dụ "Đảng bộ xã Tân Trào". Nếu trùng tên, hệ thống sẽ báo và liệt kê các tổ chức để ghi rõ thêm "(mã …)".',
    'Quyền khai thác, sử dụng hệ thống: một hoặc nhiều lựa chọn, cách nhau bằng dấu phẩy:',
    ...Object.entries(ROLES).map(([code, name]) => `    ${code}. ${name}`),
    '    Ví dụ: "2" hoặc "1, 2" hoặc "Quản trị hệ thống, Nhập liệu".',
    '',
    'Quyền Quản trị hệ thống do cấp trên trực tiếp phê duyệt (Trung ương duyệt quản trị cấp tỉnh; tỉnh duyệt quản trị cấp xã, cơ sở).',
    'Tài khoản được cấp kèm đường dẫn kích hoạt dùng một lần hoặc mật khẩu tạm thời phải đổi ở lần đăng nhập đầu.',
  ];
  lines.forEach((text, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = text;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 13 };
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result);
  return '';
}

export interface FormRow {
  row: number;
  cells: FormRowCells;
}

/**
 * Reads a filled form: finds the header row (the first with most of the Phụ lục 01 headers), maps the
 * columns by header, and returns each non-empty row below it with the spreadsheet's row number.
 */
export async function readRequestForm(file: Buffer): Promise<FormRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('INVALID_OPERATION', { reason: 'FORM_NOT_RECOGNIZED' });
  }
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible') continue;
    for (let r = 1; r <= Math.min(ws.rowCount, 20); r++) {
      const columns = new Map<FormColumnKey, number>();
      ws.getRow(r).eachCell((cell, c) => {
        const key = matchFormHeader(cellText(cell.value));
        if (key && !columns.has(key)) columns.set(key, c);
      });
      if (columns.size < FORM_COLUMNS.length - 1) continue;
      const rows: FormRow[] = [];
      for (let i = r + 1; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        const cells = Object.fromEntries(
          FORM_COLUMNS.map((c) => [
            c.key,
            columns.has(c.key) ? cellText(row.getCell(columns.get(c.key)!).value).trim() : '',
          ]),
        ) as FormRowCells;
        const filled = FORM_COLUMNS.some((c) => c.key !== 'stt' && cells[c.key] !== '');
        // Printed forms number their columns under the header: "(1)", "(2)"…
        const isNumbering = FORM_COLUMNS.every((c) => /^\(?\d*\)?$/.test(cells[c.key]));
        if (filled && !isNumbering) rows.push({ row: i, cells });
      }
      return rows;
    }
  }
  throw new AppError('INVALID_OPERATION', { reason: 'FORM_NOT_RECOGNIZED' });
}
