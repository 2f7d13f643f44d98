import { useState } from 'react';
import { App, Button, Card, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import {
  useAccountAction,
  useAccounts,
  useResetPassword,
  type Account,
  type AccountFilters,
  type Credential,
  type SealedFile,
} from '../../api/accounts.ts';
import { isApiError } from '../../api/client.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { QueryError } from '../../components/query-error.tsx';
import { ROLE_LABELS } from '../../i18n/vi.ts';
import { CredentialsModal } from './credentials-modal.tsx';

export default function AccountsPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<number | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  const [page, setPage] = useState(1);
  const search = useDebouncedValue(q, 300);
  const filters: AccountFilters = {
    q: search || undefined,
    role,
    active,
    limit: 50,
    offset: (page - 1) * 50,
  };
  const accounts = useAccounts(filters);
  const action = useAccountAction();
  const reset = useResetPassword();
  const [resetTarget, setResetTarget] = useState<Account | null>(null);
  const [delivery, setDelivery] = useState<'activation' | 'password'>('activation');
  const [sealPassword, setSealPassword] = useState('');
  const [shown, setShown] = useState<{ credentials: Credential[]; sealed: SealedFile | null } | null>(null);

  const fail = (error: unknown) =>
    void message.error(isApiError(error) ? error.message : 'Không thực hiện được.');

  return (
    <Card
      title="Tài khoản trong phạm vi quản lý"
      extra={<Link to="/tai-khoan/de-nghi">Đề nghị cấp tài khoản (Phụ lục 01)</Link>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder="Tìm theo tên đăng nhập, họ tên"
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          placeholder="Quyền"
          style={{ width: 220 }}
          value={role}
          onChange={setRole}
          options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value: Number(value), label }))}
        />
        <Select
          allowClear
          placeholder="Trạng thái"
          style={{ width: 160 }}
          value={active}
          onChange={setActive}
          options={[
            { value: 'true', label: 'Đang hoạt động' },
            { value: 'false', label: 'Đã khóa' },
          ]}
        />
      </Space>
      {accounts.isError ? (
        <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <Table<Account>
          rowKey="id"
          size="small"
          loading={accounts.isPending}
          dataSource={accounts.data?.items}
          data-testid="accounts-table"
          pagination={{ current: page, pageSize: 50, total: accounts.data?.total, onChange: setPage }}
          columns={[
            { title: 'Tên đăng nhập', dataIndex: 'username' },
            { title: 'Họ và tên', dataIndex: 'fullName' },
            { title: 'Phạm vi', dataIndex: 'scopeName' },
            {
              title: 'Quyền',
              dataIndex: 'roles',
              render: (roles: number[]) => roles.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>),
            },
            {
              title: 'Trạng thái',
              render: (_: unknown, a: Account) => (
                <Space wrap>
                  {a.isActive ? <Tag color="green">Hoạt động</Tag> : <Tag color="red">Đã khóa</Tag>}
                  {a.activationPending && <Tag color="orange">Chờ kích hoạt</Tag>}
                  {a.lockedUntil && new Date(a.lockedUntil) > new Date() && (
                    <Tag color="volcano">Tạm khóa do nhập sai</Tag>
                  )}
                  {a.totpEnabled && <Tag color="blue">Xác thực 2 lớp</Tag>}
                </Space>
              ),
            },
            {
              title: 'Thao tác',
              render: (_: unknown, a: Account) => (
                <Space>
                  <Button
                    size="small"
                    danger={a.isActive}
                    onClick={() =>
                      action.mutate(
                        { id: a.id, action: a.isActive ? 'deactivate' : 'reactivate' },
                        { onError: fail },
                      )
                    }
                  >
                    {a.isActive ? 'Khóa' : 'Mở khóa'}
                  </Button>
                  <Button size="small" onClick={() => setResetTarget(a)}>
                    Cấp lại mật khẩu
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {resetTarget && (
        <Modal
          open
          title={`Cấp lại mật khẩu cho ${resetTarget.username}`}
          okText="Cấp lại"
          confirmLoading={reset.isPending}
          onCancel={() => setResetTarget(null)}
          onOk={() =>
            reset.mutate(
              { id: resetTarget.id, delivery, ...(sealPassword ? { sealPassword } : {}) },
              {
                onSuccess: (r) => {
                  setResetTarget(null);
                  setShown({ credentials: [r.credential], sealed: r.sealed });
                },
                onError: fail,
              },
            )
          }
        >
          <Typography.Paragraph>
            Mật khẩu cũ hết hiệu lực ngay, mọi phiên đăng nhập kết thúc và xác thực hai lớp được đặt lại.
          </Typography.Paragraph>
          <Radio.Group
            value={delivery}
            onChange={(e) => setDelivery(e.target.value as 'activation' | 'password')}
          >
            <Radio value="activation">Đường dẫn kích hoạt dùng một lần</Radio>
            <Radio value="password">Mật khẩu tạm thời</Radio>
          </Radio.Group>
          <Input.Password
            style={{ marginTop: 12 }}
            placeholder="Mật khẩu niêm phong tệp (không bắt buộc, ≥ 8 ký tự)"
            value={sealPassword}
            onChange={(e) => setSealPassword(e.target.value)}
          />
        </Modal>
      )}
      {shown && (
        <CredentialsModal
          credentials={shown.credentials}
          sealed={shown.sealed}
          onClose={() => setShown(null)}
        />
      )}
    </Card>
  );
}
