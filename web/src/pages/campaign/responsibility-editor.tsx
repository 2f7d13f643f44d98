import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { hasPermission, useMe } from '../../api/auth.ts';
import { isApiError, validationIssues } from '../../api/client.ts';
import { useAssignableAccounts, useSetResponsibility, type Responsibility } from '../../api/campaign.ts';
import { CAMPAIGN, COMMON } from '../../i18n/vi.ts';
import { foldVietnamese } from '../../lib/vietnamese-text.ts';

interface ResponsibilityValues {
  personName: string;
  position?: string;
  contact?: string;
  /** labelInValue: a chosen account keeps its name when a later search no longer lists it. */
  accounts: Array<{ value: number; label: React.ReactNode }>;
}

const FIELDS: Record<string, keyof ResponsibilityValues> = {
  personName: 'personName',
  position: 'position',
  contact: 'contact',
  accountIds: 'accounts',
};
const accountLabel = (a: { username: string; fullName: string }) =>
  a.fullName ? `${a.fullName} (${a.username})` : a.username;

/**
 * The responsible person of a unit for the campaign and the accounts assigned to it
 * (PUT /api/campaign/units/:orgId/responsibility, optimistic locking on its version, 0 = none yet).
 * The accounts offered are those the caller may assign (GET …/assignable-accounts: at, above or below the
 * unit, within the caller's scope), searched here accent-insensitively.
 */
export function ResponsibilityEditor({
  orgId,
  current,
  open,
  onClose,
}: {
  orgId: number;
  current: Responsibility | null;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<ResponsibilityValues>();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const save = useSetResponsibility(orgId);
  const canAssign = hasPermission(me, 'org.write');
  const assignable = useAssignableAccounts(orgId, open && canAssign);
  const assigned = current?.accounts ?? [];
  const options = [
    ...assigned.map((a) => ({ value: a.id, label: accountLabel(a), key: foldVietnamese(accountLabel(a)) })),
    ...(assignable.data?.items ?? [])
      .filter((a) => !assigned.some((x) => x.id === a.id))
      .map((a) => {
        const label = `${accountLabel(a)} — ${a.scopeOrgName}`;
        return { value: a.id, label, key: foldVietnamese(label) };
      }),
  ];

  const onFinish = (v: ResponsibilityValues) =>
    save.mutate(
      {
        personName: v.personName.trim(),
        position: v.position?.trim() || null,
        contact: v.contact?.trim() || null,
        accountIds: (v.accounts ?? []).map((a) => a.value),
        version: current?.version ?? 0,
      },
      {
        onSuccess: () => {
          void message.success('Đã lưu người chịu trách nhiệm');
          onClose();
        },
        onError: (error) => {
          if (isApiError(error, 'VERSION_CONFLICT')) {
            void message.error(CAMPAIGN.responsibilityConflict);
            onClose();
            return;
          }
          const issues = validationIssues(error);
          const fieldOf = (path: string) => FIELDS[path.split('.')[0] ?? ''];
          const onFields = issues.filter((i) => fieldOf(i.path));
          form.setFields(onFields.map((i) => ({ name: fieldOf(i.path)!, errors: [i.message] })));
          if (onFields.length === 0 || onFields.length < issues.length)
            void message.error(isApiError(error) ? error.message : COMMON.unexpectedError);
        },
      },
    );

  return (
    <Modal
      open={open}
      title="Người chịu trách nhiệm và tài khoản được phân công"
      okText="Lưu"
      cancelText="Hủy"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ResponsibilityValues>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={onFinish}
        data-testid="responsibility-form"
        initialValues={{
          personName: current?.personName ?? '',
          position: current?.position ?? '',
          contact: current?.contact ?? '',
          accounts: assigned.map((a) => ({ value: a.id, label: accountLabel(a) })),
        }}
      >
        <Form.Item
          name="personName"
          label="Họ tên người chịu trách nhiệm"
          rules={[
            { required: true, whitespace: true, message: 'Nhập họ tên người chịu trách nhiệm' },
            { min: 2, message: 'Nhập họ tên người chịu trách nhiệm' },
            { max: 200, message: 'Họ tên quá dài' },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="position" label="Chức vụ" rules={[{ max: 200, message: 'Chức vụ quá dài' }]}>
          <Input placeholder="Ví dụ: Bí thư chi bộ" />
        </Form.Item>
        <Form.Item
          name="contact"
          label="Liên hệ"
          rules={[{ max: 200, message: 'Thông tin liên hệ quá dài' }]}
        >
          <Input placeholder="Số điện thoại, thư điện tử" />
        </Form.Item>
        <Form.Item
          name="accounts"
          label="Tài khoản được phân công"
          extra="Gõ tên hoặc tên đăng nhập (có dấu hay không dấu) để tìm tài khoản của đơn vị, cấp trên hoặc cấp dưới trong phạm vi của bạn."
        >
          <Select
            mode="multiple"
            labelInValue
            allowClear
            placeholder="Chọn tài khoản"
            options={options}
            loading={assignable.isFetching}
            showSearch={{
              filterOption: (input, option) => (option?.key ?? '').includes(foldVietnamese(input)),
            }}
            notFoundContent={
              assignable.isError ? (
                <Typography.Text type="danger">
                  {isApiError(assignable.error) ? assignable.error.message : COMMON.unexpectedError}
                </Typography.Text>
              ) : (
                'Không tìm thấy tài khoản'
              )
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
