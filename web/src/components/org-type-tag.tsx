import { Tag, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  BankOutlined,
  ClusterOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { OrgStatus, OrgType } from '../api/organizations.ts';
import { ORG_OBSOLETE_LEVEL_TAG, ORG_STATUS_LABELS, ORG_TYPE_LABELS, ORG_TYPE_UNKNOWN } from '../i18n/vi.ts';

const TYPE_COLORS: Record<OrgType, string> = {
  DBT: 'geekblue',
  DUTW: 'geekblue',
  DBH: 'red',
  DBX: 'blue',
  DBCS: 'cyan',
  DBBP: 'cyan',
  CBCS: 'green',
  CBTT: 'lime',
};

export function OrgTypeIcon({ type }: { type: OrgType | null }) {
  switch (type) {
    case 'DBT':
    case 'DUTW':
      return <BankOutlined aria-hidden />;
    case 'DBH':
    case 'DBX':
      return <HomeOutlined aria-hidden />;
    case 'DBCS':
    case 'DBBP':
      return <ClusterOutlined aria-hidden />;
    case 'CBCS':
    case 'CBTT':
      return <TeamOutlined aria-hidden />;
    case null:
      return <ApartmentOutlined aria-hidden />;
  }
}

export function OrgTypeTag({ type }: { type: OrgType | null }) {
  if (type === null) return <Tag>{ORG_TYPE_UNKNOWN}</Tag>;
  if (type === 'DBH') {
    return (
      <Tooltip title="Cấp huyện đã bỏ từ 01/07/2025: cần sắp xếp lại tổ chức này">
        <Tag color="red">{ORG_OBSOLETE_LEVEL_TAG}</Tag>
      </Tooltip>
    );
  }
  return <Tag color={TYPE_COLORS[type]}>{ORG_TYPE_LABELS[type]}</Tag>;
}

export function OrgStatusTag({ status }: { status: OrgStatus }) {
  if (status === 'HOAT_DONG') return <Tag color="success">{ORG_STATUS_LABELS[status]}</Tag>;
  return <Tag color="default">{ORG_STATUS_LABELS[status]}</Tag>;
}
