import { useState } from 'react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { hasPermission, useMe } from '../../api/auth.ts';
import { useAccounts } from '../../api/accounts.ts';
import { isApiError, validationIssues } from '../../api/client.ts';
import { useSetResponsibility, type Responsibility } from '../../api/campaign.ts';
import { CAMPAIGN, COMMON } from '../../i18n/vi.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';

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
 * Accounts can be searched only with account.manage (the accounts list is an administrator's route); other
 * accounts keep the assigned ones and may remove them.
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
  const canSearchAccounts = hasPermission(me, 'account.manage');
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const accounts = useAccounts(q ? { q, active: 'true', limit: 20 } : { orgId, active: 'true', limit: 20 }, {
    enabled: canSearchAccounts && open,
  });
  const found = canSearchAccounts ? (accounts.data?.items ?? []) : [];
  const assigned = current?.accounts ?? [];
  const options = [
    ...assigned.map((a) => ({ value: a.id, label: accountLabel(a) })),
    ...found
      .filter((a) => !assigned.some((x) => x.id === a.id))
      .map((a) => ({ value: a.id, label: `${accountLabel(a)} — ${a.scopeName}` })),
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
          extra={
            canSearchAccounts
              ? 'Gõ tên hoặc tên đăng nhập để tìm tài khoản trong phạm vi của bạn.'
              : 'Chỉ tài khoản quản trị hệ thống mới tìm và thêm được tài khoản; bạn có thể bỏ bớt tài khoản đã phân công.'
          }
        >
          <Select
            mode="multiple"
            labelInValue
            allowClear
            placeholder={canSearchAccounts ? 'Chọn tài khoản' : 'Chưa phân công tài khoản'}
            options={options}
            loading={canSearchAccounts && accounts.isFetching}
            // The server searches (accent-insensitive, within scope); the list is not filtered again here.
            showSearch={canSearchAccounts ? { filterOption: false, onSearch: setSearch } : false}
            notFoundContent={
              canSearchAccounts ? (
                accounts.isError ? (
                  <Typography.Text type="danger">
                    {isApiError(accounts.error) ? accounts.error.message : COMMON.unexpectedError}
                  </Typography.Text>
                ) : (
                  'Không tìm thấy tài khoản'
                )
              ) : null
            }
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
