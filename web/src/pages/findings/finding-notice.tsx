import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, QuestionCircleOutlined, UndoOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/client.ts';
import type { Finding, FindingSeverity, RuleInfo } from '../../api/findings.ts';
import { COMMON, FINDINGS } from '../../i18n/vi.ts';

/** A suggestion names one value ("a | b" lists candidates: a person must choose). */
export const isSingleSuggestion = (suggested: string | null): suggested is string =>
  suggested !== null && suggested.trim() !== '' && !suggested.includes(' | ');

/** The Vietnamese text of a finding action's failure. */
export function findingErrorText(error: unknown): string {
  if (!isApiError(error)) return COMMON.unexpectedError;
  const reason = error.details['reason'];
  if (error.code === 'INVALID_OPERATION' && typeof reason === 'string' && FINDINGS.reasons[reason]) {
    return FINDINGS.reasons[reason];
  }
  return error.message;
}

export const severityColor = (severity: FindingSeverity) =>
  severity === 'error' ? 'red' : severity === 'warning' ? 'orange' : 'blue';

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  return <Tag color={severityColor(severity)}>{FINDINGS.severities[severity] ?? severity}</Tag>;
}

export const fieldLabel = (field: string) => (field ? (FINDINGS.fields[field] ?? field) : '');

const shown = (value: string | null) =>
  value === null || value === '' ? (
    <Typography.Text type="secondary">{COMMON.empty}</Typography.Text>
  ) : (
    <Typography.Text code>{value}</Typography.Text>
  );

export interface FindingActions {
  canEdit: boolean;
  pendingId: number | null;
  onAccept: (finding: Finding) => void;
  onDismiss: (finding: Finding, reason: string) => Promise<void>;
  onUndo: (finding: Finding) => void;
}

/** One finding, shown under the field it concerns: what is wrong, the suggestion, and one click to act. */
export function FindingNotice({
  finding,
  rule,
  actions,
  showField,
}: {
  finding: Finding;
  rule: RuleInfo | undefined;
  actions: FindingActions;
  showField?: boolean;
}) {
  const [dismissing, setDismissing] = useState(false);
  const title = rule?.title ?? finding.rule;
  const busy = actions.pendingId === finding.id;
  const otherBusy = actions.pendingId !== null && !busy;
  const help = rule ? (
    <Tooltip
      title={
        <>
          <div>{rule.explanation}</div>
          <div style={{ marginTop: 4 }}>
            <b>Cách sửa:</b> {rule.howToFix}
          </div>
        </>
      }
    >
      <QuestionCircleOutlined style={{ marginLeft: 6, color: 'rgba(0,0,0,0.45)' }} aria-label="Giải thích" />
    </Tooltip>
  ) : null;
  const heading = (
    <span>
      {showField && finding.field ? `${fieldLabel(finding.field)}: ` : ''}
      {title}
      {help}
    </span>
  );
  const common = {
    showIcon: true,
    style: { padding: '4px 10px', marginTop: 4 },
    'data-testid': 'finding',
    'data-rule': finding.rule,
    'data-status': finding.status,
    'data-finding-id': finding.id,
  };

  if (finding.status === 'fixed') {
    const canUndo = finding.undo !== null;
    return (
      <Alert
        {...common}
        type="success"
        title={
          <span>
            Đã sửa: {heading}
            {finding.oldValue !== null && finding.suggested !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                {finding.oldValue || COMMON.empty} → {finding.suggested}
              </Typography.Text>
            )}
          </span>
        }
        action={
          canUndo && actions.canEdit ? (
            <Button
              size="small"
              icon={<UndoOutlined />}
              loading={busy}
              disabled={otherBusy}
              onClick={() => actions.onUndo(finding)}
            >
              {FINDINGS.undo}
            </Button>
          ) : undefined
        }
      />
    );
  }

  if (finding.status === 'dismissed') {
    return (
      <Alert
        {...common}
        type="info"
        title={
          <span>
            Đã bỏ qua: {heading}
            {finding.dismissReason && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                ({finding.dismissReason})
              </Typography.Text>
            )}
          </span>
        }
      />
    );
  }

  const acceptable = isSingleSuggestion(finding.suggested);
  const dismissable = finding.severity === 'warning';
  return (
    <>
      <Alert
        {...common}
        type={finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info'}
        title={heading}
        description={
          <Flex vertical gap={2} style={{ fontSize: 13 }}>
            {(finding.value !== '' || finding.suggested) && (
              <span>
                Giá trị hiện tại: {shown(finding.value)}
                {finding.suggested && (
                  <>
                    {' '}
                    → {FINDINGS.suggested}: <b data-testid="finding-suggested">{finding.suggested}</b>
                  </>
                )}
              </span>
            )}
          </Flex>
        }
        action={
          actions.canEdit && (acceptable || dismissable) ? (
            <Flex vertical gap={4}>
              {acceptable && (
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy}
                  disabled={otherBusy}
                  onClick={() => actions.onAccept(finding)}
                >
                  {FINDINGS.accept}
                </Button>
              )}
              {dismissable && (
                <Button size="small" disabled={busy || otherBusy} onClick={() => setDismissing(true)}>
                  {FINDINGS.dismiss}
                </Button>
              )}
            </Flex>
          ) : undefined
        }
      />
      {dismissing && (
        <DismissModal
          title={title}
          onCancel={() => setDismissing(false)}
          onSubmit={async (reason) => {
            await actions.onDismiss(finding, reason);
            setDismissing(false);
          }}
        />
      )}
    </>
  );
}

/** A warning is dismissed only with a reason (kept with who and when). */
function DismissModal({
  title,
  onCancel,
  onSubmit,
}: {
  title: string;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  return (
    <Modal
      open
      title={`Bỏ qua cảnh báo: ${title}`}
      okText={FINDINGS.dismiss}
      cancelText="Hủy"
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => {
        void form
          .validateFields()
          .then(async ({ reason }) => {
            setSaving(true);
            try {
              await onSubmit(reason.trim());
            } finally {
              setSaving(false);
            }
          })
          .catch(() => undefined);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" disabled={saving} component="div">
        <Form.Item
          name="reason"
          label={FINDINGS.dismissReasonLabel}
          rules={[
            { required: true, whitespace: true, message: FINDINGS.dismissReasonRequired },
            { min: 5, message: FINDINGS.dismissReasonRequired },
            { max: 1000, message: 'Lý do quá dài' },
          ]}
          extra="Ví dụ: Đã kiểm tra với bản gốc hồ sơ, thông tin đúng."
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
