import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  useAccountRequests,
  useDecideRequests,
  useUploadRequestForm,
  type AccountRequest,
  type Credential,
  type RowError,
  type SealedFile,
  type UploadResult,
} from '../../api/accounts.ts';
import { isApiError } from '../../api/client.ts';
import { QueryError } from '../../components/query-error.tsx';
import { ROLE_LABELS } from '../../i18n/vi.ts';
import { CredentialsModal } from './credentials-modal.tsx';

type Status = 'pending' | 'approved' | 'rejected';

/** Phụ lục 01: download the form, upload filled ones (row errors), approve or reject requests. */
export default function RequestsPage() {
  const { message } = App.useApp();
  const upload = useUploadRequestForm();
  const [result, setResult] = useState<UploadResult | null>(null);
  const [status, setStatus] = useState<Status>('pending');
  const requests = useAccountRequests(status);
  const { approve, reject } = useDecideRequests();
  const [selected, setSelected] = useState<number[]>([]);
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [delivery, setDelivery] = useState<'activation' | 'password'>('activation');
  const [sealPassword, setSealPassword] = useState('');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<{ credentials: Credential[]; sealed: SealedFile | null } | null>(null);
  const fail = (error: unknown) =>
    void message.error(isApiError(error) ? error.message : 'Không thực hiện được.');

  const onApprove = () =>
    approve.mutate(
      { ids: selected, delivery, ...(sealPassword ? { sealPassword } : {}) },
      {
        onSuccess: (r) => {
          setApproving(false);
          setSelected([]);
          if (r.refused.length)
            void message.warning(
              `${r.refused.length} đề nghị chưa duyệt được: ${r.refused.map((x) => `#${x.requestId} ${x.message}`).join('; ')}`,
            );
          if (r.approved.length) setShown({ credentials: r.approved, sealed: r.sealed });
        },
        onError: fail,
      },
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="Đề nghị cấp tài khoản (Phụ lục 01)">
        <Space wrap>
          <Button icon={<DownloadOutlined />} href="/api/account-requests/template">
            Tải biểu mẫu Phụ lục 01 (.xlsx)
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            customRequest={({ file }) =>
              upload.mutate(file as File, {
                onSuccess: (r) => {
                  setResult(r);
                  setStatus('pending');
                },
                onError: fail,
              })
            }
          >
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={upload.isPending}
              data-testid="upload-form"
            >
              Tải lên biểu mẫu đã điền
            </Button>
          </Upload>
        </Space>
        {result && (
          <div style={{ marginTop: 16 }} data-testid="upload-result">
            <Alert
              type={result.errors.length ? 'warning' : 'success'}
              showIcon
              title={`Tệp ${result.fileName}: ${result.rowCount} dòng, ${result.requestCount} đề nghị hợp lệ, ${new Set(result.errors.map((e) => e.row)).size} dòng có lỗi.`}
            />
            {result.errors.length > 0 && (
              <Table<RowError>
                style={{ marginTop: 8 }}
                size="small"
                rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
                dataSource={result.errors}
                pagination={false}
                data-testid="row-errors"
                columns={[
                  { title: 'Dòng', dataIndex: 'row', width: 70 },
                  { title: 'Cột', dataIndex: 'column', width: 200 },
                  { title: 'Lỗi', dataIndex: 'message' },
                ]}
              />
            )}
          </div>
        )}
      </Card>

      <Card title="Duyệt đề nghị">
        <Tabs
          activeKey={status}
          onChange={(k) => {
            setStatus(k as Status);
            setSelected([]);
          }}
          items={[
            { key: 'pending', label: 'Chờ duyệt' },
            { key: 'approved', label: 'Đã duyệt' },
            { key: 'rejected', label: 'Đã từ chối' },
          ]}
        />
        {status === 'pending' && (
          <Space style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              disabled={!selected.length}
              onClick={() => setApproving(true)}
              data-testid="approve-selected"
            >
              Duyệt {selected.length ? `(${selected.length})` : ''}
            </Button>
            <Button danger disabled={!selected.length} onClick={() => setRejecting(true)}>
              Từ chối
            </Button>
          </Space>
        )}
        {requests.isError ? (
          <QueryError error={requests.error} onRetry={() => void requests.refetch()} />
        ) : (
          <Table<AccountRequest>
            rowKey="id"
            size="small"
            loading={requests.isPending}
            dataSource={requests.data?.items}
            data-testid="requests-table"
            rowSelection={
              status === 'pending'
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(Number)),
                    getCheckboxProps: (r) => ({ disabled: !r.canApprove, name: r.fullName }),
                  }
                : undefined
            }
            columns={[
              { title: 'Họ và tên', dataIndex: 'fullName' },
              { title: 'Ngày sinh', dataIndex: 'birthDate' },
              { title: 'Số CCCD', dataIndex: 'citizenId' },
              { title: 'Đơn vị (tổ chức)', dataIndex: 'orgName' },
              { title: 'Vị trí', dataIndex: 'position' },
              {
                title: 'Quyền',
                dataIndex: 'roles',
                render: (roles: number[]) => roles.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>),
              },
              {
                title: 'Ghi chú',
                render: (_: unknown, r: AccountRequest) =>
                  r.status === 'approved' ? (
                    <Typography.Text>Tài khoản: {r.accountUsername}</Typography.Text>
                  ) : r.status === 'rejected' ? (
                    <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>
                  ) : r.refusal ? (
                    <Typography.Text type="warning">{r.refusal}</Typography.Text>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>

      <Modal
        open={approving}
        title={`Duyệt ${selected.length} đề nghị`}
        okText="Duyệt"
        confirmLoading={approve.isPending}
        onOk={onApprove}
        onCancel={() => setApproving(false)}
      >
        <Typography.Paragraph>Cách cấp thông tin đăng nhập:</Typography.Paragraph>
        <Radio.Group
          value={delivery}
          onChange={(e) => setDelivery(e.target.value as 'activation' | 'password')}
        >
          <Space direction="vertical">
            <Radio value="activation">Đường dẫn kích hoạt dùng một lần (người nhận tự đặt mật khẩu)</Radio>
            <Radio value="password" data-testid="delivery-password">
              Mật khẩu tạm thời (phải đổi ở lần đăng nhập đầu)
            </Radio>
          </Space>
        </Radio.Group>
        <Input.Password
          style={{ marginTop: 12 }}
          placeholder="Mật khẩu niêm phong danh sách gửi đơn vị (không bắt buộc, ≥ 8 ký tự)"
          value={sealPassword}
          onChange={(e) => setSealPassword(e.target.value)}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          Danh sách niêm phong là tệp ZIP mã hóa AES-256 (mở bằng 7-Zip, WinRAR) chứa tệp Excel; báo mật khẩu
          cho đơn vị qua kênh khác (điện thoại).
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={rejecting}
        title={`Từ chối ${selected.length} đề nghị`}
        okText="Từ chối"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 3 }}
        confirmLoading={reject.isPending}
        onCancel={() => setRejecting(false)}
        onOk={() =>
          reject.mutate(
            { ids: selected, reason },
            {
              onSuccess: () => {
                setRejecting(false);
                setSelected([]);
                setReason('');
              },
              onError: fail,
            },
          )
        }
      >
        <Input.TextArea
          placeholder="Lý do từ chối"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      {shown && (
        <CredentialsModal
          credentials={shown.credentials}
          sealed={shown.sealed}
          onClose={() => setShown(null)}
        />
      )}
    </Space>
  );
}
