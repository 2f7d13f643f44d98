import { Tag } from 'antd';
import type { MemberStatus } from '../api/members.ts';
import { MEMBER_STATUS_LABELS } from '../i18n/vi.ts';

const STATUS_COLORS: Record<MemberStatus, string> = {
  CHINH_THUC: 'green',
  DU_BI: 'gold',
  MIEN_SINH_HOAT: 'blue',
  CHUYEN_DI: 'default',
  TU_TRAN: 'default',
  XOA_TEN: 'volcano',
  KHAI_TRU: 'red',
};

export function MemberStatusTag({ status }: { status: MemberStatus | null }) {
  if (status === null) return <Tag>Chưa rõ</Tag>;
  return <Tag color={STATUS_COLORS[status]}>{MEMBER_STATUS_LABELS[status]}</Tag>;
}
