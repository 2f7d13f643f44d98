import { Breadcrumb, Card, Descriptions, Flex, Skeleton, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link } from 'react-router-dom';
import { ancestorsTopDown, useOrganization } from '../../api/organizations.ts';
import { OrgStatusTag, OrgTypeIcon, OrgTypeTag } from '../../components/org-type-tag.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { formatPartialDate } from '../../lib/partial-date.ts';
import { ORG_FIELD_LABELS } from '../../i18n/vi.ts';
import { MemberTable } from '../members/member-table.tsx';
import { UnitCampaignPanel } from '../campaign/unit-campaign-panel.tsx';
import { OrgFindingsPanel, OrgOwnFindings } from '../findings/org-findings.tsx';

const EMPTY = <Typography.Text type="secondary">—</Typography.Text>;

export function OrgDetail({ orgId }: { orgId: number }) {
  const org = useOrganization(orgId);

  if (org.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (org.isError) return <QueryError error={org.error} onRetry={() => void org.refetch()} />;
  const o = org.data;
  const ancestors = ancestorsTopDown(o);
  const isCell = o.type === 'CBCS' || o.type === 'CBTT';

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: ORG_FIELD_LABELS.name, children: o.name, span: 2 },
    { key: 'type', label: ORG_FIELD_LABELS.type, children: <OrgTypeTag type={o.type} /> },
    { key: 'status', label: ORG_FIELD_LABELS.status, children: <OrgStatusTag status={o.status} /> },
    { key: 'legacyCode', label: ORG_FIELD_LABELS.legacyCode, children: o.legacyCode ?? EMPTY },
    {
      key: 'foundingDate',
      label: ORG_FIELD_LABELS.foundingDate,
      children: o.foundingDate ? formatPartialDate(o.foundingDate) : EMPTY,
    },
    {
      key: 'adminUnit',
      label: ORG_FIELD_LABELS.adminUnit,
      children:
        o.adminUnitName || o.adminUnitCode ? (
          <span>
            {o.adminUnitName ?? ''}
            {o.adminUnitCode && <Typography.Text type="secondary"> (mã {o.adminUnitCode})</Typography.Text>}
          </span>
        ) : (
          EMPTY
        ),
    },
    {
      key: 'memberCount',
      label: ORG_FIELD_LABELS.memberCount,
      children: o.memberCount.toLocaleString('vi-VN'),
    },
    { key: 'childCount', label: ORG_FIELD_LABELS.childCount, children: o.childCount.toLocaleString('vi-VN') },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={
          <Flex vertical gap={2} style={{ padding: '8px 0' }}>
            {ancestors.length > 0 && (
              <Breadcrumb
                items={ancestors.map((a) => ({
                  key: a.id,
                  title: <Link to={`/to-chuc/${a.id}`}>{a.name}</Link>,
                }))}
              />
            )}
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-detail-name">
              <OrgTypeIcon type={o.type} /> {o.name}
            </Typography.Title>
          </Flex>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }} items={items} aria-label="Thông tin tổ chức" />
        <OrgOwnFindings key={`own-findings-${o.id}`} orgId={o.id} />
      </Card>
      <UnitCampaignPanel key={`campaign-${o.id}`} orgId={o.id} />
      <Card size="small" title="Danh sách đảng viên">
        <MemberTable key={o.id} orgId={o.id} isCell={isCell} />
      </Card>
      <OrgFindingsPanel key={`findings-${o.id}`} orgId={o.id} />
    </Flex>
  );
}
