import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Spin, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd/es/upload/interface';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { hasPermission, useMe } from '../../api/auth.ts';
import { isApiError, validationIssues } from '../../api/client.ts';
import {
  useImportRun,
  useImportRuns,
  usePreviewPackage,
  useStartImport,
  useUploadPackage,
  type PackagePreview,
} from '../../api/imports.ts';
import { QueryError } from '../../components/query-error.tsx';
import { COMMON, IMPORTS } from '../../i18n/vi.ts';
import { ImportProgress } from './import-progress.tsx';
import { choiceFromPreview, MappingStep, overridesFromChoice, type MappingChoice } from './mapping-step.tsx';
import { PreviewStep } from './preview-step.tsx';
import { ReconciliationReportView } from './reconciliation-report.tsx';

const STEPS = ['Tải tệp lên', 'Ghép cột', 'Xem trước', 'Nhập dữ liệu', 'Đối soát'].map((title) => ({
  title,
}));

/** The user-facing text of an API error: validation issues first, then the importer's own message. */
function errorText(error: unknown): string {
  const issue = validationIssues(error)[0];
  if (issue) return issue.message;
  if (isApiError(error)) {
    const detail = error.details['message'];
    return typeof detail === 'string' ? detail : error.message;
  }
  return COMMON.unexpectedError;
}

/**
 * Chuyển dữ liệu từ 3.0: upload → mapping → preview → run (a background job) → reconciliation report.
 * The job and the report have their own addresses, so a closed tab comes back to them.
 */
export default function ImportWizardPage() {
  const { jobId, runId } = useParams();
  const step = runId ? 4 : jobId ? 3 : undefined;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1200 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {IMPORTS.menu}
      </Typography.Title>
      {step === undefined ? (
        <WizardBeforeRun />
      ) : (
        <>
          <Steps current={step} items={STEPS} size="small" />
          {runId ? <RunReport runId={Number(runId)} /> : <ImportProgress jobId={jobId!} />}
        </>
      )}
    </Flex>
  );
}

