import { useMemo } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError, validationIssues } from '../../api/client.ts';
import {
  useCreateCampaign,
  useUpdateCampaign,
  type Campaign,
  type CampaignInput,
} from '../../api/campaign.ts';
import { FINDING_GROUPS, useRuleCatalogue, useRuleSettings, type RuleInfo } from '../../api/findings.ts';
import type { OrgSummary } from '../../api/organizations.ts';
import { CAMPAIGN, COMMON, FINDINGS } from '../../i18n/vi.ts';
import { matchesFolded } from '../../lib/vietnamese-text.ts';

interface CampaignFormValues {
  name: string;
  startsOn: Dayjs;
  endsOn: Dayjs;
  referenceDate: Dayjs;
  freezeAt: Dayjs | null;
  excludedRootIds: number[];
  rulesInForce: string[];
}

const DAY_FORMAT = 'DD/MM/YYYY';
const F = CAMPAIGN.fields;
const FIELD_NAMES = new Set(['name', 'startsOn', 'endsOn', 'referenceDate', 'freezeAt', 'excludedRootIds']);

const filterByLabel = (input: string, option?: { label?: unknown }) =>
  matchesFolded(input, typeof option?.label === 'string' ? option.label : '');

/**
 * Creates the campaign, or edits the open one (optimistic locking on its version). The campaign carries its
 * own rules in force (sent as the rules switched off) and its reference date, from which the checks compute
 * ages and deadlines while it is open; a new campaign starts from the rules in force now.
 */
export function CampaignForm({
  campaign,
  roots,
  onSaved,
  onCancel,
  onConflict,
}: {
  campaign?: Campaign | undefined;
  /** The top-level committees (every province and central committee) to choose exclusions from. */
  roots: OrgSummary[];
  onSaved: (saved: Campaign) => void;
  onCancel?: (() => void) | undefined;
  onConflict: () => void;
}) {
  const [form] = Form.useForm<CampaignFormValues>();
  const { message } = App.useApp();
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const catalogue = useRuleCatalogue();
  const settings = useRuleSettings();
  const rules = useMemo(() => [...(catalogue.data?.values() ?? [])], [catalogue.data]);
  const rulesReady = catalogue.isSuccess && settings.isSuccess;

  const initialValues = useMemo<Partial<CampaignFormValues>>(() => {
    // An open campaign shows its own rules; a new one starts from the rules in force now.
    const disabled = campaign?.disabledRules ?? settings.data?.disabledRules;
    const rulesInForce = disabled ? rules.map((r) => r.code).filter((c) => !disabled.includes(c)) : [];
    return campaign
      ? {
          name: campaign.name,
          startsOn: dayjs(campaign.startsOn),
          endsOn: dayjs(campaign.endsOn),
          referenceDate: dayjs(campaign.referenceDate),
          freezeAt: campaign.freezeAt ? dayjs(campaign.freezeAt) : null,
          excludedRootIds: campaign.excludedRootIds,
          rulesInForce,
        }
      : { excludedRootIds: [], freezeAt: null, rulesInForce };
  }, [campaign, rules, settings.data]);

  const pending = create.isPending || update.isPending;

  const showError = (error: unknown) => {
    if (isApiError(error, 'VERSION_CONFLICT')) {
      onConflict();
      return;
    }
    const issues = validationIssues(error);
    const onFields = issues.filter((i) => FIELD_NAMES.has(i.path.split('.')[0] ?? ''));
    if (onFields.length > 0)
      form.setFields(
        onFields.map((i) => ({
          name: i.path.split('.')[0] as keyof CampaignFormValues,
          errors: [i.message],
        })),
      );
    const rest = issues.filter((i) => !onFields.includes(i));
    if (issues.length > 0 && rest.length === 0) return;
    void message.error(
      rest.length > 0
        ? rest.map((i) => i.message).join('; ')
        : isApiError(error)
          ? error.message
          : COMMON.unexpectedError,
    );
  };

  const onFinish = async (v: CampaignFormValues) => {
    const input: CampaignInput = {
      name: v.name.trim(),
      startsOn: v.startsOn.format('YYYY-MM-DD'),
      endsOn: v.endsOn.format('YYYY-MM-DD'),
      referenceDate: v.referenceDate.format('YYYY-MM-DD'),
      freezeAt: v.freezeAt ? v.freezeAt.toISOString() : null,
      excludedRootIds: v.excludedRootIds ?? [],
      // Only when the rule list loaded: otherwise the campaign keeps (or starts from) the rules in force.
      disabledRules: rulesReady
        ? rules
            .map((r) => r.code)
            .filter((c) => !v.rulesInForce.includes(c))
            .sort()
        : (campaign?.disabledRules ?? settings.data?.disabledRules ?? []),
    };
    let saved: Campaign;
    try {
      saved = campaign
        ? await update.mutateAsync({ id: campaign.id, version: campaign.version, input })
        : await create.mutateAsync(input);
    } catch (error) {
      showError(error);
      return;
    }
    void message.success(campaign ? 'Đã lưu thay đổi của chiến dịch' : 'Đã tạo chiến dịch');
    onSaved(saved);
  };

  // initialValues are read once: the form waits for the rule list (or its error) before it appears.
  if (catalogue.isPending || settings.isPending) return <Spin description={COMMON.loading} />;

  return (
    <Form<CampaignFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={(v) => void onFinish(v)}
      // Enter confirms a typed date in a picker: it must not also send a half-filled campaign.
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
      }}
      data-testid="campaign-form"
      style={{ maxWidth: 860 }}
    >
      <Form.Item
        name="name"
        label={F.name}
        rules={[
          { required: true, whitespace: true, message: 'Nhập tên chiến dịch' },
          { min: 3, message: 'Tên chiến dịch quá ngắn' },
          { max: 300, message: 'Tên chiến dịch quá dài' },
        ]}
      >
        <Input placeholder="Ví dụ: Rà soát, làm sạch dữ liệu đảng viên năm 2026" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="startsOn"
          label={F.startsOn}
          rules={[{ required: true, message: 'Chọn ngày bắt đầu' }]}
        >
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={F.endsOn}
          dependencies={['startsOn']}
          rules={[
            { required: true, message: 'Chọn ngày kết thúc' },
            ({ getFieldValue }) => ({
              validator: (_, value?: Dayjs) => {
                const start = getFieldValue('startsOn') as Dayjs | undefined;
                return !value || !start || !value.isBefore(start, 'day')
                  ? Promise.resolve()
                  : Promise.reject(new Error('Ngày kết thúc phải sau ngày bắt đầu'));
              },
            }),
          ]}
        >
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item
          name="referenceDate"
          label={F.referenceDate}
          tooltip="Dữ liệu được đánh giá tại ngày này (tính tuổi, thời hạn…); cũng là ngày mốc của các lần kiểm tra."
          rules={[{ required: true, message: 'Chọn ngày mốc dữ liệu' }]}
        >
          <DatePicker format={DAY_FORMAT} placeholder="dd/mm/yyyy" />
        </Form.Item>
        <Form.Item
          name="freezeAt"
          label={F.freezeAt}
          tooltip="Từ thời điểm này số liệu báo cáo được chốt. Để trống nếu chưa khóa."
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format={`${DAY_FORMAT} HH:mm`}
            placeholder="dd/mm/yyyy hh:mm"
          />
        </Form.Item>
      </Flex>
      <Form.Item
        name="excludedRootIds"
        label={F.excludedRoots}
        tooltip="Các đảng bộ trực thuộc Trung ương không thực hiện chiến dịch này."
      >
        <Select
          mode="multiple"
          allowClear
          placeholder="Không loại trừ đảng bộ nào"
          showSearch={{ filterOption: filterByLabel }}
          options={roots.map((r) => ({ value: r.id, label: r.name }))}
        />
      </Form.Item>
      <RulesField rules={rules} error={rulesReady ? null : (catalogue.error ?? settings.error)} />
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={pending}>
          {campaign ? 'Lưu thay đổi' : 'Tạo chiến dịch'}
        </Button>
        {onCancel && (
          <Button onClick={onCancel} disabled={pending}>
            Hủy
          </Button>
        )}
      </Flex>
    </Form>
  );
}

