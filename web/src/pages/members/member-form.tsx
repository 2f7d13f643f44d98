import { useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import { ArrowLeftOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useBlocker } from 'react-router-dom';
import dayjs from 'dayjs';
import { hasPermission, useMe } from '../../api/auth.ts';
import { api, isApiError, validationIssues } from '../../api/client.ts';
import {
  useCommunes,
  useEthnicities,
  useProvinces,
  useReligions,
  type CodeItem,
} from '../../api/code-lists.ts';
import {
  GENDERS,
  MEMBER_DATE_FIELDS,
  MEMBER_EDITABLE_FIELDS,
  MEMBER_STATUSES,
  memberKeys,
  useUpdateMember,
  type Member,
  type MemberChanges,
  type MemberEditableField,
  type MemberStatus,
} from '../../api/members.ts';
import { MemberStatusTag } from '../../components/member-status-tag.tsx';
import { PartialDateInput, partialDateRule } from '../../components/partial-date-input.tsx';
import { comparePartialDates, formatPartialDate } from '../../lib/partial-date.ts';
import { matchesFolded } from '../../lib/vietnamese-text.ts';
import {
  COMMON,
  GENDER_LABELS,
  MEMBER_FIELD_LABELS,
  MEMBER_STATUS_LABELS,
  VALIDATION,
} from '../../i18n/vi.ts';
import { diffChanges, toFormValues, type MemberFormValues } from './member-form-values.ts';
import { LegacyRawPanel } from './legacy-raw-panel.tsx';
import { findingsExtra, MemberFindingsSummary, useMemberFindingsUi } from '../findings/member-findings.tsx';
import { VersionConflictModal, type VersionConflict } from './version-conflict-modal.tsx';

const L = MEMBER_FIELD_LABELS;
const POLITICAL_THEORY_LEVELS = ['Sơ cấp', 'Trung cấp', 'Cao cấp', 'Cử nhân'] as const;
const COL = { xs: 24, md: 12, xl: 8 } as const;
const WIDE = { xs: 24, xl: 16 } as const;

/**
 * Format rules apply to what the person types. A stored legacy value that breaks them (a 9-digit
 * CMND in the CCCD field) must not block saving an unrelated fix; the data-quality findings report it.
 */
function whenChanged(
  base: Member,
  field: MemberEditableField,
  test: (value: string) => boolean,
  message: string,
): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value.trim() === '' || value === base[field]) return;
      if (!test(value.trim())) throw new Error(message);
    },
  };
}

const filterByLabel = (input: string, option?: { label?: unknown }) =>
  matchesFolded(input, typeof option?.label === 'string' ? option.label : '');

const toOptions = (items: CodeItem[] | undefined) =>
  (items ?? []).map((i) => ({ value: i.code, label: i.name }));

