import { useState } from 'react';
import { App, Button, Card, Flex, Progress, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import {
  useDuplicateRun,
  useRegisterExtracts,
  useStartDuplicateRun,
  useUploadRegisterExtract,
} from '../../api/duplicates.ts';
import { errorText } from './error-text.ts';

/**
 * Đối soát with the population register: upload the province's extract (CSV of batch-contract.md), then
 * reconcile every member of the province in the background; RECON_* findings land in the findings list.
 */
export function RegisterPanel({ provinceCode }: { provinceCode: string | undefined }) {
  const { message } = App.useApp();
  const extracts = useRegisterExtracts();
  const upload = useUploadRegisterExtract();
  const start = useStartDuplicateRun();
  const [runId, setRunId] = useState<number>();
  const run = useDuplicateRun(runId);
  const latest = extracts.data?.items[0];
  const running = run.data && (run.data.status === 'queued' || run.data.status === 'running');

  return (
    <Card
      size="small"
      title="Đối soát với dữ liệu dân cư"
      style={{ marginTop: 16 }}
      data-testid="register-panel"
    >
      <Flex gap={12} wrap align="center">
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          customRequest={({ file }) =>
            upload.mutate(
              { file: file as File, ...(provinceCode ? { provinceCode } : {}) },
              {
                onSuccess: (r) =>
                  void message.success(`Đã tải lên ${r.recordCount.toLocaleString('vi-VN')} bản ghi dân cư`),
                onError: (error) => void message.error(errorText(error)),
              },
            )
          }
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            Tải lên tệp dữ liệu dân cư (.csv)
          </Button>
        </Upload>
        <Button
          disabled={!latest}
          loading={start.isPending || running}
          onClick={() =>
            start.mutate(
              { kind: 'reconcile', ...(provinceCode ? { provinceCode } : {}) },
              { onSuccess: (r) => setRunId(r.id), onError: (error) => void message.error(errorText(error)) },
            )
          }
        >
          Đối soát toàn bộ đảng viên
        </Button>
        <Typography.Text type="secondary">
          {latest
            ? `Tệp hiện dùng: ${latest.fileName} (${latest.recordCount.toLocaleString('vi-VN')} bản ghi, ${new Date(latest.uploadedAt).toLocaleString('vi-VN')})`
            : 'Chưa có tệp dữ liệu dân cư. Cột: SO_DINH_DANH, HO_TEN, NGAY_SINH (dd/mm/yyyy), GIOI_TINH.'}
        </Typography.Text>
      </Flex>
      {run.data && (
        <div style={{ marginTop: 12 }}>
          {running ? (
            <Progress
              percent={run.data.total > 0 ? Math.round((run.data.done / run.data.total) * 100) : 0}
              status="active"
            />
          ) : run.data.status === 'succeeded' ? (
            <Typography.Text type="success">
              Đã đối soát {run.data.result?.members?.toLocaleString('vi-VN')} đảng viên:{' '}
              {run.data.result?.findings?.toLocaleString('vi-VN')} điểm khác biệt với dữ liệu dân cư.
            </Typography.Text>
          ) : run.data.status === 'failed' ? (
            <Typography.Text type="danger">Đối soát bị lỗi. Vui lòng thử lại.</Typography.Text>
          ) : null}
        </div>
      )}
    </Card>
  );
}
