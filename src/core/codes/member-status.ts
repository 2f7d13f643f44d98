import { codeKey, tidy, type CodeMatch } from './code-match.ts';

export type MemberStatus =
  'CHINH_THUC' | 'DU_BI' | 'MIEN_SINH_HOAT' | 'CHUYEN_DI' | 'TU_TRAN' | 'XOA_TEN' | 'KHAI_TRU';

/** The Vietnamese label of each status, as the 3.0 software writes it. */
export const memberStatusLabels: Record<MemberStatus, string> = {
  CHINH_THUC: 'Chính thức',
  DU_BI: 'Dự bị',
  MIEN_SINH_HOAT: 'Miễn sinh hoạt',
  CHUYEN_DI: 'Đã chuyển đi',
  TU_TRAN: 'Từ trần',
  XOA_TEN: 'Xóa tên',
  KHAI_TRU: 'Khai trừ',
};

// Folded keys (no diacritics, lower case): case and diacritic variants all land here. The codes
// themselves are accepted so that a normalized value reads back unchanged.
const STATUS_WORDS = new Map<string, MemberStatus>([
  ['chinh thuc', 'CHINH_THUC'],
  ['dang vien chinh thuc', 'CHINH_THUC'],
  ['du bi', 'DU_BI'],
  ['dang vien du bi', 'DU_BI'],
  ['mien sinh hoat', 'MIEN_SINH_HOAT'],
  ['mien shd', 'MIEN_SINH_HOAT'],
  ['da chuyen di', 'CHUYEN_DI'],
  ['chuyen di', 'CHUYEN_DI'],
  ['da chuyen sinh hoat', 'CHUYEN_DI'],
  ['chuyen sinh hoat', 'CHUYEN_DI'],
  ['tu tran', 'TU_TRAN'],
  ['da tu tran', 'TU_TRAN'],
  ['xoa ten', 'XOA_TEN'],
  ['da xoa ten', 'XOA_TEN'],
  ['bi xoa ten', 'XOA_TEN'],
  ['khai tru', 'KHAI_TRU'],
  ['bi khai tru', 'KHAI_TRU'],
  ['da khai tru', 'KHAI_TRU'],
]);

export function parseMemberStatus(raw: string | null | undefined): CodeMatch<MemberStatus> {
  const text = tidy(raw);
  if (text === '') return { ok: false, reason: 'empty' };
  const value = STATUS_WORDS.get(codeKey(text));
  if (!value) return { ok: false, reason: 'unrecognized' };
  return { ok: true, value, exact: text === value || text === memberStatusLabels[value] };
}
