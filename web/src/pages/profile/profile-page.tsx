import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useMe } from '../../api/auth.ts';
import {
  useChangePassword,
  useOwnSessions,
  useRevokeSession,
  useTwoFactor,
  type OwnSession,
} from '../../api/accounts.ts';
import { isApiError, validationIssues } from '../../api/client.ts';

const POLICY =
  'Ít nhất 10 ký tự, có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký tự đặc biệt; không chứa tên đăng nhập, không phải mật khẩu phổ biến.';

function PasswordCard({ forced }: { forced: boolean }) {
  const { message } = App.useApp();
  const change = useChangePassword();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const issues = validationIssues(change.error);
  const otherError = change.error && !issues.length && isApiError(change.error) ? change.error.message : null;
  return (
    <Card title={forced ? 'Đổi mật khẩu tạm thời (bắt buộc)' : 'Đổi mật khẩu'}>
      {forced && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Tài khoản đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu của riêng bạn để bắt đầu làm việc."
        />
      )}
      <Typography.Paragraph type="secondary">{POLICY}</Typography.Paragraph>
      {issues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={issues.map((i) => i.message).join(' ')}
          role="alert"
        />
      )}
      {otherError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={otherError} />}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={(v) =>
          change.mutate(
            { currentPassword: v.currentPassword, newPassword: v.newPassword },
            {
              onSuccess: () => {
                form.resetFields();
                void message.success('Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.');
              },
            },
          )
        }
      >
        <Form.Item
          label="Mật khẩu hiện tại"
          name="currentPassword"
          rules={[{ required: true, message: 'Nhập mật khẩu hiện tại' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="newPassword"
          rules={[
            { required: true, message: 'Nhập mật khẩu mới' },
            { min: 10, message: 'Ít nhất 10 ký tự' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Nhập lại mật khẩu mới' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Hai mật khẩu không khớp')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending}>
          Đổi mật khẩu
        </Button>
      </Form>
    </Card>
  );
}

function TwoFactorCard({ required, enabled }: { required: boolean; enabled: boolean }) {
  const { message } = App.useApp();
  const { setup, enable, disable } = useTwoFactor();
  const [codes, setCodes] = useState<string[] | null>(null);
  const secret = setup.data?.secret;
  const error = enable.error ?? disable.error;
  return (
    <Card title="Xác thực hai lớp (mã OTP)">
      {required && !enabled && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="Tài khoản Quản trị hệ thống bắt buộc bật xác thực hai lớp trước khi sử dụng."
        />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            validationIssues(error)
              .map((i) => i.message)
              .join(' ') || (isApiError(error) ? error.message : 'Lỗi')
          }
        />
      )}
      {codes && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title="Đã bật xác thực hai lớp. Mã khôi phục (mỗi mã dùng một lần, chỉ hiển thị lúc này — hãy in hoặc cất giữ an toàn):"
          description={
            <Typography.Paragraph copyable={{ text: codes.join('\n') }} code data-testid="recovery-codes">
              {codes.join('  ')}
            </Typography.Paragraph>
          }
        />
      )}
      {enabled ? (
        <Space direction="vertical">
          <Tag color="blue">Đang bật</Tag>
          {!required && (
            <Form
              layout="inline"
              onFinish={(v: { password: string; code: string }) =>
                disable.mutate(v, { onSuccess: () => void message.success('Đã tắt xác thực hai lớp') })
              }
            >
              <Form.Item name="password" rules={[{ required: true, message: 'Mật khẩu' }]}>
                <Input.Password placeholder="Mật khẩu" />
              </Form.Item>
              <Form.Item name="code" rules={[{ required: true, message: 'Mã' }]}>
                <Input placeholder="Mã 6 số" />
              </Form.Item>
              <Button danger htmlType="submit" loading={disable.isPending}>
                Tắt
              </Button>
            </Form>
          )}
        </Space>
      ) : !secret ? (
        <Button type="primary" onClick={() => setup.mutate()} loading={setup.isPending}>
          Bật xác thực hai lớp
        </Button>
      ) : (
        <>
          <Typography.Paragraph>
            1. Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), chọn thêm tài khoản bằng{' '}
            <b>nhập khóa</b> và nhập khóa bí mật sau (loại: theo thời gian):
          </Typography.Paragraph>
          <Typography.Paragraph copyable code data-testid="totp-secret">
            {secret}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" copyable={{ text: setup.data?.otpauthUri }}>
            Hoặc dán địa chỉ otpauth vào ứng dụng hỗ trợ.
          </Typography.Paragraph>
          <Typography.Paragraph>
            2. Nhập mã 6 số ứng dụng hiển thị và mật khẩu để xác nhận:
          </Typography.Paragraph>
          <Form
            layout="inline"
            onFinish={(v: { code: string; password: string }) =>
              enable.mutate({ secret, ...v }, { onSuccess: (r) => setCodes(r.recoveryCodes) })
            }
          >
            <Form.Item name="code" rules={[{ required: true, message: 'Nhập mã' }]}>
              <Input placeholder="Mã 6 số" inputMode="numeric" />
            </Form.Item>
            <Form.Item name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
              <Input.Password placeholder="Mật khẩu" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={enable.isPending}>
              Xác nhận
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

function SessionsCard() {
  const sessions = useOwnSessions(true);
  const revoke = useRevokeSession();
  return (
    <Card title="Phiên đăng nhập đang hoạt động">
      <Table<OwnSession>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isPending}
        dataSource={sessions.data?.items}
        data-testid="sessions-table"
        columns={[
          {
            title: 'Bắt đầu',
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString('vi-VN'),
          },
          {
            title: 'Hoạt động gần nhất',
            dataIndex: 'lastSeenAt',
            render: (v: string) => new Date(v).toLocaleString('vi-VN'),
          },
          { title: 'Địa chỉ IP', dataIndex: 'ip' },
          { title: 'Trình duyệt', dataIndex: 'userAgent', ellipsis: true },
          {
            title: '',
            render: (_: unknown, s: OwnSession) =>
              s.current ? (
                <Tag color="green">Phiên này</Tag>
              ) : (
                <Button size="small" danger loading={revoke.isPending} onClick={() => revoke.mutate(s.id)}>
                  Đăng xuất phiên này
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

export default function ProfilePage() {
  const { data: me } = useMe();
  if (!me) return null;
  const step = me.pendingStep;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="Hồ sơ tài khoản">
        <List size="small">
          <List.Item>Tên đăng nhập: {me.username}</List.Item>
          <List.Item>Họ và tên: {me.fullName}</List.Item>
          <List.Item>Phạm vi: {me.scope.name}</List.Item>
        </List>
      </Card>
      {step !== 'TOTP_ENROLLMENT_REQUIRED' && <PasswordCard forced={step === 'PASSWORD_CHANGE_REQUIRED'} />}
      {step !== 'PASSWORD_CHANGE_REQUIRED' && (
        <TwoFactorCard required={me.totpRequired} enabled={me.totpEnabled} />
      )}
      {step === null && <SessionsCard />}
    </Space>
  );
}
