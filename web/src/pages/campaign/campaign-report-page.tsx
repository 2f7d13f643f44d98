import { useState } from 'react';
import { App, Button, Flex, Spin, Table, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client.ts';
import {
  downloadCampaignReportPdf,
  STATUS_LABELS,
  useProgress,
  type UnitStatus,
} from '../../api/campaign.ts';
import { QueryError } from '../../components/query-error.tsx';
import { NoOpenCampaign } from './no-open-campaign.tsx';
import { COMMON } from '../../i18n/vi.ts';

const STATUSES: UnitStatus[] = ['not_started', 'in_progress', 'confirmed', 'checked', 'returned'];

/**
 * "Báo cáo kết quả rà soát, làm sạch dữ liệu" of one level, as a printable page (print CSS below), and the
 * same report as a PDF made by the server (GET /api/campaign/report.pdf).
 */
export default function CampaignReportPage() {
  const params = useParams();
  const orgId = params.orgId ? Number(params.orgId) : null;
  const progress = useProgress(orgId);
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const onPdf = () => {
    setDownloading(true);
    downloadCampaignReportPdf(orgId)
      .catch(
        (error: unknown) =>
          void message.error(
            `Không tải được báo cáo PDF: ${isApiError(error) ? error.message : COMMON.unexpectedError}`,
          ),
      )
      .finally(() => setDownloading(false));
  };
  if (progress.isPending) return <Spin />;
  if (isApiError(progress.error) && progress.error.details['reason'] === 'NO_OPEN_CAMPAIGN')
    return <NoOpenCampaign message={progress.error.message} />;
  if (progress.isError) return <QueryError error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;
  return (
    <div className="campaign-report" data-testid="campaign-report">
      <style>{`@media print { .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
        .campaign-report { font-size: 12pt; } .ant-layout-content { padding: 0 !important; } }`}</style>
      <Flex className="no-print" gap={8} style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          In / Lưu PDF
        </Button>
        <Button icon={<FilePdfOutlined />} loading={downloading} onClick={onPdf} data-testid="report-pdf">
          Tải PDF
        </Button>
      </Flex>
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        BÁO CÁO KẾT QUẢ RÀ SOÁT, LÀM SẠCH DỮ LIỆU
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }}>
        {p.unit.name} — {p.campaign.name} (từ {p.campaign.startsOn.split('-').reverse().join('/')} đến{' '}
        {p.campaign.endsOn.split('-').reverse().join('/')}), số liệu ngày{' '}
        {p.today.split('-').reverse().join('/')}
      </Typography.Paragraph>
      <Typography.Title level={5}>1. Kết quả chung</Typography.Title>
      <Typography.Paragraph>
        Tổng số đảng viên: {p.unit.members.toLocaleString('vi-VN')}; còn lỗi:{' '}
        {p.unit.membersWithErrors.toLocaleString('vi-VN')}; tỷ lệ sạch: {p.unit.percentClean}%; lỗi đang mở:{' '}
        {p.unit.openErrors.toLocaleString('vi-VN')}; số tổ chức: {p.unit.units}.
      </Typography.Paragraph>
      <Typography.Title level={5}>2. Trạng thái xác nhận</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="part"
        dataSource={(['organization', 'members'] as const).map((part) => ({
          part,
          ...p.unit.statusCounts[part],
        }))}
        columns={[
          {
            title: 'Phần dữ liệu',
            render: (_, r) => (r.part === 'organization' ? 'Tổ chức đảng' : 'Đảng viên'),
          },
          ...STATUSES.map((s) => ({ title: STATUS_LABELS[s], dataIndex: s, align: 'right' as const })),
        ]}
      />
      <Typography.Title level={5}>3. Kết quả theo đơn vị trực thuộc</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="orgId"
        dataSource={p.children}
        columns={[
          { title: 'Đơn vị', dataIndex: 'name' },
          { title: 'Đảng viên', dataIndex: 'members', align: 'right' },
          { title: 'Còn lỗi', dataIndex: 'membersWithErrors', align: 'right' },
          { title: '% sạch', dataIndex: 'percentClean', align: 'right' },
          { title: 'Lỗi mở', dataIndex: 'openErrors', align: 'right' },
        ]}
      />
      <Typography.Title level={5}>4. Các lỗi còn tồn tại</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => `${r.group}/${r.rule}/${r.severity}`}
        dataSource={p.rules}
        columns={[
          { title: 'Nhóm', dataIndex: 'group' },
          { title: 'Mã lỗi', dataIndex: 'rule' },
          { title: 'Mức độ', dataIndex: 'severity' },
          { title: 'Số lượng', dataIndex: 'count', align: 'right' },
        ]}
      />
    </div>
  );
}
