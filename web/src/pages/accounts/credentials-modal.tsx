import { Alert, Button, Modal, Table, Typography } from 'antd';
import { downloadBase64, type Credential, type SealedFile } from '../../api/accounts.ts';

/** Credentials are shown once: the server keeps only hashes. */
export function CredentialsModal({
  credentials,
  sealed,
  onClose,
}: {
  credentials: Credential[];
  sealed: SealedFile | null;
  onClose: () => void;
}) {
  return (
    <Modal
      open
      title="Thông tin đăng nhập (chỉ hiển thị một lần)"
      width={900}
      onCancel={onClose}
      footer={<Button onClick={onClose}>Đã ghi nhận, đóng</Button>}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="Hệ thống không lưu mật khẩu hay đường dẫn kích hoạt ở dạng đọc được. Hãy chuyển cho người nhận ngay hoặc tải danh sách niêm phong."
      />
      {sealed && (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          onClick={() => downloadBase64(sealed)}
          data-testid="download-sealed"
        >
          Tải danh sách niêm phong ({sealed.fileName}, mã hóa AES-256)
        </Button>
      )}
      <Table<Credential>
        rowKey="accountId"
        size="small"
        pagination={false}
        dataSource={credentials}
        data-testid="credentials-table"
        columns={[
          { title: 'Họ và tên', dataIndex: 'fullName' },
          {
            title: 'Tên đăng nhập',
            dataIndex: 'username',
            render: (v: string) => <Typography.Text copyable>{v}</Typography.Text>,
          },
          { title: 'Phạm vi', dataIndex: 'scopeName' },
          {
            title: 'Mật khẩu tạm thời / đường dẫn kích hoạt',
            render: (_: unknown, c: Credential) =>
              c.initialPassword ? (
                <Typography.Text copyable code data-testid="initial-password">
                  {c.initialPassword}
                </Typography.Text>
              ) : (
                <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="activation-url">
                  {c.activationUrl}
                </Typography.Text>
              ),
          },
        ]}
      />
    </Modal>
  );
}
