import { useEffect } from 'react';
import { Alert, Button, Card, Flex, Progress, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useImportJob, type ImportJob, type RejectedRow } from '../../api/imports.ts';
import { QueryError } from '../../components/query-error.tsx';
import { IMPORTS } from '../../i18n/vi.ts';
import { RejectedRowsTable } from './rejected-rows-table.tsx';

/** Share of the whole run each phase stands for (members dominate), to draw one bar from phase progress. */
const PHASES: Array<[NonNullable<ImportJob['phase']>, number]> = [
  ['reading-organizations', 5],
  ['organizations', 10],
  ['members', 70],
  ['merging', 10],
  ['reconciling', 5],
];

export function overallPercent(job: ImportJob): number {
  if (job.status === 'succeeded') return 100;
  let before = 0;
  for (const [phase, weight] of PHASES) {
    if (phase === job.phase) {
      const share = job.total ? Math.min(1, job.done / job.total) : 0;
      return Math.min(99, Math.round(before + weight * share));
    }
    before += weight;
  }
  return 0;
}

/** Step 4: the job's live progress (polled). The job goes on if this page is closed, and after a restart. */
export function ImportProgress({ jobId }: { jobId: string }) {
  const job = useImportJob(jobId);
  const navigate = useNavigate();
  const runId = job.data?.status === 'succeeded' ? job.data.result?.runId : undefined;
  useEffect(() => {
    if (runId !== undefined) void navigate(`/chuyen-du-lieu/lan-nhap/${runId}`, { replace: true });
  }, [runId, navigate]);

  if (job.error) return <QueryError error={job.error} onRetry={() => void job.refetch()} />;
  const data = job.data;
  const failed = data?.status === 'failed';
  const rejectedRows = (data?.error?.details?.['rejectedRows'] as RejectedRow[] | undefined) ?? [];
  return (
    <Card size="small" title="Đang nhập dữ liệu" data-testid="import-progress">
      <Flex vertical gap={12}>
        <Progress
          percent={data ? overallPercent(data) : 0}
          status={failed ? 'exception' : data?.status === 'succeeded' ? 'success' : 'active'}
        />
        <Typography.Text>
          {!data || data.status === 'queued'
            ? 'Đang chờ đến lượt…'
            : data.status === 'running'
              ? `${IMPORTS.phases[data.phase ?? ''] ?? 'Đang chuẩn bị'}${
                  data.total
                    ? `: ${data.done.toLocaleString('vi-VN')} / ${data.total.toLocaleString('vi-VN')} dòng`
                    : ''
                }`
              : data.status === 'succeeded'
                ? 'Đã nhập xong. Đang mở biên bản đối soát…'
                : 'Lần nhập không thành công; dữ liệu không thay đổi.'}
        </Typography.Text>
        {!failed && data?.status !== 'succeeded' && (
          <Typography.Text type="secondary">
            Có thể đóng trình duyệt: việc nhập vẫn tiếp tục trên máy chủ, kể cả khi máy chủ khởi động lại.
          </Typography.Text>
        )}
        {failed && data.error && (
          <>
            <Alert type="error" showIcon title={data.error.message} />
            {rejectedRows.length > 0 && <RejectedRowsTable rows={rejectedRows} testId="job-rejected" />}
            <Button onClick={() => void navigate('/chuyen-du-lieu')}>Làm lại từ đầu</Button>
          </>
        )}
      </Flex>
    </Card>
  );
}
