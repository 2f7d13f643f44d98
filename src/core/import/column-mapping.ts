import { foldForSearch } from '../text/fold.ts';
import { PackageReadError } from './package-read-error.ts';

/** The two files of a 3.0 export package (spec/legacy-v3-export.md). */
export type PackageFileKind = 'organizations' | 'members';

export const ORGANIZATION_COLUMNS = [
  'MA_TO_CHUC',
  'TEN_TO_CHUC',
  'MA_TO_CHUC_CHA',
  'LOAI_TO_CHUC',
  'MA_DVHC',
  'TRANG_THAI',
  'NGAY_THANH_LAP',
] as const;

export const MEMBER_COLUMNS = [
  'MA_DANG_VIEN',
  'HO_TEN',
  'TEN_GOI_KHAC',
  'GIOI_TINH',
  'NGAY_SINH',
  'NOI_SINH',
  'QUE_QUAN',
  'MA_DVHC_QUE_QUAN',
  'THUONG_TRU',
  'MA_DVHC_THUONG_TRU',
  'DAN_TOC',
  'TON_GIAO',
  'SO_CCCD',
  'SO_DIEN_THOAI',
  'EMAIL',
  'NGAY_VAO_DANG',
  'NGAY_CHINH_THUC',
  'SO_THE_DANG',
  'MA_TO_CHUC',
  'TRINH_DO_GDPT',
  'CHUYEN_MON',
  'LY_LUAN_CHINH_TRI',
  'NGHE_NGHIEP',
  'TRANG_THAI',
  'NGAY_MAT',
  'NGAY_CAP_NHAT',
] as const;

export type OrganizationColumn = (typeof ORGANIZATION_COLUMNS)[number];
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
export type CanonicalColumn = OrganizationColumn | MemberColumn;

export const CANONICAL_COLUMNS: Record<PackageFileKind, readonly CanonicalColumn[]> = {
  organizations: ORGANIZATION_COLUMNS,
  members: MEMBER_COLUMNS,
};

/**
 * Columns without which a file cannot be imported at all. Everything else may be missing: the quality rules
 * report missing values per record, but a missing id, name or link makes every row unusable.
 * - organizations: the id, the name and the parent code (without it the tree cannot be built, and "empty"
 *   parent means "provincial committee", so a missing column would silently turn every node into a root).
 * - members: the id, the name and the organization code (a member must belong to a cell).
 */
export const REQUIRED_COLUMNS: Record<PackageFileKind, readonly CanonicalColumn[]> = {
  organizations: ['MA_TO_CHUC', 'TEN_TO_CHUC', 'MA_TO_CHUC_CHA'],
  members: ['MA_DANG_VIEN', 'HO_TEN', 'MA_TO_CHUC'],
};

/** The column holding the legacy id of a record, unique in a package. */
export const LEGACY_ID_COLUMN: Record<PackageFileKind, CanonicalColumn> = {
  organizations: 'MA_TO_CHUC',
  members: 'MA_DANG_VIEN',
};

/**
 * Header synonyms seen in real files (spec/legacy-v3-export.md), besides the canonical name itself.
 * Matching ignores case, diacritics, spacing and punctuation, so "Mã ĐV", "MA_DV" and "ma dv" are one entry.
 */
