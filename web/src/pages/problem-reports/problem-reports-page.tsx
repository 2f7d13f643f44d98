import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Select, Table, Tag } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import dayjs from 'dayjs';
import { useParams } from 'react-router-dom';
import { isApiError, validationIssues } from '../../api/client.ts';
import { useMe } from '../../api/auth.ts';
import {
  MAX_FILES_PER_SEND,
  useCreateProblemReport,
  useProblemReports,
  type ProblemCategory,
  type ProblemReport,
} from '../../api/problem-reports.ts';
import { QueryError } from '../../components/query-error.tsx';
import { COMMON, PROBLEM_REPORTS } from '../../i18n/vi.ts';
import { AttachmentPicker, filesOf } from './attachment-picker.tsx';
import { ProblemReportThread } from './problem-report-thread.tsx';

interface FilingValues {
  category: ProblemCategory;
  title: string;
  body: string;
  files?: UploadFile[];
}

/** Problem reports (vướng mắc): the list of the units in scope, a form to file one, reply/escalate/resolve. */
export default function ProblemReportsPage() {
  const params = useParams();
  const list = useProblemReports();
  const create = useCreateProblemReport();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilingValues>();
  // /vuong-mac/:id (the link of a notification) opens that report.
  const [expanded, setExpanded] = useState<number[]>(params.id ? [Number(params.id)] : []);
  const scopeOrgId = me.data?.scope.orgId ?? null;

  const onFile = (v: FilingValues) =>
    create.mutate(
      { orgId: scopeOrgId!, category: v.category, title: v.title, body: v.body, files: filesOf(v.files) },
      {
        onSuccess: ({ report, failed }) => {
          form.resetFields();
          setExpanded([report.id]);
          if (failed.length === 0) void message.success('Đã gửi vướng mắc');
          else
            void message.warning(
              `Đã gửi vướng mắc nhưng chưa đính kèm được: ${failed
                .map(
                  (f) =>
                    `“${f.fileName}” (${isApiError(f.error) ? f.error.message : COMMON.unexpectedError})`,
                )
                .join('; ')}. Có thể đính kèm lại khi trả lời.`,
              8,
            );
        },
        onError: (error) => {
          const issues = validationIssues(error);
          void message.error(
            issues.length > 0
              ? issues.map((i) => i.message).join('; ')
              : isApiError(error)
                ? error.message
                : COMMON.unexpectedError,
          );
        },
      },
    );

  return (
    <Flex vertical gap={16}>
      <Card size="small" title="Gửi vướng mắc">
        {scopeOrgId === null ? (
          'Tài khoản cấp Trung ương tiếp nhận vướng mắc; các đơn vị gửi vướng mắc từ tài khoản của mình.'
        ) : (
          <Form<FilingValues> form={form} layout="vertical" onFinish={onFile} data-testid="problem-form">
            <Form.Item
              name="category"
              label="Loại vướng mắc"
              rules={[{ required: true, message: 'Chọn loại vướng mắc' }]}
            >
              <Select
                options={Object.entries(PROBLEM_REPORTS.categories).map(([value, label]) => ({
                  value,
                  label,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="title"
              label="Tiêu đề"
              rules={[
                { required: true, whitespace: true, message: 'Nhập tiêu đề' },
                { min: 5, message: 'Tiêu đề ít nhất 5 ký tự' },
                { max: 300, message: 'Tiêu đề quá dài' },
              ]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="body"
              label="Nội dung"
              rules={[
                { required: true, whitespace: true, message: 'Hãy mô tả vướng mắc' },
                { min: 10, message: 'Hãy mô tả vướng mắc (ít nhất 10 ký tự)' },
              ]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item
              name="files"
              label={PROBLEM_REPORTS.attachments}
              extra={`Tối đa ${MAX_FILES_PER_SEND} tệp: ${PROBLEM_REPORTS.acceptedHint}`}
            >
              <AttachmentPicker max={MAX_FILES_PER_SEND} testId="problem-files" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              Gửi
            </Button>
          </Form>
        )}
      </Card>
      <Card size="small" title="Danh sách vướng mắc">
        {list.isError ? (
          <QueryError compact error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<ProblemReport>
            rowKey="id"
            size="small"
            data-testid="problem-list"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            expandable={{
              expandedRowKeys: expanded,
              onExpandedRowsChange: (keys) => setExpanded(keys.map(Number)),
              expandedRowRender: (r) => <ProblemReportThread id={r.id} />,
            }}
            columns={[
              { title: 'Đơn vị', dataIndex: 'orgName' },
              { title: 'Loại', render: (_, r) => PROBLEM_REPORTS.categories[r.category] },
              { title: 'Tiêu đề', dataIndex: 'title' },
              { title: 'Ngày gửi', render: (_, r) => dayjs(r.createdAt).format('DD/MM/YYYY HH:mm') },
              { title: 'Cấp xử lý', render: (_, r) => (r.level === 'centre' ? 'Trung ương' : 'Tỉnh') },
              { title: 'Trạng thái', render: (_, r) => <Tag>{PROBLEM_REPORTS.statuses[r.status]}</Tag> },
              { title: 'Người gửi', dataIndex: 'createdByName' },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
