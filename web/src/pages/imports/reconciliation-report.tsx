import { Button, Card, Descriptions, Flex, Result, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { reportXlsxUrl, type KindTotals, type ReconciliationReport } from '../../api/imports.ts';
import { RejectedRowsTable } from './rejected-rows-table.tsx';

const n = (value: number) => value.toLocaleString('vi-VN');

const TOTAL_LINES: Array<[keyof KindTotals, string]> = [
  ['sourceRows', 'Số dòng trong tệp nguồn'],
  ['rejected', 'Bị từ chối'],
  ['accepted', 'Được nhập'],
  ['inserted', 'Thêm mới'],
  ['updated', 'Cập nhật'],
  ['unchanged', 'Không đổi'],
  ['matched', 'Khớp nguyên văn trong CSDL'],
  ['targetTotal', 'Tổng số trong CSDL sau lần nhập'],
];

/** Step 5: the reconciliation report (đối soát), source against target, with the Excel download. */
export function ReconciliationReportView({ report }: { report: ReconciliationReport }) {
  const { organizations: o, members: m } = report.totals;
  return (
    <Flex vertical gap={16} data-testid="reconciliation-report">
      <Result
        status={report.isComplete ? 'success' : 'warning'}
        title={
          report.isComplete
            ? `Đối soát khớp đủ: ${n(o.matched)} tổ chức, ${n(m.matched)} đảng viên`
            : 'Đối soát chưa khớp'
        }
        subTitle={`Lần nhập số ${report.runId} · tỉnh ${report.provinceCode} · gói ${report.packageName} · lập lúc ${new Date(report.generatedAt).toLocaleString('vi-VN')}`}
        extra={
          <Button type="primary" icon={<DownloadOutlined />} href={reportXlsxUrl(report.runId)}>
            Tải biên bản đối soát (Excel)
          </Button>
        }
      />
      <Card size="small" title="Tổng hợp">
        <Table
          size="small"
          pagination={false}
          rowKey="key"
          data-testid="report-totals"
          dataSource={TOTAL_LINES.map(([key, label]) => ({ key, label, o: o[key], m: m[key] }))}
          columns={[
            { title: 'Chỉ tiêu', dataIndex: 'label' },
            { title: 'Tổ chức', dataIndex: 'o', align: 'right' as const, render: n },
            { title: 'Đảng viên', dataIndex: 'm', align: 'right' as const, render: n },
          ]}
        />
      </Card>
      <Card size="small" title="Theo tổ chức">
        <Table
          size="small"
          rowKey="legacyCode"
          dataSource={report.perOrganization}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: 'Mã tổ chức (3.0)', dataIndex: 'legacyCode', width: 150 },
            { title: 'Tên tổ chức', dataIndex: 'name' },
            { title: 'Đảng viên trong tệp', dataIndex: 'sourceMembers', align: 'right' as const, render: n },
            { title: 'Đảng viên trong CSDL', dataIndex: 'targetMembers', align: 'right' as const, render: n },
            {
              title: 'Chênh lệch',
              dataIndex: 'difference',
              align: 'right' as const,
              render: (d: number) => (
                <span style={d !== 0 ? { color: '#cf1322', fontWeight: 600 } : undefined}>{n(d)}</span>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={`Dòng bị từ chối (${n(report.rejectedTotal)})`}>
        <RejectedRowsTable rows={report.rejectedRows} testId="report-rejected" />
        {report.rejectedTotal > report.rejectedRows.length && (
          <Typography.Text type="secondary">
            Hiển thị {n(report.rejectedRows.length)} dòng đầu; tệp Excel có danh sách đầy đủ hơn.
          </Typography.Text>
        )}
      </Card>
      <Card size="small" title="Tổng kiểm (checksum) và tệp nguồn">
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="Tổ chức">
            {n(report.checksums.organizations.rows)} dòng ·{' '}
            <Typography.Text code copyable>
              {report.checksums.organizations.sha256Sum}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="Đảng viên">
            {n(report.checksums.members.rows)} dòng ·{' '}
            <Typography.Text code copyable>
              {report.checksums.members.sha256Sum}
            </Typography.Text>
          </Descriptions.Item>
          {report.files.map((f) => (
            <Descriptions.Item key={f.name} label={f.name}>
              {n(f.size)} byte · SHA-256 <Typography.Text code>{f.sha256 ?? '—'}</Typography.Text>
            </Descriptions.Item>
          ))}
        </Descriptions>
        {report.reattachedOrganizations.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 12 }}>
            Tổ chức không tìm thấy cấp trên, đã gắn vào đảng bộ tỉnh:{' '}
            {report.reattachedOrganizations.join(', ')}
          </Typography.Paragraph>
        )}
      </Card>
    </Flex>
  );
}
