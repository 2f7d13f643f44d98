import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useLogin, useMe } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { COMMON, PRODUCT_NAME } from '../../i18n/vi.ts';

interface LoginValues {
  username: string;
  password: string;
  totpCode?: string;
}

function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/dang-nhap')
    ? from
    : '/to-chuc';
}

export default function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const target = returnPath(location.state);

  if (me.data) return <Navigate to={target} replace />;

  const onFinish = (values: LoginValues) => {
    const code = values.totpCode?.trim();
    login.mutate(
      {
        username: values.username.trim(),
        password: values.password,
        // A 6-digit code from the app, or a recovery code ("abcde-fghjk").
        ...(code ? (/^\d{6}$/.test(code) ? { totpCode: code } : { recoveryCode: code }) : {}),
      },
      { onSuccess: () => void navigate(target, { replace: true }) },
    );
  };

  // Two-factor accounts: the password was right, now the code (kept visible after a wrong code).
  const needsCode = isApiError(login.error, 'TOTP_REQUIRED') || isApiError(login.error, 'INVALID_TOTP');
  const errorText = login.error
    ? isApiError(login.error)
      ? login.error.message
      : COMMON.unexpectedError
    : null;

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg, #8e1414 0%, #b71c1c 45%, #f5f5f5 45%)',
        padding: 16,
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          {PRODUCT_NAME}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          Làm sạch, chuẩn hóa dữ liệu tổ chức đảng và đảng viên
        </Typography.Paragraph>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          Đăng nhập
        </Typography.Title>
        {errorText && (
          <Alert type="error" showIcon title={errorText} style={{ marginBottom: 16 }} role="alert" />
        )}
        <Form<LoginValues>
          name="login"
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          disabled={login.isPending}
        >
          <Form.Item
            label="Tên đăng nhập"
            name="username"
            rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập tên đăng nhập' }]}
          >
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label="Mật khẩu"
            name="password"
            rules={[{ required: true, message: 'Vui lòng nhập mật khẩu' }]}
          >
            <Input.Password
              prefix={<LockOutlined aria-hidden />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          {needsCode && (
            <Form.Item
              label="Mã xác thực"
              name="totpCode"
              extra="Mã 6 số trong ứng dụng xác thực, hoặc một mã khôi phục."
              rules={[{ required: true, message: 'Nhập mã xác thực' }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" size="large" autoFocus />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            Đăng nhập
          </Button>
        </Form>
      </Card>
    </main>
  );
}
