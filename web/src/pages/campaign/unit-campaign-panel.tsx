import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Flex,
  Input,
  Modal,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { hasPermission, useMe } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import {
  ACTION_LABELS,
  HISTORY_ACTION_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  useUnitAction,
  useUnitCampaign,
  type CampaignPart,
  type PartStatus,
  type UnitAction,
} from '../../api/campaign.ts';
import { ResponsibilityEditor } from './responsibility-editor.tsx';

const PART_LABELS: Record<CampaignPart, string> = {
  organization: 'Dữ liệu tổ chức',
  members: 'Dữ liệu đảng viên',
};

/** Campaign status of a unit (organization data, then members' data), its responsible person and actions. */
export function UnitCampaignPanel({ orgId }: { orgId: number }) {
  const unit = useUnitCampaign(orgId);
  const act = useUnitAction(orgId);
  const { message } = App.useApp();
  const [returning, setReturning] = useState<CampaignPart | null>(null);
  const [reason, setReason] = useState('');
  const [editingResponsibility, setEditingResponsibility] = useState(false);
  const { data: me } = useMe();

  if (unit.isPending || unit.isError) return null; // no open campaign: nothing to show
  const u = unit.data;

  const run = (part: CampaignPart, s: PartStatus, action: UnitAction, why?: string) =>
    act.mutate(
      { part, action, version: s.version, ...(why ? { reason: why } : {}) },
      {
        onSuccess: () => void message.success(`${ACTION_LABELS[action]}: đã ghi nhận`),
        onError: (e) => void message.error(isApiError(e) ? e.message : 'Không thực hiện được'),
      },
    );

  const part = (p: CampaignPart) => {
    const s = u[p];
    return (
      <Descriptions.Item label={PART_LABELS[p]} key={p}>
        <Flex vertical gap={4} data-testid={`campaign-${p}`}>
          <span>
            <Tag color={STATUS_COLORS[s.status]} data-testid={`campaign-${p}-status`}>
              {STATUS_LABELS[s.status]}
            </Tag>
            {s.openErrors > 0 && <Typography.Text type="danger">Còn {s.openErrors} lỗi</Typography.Text>}
          </span>
          {s.confirmedByName && (
            <Typography.Text type="secondary">Xác nhận: {s.confirmedByName}</Typography.Text>
          )}
          {s.checkedByName && <Typography.Text type="secondary">Kiểm tra: {s.checkedByName}</Typography.Text>}
          {s.status === 'returned' && s.returnReason && (
            <Typography.Text type="danger">Lý do trả lại: {s.returnReason}</Typography.Text>
          )}
          <Flex gap={8} wrap>
            {s.actions.map((a) => (
              <Button
                key={a}
                size="small"
                type={a === 'confirm' || a === 'check' ? 'primary' : 'default'}
                danger={a === 'return'}
                // Only the clicked button spins; the others wait (a second action would race the first).
                loading={act.isPending && act.variables.part === p && act.variables.action === a}
                disabled={act.isPending}
                onClick={() => (a === 'return' ? setReturning(p) : run(p, s, a))}
              >
                {ACTION_LABELS[a]}
              </Button>
            ))}
          </Flex>
        </Flex>
      </Descriptions.Item>
    );
  };

  return (
    <Card size="small" title={`Chiến dịch: ${u.campaign.name}`} data-testid="unit-campaign-panel">
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        {part('organization')}
        {part('members')}
        <Descriptions.Item label="Người chịu trách nhiệm" span={2}>
          <Flex gap={8} align="baseline" wrap data-testid="campaign-responsibility">
            <span>
              {u.responsibility
                ? [u.responsibility.personName, u.responsibility.position, u.responsibility.contact]
                    .filter(Boolean)
                    .join(' · ')
                : 'Chưa phân công'}
            </span>
            {hasPermission(me, 'org.write') && (
              <Button size="small" type="link" onClick={() => setEditingResponsibility(true)}>
                {u.responsibility ? 'Sửa' : 'Phân công'}
              </Button>
            )}
          </Flex>
        </Descriptions.Item>
        {u.responsibility && u.responsibility.accounts.length > 0 && (
          <Descriptions.Item label="Tài khoản được phân công" span={2}>
            {u.responsibility.accounts.map((a) => (
              <Tag key={a.id}>{a.fullName ? `${a.fullName} (${a.username})` : a.username}</Tag>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      {u.history.length > 0 && (
        <Collapse
          size="small"
          ghost
          data-testid="campaign-history"
          items={[
            {
              key: 'history',
              label: `Lịch sử trạng thái (${u.history.length})`,
              children: (
                <Timeline
                  items={u.history.map((h) => ({
                    key: h.id,
                    color: h.action === 'return' || h.action === 'reopen' ? 'red' : 'blue',
                    children: (
                      <Flex vertical>
                        <span>
                          {dayjs(h.at).format('DD/MM/YYYY HH:mm')} ·{' '}
                          {PART_LABELS[h.part as CampaignPart] ?? h.part}:{' '}
                          {HISTORY_ACTION_LABELS[h.action] ?? h.action} →{' '}
                          {STATUS_LABELS[h.toStatus as keyof typeof STATUS_LABELS] ?? h.toStatus}
                          {h.actorName ? ` (${h.actorName})` : ''}
                        </span>
                        {h.reason && <Typography.Text type="secondary">{h.reason}</Typography.Text>}
                      </Flex>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      )}
      <ResponsibilityEditor
        orgId={orgId}
        current={u.responsibility}
        open={editingResponsibility}
        onClose={() => setEditingResponsibility(false)}
      />
      <Modal
        open={returning !== null}
        title="Trả lại để làm sạch tiếp"
        okText="Trả lại"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 5 }}
        cancelText="Hủy"
        onCancel={() => setReturning(null)}
        onOk={() => {
          if (returning) run(returning, u[returning], 'return', reason.trim());
          setReturning(null);
          setReason('');
        }}
      >
        <Input.TextArea
          aria-label="Lý do trả lại"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Ghi rõ nội dung cần làm lại"
        />
      </Modal>
    </Card>
  );
}
