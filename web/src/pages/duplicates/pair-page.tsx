import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  Popconfirm,
  Radio,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router-dom';
import {
  useDecidePair,
  useMergePair,
  usePairComparison,
  useUndoMerge,
  type FieldChoice,
  type PairComparison,
  type Side,
} from '../../api/duplicates.ts';
import type { Member, MemberEditableField } from '../../api/members.ts';
import { QueryError } from '../../components/query-error.tsx';
import { formatPartialDate } from '../../lib/partial-date.ts';
import {
  COMMON,
  DUPLICATES,
  GENDER_LABELS,
  MEMBER_FIELD_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../i18n/vi.ts';
import NotFoundPage from '../not-found/not-found-page.tsx';
import { errorText } from './error-text.ts';
import { PairBandTag, PairStatusTag, scoreText } from './pair-tags.tsx';

const DATE_FIELDS = new Set<MemberEditableField>(['birthDate', 'admissionDate', 'officialDate', 'deathDate']);

function display(field: MemberEditableField, value: string | null): string {
  if (value === null || value === '') return COMMON.empty;
  if (DATE_FIELDS.has(field)) return formatPartialDate(value);
  if (field === 'status') return MEMBER_STATUS_LABELS[value as keyof typeof MEMBER_STATUS_LABELS] ?? value;
  if (field === 'gender') return GENDER_LABELS[value as keyof typeof GENDER_LABELS] ?? value;
  return value;
}

function RecordHeader({ member, label, isSurvivor }: { member: Member; label: string; isSurvivor: boolean }) {
  return (
    <Space direction="vertical" size={0}>
      <span>
        {label} {isSurvivor ? <Tag color="green">Hồ sơ được giữ</Tag> : <Tag>Hồ sơ hợp nhất vào</Tag>}
      </span>
      <Link to={`/dang-vien/${member.id}`}>{member.fullName}</Link>
      <span style={{ fontSize: 12, fontWeight: 'normal' }}>
        {member.orgName} · mã {member.legacyId ?? member.id} · phiên bản {member.version}
      </span>
    </Space>
  );
}

/** The side-by-side comparison: differing fields highlighted, the surviving value chosen field by field. */
function Comparison({ data }: { data: PairComparison }) {
  const { message } = App.useApp();
  const { pair } = data;
  const [survivor, setSurvivor] = useState<Side>(data.survivor);
  const [choices, setChoices] = useState<Partial<Record<MemberEditableField, Side>>>({});
  const [note, setNote] = useState('');
  const merge = useMergePair(pair.id);
  const different = useDecidePair(pair.id, 'different');
  const escalate = useDecidePair(pair.id, 'escalate');
  const undo = useUndoMerge();
  const isOpen = data.canDecide;
  const choiceOf = (f: FieldChoice): Side => choices[f.field] ?? f.choice;
  const differing = useMemo(() => data.fields.filter((f) => f.differs).length, [data.fields]);

  const onMerge = () =>
    merge.mutate(
      {
        versionA: data.a.version,
        versionB: data.b.version,
        pairVersion: pair.version,
        survivor,
        choices: Object.fromEntries(data.fields.filter((f) => f.differs).map((f) => [f.field, choiceOf(f)])),
        note: note.trim() || null,
      },
      {
        onSuccess: () => void message.success('Đã hợp nhất hai hồ sơ'),
        onError: (error) => void message.error(errorText(error)),
      },
    );
  const onDecide = (mutation: typeof different, done: string) =>
    mutation.mutate(
      { version: pair.version, note: note.trim() || null },
      {
        onSuccess: () => void message.success(done),
        onError: (error) => void message.error(errorText(error)),
      },
    );

  const renderValue = (side: Side) => (_: unknown, f: FieldChoice) => {
    const text = display(f.field, side === 'a' ? f.a : f.b);
    if (!f.differs || !isOpen) return text;
    return (
      <Radio
        checked={choiceOf(f) === side}
        onChange={() => setChoices((c) => ({ ...c, [f.field]: side }))}
        aria-label={`${MEMBER_FIELD_LABELS[f.field]}: giữ giá trị hồ sơ ${side.toUpperCase()}`}
      >
        {text}
      </Radio>
    );
  };

  const columns: TableColumnsType<FieldChoice> = [
    { title: 'Thông tin', key: 'field', width: 220, render: (_, f) => MEMBER_FIELD_LABELS[f.field] },
    {
      title: <RecordHeader member={data.a} label="Hồ sơ A" isSurvivor={survivor === 'a'} />,
      key: 'a',
      render: renderValue('a'),
    },
    {
      title: <RecordHeader member={data.b} label="Hồ sơ B" isSurvivor={survivor === 'b'} />,
      key: 'b',
      render: renderValue('b'),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Flex gap={8} wrap align="center">
        <Typography.Text strong style={{ fontSize: 18 }}>
          {scoreText(pair.score)}
        </Typography.Text>
        <PairBandTag band={pair.band} />
        <PairStatusTag status={pair.status} />
        {pair.reasons.map((r) => (
          <Tag key={r}>{r}</Tag>
        ))}
      </Flex>
      {pair.status === 'merged' && pair.mergeId !== null && (
        <Alert
          type="success"
          showIcon
          message={`Đã hợp nhất${pair.decidedByName ? ` bởi ${pair.decidedByName}` : ''}.`}
          action={
            <Button
              danger
              loading={undo.isPending}
              data-testid="undo-merge"
              onClick={() =>
                undo.mutate(pair.mergeId!, {
                  onSuccess: () => void message.success('Đã hoàn tác hợp nhất'),
                  onError: (error) => void message.error(errorText(error)),
                })
              }
            >
              {DUPLICATES.undo}
            </Button>
          }
        />
      )}
      {pair.status === 'unsure' && (
        <Alert
          type="info"
          showIcon
          message={`Đã chuyển lên ${pair.escalatedToOrgName ?? 'cấp Trung ương'}${pair.note ? `: ${pair.note}` : ''}.`}
        />
      )}
      {pair.status === 'different' && (
        <Alert type="info" showIcon message={`Đã xác nhận khác người${pair.note ? `: ${pair.note}` : ''}.`} />
      )}
      {isOpen && (
        <Flex gap={12} align="center" wrap>
          <span>Hồ sơ được giữ lại:</span>
          <Radio.Group
            value={survivor}
            onChange={(e) => setSurvivor(e.target.value as Side)}
            options={[
              { value: 'a', label: `A — ${data.a.orgName}` },
              { value: 'b', label: `B — ${data.b.orgName}` },
            ]}
          />
          <Typography.Text type="secondary">
            {differing} thông tin khác nhau (tô màu). Mặc định giữ giá trị đầy đủ và mới nhất; có thể chọn lại
            từng dòng.
          </Typography.Text>
        </Flex>
      )}
      <Table
        data-testid="pair-comparison"
        rowKey="field"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={data.fields}
        rowClassName={(f) => (f.differs ? 'pair-field-differs' : '')}
        onRow={(f) => ({ style: f.differs ? { background: '#fff7e6' } : {} })}
      />
      {isOpen && (
        <>
          <Input.TextArea
            placeholder="Ghi chú (không bắt buộc)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            autoSize={{ minRows: 1, maxRows: 4 }}
            aria-label="Ghi chú"
          />
          <Flex gap={8} wrap>
            <Popconfirm
              title="Hợp nhất hai hồ sơ?"
              description="Hồ sơ còn lại được giữ làm lịch sử và có thể hoàn tác."
              okText="Hợp nhất"
              cancelText="Hủy"
              onConfirm={onMerge}
              disabled={!data.canMerge}
            >
              <Button
                type="primary"
                loading={merge.isPending}
                disabled={!data.canMerge}
                data-testid="merge-pair"
              >
                {DUPLICATES.merge}
              </Button>
            </Popconfirm>
            <Button
              loading={different.isPending}
              onClick={() => onDecide(different, 'Đã ghi nhận: khác người')}
            >
              {DUPLICATES.different}
            </Button>
            <Button loading={escalate.isPending} onClick={() => onDecide(escalate, 'Đã chuyển cấp trên')}>
              {DUPLICATES.escalate}
            </Button>
          </Flex>
          {!data.canMerge && (
            <Typography.Text type="warning">{DUPLICATES.reasons['RECORD_OUTSIDE_SCOPE']}</Typography.Text>
          )}
        </>
      )}
    </Space>
  );
}

export default function PairPage() {
  const parsed = Number(useParams()['pairId']);
  const pairId = Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
  const comparison = usePairComparison(pairId);
  if (pairId === undefined) return <NotFoundPage />;
  return (
    <Card
      title={
        <Space>
          <Link to="/trung-lap">{DUPLICATES.menu}</Link>
          <span>/ So sánh hai hồ sơ</span>
        </Space>
      }
    >
      {comparison.isPending ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : comparison.isError ? (
        <QueryError error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : (
        // A new version of the pair (after a decision) starts from its own defaults.
        <Comparison
          key={`${comparison.data.pair.id}-${comparison.data.pair.version}`}
          data={comparison.data}
        />
      )}
    </Card>
  );
}
