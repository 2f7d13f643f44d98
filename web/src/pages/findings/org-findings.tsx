import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Modal, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, UndoOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { hasPermission, useMe } from '../../api/auth.ts';
import {
  FINDING_GROUPS,
  FINDING_STATUSES,
  useAcceptFinding,
  useBulkAccept,
  useBulkPreview,
  useDismissFinding,
  useOrganizationFindings,
  useOrganizationOwnFindings,
  useRuleCatalogue,
  useUndoBulkAccept,
  useUndoFinding,
  type BulkPreview,
  type BulkResult,
  type Finding,
  type FindingGroup,
  type FindingStatus,
} from '../../api/findings.ts';
import { QueryError } from '../../components/query-error.tsx';
import { COMMON, FINDINGS } from '../../i18n/vi.ts';
import {
  FindingNotice,
  SeverityTag,
  fieldLabel,
  findingErrorText,
  type FindingActions,
} from './finding-notice.tsx';

const STATUS_COLORS: Record<FindingStatus, string> = { open: 'red', fixed: 'green', dismissed: 'default' };

/** The organization's own findings, in its detail panel (accept / dismiss / undo in place). */
export function OrgOwnFindings({ orgId }: { orgId: number }) {
  const { message } = App.useApp();
  const me = useMe();
  const findings = useOrganizationOwnFindings(orgId);
  const catalogue = useRuleCatalogue();
  const accept = useAcceptFinding();
  const dismiss = useDismissFinding();
  const undo = useUndoFinding();
  const [pendingId, setPendingId] = useState<number | null>(null);

  if (findings.isError)
    return <QueryError compact error={findings.error} onRetry={() => void findings.refetch()} />;
  const items = findings.data ?? [];
  if (items.length === 0) return null;

  const run = async (id: number, action: () => Promise<unknown>, done: string) => {
    setPendingId(id);
    try {
      await action();
      void message.success(done);
    } catch (error) {
      void message.error(findingErrorText(error));
      throw error;
    } finally {
      setPendingId(null);
    }
  };
  const actions: FindingActions = {
    canEdit: hasPermission(me.data, 'member.write'),
    pendingId,
    onAccept: (f) =>
      void run(f.id, () => accept.mutateAsync({ id: f.id }), 'Đã áp dụng gợi ý').catch(() => undefined),
    onDismiss: (f, reason) =>
      run(f.id, () => dismiss.mutateAsync({ id: f.id, reason }), 'Đã bỏ qua cảnh báo'),
    onUndo: (f) => void run(f.id, () => undo.mutateAsync({ id: f.id }), 'Đã hoàn tác').catch(() => undefined),
  };
  return (
    <Flex vertical gap={0} style={{ marginTop: 8 }} data-testid="org-own-findings">
      {items.map((f) => (
        <FindingNotice
          key={f.id}
          finding={f}
          rule={catalogue.data?.get(f.rule)}
          actions={actions}
          showField
        />
      ))}
    </Flex>
  );
}

/**
 * "Lỗi dữ liệu" of a subtree: the findings of its organizations and members, filterable by group, rule
 * and status, each row linking to its record; and the bulk acceptance of one rule's suggestions.
 */
