import type { MemberColumn, OrganizationColumn } from '../import/column-mapping.ts';
import type { MemberRaw, OrganizationRaw } from './record.ts';

/**
 * Rows for the rule tests, taken from samples/s303-small (member DV00559039, organizations of the same
 * province) with the hometown code moved to its post-2025 commune, so that the base row has no finding.
 */
export const CLEAN_MEMBER_ROW: Readonly<Record<MemberColumn, string>> = {
  MA_DANG_VIEN: 'DV00559039',
  HO_TEN: 'Nguyễn Thị Tuyết',
  TEN_GOI_KHAC: '',
  GIOI_TINH: 'Nữ',
  NGAY_SINH: '1972-12-25',
  NOI_SINH: 'Xã Tả Lủng, Huyện Đồng Văn, Tỉnh Hà Giang',
  QUE_QUAN: 'Thôn 6, Xã Tả Lủng, Huyện Đồng Văn, Tỉnh Hà Giang',
  MA_DVHC_QUE_QUAN: '00721',
  THUONG_TRU: 'Thôn 5, Xã Đồng Văn, Tỉnh Tuyên Quang',
  MA_DVHC_THUONG_TRU: '00721',
  DAN_TOC: 'Kinh',
  TON_GIAO: 'Không',
  SO_CCCD: '002172537233',
  SO_DIEN_THOAI: '0934541892',
  EMAIL: '',
  NGAY_VAO_DANG: '2001-01-03',
  NGAY_CHINH_THUC: '2002-01-03',
  SO_THE_DANG: '82373326',
  MA_TO_CHUC: 'TC0004157',
  TRINH_DO_GDPT: '12/12',
  CHUYEN_MON: 'Đại học',
  LY_LUAN_CHINH_TRI: 'Trung cấp',
  NGHE_NGHIEP: 'Công nhân',
  TRANG_THAI: 'Chính thức',
  NGAY_MAT: '',
  NGAY_CAP_NHAT: '2020-11-09',
};

export function memberRow(changes: Partial<Record<MemberColumn, string>> = {}): MemberRaw {
  return { ...CLEAN_MEMBER_ROW, ...changes };
}

export function organizationRow(
  id: string,
  type: string,
  parent: string,
  changes: Partial<Record<OrganizationColumn, string>> = {},
): OrganizationRaw {
  return {
    MA_TO_CHUC: id,
    TEN_TO_CHUC: type === 'DBT' ? 'Đảng bộ tỉnh Tuyên Quang' : `Chi bộ Thôn ${id}`,
    MA_TO_CHUC_CHA: parent,
    LOAI_TO_CHUC: type,
    MA_DVHC: type === 'DBT' ? '08' : '00721',
    TRANG_THAI: 'Hoạt động',
    NGAY_THANH_LAP: '01/07/2025',
    ...changes,
  };
}
