/**
 * Problems found while reading a 3.0 export package. Two families, as in the codebase guide:
 * - a file-level problem makes the file unreadable and is thrown as a `PackageReadError`;
 * - a row-level problem is a value, a `RejectedRow`, so the caller lists it and the user may import the rest.
 * Each code has an English message for logs and a Vietnamese one for the UI (`messageVi`).
 */
export type PackageReadErrorCode =
  /** The path does not exist. Check the path. */
  | 'PACKAGE_NOT_FOUND'
  /** The file (or every file of the package) has no bytes or no header. Export again from 3.0. */
  | 'PACKAGE_EMPTY'
  /** Not a folder, .zip, .xlsx or .csv. */
  | 'PACKAGE_FORMAT_UNSUPPORTED'
  /** The .zip or .xlsx container cannot be opened (corrupt or not really a zip). */
  | 'PACKAGE_CORRUPT'
  /** No to_chuc/dang_vien file or sheet was recognised. Rename the files or sheets. */
  | 'NO_RECOGNIZED_FILES'
  /** Two files or sheets claim the same kind (e.g. two dang_vien.csv in one zip). Keep one. */
  | 'PACKAGE_AMBIGUOUS'
  /** The bytes are not valid UTF-8 (typically Windows-1258 from an old Excel "CSV"). Save as "CSV UTF-8". */
  | 'ENCODING_NOT_UTF8'
  /** The header line is separated by neither `,` nor `;` (e.g. tab), or by both equally. */
  | 'DELIMITER_UNKNOWN'
  /** RFC 4180 quoting is broken in a way that makes the following rows unreliable (e.g. an unclosed quote). */
  | 'CSV_MALFORMED'
  /** One record is larger than the reader accepts (almost always an unclosed quote swallowing the file). */
  | 'RECORD_TOO_LARGE'
  /** Required columns are absent from the header. Fix the mapping or the file. */
  | 'MISSING_REQUIRED_COLUMNS'
  /** Several columns map to one canonical column. Unmap all but one. */
  | 'DUPLICATE_COLUMNS'
  /** A header cell of the sheet is merged over several cells. Unmerge and name each column. */
  | 'XLSX_MERGED_HEADER'
  /** A mapping override names a column that does not exist. A bug in the caller. */
  | 'MAPPING_INVALID'
  /** rows() was asked for a kind the package does not hold. A bug in the caller. */
  | 'FILE_NOT_IN_PACKAGE';

export type RowRejectionCode =
  /** Fewer cells than the header: the line was cut (often a stray line break). */
  | 'ROW_TRUNCATED'
  /** Non-empty cells beyond the header: usually an unquoted delimiter inside a value. */
  | 'ROW_TOO_LONG'
  /** A cell longer than Excel's own limit (32,767 characters): not a value 3.0 can have produced. */
  | 'CELL_TOO_LARGE'
  /** A formula in an .xlsx cell: we never evaluate formulas, the value must be typed. */
  | 'FORMULA_IN_CELL'
  /** An .xlsx error value (#N/A, #REF!…). */
  | 'XLSX_CELL_ERROR'
  /** The legacy id repeats an earlier row of the same file. */
  | 'DUPLICATE_LEGACY_ID';

export type ReadDetails = Record<string, string | number | readonly string[] | undefined>;

type Messages = { en: (d: ReadDetails) => string; vi: (d: ReadDetails) => string };

const str = (value: ReadDetails[string]): string =>
  value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);

const inFile = (d: ReadDetails): string => (d.file ? ` in ${str(d.file)}` : '');
const trongTep = (d: ReadDetails): string => (d.file ? ` trong tệp ${str(d.file)}` : '');