export function OrgFindingsPanel({ orgId }: { orgId: number }) {
  const me = useMe();
  const canEdit = hasPermission(me.data, 'member.write');
  const catalogue = useRuleCatalogue();
  const [group, setGroup] = useState<FindingGroup | undefined>();
  const [rule, setRule] = useState<string | undefined>();
  const [status, setStatus] = useState<FindingStatus | undefined>('open');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useOrganizationFindings({ orgId, group, rule, status, page, pageSize });

  const ruleOptions = [...(catalogue.data?.values() ?? [])]
    .filter((r) => !group || r.group === group)
    .map((r) => ({ value: r.code, label: `${r.title} (${r.code})` }));

  const columns: TableColumnsType<Finding> = [
    {
      title: 'Hồ sơ',
      key: 'record',
      render: (_, f) =>
        f.recordType === 'member' ? (
          <Link to={`/dang-vien/${f.recordId}`} data-testid="finding-record-link">
            Đảng viên {f.legacyId ?? `#${f.recordId}`}
          </Link>
        ) : (
          <Link to={`/to-chuc/${f.recordId}`}>Tổ chức {f.legacyId ?? `#${f.recordId}`}</Link>
        ),
    },
    { title: 'Đơn vị', dataIndex: 'orgName', key: 'orgName', ellipsis: true },
    {
      title: 'Lỗi',
      key: 'rule',
      render: (_, f) => (
        <Flex vertical gap={2}>
          <span>
            <SeverityTag severity={f.severity} />
            {catalogue.data?.get(f.rule)?.title ?? f.rule}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {FINDINGS.groups[f.group] ?? f.group}
            {f.field ? ` · ${fieldLabel(f.field)}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: 'Giá trị → gợi ý',
      key: 'value',
      render: (_, f) => (
        <span>
          {f.value || <Typography.Text type="secondary">{COMMON.empty}</Typography.Text>}
          {f.suggested && (
            <>
              {' '}
              → <b>{f.suggested}</b>
            </>
          )}
        </span>
      ),
    },
    {
      title: 'Trạng thái',
      dataIndex: 'status',
      key: 'status',
      render: (s: FindingStatus) => <Tag color={STATUS_COLORS[s]}>{FINDINGS.statuses[s] ?? s}</Tag>,
    },
  ];

  return (
    <Card size="small" title={FINDINGS.section} data-testid="org-findings">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select
            allowClear
            placeholder="Nhóm lỗi"
            style={{ minWidth: 220 }}
            value={group}
            data-testid="findings-group-filter"
            options={FINDING_GROUPS.map((g) => ({ value: g, label: `${g} — ${FINDINGS.groups[g]}` }))}
            onChange={(g?: FindingGroup) => {
              setGroup(g);
              if (g && rule && catalogue.data?.get(rule)?.group !== g) setRule(undefined);
              setPage(1);
            }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Quy tắc"
            style={{ minWidth: 320, flex: 1 }}
            value={rule}
            data-testid="findings-rule-filter"
            options={ruleOptions}
            loading={catalogue.isPending}
            onChange={(r?: string) => {
              setRule(r);
              setPage(1);
            }}
          />
          <Select
            allowClear
            placeholder="Trạng thái"
            style={{ minWidth: 150 }}
            value={status}
            data-testid="findings-status-filter"
            options={FINDING_STATUSES.map((s) => ({ value: s, label: FINDINGS.statuses[s] }))}
            onChange={(s?: FindingStatus) => {
              setStatus(s);
              setPage(1);
            }}
          />
          {canEdit && <BulkAccept orgId={orgId} rule={rule} />}
        </Flex>
        {list.isError ? (
          <QueryError compact error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Finding>
            size="small"
            rowKey="id"
            data-testid="findings-table"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => `${total.toLocaleString('vi-VN')} lỗi`,
              onChange: (p, size) => {
                setPage(size === pageSize ? p : 1);
                setPageSize(size);
              },
            }}
            locale={{ emptyText: 'Không có lỗi dữ liệu nào theo bộ lọc này' }}
          />
        )}
      </Flex>
    </Card>
  );
}

/** Accept every suggestion of one rule in the subtree: preview (count, first changes) → apply → undo. */
function BulkAccept({ orgId, rule }: { orgId: number; rule: string | undefined }) {
  const { message } = App.useApp();
  const catalogue = useRuleCatalogue();
  const preview = useBulkPreview();
  const apply = useBulkAccept();
  const undo = useUndoBulkAccept();
  const [shown, setShown] = useState<BulkPreview | null>(null);
  const [done, setDone] = useState<BulkResult | null>(null);
  const title = (code: string) => catalogue.data?.get(code)?.title ?? code;

  return (
    <>
      <Button
        icon={<CheckOutlined />}
        disabled={!rule}
        loading={preview.isPending}
        data-testid="bulk-accept"
        title={rule ? undefined : 'Chọn một quy tắc để áp dụng gợi ý hàng loạt'}
        onClick={() => {
          if (!rule) return;
          preview.mutate(
            { orgId, rule },
            { onSuccess: setShown, onError: (e) => void message.error(findingErrorText(e)) },
          );
        }}
      >
        Áp dụng gợi ý hàng loạt
      </Button>
      {done && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setDone(null) }}
          style={{ flexBasis: '100%' }}
          data-testid="bulk-result"
          title={`Đã áp dụng ${done.applied.toLocaleString('vi-VN')} gợi ý “${title(done.rule)}”${
            done.skipped ? ` (bỏ qua ${done.skipped.toLocaleString('vi-VN')})` : ''
          }.`}
          action={
            <Button
              size="small"
              icon={<UndoOutlined />}
              loading={undo.isPending}
              onClick={() =>
                undo.mutate(
                  { batchId: done.batchId },
                  {
                    onSuccess: (r) => {
                      setDone(null);
                      void message.success(
                        `Đã hoàn tác ${r.restored.toLocaleString('vi-VN')} thay đổi${
                          r.skipped ? `; ${r.skipped} hồ sơ đã được sửa sau đó nên giữ nguyên` : ''
                        }`,
                      );
                    },
                    onError: (e) => void message.error(findingErrorText(e)),
                  },
                )
              }
            >
              {FINDINGS.undo}
            </Button>
          }
        />
      )}
      <Modal
        open={shown !== null}
        width={760}
        title={shown ? `Áp dụng gợi ý hàng loạt: ${title(shown.rule)}` : ''}
        okText={shown ? `Áp dụng ${shown.total.toLocaleString('vi-VN')} gợi ý` : 'Áp dụng'}
        okButtonProps={{ disabled: !shown || shown.total === 0, ...{ 'data-testid': 'bulk-apply' } }}
        cancelText="Hủy"
        confirmLoading={apply.isPending}
        onCancel={() => setShown(null)}
        onOk={() => {
          if (!shown) return;
          apply.mutate(
            { orgId, rule: shown.rule },
            {
              onSuccess: (r) => {
                setShown(null);
                setDone(r);
                void message.success(`Đã áp dụng ${r.applied.toLocaleString('vi-VN')} gợi ý`);
              },
              onError: (e) => void message.error(findingErrorText(e)),
            },
          );
        }}
      >
        {shown && (
          <Flex vertical gap={8} data-testid="bulk-preview">
            <Typography.Text>
              Sẽ sửa <b data-testid="bulk-total">{shown.total.toLocaleString('vi-VN')}</b> hồ sơ trong đơn vị
              này theo gợi ý. Có thể hoàn tác toàn bộ sau khi áp dụng.
            </Typography.Text>
            {shown.total > shown.changes.length && (
              <Typography.Text type="secondary">{shown.changes.length} thay đổi đầu tiên:</Typography.Text>
            )}
            <Table
              size="small"
              rowKey="findingId"
              pagination={false}
              dataSource={shown.changes}
              scroll={{ y: 360 }}
              columns={[
                {
                  title: 'Hồ sơ',
                  key: 'record',
                  render: (_, c) =>
                    `${c.recordType === 'member' ? 'Đảng viên' : 'Tổ chức'} ${c.legacyId ?? `#${c.recordId}`}`,
                },
                { title: 'Đơn vị', dataIndex: 'orgName', key: 'orgName', ellipsis: true },
                { title: 'Trường', key: 'field', render: (_, c) => fieldLabel(c.field) },
                {
                  title: 'Giá trị cũ → mới',
                  key: 'change',
                  render: (_, c) => (
                    <span>
                      <Typography.Text delete type="secondary">
                        {c.value || COMMON.empty}
                      </Typography.Text>{' '}
                      → <b>{c.suggested}</b>
                    </span>
                  ),
                },
              ]}
            />
          </Flex>
        )}
      </Modal>
    </>
  );
}