export function MemberForm({ member }: { member: Member }) {
  const [form] = Form.useForm<MemberFormValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const canEdit = hasPermission(me.data, 'member.write');
  const update = useUpdateMember(member.id);

  // The record the person started editing from; it moves on only on save or reload.
  const [base, setBase] = useState<Member>(member);
  const [conflict, setConflict] = useState<VersionConflict | null>(null);

  const values = Form.useWatch([], form) as MemberFormValues | undefined;
  const changes = useMemo(() => (values ? diffChanges(base, values) : {}), [base, values]);
  const changeCount = Object.keys(changes).length;
  const isDirty = changeCount > 0;

  const provinces = useProvinces();
  const ethnicities = useEthnicities();
  const religions = useReligions();
  const hometownProvince = Form.useWatch<string | null | undefined>('hometownProvinceCode', form);
  const residenceProvince = Form.useWatch<string | null | undefined>('residenceProvinceCode', form);
  const hometownCommunes = useCommunes(hometownProvince);
  const residenceCommunes = useCommunes(residenceProvince);

  // Leaving with unsaved changes asks first (in-app navigation and closing the tab).
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!isDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [isDirty]);

  const startFrom = (record: Member) => {
    setBase(record);
    form.setFieldsValue(toFormValues(record));
    queryClient.setQueryData(memberKeys.detail(record.id), record);
  };

  const save = (version: number, toSave: MemberChanges, startedFrom: Member) => {
    update.mutate(
      { version, changes: toSave },
      {
        onSuccess: (saved) => {
          setConflict(null);
          startFrom(saved);
          void message.success(`Đã lưu (phiên bản ${saved.version})`);
        },
        onError: (error) => {
          if (isApiError(error, 'VERSION_CONFLICT') && isMember(error.details['current'])) {
            setConflict({ base: startedFrom, current: error.details['current'], mine: toSave });
            return;
          }
          const issues = validationIssues(error);
          const fieldIssues = issues.flatMap((issue) => {
            const field = MEMBER_EDITABLE_FIELDS.find(
              (f) => issue.path === f || issue.path.endsWith(`.${f}`),
            );
            return field ? [{ name: field, errors: [issue.message] }] : [];
          });
          if (fieldIssues.length > 0) form.setFields(fieldIssues);
          void message.error(isApiError(error) ? error.message : COMMON.unexpectedError);
        },
      },
    );
  };

  // A finding action (accept, dismiss, undo) saved the record on the server: start again from it, keeping
  // what the person typed in the fields the action did not change.
  const reloadAfterFinding = async () => {
    const fresh = await queryClient.fetchQuery({
      queryKey: memberKeys.detail(member.id),
      queryFn: () => api.get<Member>(`/api/members/${member.id}`),
      staleTime: 0,
    });
    if (fresh.version === base.version) return;
    const typed = form.getFieldsValue(true) as Record<string, unknown>;
    const keep = Object.keys(changes).filter(
      (f) => (fresh[f as MemberEditableField] ?? null) === (base[f as MemberEditableField] ?? null),
    );
    startFrom(fresh);
    if (keep.length > 0) form.setFieldsValue(Object.fromEntries(keep.map((f) => [f, typed[f]])));
  };
  const findingsUi = useMemberFindingsUi({
    memberId: member.id,
    version: base.version,
    canEdit,
    onRecordChanged: reloadAfterFinding,
  });
  const withFindings = (field: MemberEditableField, hint?: string) => findingsExtra(findingsUi, field, hint);

  const onFinish = () => {
    if (!isDirty) return;
    save(base.version, changes, base);
  };

  const displayValue = (field: MemberEditableField, value: string | null): string => {
    if (value === null) return '';
    if ((MEMBER_DATE_FIELDS as readonly string[]).includes(field)) return formatPartialDate(value);
    if (field === 'status') return MEMBER_STATUS_LABELS[value as MemberStatus] ?? value;
    if (field === 'ethnicityCode') return ethnicities.data?.find((e) => e.code === value)?.name ?? value;
    if (field === 'hometownProvinceCode' || field === 'residenceProvinceCode') {
      return provinces.data?.find((p) => p.code === value)?.name ?? value;
    }
    if (field === 'hometownCommuneCode' || field === 'residenceCommuneCode') {
      const known = [...(hometownCommunes.data ?? []), ...(residenceCommunes.data ?? [])];
      return known.find((c) => c.code === value)?.name ?? value;
    }
    return value;
  };

  // A legacy free-text value ("Thiên chúa") stays visible until someone picks a listed one.
  const religionOptions = useMemo(
    () => withLegacyValue(religions.data ?? [], base.religion),
    [religions.data, base.religion],
  );

  const afterAdmission: Rule = ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      const admission: unknown = getFieldValue('admissionDate');
      if (typeof value !== 'string' || typeof admission !== 'string') return;
      if ((comparePartialDates(value, admission) ?? 0) < 0)
        throw new Error(VALIDATION.officialBeforeAdmission);
    },
  });

  const select = (label: string) => ({
    allowClear: true,
    showSearch: { filterOption: filterByLabel },
    placeholder: `Chọn ${label.toLowerCase()}`,
    optionFilterProp: 'label',
  });

  return (
    <Form<MemberFormValues>
      form={form}
      name="member"
      className="member-form"
      layout="vertical"
      initialValues={toFormValues(member)}
      disabled={!canEdit}
      onFinish={onFinish}
      onValuesChange={(changed: Partial<MemberFormValues>) => {
        // A commune belongs to its province: choosing another province clears the commune.
        if ('hometownProvinceCode' in changed) form.setFieldValue('hometownCommuneCode', null);
        if ('residenceProvinceCode' in changed) form.setFieldValue('residenceCommuneCode', null);
        if ('admissionDate' in changed) void form.validateFields(['officialDate']).catch(() => undefined);
      }}
      scrollToFirstError={{ block: 'start', focus: true }}
    >
      <Flex vertical gap={16}>
        <Card size="small" style={{ position: 'sticky', top: 0, zIndex: 5 }}>
          <Flex align="center" gap={12} wrap>
            <Link to={`/to-chuc/${base.orgId}`} aria-label="Quay lại danh sách">
              <Button icon={<ArrowLeftOutlined />} disabled={false} />
            </Link>
            <Flex vertical style={{ flex: 1, minWidth: 200 }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-title">
                {base.fullName} <MemberStatusTag status={base.status} />
              </Typography.Title>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {base.legacyId ? `Mã đảng viên ${base.legacyId} · ` : ''}
                <Link to={`/to-chuc/${base.orgId}`}>{base.orgName}</Link> · Phiên bản{' '}
                <span data-testid="member-version">{base.version}</span> · Cập nhật{' '}
                {dayjs(base.updatedAt).format('DD/MM/YYYY HH:mm')}
              </Typography.Text>
            </Flex>
            {canEdit ? (
              <Space>
                {isDirty && <Typography.Text type="warning">{changeCount} thay đổi chưa lưu</Typography.Text>}
                <Button
                  icon={<UndoOutlined />}
                  disabled={!isDirty || update.isPending}
                  onClick={() => form.setFieldsValue(toFormValues(base))}
                >
                  Hoàn tác
                </Button>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SaveOutlined />}
                  loading={update.isPending}
                  disabled={!isDirty}
                  data-testid="member-save"
                >
                  Lưu
                </Button>
              </Space>
            ) : (
              <Tooltip title="Tài khoản không có quyền sửa hồ sơ đảng viên">
                <Typography.Text type="secondary">Chỉ xem</Typography.Text>
              </Tooltip>
            )}
          </Flex>
        </Card>

        <MemberFindingsSummary value={findingsUi} />

        <Card size="small" title="Thông tin cơ bản">
          <Row gutter={16}>
            <Col {...COL}>
              <Form.Item
                name="fullName"
                extra={withFindings('fullName')}
                label={L.fullName}
                rules={[
                  { required: true, whitespace: true, message: VALIDATION.required(L.fullName) },
                  { max: 100, message: VALIDATION.tooLong(100) },
                ]}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="otherName" extra={withFindings('otherName')} label={L.otherName}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="gender" extra={withFindings('gender')} label={L.gender}>
                <Select
                  allowClear
                  placeholder="Chọn giới tính"
                  options={GENDERS.map((g) => ({ value: g, label: GENDER_LABELS[g] }))}
                />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="birthDate"
                label={L.birthDate}
                rules={[partialDateRule]}
                extra={withFindings('birthDate', 'dd/mm/yyyy, mm/yyyy hoặc yyyy')}
              >
                <PartialDateInput />
              </Form.Item>
            </Col>
            <Col {...WIDE}>
              <Form.Item name="birthPlace" extra={withFindings('birthPlace')} label={L.birthPlace}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="ethnicityCode" extra={withFindings('ethnicityCode')} label={L.ethnicityCode}>
                <Select
                  {...select(L.ethnicityCode)}
                  options={toOptions(ethnicities.data)}
                  loading={ethnicities.isPending}
                />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="religion" extra={withFindings('religion')} label={L.religion}>
                <Select {...select(L.religion)} options={religionOptions} loading={religions.isPending} />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="citizenId"
                extra={withFindings('citizenId')}
                label={L.citizenId}
                rules={[whenChanged(base, 'citizenId', (v) => /^\d{12}$/.test(v), VALIDATION.citizenId)]}
              >
                <Input inputMode="numeric" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="phone"
                extra={withFindings('phone')}
                label={L.phone}
                rules={[whenChanged(base, 'phone', (v) => /^0\d{9}$/.test(v), VALIDATION.phone)]}
              >
                <Input inputMode="tel" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="email"
                extra={withFindings('email')}
                label={L.email}
                rules={[
                  whenChanged(base, 'email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), VALIDATION.email),
                ]}
              >
                <Input inputMode="email" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="occupation" extra={withFindings('occupation')} label={L.occupation}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="Quê quán – Thường trú">
          <Row gutter={16}>
            <Col xs={24}>
              <Form.Item name="hometown" extra={withFindings('hometown')} label={L.hometown}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="hometownProvinceCode"
                extra={withFindings('hometownProvinceCode')}
                label={L.hometownProvinceCode}
              >
                <Select
                  {...select('tỉnh/thành phố')}
                  options={toOptions(provinces.data)}
                  loading={provinces.isPending}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="hometownCommuneCode"
                extra={withFindings('hometownCommuneCode')}
                label={L.hometownCommuneCode}
              >
                <Select
                  {...select('xã/phường')}
                  options={toOptions(hometownCommunes.data)}
                  loading={hometownCommunes.isFetching}
                  notFoundContent={hometownProvince ? undefined : 'Chọn tỉnh/thành phố trước'}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="residence" extra={withFindings('residence')} label={L.residence}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="residenceProvinceCode"
                extra={withFindings('residenceProvinceCode')}
                label={L.residenceProvinceCode}
              >
                <Select
                  {...select('tỉnh/thành phố')}
                  options={toOptions(provinces.data)}
                  loading={provinces.isPending}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="residenceCommuneCode"
                extra={withFindings('residenceCommuneCode')}
                label={L.residenceCommuneCode}
              >
                <Select
                  {...select('xã/phường')}
                  options={toOptions(residenceCommunes.data)}
                  loading={residenceCommunes.isFetching}
                  notFoundContent={residenceProvince ? undefined : 'Chọn tỉnh/thành phố trước'}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="Đảng">
          <Row gutter={16}>
            <Col {...COL}>
              <Form.Item name="status" extra={withFindings('status')} label={L.status}>
                <Select
                  allowClear
                  placeholder="Chọn trạng thái"
                  options={MEMBER_STATUSES.map((s) => ({ value: s, label: MEMBER_STATUS_LABELS[s] }))}
                />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="admissionDate"
                extra={withFindings('admissionDate')}
                label={L.admissionDate}
                rules={[partialDateRule]}
              >
                <PartialDateInput />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="officialDate"
                extra={withFindings('officialDate')}
                label={L.officialDate}
                rules={[partialDateRule, afterAdmission]}
                dependencies={['admissionDate']}
              >
                <PartialDateInput />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item name="partyCardNo" extra={withFindings('partyCardNo')} label={L.partyCardNo}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="deathDate"
                extra={withFindings('deathDate')}
                label={L.deathDate}
                rules={[partialDateRule]}
              >
                <PartialDateInput />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="Trình độ">
          <Row gutter={16}>
            <Col {...COL}>
              <Form.Item
                name="generalEducation"
                label={L.generalEducation}
                extra={withFindings('generalEducation', 'Ví dụ: 12/12')}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="professionalQualification"
                extra={withFindings('professionalQualification')}
                label={L.professionalQualification}
              >
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col {...COL}>
              <Form.Item
                name="politicalTheory"
                extra={withFindings('politicalTheory')}
                label={L.politicalTheory}
              >
                <Select
                  allowClear
                  placeholder="Chọn hoặc để trống"
                  options={withLegacyValue(POLITICAL_THEORY_LEVELS, base.politicalTheory)}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <LegacyRawPanel legacyRaw={base.legacyRaw} />
      </Flex>

      <Modal
        open={blocker.state === 'blocked'}
        title="Bỏ các thay đổi chưa lưu?"
        okText="Bỏ thay đổi"
        okButtonProps={{ danger: true }}
        cancelText="Ở lại"
        onOk={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        Bạn có {changeCount} thay đổi chưa lưu trên hồ sơ này. Nếu rời trang, các thay đổi sẽ bị mất.
      </Modal>
      <VersionConflictModal
        conflict={conflict}
        displayValue={displayValue}
        isSaving={update.isPending}
        onCancel={() => setConflict(null)}
        onReload={() => {
          if (!conflict) return;
          startFrom(conflict.current);
          setConflict(null);
          void message.info(`Đã tải bản mới nhất (phiên bản ${conflict.current.version})`);
        }}
        onKeepMine={() => {
          if (!conflict) return;
          // Re-apply exactly the fields the person changed on top of the record as it is now.
          save(conflict.current.version, conflict.mine, conflict.current);
        }}
      />
    </Form>
  );
}

/** Keeps a stored value that is not (yet) one of the standard choices visible in its select. */
function withLegacyValue(choices: readonly string[], stored: string | null) {
  const all = stored && !choices.includes(stored) ? [...choices, stored] : choices;
  return all.map((value) => ({ value, label: value }));
}

function isMember(value: unknown): value is Member {
  return typeof value === 'object' && value !== null && 'version' in value && 'fullName' in value;
}
