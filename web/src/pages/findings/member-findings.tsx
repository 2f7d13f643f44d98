import { useMemo, useState, type ReactNode } from 'react';
import { App, Card, Flex, Statistic, Typography } from 'antd';
import { isApiError } from '../../api/client.ts';
import {
  useAcceptFinding,
  useDismissFinding,
  useMemberFindings,
  useRuleCatalogue,
  useUndoFinding,
  type Finding,
  type RuleInfo,
} from '../../api/findings.ts';
import type { MemberEditableField } from '../../api/members.ts';
import { QueryError } from '../../components/query-error.tsx';
import { FindingNotice, findingErrorText, type FindingActions } from './finding-notice.tsx';

/** The canonical legacy column a finding names → the member form field it is shown under. */
export const FINDING_FIELD_TO_FORM: Record<string, MemberEditableField> = {
  HO_TEN: 'fullName',
  TEN_GOI_KHAC: 'otherName',
  GIOI_TINH: 'gender',
  NGAY_SINH: 'birthDate',
  NOI_SINH: 'birthPlace',
  DAN_TOC: 'ethnicityCode',
  TON_GIAO: 'religion',
  SO_CCCD: 'citizenId',
  SO_DIEN_THOAI: 'phone',
  EMAIL: 'email',
  NGHE_NGHIEP: 'occupation',
  QUE_QUAN: 'hometown',
  MA_DVHC_QUE_QUAN: 'hometownCommuneCode',
  THUONG_TRU: 'residence',
  MA_DVHC_THUONG_TRU: 'residenceCommuneCode',
  TRANG_THAI: 'status',
  NGAY_VAO_DANG: 'admissionDate',
  NGAY_CHINH_THUC: 'officialDate',
  SO_THE_DANG: 'partyCardNo',
  NGAY_MAT: 'deathDate',
  TRINH_DO_GDPT: 'generalEducation',
  CHUYEN_MON: 'professionalQualification',
  LY_LUAN_CHINH_TRI: 'politicalTheory',
};

export interface MemberFindingsValue {
  byField: Map<MemberEditableField, Finding[]>;
  general: Finding[];
  all: Finding[];
  catalogue: Map<string, RuleInfo> | undefined;
  actions: FindingActions;
  error: unknown;
  retry: () => void;
}

/**
 * The member's findings for the form: each one under the field it concerns, actions that go through the
 * API (accept with the version the person sees), and `onRecordChanged` so the form reloads the record
 * whose version moved on.
 */
export function useMemberFindingsUi({
  memberId,
  version,
  canEdit,
  onRecordChanged,
}: {
  memberId: number;
  version: number;
  canEdit: boolean;
  onRecordChanged: () => Promise<void>;
}): MemberFindingsValue {
  const { message } = App.useApp();
  const findings = useMemberFindings(memberId);
  const catalogue = useRuleCatalogue();
  const accept = useAcceptFinding();
  const dismiss = useDismissFinding();
  const undo = useUndoFinding();
  const [pendingId, setPendingId] = useState<number | null>(null);

  const value = useMemo<MemberFindingsValue>(() => {
    const all = findings.data ?? [];
    const byField = new Map<MemberEditableField, Finding[]>();
    const general: Finding[] = [];
    for (const f of all) {
      const target = FINDING_FIELD_TO_FORM[f.field];
      if (!target) {
        general.push(f);
        continue;
      }
      byField.set(target, [...(byField.get(target) ?? []), f]);
    }
    const fail = async (error: unknown) => {
      void message.error(findingErrorText(error));
      // The record or the finding moved on under us: show what is there now.
      if (isApiError(error, 'VERSION_CONFLICT') || isApiError(error, 'INVALID_OPERATION')) {
        await onRecordChanged();
      }
    };
    const run = async (id: number, action: () => Promise<unknown>, done: string) => {
      setPendingId(id);
      try {
        await action();
        await onRecordChanged();
        void message.success(done);
      } catch (error) {
        await fail(error);
        throw error;
      } finally {
        setPendingId(null);
      }
    };
    const actions: FindingActions = {
      canEdit,
      pendingId,
      onAccept: (f) =>
        void run(f.id, () => accept.mutateAsync({ id: f.id, version }), 'Đã áp dụng gợi ý').catch(
          () => undefined,
        ),
      onDismiss: (f, reason) =>
        run(f.id, () => dismiss.mutateAsync({ id: f.id, reason }), 'Đã bỏ qua cảnh báo'),
      onUndo: (f) =>
        void run(f.id, () => undo.mutateAsync({ id: f.id }), 'Đã hoàn tác').catch(() => undefined),
    };
    return {
      byField,
      general,
      all,
      catalogue: catalogue.data,
      actions,
      error: findings.error,
      retry: () => void findings.refetch(),
    };
  }, [
    findings,
    catalogue.data,
    canEdit,
    pendingId,
    version,
    accept,
    dismiss,
    undo,
    message,
    onRecordChanged,
  ]);
  return value;
}