const SYNONYMS: Record<PackageFileKind, Partial<Record<CanonicalColumn, readonly string[]>>> = {
  organizations: {
    MA_TO_CHUC: ['Mã tổ chức', 'Mã TCĐ', 'MA_TC', 'Mã tổ chức đảng'],
    TEN_TO_CHUC: ['Tên tổ chức', 'Tên TCĐ', 'Tên tổ chức đảng'],
    MA_TO_CHUC_CHA: ['Mã tổ chức cấp trên', 'MA_CHA', 'Mã cấp trên'],
    LOAI_TO_CHUC: ['Loại tổ chức', 'Loại'],
    MA_DVHC: ['Mã ĐVHC', 'Mã địa bàn'],
    TRANG_THAI: ['Trạng thái'],
    NGAY_THANH_LAP: ['Ngày thành lập'],
  },
  members: {
    MA_DANG_VIEN: ['Mã đảng viên', 'Mã ĐV', 'MA_DV', 'ID'],
    HO_TEN: ['Họ và tên', 'Họ tên khai sinh', 'Họ tên'],
    TEN_GOI_KHAC: ['Tên gọi khác', 'Bí danh'],
    GIOI_TINH: ['Giới tính'],
    NGAY_SINH: ['Ngày sinh', 'Ngày tháng năm sinh'],
    NOI_SINH: ['Nơi sinh'],
    QUE_QUAN: ['Quê quán'],
    MA_DVHC_QUE_QUAN: ['Mã ĐVHC quê quán'],
    THUONG_TRU: ['Nơi thường trú', 'Nơi ở hiện nay', 'Thường trú'],
    MA_DVHC_THUONG_TRU: ['Mã ĐVHC thường trú'],
    DAN_TOC: ['Dân tộc'],
    TON_GIAO: ['Tôn giáo'],
    SO_CCCD: ['Số CCCD', 'Số CCCD/CMND', 'Số định danh cá nhân', 'CCCD'],
    SO_DIEN_THOAI: ['Điện thoại', 'SĐT', 'Số điện thoại'],
    EMAIL: ['Thư điện tử', 'E-mail'],
    NGAY_VAO_DANG: ['Ngày vào Đảng', 'Ngày kết nạp'],
    NGAY_CHINH_THUC: ['Ngày chính thức'],
    SO_THE_DANG: ['Số thẻ đảng viên', 'Số thẻ', 'Số thẻ đảng'],
    MA_TO_CHUC: ['Mã chi bộ', 'Chi bộ', 'Mã tổ chức'],
    TRINH_DO_GDPT: ['Giáo dục phổ thông', 'Trình độ GDPT'],
    CHUYEN_MON: ['Trình độ chuyên môn', 'Chuyên môn'],
    LY_LUAN_CHINH_TRI: ['Lý luận chính trị', 'LLCT'],
    NGHE_NGHIEP: ['Nghề nghiệp'],
    TRANG_THAI: ['Trạng thái', 'Tình trạng'],
    NGAY_MAT: ['Ngày từ trần', 'Ngày mất'],
    NGAY_CAP_NHAT: ['Ngày cập nhật'],
  },
};

/** The comparison key of a header or a file/sheet name: folded, then only letters and digits kept. */
export function headerKey(text: string): string {
  return foldForSearch(text).replace(/[^a-z0-9]+/g, '');
}

/** All synonym keys of a kind, with the canonical column each one means. Built once. */
const KEY_INDEX: Record<PackageFileKind, ReadonlyMap<string, CanonicalColumn>> = {
  organizations: buildKeyIndex('organizations'),
  members: buildKeyIndex('members'),
};

function buildKeyIndex(kind: PackageFileKind): Map<string, CanonicalColumn> {
  const index = new Map<string, CanonicalColumn>();
  for (const canonical of CANONICAL_COLUMNS[kind]) {
    for (const label of [canonical, ...(SYNONYMS[kind][canonical] ?? [])]) {
      const key = headerKey(label);
      const taken = index.get(key);
      // A synonym table where one key means two columns would be a silent guess: fail at load time.
      if (taken && taken !== canonical)
        throw new Error(`Header synonym ${label} means ${taken} and ${canonical}`);
      index.set(key, canonical);
    }
  }
  return index;
}

/** Exposed for tests and for the mapping screen (the list of labels a user may recognise). */
export function synonymsOf(kind: PackageFileKind, canonical: CanonicalColumn): readonly string[] {
  return [canonical, ...(SYNONYMS[kind][canonical] ?? [])];
}

export function isCanonicalColumn(kind: PackageFileKind, name: string): name is CanonicalColumn {
  return (CANONICAL_COLUMNS[kind] as readonly string[]).includes(name);
}

export interface MappedColumn {
  /** 0-based position of the column in the file. */
  index: number;
  /** The header exactly as written in the file. */
  header: string;
  canonical: CanonicalColumn | null;
  /** How `canonical` was decided: a known synonym, the user's override, or nothing. */
  matchedBy: 'synonym' | 'user' | null;
  /** For an unmatched header that resembles known columns: the columns it could mean. Never applied. */
  candidates: CanonicalColumn[];
}

export interface ColumnMapping {
  kind: PackageFileKind;
  columns: MappedColumn[];
  /** Required canonical columns that no column maps to. The file cannot be read until this is empty. */
  missingRequired: CanonicalColumn[];
  /** Headers mapped to nothing; their values are kept in `extra` of each row. */
  unknownHeaders: string[];
  /** Canonical columns claimed by several columns. The file cannot be read until this is empty. */
  duplicates: Array<{ canonical: CanonicalColumn; columns: Array<{ index: number; header: string }> }>;
  /** Unmatched headers that look like known columns: reported so the user decides, never guessed. */
  ambiguous: Array<{ index: number; header: string; candidates: CanonicalColumn[] }>;
}

export function proposeColumnMapping(kind: PackageFileKind, headers: readonly string[]): ColumnMapping {
  const keys = KEY_INDEX[kind];
  const columns = headers.map((header, index): MappedColumn => {
    const canonical = keys.get(headerKey(header)) ?? null;
    return {
      index,
      header,
      canonical,
      matchedBy: canonical ? 'synonym' : null,
      candidates: canonical ? [] : findCandidates(kind, header),
    };
  });
  return summarize(kind, columns);
}