const FILE_MESSAGES: Record<PackageReadErrorCode, Messages> = {
  PACKAGE_NOT_FOUND: {
    en: (d) => `Package not found: ${str(d.path)}`,
    vi: (d) => `Không tìm thấy gói dữ liệu: ${str(d.path)}`,
  },
  PACKAGE_EMPTY: {
    en: (d) => `The package is empty${inFile(d)}: no header row`,
    vi: (d) => `Gói dữ liệu rỗng${trongTep(d)}: không có dòng tiêu đề. Hãy xuất lại dữ liệu từ phần mềm 3.0.`,
  },
  PACKAGE_FORMAT_UNSUPPORTED: {
    en: (d) => `Unsupported package ${str(d.path)}: expected a folder, .zip, .xlsx or .csv`,
    vi: (d) =>
      `Không hỗ trợ định dạng của ${str(d.path)}: cần một thư mục, tệp .zip, tệp .xlsx hoặc tệp .csv.`,
  },
  PACKAGE_CORRUPT: {
    en: (d) => `Cannot open ${str(d.path)}: ${str(d.reason)}`,
    vi: (d) => `Không mở được ${str(d.path)}: tệp bị hỏng hoặc không đúng định dạng.`,
  },
  NO_RECOGNIZED_FILES: {
    en: (d) => `No to_chuc / dang_vien file or sheet recognised in ${str(d.path)} (found: ${str(d.found)})`,
    vi: (d) =>
      `Không nhận ra tệp hoặc trang tính tổ chức (to_chuc) / đảng viên (dang_vien) trong ${str(d.path)}` +
      ` (có: ${str(d.found) || 'không có gì'}).`,
  },
  PACKAGE_AMBIGUOUS: {
    en: (d) => `Several ${str(d.kind)} files in ${str(d.path)}: ${str(d.found)}`,
    vi: (d) => `Gói dữ liệu có nhiều tệp cùng loại (${str(d.found)}). Hãy chỉ giữ lại một tệp.`,
  },
  ENCODING_NOT_UTF8: {
    en: (d) => `${str(d.file)} is not valid UTF-8 (first bad byte near line ${str(d.line)})`,
    vi: (d) =>
      `Tệp ${str(d.file)} không dùng bảng mã UTF-8 (lỗi gần dòng ${str(d.line)}), có thể là Windows-1258.` +
      ' Hãy mở tệp bằng Excel và lưu lại với kiểu "CSV UTF-8 (Comma delimited)" rồi nhập lại.',
  },
  DELIMITER_UNKNOWN: {
    en: (d) => `Cannot tell the delimiter of ${str(d.file)}: ${str(d.reason)}`,
    vi: (d) =>
      `Không xác định được dấu phân cách cột của tệp ${str(d.file)}: chỉ chấp nhận dấu phẩy (,) hoặc` +
      ` dấu chấm phẩy (;)${d.found ? `, tệp dùng ${str(d.found)}` : ''}.`,
  },
  CSV_MALFORMED: {
    en: (d) => `${str(d.file)} has broken quoting near line ${str(d.line)}: ${str(d.reason)}`,
    vi: (d) =>
      `Tệp ${str(d.file)} bị lỗi dấu ngoặc kép gần dòng ${str(d.line)}; các dòng sau không đọc được chính xác.`,
  },
  RECORD_TOO_LARGE: {
    en: (d) => `${str(d.file)}: a record near line ${str(d.line)} exceeds ${str(d.limit)} characters`,
    vi: (d) =>
      `Tệp ${str(d.file)}: một dòng gần dòng ${str(d.line)} quá dài (hơn ${str(d.limit)} ký tự),` +
      ' thường do thiếu dấu ngoặc kép đóng.',
  },
  MISSING_REQUIRED_COLUMNS: {
    en: (d) => `${str(d.file)} lacks required columns: ${str(d.columns)}`,
    vi: (d) => `Tệp ${str(d.file)} thiếu cột bắt buộc: ${str(d.columns)}. Hãy kiểm tra dòng tiêu đề.`,
  },
  DUPLICATE_COLUMNS: {
    en: (d) => `${str(d.file)}: several columns map to one field: ${str(d.columns)}`,
    vi: (d) => `Tệp ${str(d.file)} có nhiều cột cùng ý nghĩa: ${str(d.columns)}. Hãy chọn một cột.`,
  },
  XLSX_MERGED_HEADER: {
    en: (d) => `${str(d.file)}: merged header cells ${str(d.ranges)}`,
    vi: (d) =>
      `Trang tính ${str(d.file)} có ô tiêu đề bị gộp (${str(d.ranges)}). Hãy bỏ gộp ô và đặt tên riêng` +
      ' cho từng cột.',
  },
  MAPPING_INVALID: {
    en: (d) => `Invalid column mapping: ${str(d.reason)}`,
    vi: () => 'Cách ghép cột không hợp lệ.',
  },
  FILE_NOT_IN_PACKAGE: {
    en: (d) => `The package holds no ${str(d.kind)} file`,
    vi: (d) => `Gói dữ liệu không có tệp ${d.kind === 'members' ? 'đảng viên' : 'tổ chức'}.`,
  },
};

