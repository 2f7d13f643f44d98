import type { MemberColumn } from '../../import/column-mapping.ts';
import { finding, type Finding } from '../finding.ts';
import type { MemberRecord } from '../record.ts';

/** Required for every member (spec/error-catalogue.md, REQ). */
export const REQUIRED_MEMBER_COLUMNS: readonly MemberColumn[] = [
  'HO_TEN',
  'GIOI_TINH',
  'NGAY_SINH',
  'QUE_QUAN',
  'THUONG_TRU',
  'DAN_TOC',
  'TON_GIAO',
  'SO_CCCD',
  'NGAY_VAO_DANG',
  'MA_TO_CHUC',
];

/** Required in addition for official members. */
export const REQUIRED_OFFICIAL_COLUMNS: readonly MemberColumn[] = ['NGAY_CHINH_THUC', 'SO_THE_DANG'];

/** Hometown and residence count as given when either the address text or its unit code is. */
const ALTERNATIVES: Partial<Record<MemberColumn, MemberColumn>> = {
  QUE_QUAN: 'MA_DVHC_QUE_QUAN',
  THUONG_TRU: 'MA_DVHC_THUONG_TRU',
};

const isBlank = (value: string | undefined): boolean => (value ?? '').trim() === '';

/** MEMBER_REQUIRED_MISSING, one finding per empty required field. */
export function checkRequired(record: MemberRecord): Finding[] {
  const columns = [...REQUIRED_MEMBER_COLUMNS];
  if (record.values.status === 'CHINH_THUC') columns.push(...REQUIRED_OFFICIAL_COLUMNS);
  const out: Finding[] = [];
  for (const column of columns) {
    if (!isBlank(record.raw[column])) continue;
    const alternative = ALTERNATIVES[column];
    if (alternative && !isBlank(record.raw[alternative])) continue;
    out.push(finding('member', record.legacyId, 'MEMBER_REQUIRED_MISSING', { field: column }));
  }
  return out;
}