/**
 * A header that is a prefix of known labels ("Mã ĐVHC" in a members file: quê quán or thường trú?) or that
 * starts with a known label plus more words ("Ngày sinh (dd/mm/yyyy)"). Suggestions only.
 */
function findCandidates(kind: PackageFileKind, header: string): CanonicalColumn[] {
  const key = headerKey(header);
  if (key.length < 2) return [];
  const shorter = new Set<CanonicalColumn>();
  const longer = new Set<CanonicalColumn>();
  for (const [synonymKey, canonical] of KEY_INDEX[kind]) {
    if (synonymKey.startsWith(key)) shorter.add(canonical);
    else if (synonymKey.length >= 4 && key.startsWith(synonymKey)) longer.add(canonical);
  }
  // A header that abbreviates known labels says more than one that merely starts like one ("Mã ĐVHC" is not "Mã ĐV").
  return [...(shorter.size > 0 ? shorter : longer)];
}

/**
 * Applies the user's corrections, keyed by column index (headers may repeat). `canonical: null` unmaps a
 * column. Conflicts are not resolved for the user: mapping two columns to one canonical is reported in
 * `duplicates`, so the user unmaps the other one explicitly.
 */
export function applyColumnMappingOverrides(
  mapping: ColumnMapping,
  overrides: ReadonlyArray<{ index: number; canonical: string | null }>,
): ColumnMapping {
  const columns = mapping.columns.map((column) => ({ ...column }));
  for (const override of overrides) {
    const column = columns[override.index];
    if (!column) {
      throw new PackageReadError('MAPPING_INVALID', {
        reason: `no column at index ${override.index}`,
        index: override.index,
      });
    }
    if (override.canonical !== null && !isCanonicalColumn(mapping.kind, override.canonical)) {
      throw new PackageReadError('MAPPING_INVALID', {
        reason: `${override.canonical} is not a column of ${mapping.kind}`,
        index: override.index,
        canonical: override.canonical,
      });
    }
    column.canonical = override.canonical;
    column.matchedBy = override.canonical === null ? null : 'user';
  }
  return summarize(mapping.kind, columns);
}

function summarize(kind: PackageFileKind, columns: MappedColumn[]): ColumnMapping {
  const byCanonical = new Map<CanonicalColumn, MappedColumn[]>();
  for (const column of columns) {
    if (!column.canonical) continue;
    const list = byCanonical.get(column.canonical) ?? [];
    list.push(column);
    byCanonical.set(column.canonical, list);
  }
  const unmapped = columns.filter((c) => c.canonical === null);
  return {
    kind,
    columns,
    missingRequired: REQUIRED_COLUMNS[kind].filter((c) => !byCanonical.has(c)),
    unknownHeaders: unmapped.map((c) => c.header),
    duplicates: [...byCanonical]
      .filter(([, list]) => list.length > 1)
      .map(([canonical, list]) => ({
        canonical,
        columns: list.map(({ index, header }) => ({ index, header })),
      })),
    ambiguous: unmapped
      .filter((c) => c.candidates.length > 0)
      .map(({ index, header, candidates }) => ({ index, header, candidates })),
  };
}

/** Throws when rows cannot be read with this mapping: a required column is missing or a column is claimed twice. */
export function assertMappingUsable(mapping: ColumnMapping, file: string): void {
  if (mapping.missingRequired.length > 0) {
    throw new PackageReadError('MISSING_REQUIRED_COLUMNS', { file, columns: mapping.missingRequired });
  }
  if (mapping.duplicates.length > 0) {
    throw new PackageReadError('DUPLICATE_COLUMNS', {
      file,
      columns: mapping.duplicates.map((d) => `${d.canonical} (${d.columns.map((c) => c.header).join(', ')})`),
    });
  }
}

/** Which file a name ("to_chuc.csv", sheet "Tổ chức", "DANG_VIEN") stands for, or null. */
export function recognizeFileKind(name: string): PackageFileKind | null {
  const key = headerKey(name.replace(/\.csv$/i, ''));
  if (key === 'tochuc') return 'organizations';
  if (key === 'dangvien') return 'members';
  return null;
}

/** For a file whose name says nothing: the one kind whose required columns are all present, or null. */
export function inferFileKind(headers: readonly string[]): PackageFileKind | null {
  const fits = (['organizations', 'members'] as const).filter(
    (kind) => proposeColumnMapping(kind, headers).missingRequired.length === 0,
  );
  return fits.length === 1 ? fits[0]! : null;
}
