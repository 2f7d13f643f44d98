import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../../api/auth.ts';
import {
  useDuplicatePairs,
  useDuplicateRun,
  useStartDuplicateRun,
  type DuplicatePair,
  type PairBand,
  type PairSide,
  type PairStatus,
} from '../../api/duplicates.ts';
import { QueryError } from '../../components/query-error.tsx';
import { formatPartialDate } from '../../lib/partial-date.ts';
import { DUPLICATES } from '../../i18n/vi.ts';
import { errorText } from './error-text.ts';
import { PairBandTag, PairStatusTag, scoreText } from './pair-tags.tsx';
import { RegisterPanel } from './register-panel.tsx';

const STATUSES: PairStatus[] = ['pending', 'unsure', 'merged', 'different'];
const BANDS: PairBand[] = ['probable', 'review'];

function Person({ side }: { side: PairSide }) {
  return (
    <div>
      <Link to={`/dang-vien/${side.id}`} onClick={(e) => e.stopPropagation()}>
        <strong>{side.fullName}</strong>
      </Link>
      <div style={{ fontSize: 12, color: '#666' }}>
        {formatPartialDate(side.birthDate)} · {side.orgName}
      </div>
    </div>
  );
}

/** The duplicates queue of the account's scope, and the detection that fills it. */
export default function DuplicatesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const status = (STATUSES as string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as PairStatus)
    : params.get('status') === 'all'
      ? undefined
      : 'pending';
  const band = (BANDS as string[]).includes(params.get('band') ?? '')
    ? (params.get('band') as PairBand)
    : undefined;
  const escalatedToMe = params.get('escalated') === 'true';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useDuplicatePairs({ page, pageSize: 50, status, band, escalatedToMe });
  const [runId, setRunId] = useState<number>();
  const [provinceCode, setProvinceCode] = useState('');
  const start = useStartDuplicateRun();
  const run = useDuplicateRun(runId);
  const isNational = me?.scope.orgId === null;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const onDetect = () => {
    start.mutate(
      { kind: 'detect', ...(isNational ? { provinceCode } : {}) },
      {
        onSuccess: (r) => setRunId(r.id),
        onError: (error) => void message.error(errorText(error)),
      },
    );
  };

  const columns: TableColumnsType<DuplicatePair> = [
    {
      title: 'Mức độ',
      key: 'score',
      width: 150,
      render: (_, p) => (
        <Space direction="vertical" size={2}>
          <strong>{scoreText(p.score)}</strong>
          <PairBandTag band={p.band} />
        </Space>
      ),
    },
    { title: 'Hồ sơ A', key: 'a', render: (_, p) => <Person side={p.a} /> },
    { title: 'Hồ sơ B', key: 'b', render: (_, p) => <Person side={p.b} /> },
    {
      title: 'Lý do',
      key: 'reasons',
      render: (_, p) => (
        <Flex wrap gap={4}>
          {p.reasons.map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: 'Trạng thái',
      key: 'status',
      width: 150,
      render: (_, p) => (
        <Space direction="vertical" size={2}>
          <PairStatusTag status={p.status} />
          {p.status === 'unsure' && (
            <span style={{ fontSize: 12 }}>{p.escalatedToOrgName ?? 'Cấp Trung ương'}</span>
          )}
        </Space>
      ),
    },
  ];

  const running = run.data && (run.data.status === 'queued' || run.data.status === 'running');
  return (
    <>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {DUPLICATES.menu}
          </Typography.Title>
        }
        extra={
          <Space>
            {isNational && (
              <Input
                placeholder="Mã tỉnh (2 số)"
                value={provinceCode}
                onChange={(e) => setProvinceCode(e.target.value.trim())}
                style={{ width: 130 }}
                aria-label="Mã tỉnh"
              />
            )}
            <Button
              icon={<SearchOutlined />}
              onClick={onDetect}
              loading={start.isPending || running}
              data-testid="detect-duplicates"
            >
              Tìm hồ sơ trùng lặp
            </Button>
          </Space>
        }
      >
        {run.data && (
          <div style={{ marginBottom: 12 }} data-testid="detect-progress">
            {running ? (
              <Progress
                percent={run.data.total > 0 ? Math.round((run.data.done / run.data.total) * 100) : 0}
                status="active"
                format={() =>
                  run.data.phase === 'loading'
                    ? `Đang đọc ${run.data.done.toLocaleString('vi-VN')} hồ sơ`
                    : run.data.phase === 'matching'
                      ? `Đang so khớp ${run.data.total.toLocaleString('vi-VN')} hồ sơ`
                      : 'Đang lưu kết quả'
                }
              />
            ) : run.data.status === 'succeeded' ? (
              <Typography.Text type="success">
                Đã so khớp {run.data.result?.members?.toLocaleString('vi-VN')} hồ sơ: {run.data.result?.pairs}{' '}
                cặp có thể trùng ({run.data.result?.probable} nhiều khả năng, {run.data.result?.review} cần
                xem xét).
              </Typography.Text>
            ) : run.data.status === 'failed' ? (
              <Typography.Text type="danger">Tìm trùng lặp bị lỗi. Vui lòng thử lại.</Typography.Text>
            ) : null}
          </div>
        )}
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label="Trạng thái"
            style={{ width: 180 }}
            value={status ?? 'all'}
            onChange={(v) => update({ status: v === 'pending' ? undefined : v })}
            options={[
              { value: 'all', label: 'Tất cả trạng thái' },
              ...STATUSES.map((s) => ({ value: s, label: DUPLICATES.statuses[s] })),
            ]}
          />
          <Select
            aria-label="Mức độ"
            style={{ width: 200 }}
            value={band ?? 'all'}
            onChange={(v) => update({ band: v === 'all' ? undefined : v })}
            options={[
              { value: 'all', label: 'Mọi mức độ' },
              ...BANDS.map((b) => ({ value: b, label: DUPLICATES.bands[b] })),
            ]}
          />
          <Checkbox
            checked={escalatedToMe}
            onChange={(e) => update({ escalated: e.target.checked ? 'true' : undefined })}
          >
            Cấp dưới chuyển lên
          </Checkbox>
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            data-testid="duplicate-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items}
            loading={list.isFetching}
            locale={{ emptyText: 'Không có cặp hồ sơ nào' }}
            onRow={(p) => ({
              onClick: () => void navigate(`/trung-lap/${p.id}`),
              style: { cursor: 'pointer' },
            })}
            pagination={{
              current: page,
              pageSize: 50,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `${total.toLocaleString('vi-VN')} cặp`,
              onChange: (p) => update({ page: String(p) }),
            }}
          />
        )}
      </Card>
      <RegisterPanel provinceCode={isNational ? provinceCode || undefined : undefined} />
    </>
  );
}
