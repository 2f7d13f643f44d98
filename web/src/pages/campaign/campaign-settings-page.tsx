import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Result,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { isNationalAdmin, useMe } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { useCampaigns, useCloseCampaign, type Campaign } from '../../api/campaign.ts';
import { useRuleCatalogue } from '../../api/findings.ts';
import { useOrganizationRoots, type OrgSummary } from '../../api/organizations.ts';
import { QueryError } from '../../components/query-error.tsx';
import { CAMPAIGN, COMMON } from '../../i18n/vi.ts';
import { formatPartialDate } from '../../lib/partial-date.ts';
import { CampaignForm } from './campaign-form.tsx';

const F = CAMPAIGN.fields;
const formatInstant = (iso: string | null) => (iso ? dayjs(iso).format('DD/MM/YYYY HH:mm') : '—');
const period = (c: Campaign) => `${formatPartialDate(c.startsOn)} – ${formatPartialDate(c.endsOn)}`;

function excludedNames(c: Campaign, roots: OrgSummary[]): string {
  if (c.excludedRootIds.length === 0) return 'Không có';
  const names = new Map<number, string | null>(roots.map((r) => [r.id, r.name]));
  for (const r of c.excludedRoots ?? []) if (r.name) names.set(r.id, r.name);
  return c.excludedRootIds.map((id) => names.get(id) ?? `Tổ chức #${id} (không còn)`).join('; ');
}

/**
 * The campaign settings of the national administrator (Plan 291-KH/BTCTW): open a campaign, change the open
 * one, close it, and the campaigns of the past.
 */
export default function CampaignSettingsPage() {
  const { data: me } = useMe();
  const campaigns = useCampaigns();
  const roots = useOrganizationRoots();
  const close = useCloseCampaign();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);

  if (!isNationalAdmin(me))
    return <Result status="403" title="Không có quyền" subTitle={CAMPAIGN.nationalOnly} />;
  if (campaigns.isPending || roots.isPending) return <Spin description={COMMON.loading} />;
  if (campaigns.isError)
    return <QueryError error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  if (roots.isError) return <QueryError error={roots.error} onRetry={() => void roots.refetch()} />;

  const open = campaigns.data.find((c) => c.status === 'open');
  const rootList = roots.data;

  const onClose = (c: Campaign) => {
    modal.confirm({
      title: `Kết thúc chiến dịch “${c.name}”?`,
      content:
        'Sau khi kết thúc, các đơn vị không xác nhận, kiểm tra được nữa và chiến dịch không sửa được. Kết quả được lưu trong lịch sử.',
      okText: 'Kết thúc chiến dịch',
      okButtonProps: { danger: true },
      cancelText: 'Hủy',
      onOk: () =>
        close
          .mutateAsync({ id: c.id, version: c.version })
          .then(() => {
            setEditing(false);
            void message.success('Đã kết thúc chiến dịch');
          })
          .catch((error: unknown) => {
            if (isApiError(error, 'VERSION_CONFLICT')) setConflict(true);
            else void message.error(isApiError(error) ? error.message : COMMON.unexpectedError);
          }),
    });
  };

  return (
    <Flex vertical gap={16} data-testid="campaign-settings">
      <Flex justify="space-between" align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {CAMPAIGN.settingsMenu}
        </Typography.Title>
        {open && (
          <Link to="/chien-dich">
            <Button>Xem tiến độ chiến dịch</Button>
          </Link>
        )}
      </Flex>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setConflict(false) }}
          title={CAMPAIGN.conflict}
          data-testid="campaign-conflict"
        />
      )}
      {open ? (
        <Card
          size="small"
          title="Chiến dịch đang mở"
          data-testid="open-campaign"
          extra={
            !editing && (
              <Flex gap={8}>
                <Button onClick={() => setEditing(true)}>Sửa thiết lập</Button>
                <Button danger loading={close.isPending} onClick={() => onClose(open)}>
                  Kết thúc chiến dịch
                </Button>
              </Flex>
            )
          }
        >
          {editing ? (
            <CampaignForm
              // A new version (a save, or someone else's save after a conflict) starts from what is stored.
              key={`${open.id}-${open.version}`}
              campaign={open}
              roots={rootList}
              onSaved={() => {
                setConflict(false);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
              onConflict={() => {
                setConflict(true);
                void campaigns.refetch();
              }}
            />
          ) : (
            <CampaignDetails campaign={open} roots={rootList} />
          )}
        </Card>
      ) : (
        <Card size="small" title="Tạo chiến dịch mới" data-testid="new-campaign">
          <Typography.Paragraph type="secondary">
            Hiện không có chiến dịch nào đang mở. Mỗi thời điểm chỉ có một chiến dịch; chiến dịch mới áp dụng
            cho mọi đảng bộ trừ các đảng bộ được loại trừ.
          </Typography.Paragraph>
          <CampaignForm
            roots={rootList}
            onSaved={() => setConflict(false)}
            onConflict={() => void campaigns.refetch()}
          />
        </Card>
      )}
      <Card size="small" title="Lịch sử các chiến dịch">
        <Table<Campaign>
          data-testid="campaign-history"
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={campaigns.data}
          locale={{ emptyText: <Empty description="Chưa có chiến dịch nào" /> }}
          columns={[
            { title: F.name, dataIndex: 'name' },
            { title: F.period, render: (_, c) => period(c) },
            { title: F.referenceDate, render: (_, c) => formatPartialDate(c.referenceDate) },
            { title: F.freezeAt, render: (_, c) => formatInstant(c.freezeAt) },
            { title: F.excludedRoots, render: (_, c) => excludedNames(c, rootList) },
            {
              title: F.status,
              render: (_, c) => (
                <Tag color={c.status === 'open' ? 'processing' : 'default'}>
                  {CAMPAIGN.statuses[c.status]}
                </Tag>
              ),
            },
            { title: F.closedAt, render: (_, c) => formatInstant(c.closedAt) },
          ]}
        />
      </Card>
    </Flex>
  );
}

function CampaignDetails({ campaign: c, roots }: { campaign: Campaign; roots: OrgSummary[] }) {
  const catalogue = useRuleCatalogue();
  const rules = [...(catalogue.data?.values() ?? [])];
  const disabled = c.disabledRules;
  const rulesText = catalogue.isSuccess
    ? disabled.length === 0
      ? `Tất cả ${rules.length} quy tắc`
      : `${rules.length - disabled.length}/${rules.length} quy tắc; tạm không áp dụng: ${disabled
          .map((code) => catalogue.data.get(code)?.title ?? code)
          .join('; ')}`
    : catalogue.isError
      ? 'Không tải được danh sách quy tắc'
      : COMMON.loading;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="open-campaign-details"
      items={[
        { key: 'name', label: F.name, children: c.name, span: 2 },
        { key: 'period', label: F.period, children: period(c) },
        { key: 'ref', label: F.referenceDate, children: formatPartialDate(c.referenceDate) },
        { key: 'freeze', label: F.freezeAt, children: formatInstant(c.freezeAt) },
        { key: 'status', label: F.status, children: CAMPAIGN.statuses[c.status] },
        { key: 'excluded', label: F.excludedRoots, children: excludedNames(c, roots), span: 2 },
        { key: 'rules', label: F.rulesInForce, children: rulesText, span: 2 },
      ]}
    />
  );
}