function WizardBeforeRun() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [step, setStep] = useState(0);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [preview, setPreview] = useState<PackagePreview>();
  const [choice, setChoice] = useState<MappingChoice>({});
  const [acceptRejected, setAcceptRejected] = useState(false);
  const upload = useUploadPackage();
  const previewing = usePreviewPackage();
  const start = useStartImport();
  const canStart = me?.roles.includes(1) ?? false;

  const onUpload = () => {
    const raw = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
    upload.mutate(raw, {
      onSuccess: (uploaded) =>
        previewing.mutate(
          { uploadId: uploaded.id },
          {
            onSuccess: (result) => {
              setPreview(result);
              setChoice(choiceFromPreview(result));
              setStep(1);
            },
            onError: (error) => void message.error(errorText(error)),
          },
        ),
      onError: (error) => void message.error(errorText(error)),
    });
  };

  const onApplyMapping = () => {
    if (!preview) return;
    const mappingOverrides = overridesFromChoice(preview, choice);
    previewing.mutate(
      { uploadId: preview.upload.id, ...(mappingOverrides ? { mappingOverrides } : {}) },
      {
        onSuccess: (result) => {
          setPreview(result);
          setStep(2);
        },
        onError: (error) => void message.error(errorText(error)),
      },
    );
  };

  const onStart = () => {
    if (!preview) return;
    const mappingOverrides = overridesFromChoice(preview, choice);
    start.mutate(
      {
        uploadId: preview.upload.id,
        acceptRejectedRows: acceptRejected,
        ...(mappingOverrides ? { mappingOverrides } : {}),
      },
      {
        onSuccess: ({ jobId }) => void navigate(`/chuyen-du-lieu/viec/${jobId}`),
        onError: (error) => void message.error(errorText(error)),
      },
    );
  };

  const missingRequired =
    preview?.files.some((file) =>
      preview.requiredColumns[file.kind].some((c) => (choice[file.kind]?.[c] ?? null) === null),
    ) ?? false;
  const unreadable = preview?.files.some((f) => f.error !== null) ?? false;
  const rejectedTotal = preview?.files.reduce((sum, f) => sum + f.rejectedTotal, 0) ?? 0;

  return (
    <>
      <Steps current={step} items={STEPS} size="small" onChange={(s) => s < step && setStep(s)} />
      {step === 0 && (
        <Card size="small" title="Gói dữ liệu xuất từ hệ thống 3.0">
          <Flex vertical gap={12}>
            <div data-testid="package-upload">
              <Upload.Dragger
                multiple
                accept=".zip,.xlsx,.csv"
                fileList={files}
                beforeUpload={() => false}
                onChange={({ fileList }) => setFiles(fileList.slice(-2))}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">Kéo thả hoặc bấm để chọn tệp</p>
                <p className="ant-upload-hint">
                  Một tệp .zip hoặc .xlsx, hoặc hai tệp .csv (tệp tổ chức và tệp đảng viên).
                </p>
              </Upload.Dragger>
            </div>
            <div>
              <Button
                type="primary"
                disabled={files.length === 0}
                loading={upload.isPending || previewing.isPending}
                onClick={onUpload}
              >
                Tải lên và đọc thử
              </Button>
            </div>
          </Flex>
        </Card>
      )}
      {step === 1 && preview && (
        <>
          <MappingStep preview={preview} choice={choice} onChange={setChoice} />
          <Flex gap={8}>
            <Button onClick={() => setStep(0)}>Quay lại</Button>
            <Button
              type="primary"
              disabled={missingRequired}
              loading={previewing.isPending}
              onClick={onApplyMapping}
            >
              Xem trước dữ liệu
            </Button>
          </Flex>
        </>
      )}
      {step === 2 && preview && (
        <>
          <PreviewStep
            preview={preview}
            acceptRejected={acceptRejected}
            onAcceptRejectedChange={setAcceptRejected}
          />
          {!canStart && (
            <Alert
              type="info"
              showIcon
              title="Chỉ tài khoản có quyền Quản trị hệ thống mới bắt đầu nhập được."
            />
          )}
          <Flex gap={8}>
            <Button onClick={() => setStep(1)}>Quay lại ghép cột</Button>
            <Button
              type="primary"
              disabled={!canStart || missingRequired || unreadable || (rejectedTotal > 0 && !acceptRejected)}
              loading={start.isPending}
              onClick={onStart}
            >
              Bắt đầu nhập
            </Button>
          </Flex>
        </>
      )}
      {step === 0 && hasPermission(me, 'member.read') && <RunHistory />}
    </>
  );
}

function RunReport({ runId }: { runId: number }) {
  const run = useImportRun(runId);
  if (run.error) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  if (!run.data) return <Spin description="Đang tải biên bản…" />;
  if (!run.data.report) {
    return (
      <Alert
        type="warning"
        showIcon
        title={run.data.errorMessage ?? 'Lần nhập này chưa có biên bản đối soát.'}
      />
    );
  }
  return <ReconciliationReportView report={run.data.report} />;
}

function RunHistory() {
  const runs = useImportRuns();
  if (runs.error) return <QueryError error={runs.error} compact onRetry={() => void runs.refetch()} />;
  return (
    <Card size="small" title="Các lần nhập trước">
      <Table
        size="small"
        rowKey="id"
        loading={runs.isLoading}
        dataSource={runs.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: 'Chưa có lần nhập nào' }}
        columns={[
          { title: 'Số', dataIndex: 'id', width: 70 },
          { title: 'Tỉnh', dataIndex: 'provinceCode', width: 70 },
          { title: 'Gói dữ liệu', dataIndex: 'packageName' },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            width: 130,
            render: (s: string) => (
              <Tag color={s === 'succeeded' ? 'green' : s === 'running' ? 'blue' : 'red'}>
                {IMPORTS.runStatuses[s] ?? s}
              </Tag>
            ),
          },
          {
            title: 'Bắt đầu',
            dataIndex: 'startedAt',
            width: 170,
            render: (t: string) => new Date(t).toLocaleString('vi-VN'),
          },
          {
            title: '',
            width: 120,
            render: (_: unknown, r: { id: number; status: string }) =>
              r.status === 'succeeded' ? (
                <Link to={`/chuyen-du-lieu/lan-nhap/${r.id}`}>Xem đối soát</Link>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
