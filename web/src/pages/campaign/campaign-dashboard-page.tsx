import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd';
import ReactECharts from 'echarts-for-react';
import { Link, useParams } from 'react-router-dom';
import {
  STATUS_LABELS,
  useBurndown,
  useProgress,
  type UnitRollup,
  type UnitStatus,
} from '../../api/campaign.ts';
import { isApiError } from '../../api/client.ts';
import { QueryError } from '../../components/query-error.tsx';
import { NoOpenCampaign } from './no-open-campaign.tsx';

const STATUSES: UnitStatus[] = ['not_started', 'in_progress', 'confirmed', 'checked', 'returned'];

/** Dashboard of one level (country → provinces → communes/grassroots → chi bộ), with drill-down. */
export default function CampaignDashboardPage() {
  const params = useParams();
  const orgId = params.orgId ? Number(params.orgId) : null;
  const progress = useProgress(orgId);
  const burndown = useBurndown(orgId);
  if (progress.isPending) return <Spin description="Đang tải…" />;
  if (isApiError(progress.error) && progress.error.details['reason'] === 'NO_OPEN_CAMPAIGN')
    return <NoOpenCampaign message={progress.error.message} />;
  if (progress.isError) return <QueryError error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;
  const query = orgId ? `?orgId=${orgId}` : '';
  const link = (r: UnitRollup) => <Link to={`/chien-dich/${r.orgId}`}>{r.name}</Link>;
  const groups = new Map<string, number>();
  for (const r of p.rules) groups.set(r.group, (groups.get(r.group) ?? 0) + r.count);

  return (
    <Flex vertical gap={16} data-testid="campaign-dashboard">
      <Flex justify="space-between" align="center" wrap>
        <div>
          <Breadcrumb
            items={[
              { key: 'root', title: <Link to="/chien-dich">Tổng quan</Link> },
              ...p.ancestors.map((a) => ({
                key: a.id,
                title: <Link to={`/chien-dich/${a.id}`}>{a.name}</Link>,
              })),
            ]}
          />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.unit.name} — {p.campaign.name}
          </Typography.Title>
        </div>
        <Space wrap>
          <Button href={`/api/campaign/exports/progress${query}`}>Xuất tiến độ (Excel)</Button>
          <Button href={`/api/campaign/exports/lagging${query}`}>Xuất đơn vị chậm</Button>
          <Button href={`/api/campaign/exports/findings${query}`}>Xuất danh sách lỗi</Button>
          <Button href={`/api/campaign/exports/members-with-errors${query}`}>Xuất đảng viên còn lỗi</Button>
          <Link to={`/chien-dich/bao-cao${orgId ? `/${orgId}` : ''}`}>
            <Button type="primary">Báo cáo kết quả</Button>
          </Link>
        </Space>
      </Flex>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title="Còn lại (ngày)" value={p.daysLeft} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="Đảng viên" value={p.unit.members} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="Đảng viên còn lỗi" value={p.unit.membersWithErrors} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="% sạch" value={p.unit.percentClean} suffix="%" data-testid="percent-clean" />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title="Tỷ lệ đảng viên sạch theo đơn vị (%)">
            {p.children.length === 0 ? (
              <Empty />
            ) : (
              <ReactECharts
                style={{ height: Math.max(240, p.children.length * 24) }}
                option={{
                  grid: { left: 180, right: 30, top: 10, bottom: 20 },
                  xAxis: { type: 'value', max: 100 },
                  yAxis: { type: 'category', data: p.children.map((c) => c.name), inverse: true },
                  tooltip: {},
                  series: [
                    {
                      type: 'bar',
                      data: p.children.map((c) => c.percentClean),
                      itemStyle: { color: '#8e1414' },
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Lỗi đang mở so với hạn hoàn thành">
            <ReactECharts
              style={{ height: 260 }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: ['Thực tế', 'Kế hoạch'] },
                xAxis: { type: 'category', data: burndown.data?.ideal.map((d) => d.day) ?? [] },
                yAxis: { type: 'value' },
                series: [
                  {
                    name: 'Kế hoạch',
                    type: 'line',
                    data: burndown.data?.ideal.map((d) => d.value) ?? [],
                    lineStyle: { type: 'dashed' },
                  },
                  {
                    name: 'Thực tế',
                    type: 'line',
                    data: (burndown.data?.ideal ?? []).map(
                      (d) => burndown.data?.points.find((x) => x.day === d.day)?.openErrors ?? null,
                    ),
                    connectNulls: true,
                  },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Lỗi đang mở theo nhóm">
            <ReactECharts
              style={{ height: 260 }}
              option={{
                tooltip: {},
                series: [
                  { type: 'pie', radius: '70%', data: [...groups].map(([name, value]) => ({ name, value })) },
                ],
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="Trạng thái các tổ chức">
            <ReactECharts
              style={{ height: 260 }}
              option={{
                tooltip: { trigger: 'axis' },
                legend: {},
                xAxis: { type: 'category', data: STATUSES.map((s) => STATUS_LABELS[s]) },
                yAxis: { type: 'value' },
                series: [
                  {
                    name: 'Dữ liệu tổ chức',
                    type: 'bar',
                    data: STATUSES.map((s) => p.unit.statusCounts.organization[s]),
                  },
                  {
                    name: 'Dữ liệu đảng viên',
                    type: 'bar',
                    data: STATUSES.map((s) => p.unit.statusCounts.members[s]),
                  },
                ],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="Đơn vị chậm tiến độ">
        <UnitTable rows={p.lagging} link={link} testId="lagging-table" />
      </Card>
      <Card size="small" title="Tiến độ các đơn vị trực thuộc">
        <UnitTable rows={p.children} link={link} testId="children-table" />
      </Card>
    </Flex>
  );
}

export function UnitTable({
  rows,
  link,
  testId,
}: {
  rows: UnitRollup[];
  link: (r: UnitRollup) => React.ReactNode;
  testId?: string;
}) {
  return (
    <Table
      data-testid={testId}
      size="small"
      rowKey="orgId"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: 'Đơn vị', render: (_, r) => link(r) },
        { title: 'Đảng viên', dataIndex: 'members', align: 'right' },
        { title: 'Còn lỗi', dataIndex: 'membersWithErrors', align: 'right' },
        { title: '% sạch', dataIndex: 'percentClean', align: 'right' },
        { title: 'Lỗi mở', dataIndex: 'openErrors', align: 'right' },
        {
          title: 'TC đã xác nhận',
          align: 'right',
          render: (_, r) => r.statusCounts.organization.confirmed + r.statusCounts.organization.checked,
        },
        {
          title: 'ĐV đã xác nhận',
          align: 'right',
          render: (_, r) => r.statusCounts.members.confirmed + r.statusCounts.members.checked,
        },
        { title: 'Số tổ chức', dataIndex: 'units', align: 'right' },
      ]}
    />
  );
}
