import { Alert, Card, Checkbox, Flex, Table, Typography } from 'antd';
import type { FilePreview, PackagePreview } from '../../api/imports.ts';
import { IMPORTS } from '../../i18n/vi.ts';
import { RejectedRowsTable } from './rejected-rows-table.tsx';

const n = (value: number) => value.toLocaleString('vi-VN');

/** Step 3: the first rows as they will be loaded, and the rows that will be rejected. */
export function PreviewStep({
  preview,
  acceptRejected,
  onAcceptRejectedChange,
}: {
  preview: PackagePreview;
  acceptRejected: boolean;
  onAcceptRejectedChange: (value: boolean) => void;
}) {
  const rejectedTotal = preview.files.reduce((sum, f) => sum + f.rejectedTotal, 0);
  return (
    <Flex vertical gap={16}>
      {preview.files.map((file) => (
        <FilePreviewCard key={file.kind} file={file} scanLimit={preview.scanLimit} />
      ))}
      {rejectedTotal > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`Có ${n(rejectedTotal)} dòng lỗi sẽ không được nhập.`}
          description={
            <Checkbox
              checked={acceptRejected}
              onChange={(e) => onAcceptRejectedChange(e.target.checked)}
              data-testid="accept-rejected"
            >
              Nhập các dòng hợp lệ, bỏ qua dòng lỗi (danh sách dòng lỗi được ghi vào biên bản đối soát)
            </Checkbox>
          }
        />
      )}
    </Flex>
  );
}

function FilePreviewCard({ file, scanLimit }: { file: FilePreview; scanLimit: number }) {
  const keys = [...new Set(file.firstRows.flatMap((r) => Object.keys(r.values)))];
  return (
    <Card
      size="small"
      title={`${IMPORTS.fileKinds[file.kind] ?? file.kind}: ${file.name}`}
      data-testid={`preview-${file.kind}`}
    >
      {file.error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={file.error.messageVi} />
      )}
      <Typography.Paragraph>
        Đã đọc {n(file.rowsScanned)} dòng
        {file.rowsScanned >= scanLimit ? ` (xem trước dừng ở ${n(scanLimit)} dòng đầu)` : ''}; dòng lỗi:{' '}
        <strong>{n(file.rejectedTotal)}</strong>.
      </Typography.Paragraph>
      <Typography.Title level={5}>Các dòng đầu tiên</Typography.Title>
      <Table
        size="small"
        scroll={{ x: true }}
        pagination={false}
        rowKey="rowNumber"
        dataSource={file.firstRows.map((r) => ({ rowNumber: r.rowNumber, ...r.values }))}
        columns={[
          { title: 'Dòng', dataIndex: 'rowNumber', fixed: 'left' as const, width: 70 },
          ...keys.map((key) => ({ title: key, dataIndex: key, ellipsis: true, width: 160 })),
        ]}
      />
      {file.rejectedTotal > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            Dòng bị từ chối
          </Typography.Title>
          <RejectedRowsTable rows={file.rejectedRows} testId={`preview-rejected-${file.kind}`} />
        </>
      )}
    </Card>
  );
}
