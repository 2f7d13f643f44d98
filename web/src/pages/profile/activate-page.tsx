import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useActivate } from '../../api/accounts.ts';
import { isApiError, validationIssues } from '../../api/client.ts';
import { PRODUCT_NAME } from '../../i18n/vi.ts';

/** The one-time activation link: /kich-hoat#<token>. The token stays in the fragment, out of server logs. */
export default function ActivatePage() {
  const activate = useActivate();
  const token = window.location.hash.slice(1);
  const issues = validationIssues(activate.error);
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 440 }} title={`${PRODUCT_NAME} — kích hoạt tài khoản`}>
        {activate.isSuccess ? (
          <Alert
            type="success"
            showIcon
            title={`Đã kích hoạt tài khoản ${activate.data.username}.`}
            description={<Link to="/dang-nhap">Đăng nhập</Link>}
          />
        ) : (
          <>
            {!token && <Alert type="error" showIcon title="Đường dẫn kích hoạt không đầy đủ." />}
            {activate.error && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={
                  issues.map((i) => i.message).join(' ') ||
                  (isApiError(activate.error) ? activate.error.message : 'Lỗi')
                }
              />
            )}
            <Typography.Paragraph type="secondary">
              Đặt mật khẩu: ít nhất 10 ký tự, có ít nhất 3 trong 4 loại (chữ thường, chữ hoa, chữ số, ký tự
              đặc biệt).
            </Typography.Paragraph>
            <Form
              layout="vertical"
              onFinish={(v: { newPassword: string }) =>
                activate.mutate({ token, newPassword: v.newPassword })
              }
            >
              <Form.Item
                label="Mật khẩu mới"
                name="newPassword"
                rules={[{ required: true, message: 'Nhập mật khẩu mới' }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={activate.isPending} disabled={!token}>
                Kích hoạt
              </Button>
            </Form>
          </>
        )}
      </Card>
    </main>
  );
}
