import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, Select, Table, Tag } from 'antd';
import { isApiError } from '../../api/client.ts';
import { useMe } from '../../api/auth.ts';
import {
  useCreateProblemReport,
  useProblemAction,
  useProblemReports,
  type ProblemReport,
} from '../../api/campaign.ts';

const CATEGORY: Record<ProblemReport['category'], string> = {
  technical: 'Lỗi kỹ thuật',
  data: 'Dữ liệu',
  access: 'Tài khoản, truy cập',
};
const STATUS: Record<ProblemReport['status'], string> = {
  open: 'Chờ trả lời',
  answered: 'Đã trả lời',
  resolved: 'Đã giải quyết',
};

/** Problem reports (vướng mắc): the list of the units in scope, a form to file one, reply/escalate/resolve. */
export default function ProblemReportsPage() {
  const list = useProblemReports();
  const create = useCreateProblemReport();
  const act = useProblemAction();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ category: string; title: string; body: string }>();
  const [answer, setAnswer] = useState<Record<number, string>>({});
  const onError = (e: unknown) => void message.error(isApiError(e) ? e.message : 'Không thực hiện được');
  const scopeOrgId = (me.data?.scope as { orgId?: number | null } | undefined)?.orgId ?? null;

  return (
    <Flex vertical gap={16}>
      <Card size="small" title="Gửi vướng mắc">
        {scopeOrgId === null ? (
          'Tài khoản cấp Trung ương tiếp nhận vướng mắc; các đơn vị gửi vướng mắc từ tài khoản của mình.'
        ) : (
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) =>
              create.mutate(
                { orgId: scopeOrgId, ...v },
                {
                  onSuccess: () => {
                    form.resetFields();
                    void message.success('Đã gửi vướng mắc');
                  },
                  onError,
                },
              )
            }
          >
            <Form.Item
              name="category"
              label="Loại vướng mắc"
              rules={[{ required: true, message: 'Chọn loại' }]}
            >
              <Select options={Object.entries(CATEGORY).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item
              name="title"
              label="Tiêu đề"
              rules={[{ required: true, min: 5, message: 'Ít nhất 5 ký tự' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="body"
              label="Nội dung"
              rules={[{ required: true, min: 10, message: 'Ít nhất 10 ký tự' }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              Gửi
            </Button>
          </Form>
        )}
      </Card>
      <Card size="small" title="Danh sách vướng mắc">
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          expandable={{
            expandedRowRender: (r) => (
              <Flex vertical gap={8}>
                <div>{r.body}</div>
                <Input.TextArea
                  rows={2}
                  aria-label="Trả lời"
                  value={answer[r.id] ?? ''}
                  onChange={(e) => setAnswer({ ...answer, [r.id]: e.target.value })}
                />
                <Flex gap={8}>
                  {(['reply', 'escalate', 'resolve'] as const).map((a) => (
                    <Button
                      key={a}
                      size="small"
                      disabled={(answer[r.id] ?? '').trim().length < 2}
                      onClick={() =>
                        act.mutate(
                          { id: r.id, action: a, body: answer[r.id] ?? '', version: r.version },
                          { onError },
                        )
                      }
                    >
                      {a === 'reply' ? 'Trả lời' : a === 'escalate' ? 'Chuyển Trung ương' : 'Đã giải quyết'}
                    </Button>
                  ))}
                </Flex>
              </Flex>
            ),
          }}
          columns={[
            { title: 'Đơn vị', dataIndex: 'orgName' },
            { title: 'Loại', render: (_, r) => CATEGORY[r.category] },
            { title: 'Tiêu đề', dataIndex: 'title' },
            { title: 'Cấp xử lý', render: (_, r) => (r.level === 'centre' ? 'Trung ương' : 'Tỉnh') },
            { title: 'Trạng thái', render: (_, r) => <Tag>{STATUS[r.status]}</Tag> },
            { title: 'Người gửi', dataIndex: 'createdByName' },
          ]}
        />
      </Card>
    </Flex>
  );
}