/** The findings of one form field, shown under its input (Form.Item `extra`). */
export function FieldFindings({
  value: ctx,
  field,
}: {
  value: MemberFindingsValue;
  field: MemberEditableField;
}) {
  const list = ctx.byField.get(field);
  if (!list || list.length === 0) return null;
  return (
    <Flex vertical gap={0} data-testid={`field-findings-${field}`}>
      {list.map((f) => (
        <FindingNotice key={f.id} finding={f} rule={ctx.catalogue?.get(f.rule)} actions={ctx.actions} />
      ))}
    </Flex>
  );
}

/** `extra` of a Form.Item: its own hint, then the field's findings (nothing added when it has none). */
export function findingsExtra(
  value: MemberFindingsValue,
  field: MemberEditableField,
  hint?: ReactNode,
): ReactNode {
  if (!value.byField.has(field)) return hint;
  return (
    <>
      {hint}
      <FieldFindings value={value} field={field} />
    </>
  );
}

/** The summary at the top of the member page: open errors, open warnings, fixed; whole-record findings. */
export function MemberFindingsSummary({ value: ctx }: { value: MemberFindingsValue }) {
  if (ctx.error) return <QueryError compact error={ctx.error} onRetry={ctx.retry} />;
  const open = ctx.all.filter((f) => f.status === 'open');
  const errors = open.filter((f) => f.severity === 'error').length;
  const warnings = open.length - errors;
  const fixed = ctx.all.filter((f) => f.status === 'fixed').length;
  const dismissed = ctx.all.filter((f) => f.status === 'dismissed').length;
  return (
    <Card size="small" title="Kiểm tra chất lượng dữ liệu" data-testid="member-findings-summary">
      <Flex gap={32} wrap>
        <Statistic
          title="Lỗi cần sửa"
          value={errors}
          styles={{ content: { color: errors ? '#cf1322' : undefined } }}
          data-testid="findings-errors"
        />
        <Statistic
          title="Cảnh báo / cần chuẩn hóa"
          value={warnings}
          styles={{ content: { color: warnings ? '#d48806' : undefined } }}
          data-testid="findings-warnings"
        />
        <Statistic
          title="Đã sửa"
          value={fixed}
          styles={{ content: { color: fixed ? '#389e0d' : undefined } }}
          data-testid="findings-fixed"
        />
        {dismissed > 0 && <Statistic title="Đã bỏ qua" value={dismissed} />}
      </Flex>
      {open.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          Mỗi lỗi được hiển thị ngay dưới trường thông tin liên quan. Bấm “Áp dụng gợi ý” để sửa theo gợi ý.
        </Typography.Paragraph>
      )}
      {ctx.general.length > 0 && (
        <Flex vertical gap={0} style={{ marginTop: 8 }} data-testid="member-general-findings">
          {ctx.general.map((f) => (
            <FindingNotice
              key={f.id}
              finding={f}
              rule={ctx.catalogue?.get(f.rule)}
              actions={ctx.actions}
              showField
            />
          ))}
        </Flex>
      )}
    </Card>
  );
}