function RulesField({ rules, error }: { rules: RuleInfo[]; error: unknown }) {
  if (error)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`Không tải được danh sách quy tắc kiểm tra: ${isApiError(error) ? error.message : COMMON.unexpectedError}`}
      />
    );
  return (
    <Form.Item
      name="rulesInForce"
      label={F.rulesInForce}
      extra="Quy tắc dùng chung cho mọi lần kiểm tra tiếp theo trên toàn hệ thống. Bỏ chọn để tạm không áp dụng."
      rules={[{ type: 'array', min: 1, message: 'Phải áp dụng ít nhất một quy tắc' }]}
    >
      <Checkbox.Group style={{ display: 'block' }}>
        <div
          style={{
            maxHeight: 320,
            overflow: 'auto',
            border: '1px solid #f0f0f0',
            padding: 8,
            borderRadius: 6,
          }}
          data-testid="campaign-rules"
        >
          {FINDING_GROUPS.map((group) => {
            const inGroup = rules.filter((r) => r.group === group);
            if (inGroup.length === 0) return null;
            return (
              <div key={group} style={{ marginBottom: 8 }}>
                <Typography.Text strong>{FINDINGS.groups[group] ?? group}</Typography.Text>
                <Flex vertical gap={2} style={{ marginTop: 4 }}>
                  {inGroup.map((r) => (
                    <Checkbox key={r.code} value={r.code}>
                      {r.title} <Typography.Text type="secondary">({r.code})</Typography.Text>
                    </Checkbox>
                  ))}
                </Flex>
              </div>
            );
          })}
        </div>
      </Checkbox.Group>
    </Form.Item>
  );
}
