/** Canonical column names of the 3.0 export (spec/legacy-v3-export.md), in the order the demo writes them. */
export const LEGACY_ORGANIZATION_COLUMNS = [
  'MA_TO_CHUC',
  'TEN_TO_CHUC',
  'MA_TO_CHUC_CHA',
  'LOAI_TO_CHUC',
  'MA_DVHC',
  'TRANG_THAI',
  'NGAY_THANH_LAP',
] as const;

export const LEGACY_MEMBER_COLUMNS = [
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

export type LegacyOrganizationColumn = (typeof LEGACY_ORGANIZATION_COLUMNS)[number];
export type LegacyMemberColumn = (typeof LEGACY_MEMBER_COLUMNS)[number];
export type LegacyOrganizationRow = Record<LegacyOrganizationColumn, string>;
export type LegacyMemberRow = Record<LegacyMemberColumn, string>;