export class PackageReadError extends Error {
  override readonly name = 'PackageReadError';
  readonly messageVi: string;

  constructor(
    readonly code: PackageReadErrorCode,
    readonly details: ReadDetails = {},
  ) {
    super(FILE_MESSAGES[code].en(details));
    this.messageVi = FILE_MESSAGES[code].vi(details);
  }
}

export interface RejectedRow {
  type: 'rejected';
  /** The file or sheet name as the user knows it. */
  file: string;
  /** The row as a spreadsheet shows it (header = 1). */
  rowNumber: number;
  /** The header of the offending column, when there is one. */
  column?: string;
  reason: RowRejectionCode;
  message: string;
  messageVi: string;
}

const ROW_MESSAGES: Record<RowRejectionCode, Messages> = {
  ROW_TRUNCATED: {
    en: (d) => `${str(d.cells)} cells where the header has ${str(d.expected)}`,
    vi: (d) => `Dòng bị thiếu ô: có ${str(d.cells)} ô trong khi tiêu đề có ${str(d.expected)} cột.`,
  },
  ROW_TOO_LONG: {
    en: (d) => `${str(d.cells)} cells where the header has ${str(d.expected)}`,
    vi: (d) =>
      `Dòng thừa ô: có ${str(d.cells)} ô trong khi tiêu đề có ${str(d.expected)} cột` +
      ' (thường do dấu phân cách nằm trong giá trị mà không có ngoặc kép).',
  },
  CELL_TOO_LARGE: {
    en: (d) => `cell of ${str(d.length)} characters exceeds ${str(d.limit)}`,
    vi: (d) => `Ô quá dài (${str(d.length)} ký tự, tối đa ${str(d.limit)}).`,
  },
  FORMULA_IN_CELL: {
    en: (d) => `formula =${str(d.formula)} is not evaluated`,
    vi: () =>
      'Ô chứa công thức; hệ thống không tính công thức. Hãy thay bằng giá trị (Dán đặc biệt → Giá trị).',
  },
  XLSX_CELL_ERROR: {
    en: (d) => `error value ${str(d.value)}`,
    vi: (d) => `Ô chứa giá trị lỗi ${str(d.value)}.`,
  },
  DUPLICATE_LEGACY_ID: {
    en: (d) => `legacy id ${str(d.id)} already on row ${str(d.firstRow)}`,
    vi: (d) => `Mã ${str(d.id)} bị trùng với dòng ${str(d.firstRow)}.`,
  },
};

export function rejectRow(
  reason: RowRejectionCode,
  at: { file: string; rowNumber: number; column?: string },
  details: ReadDetails = {},
): RejectedRow {
  return {
    type: 'rejected',
    ...at,
    reason,
    message: ROW_MESSAGES[reason].en(details),
    messageVi: ROW_MESSAGES[reason].vi(details),
  };
}
