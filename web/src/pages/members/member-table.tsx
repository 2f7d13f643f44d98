import { useEffect, useRef, useState } from 'react';
import { SearchOutlined } from '@ant-design/icons';
import { Flex, Input, Switch, Table, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  GENDERS,
  MEMBER_STATUSES,
  useOrganizationMembers,
  type Gender,
  type MemberListParams,
  type MemberSortField,
  type MemberStatus,
  type MemberSummary,
} from '../../api/members.ts';
import { MemberStatusTag } from '../../components/member-status-tag.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { formatPartialDate } from '../../lib/partial-date.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { GENDER_LABELS, MEMBER_FIELD_LABELS, MEMBER_STATUS_LABELS } from '../../i18n/vi.ts';

const PAGE_SIZES = [20, 50, 100, 200] as const;
const SORT_FIELDS: readonly MemberSortField[] = ['fullName', 'birthDate', 'admissionDate', 'status'];

type ListState = Omit<MemberListParams, 'orgId'>;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/** The list's state lives in the address, so Back from a member returns to the same page and filters. */
function readState(params: URLSearchParams): ListState {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : 50,
    q: params.get('q') ?? undefined,
    status: oneOf(MEMBER_STATUSES, params.get('status')),
    gender: oneOf(GENDERS, params.get('gender')),
    subtree: params.get('subtree') === 'true',
    sort: oneOf(SORT_FIELDS, params.get('sort')),
    order: params.get('order') === 'desc' ? 'desc' : params.get('sort') ? 'asc' : undefined,
  };
}

function writeState(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.page > 1) params.set('page', String(state.page));
  if (state.pageSize !== 50) params.set('pageSize', String(state.pageSize));
  if (state.q) params.set('q', state.q);
  if (state.status) params.set('status', state.status);
  if (state.gender) params.set('gender', state.gender);
  if (state.subtree) params.set('subtree', 'true');
  if (state.sort) {
    params.set('sort', state.sort);
    params.set('order', state.order ?? 'asc');
  }
  return params;
}

const sortOrderOf = (state: ListState, field: MemberSortField) =>
  state.sort === field ? (state.order === 'desc' ? 'descend' : 'ascend') : null;

export function MemberTable({ orgId, isCell }: { orgId: number; isCell: boolean }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const state = readState(searchParams);
  const navigate = useNavigate();

  const update = (patch: Partial<ListState>) =>
    setSearchParams(writeState({ ...state, ...patch }), { replace: true });

  const [searchText, setSearchText] = useState(state.q ?? '');
  const debouncedSearch = useDebouncedValue(searchText.trim(), 350);
  // Apply the typed search once typing pauses; a new search starts from page 1.
  const appliedSearchRef = useRef(state.q ?? '');
  useEffect(() => {
    if (debouncedSearch === appliedSearchRef.current) return;
    appliedSearchRef.current = debouncedSearch;
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (debouncedSearch) next.set('q', debouncedSearch);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [debouncedSearch, setSearchParams]);

  const members = useOrganizationMembers({ orgId, ...state });

  const columns: TableColumnsType<MemberSummary> = [
    {
      title: MEMBER_FIELD_LABELS.fullName,
      dataIndex: 'fullName',
      key: 'fullName',
      sorter: true,
      sortOrder: sortOrderOf(state, 'fullName'),
      render: (name: string, member) => (
        <Link to={`/dang-vien/${member.id}`} onClick={(event) => event.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    // In the subtree view the cell matters as much as the name: keep it in sight.
    ...(state.subtree
      ? [
          {
            title: 'Chi bộ',
            dataIndex: 'orgName',
            key: 'orgName',
            width: 200,
            ellipsis: true,
          } satisfies TableColumnsType<MemberSummary>[number],
        ]
      : []),
    {
      title: MEMBER_FIELD_LABELS.gender,
      dataIndex: 'gender',
      key: 'gender',
      width: 95,
      filters: GENDERS.map((g) => ({ text: GENDER_LABELS[g], value: g })),
      filterMultiple: false,
      filteredValue: state.gender ? [state.gender] : null,
      render: (gender: Gender | null) => (gender ? GENDER_LABELS[gender] : ''),
    },
    {
      title: MEMBER_FIELD_LABELS.birthDate,
      dataIndex: 'birthDate',
      key: 'birthDate',
      width: 110,
      sorter: true,
      sortOrder: sortOrderOf(state, 'birthDate'),
      render: (date: string | null) => formatPartialDate(date),
    },
    {
      title: MEMBER_FIELD_LABELS.citizenId,
      dataIndex: 'citizenId',
      key: 'citizenId',
      width: 135,
    },
    {
      title: MEMBER_FIELD_LABELS.status,
      dataIndex: 'status',
      key: 'status',
      width: 140,
      sorter: true,
      sortOrder: sortOrderOf(state, 'status'),
      filters: MEMBER_STATUSES.map((s) => ({ text: MEMBER_STATUS_LABELS[s], value: s })),
      filterMultiple: false,
      filteredValue: state.status ? [state.status] : null,
      render: (status: MemberStatus | null) => <MemberStatusTag status={status} />,
    },
    {
      title: MEMBER_FIELD_LABELS.admissionDate,
      dataIndex: 'admissionDate',
      key: 'admissionDate',
      width: 125,
      sorter: true,
      sortOrder: sortOrderOf(state, 'admissionDate'),
      render: (date: string | null) => formatPartialDate(date),
    },
  ];

  const onChange: TableProps<MemberSummary>['onChange'] = (pagination, filters, sorter, extra) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = oneOf(SORT_FIELDS, typeof single?.columnKey === 'string' ? single.columnKey : null);
    const sortPatch =
      single?.order && field
        ? { sort: field, order: single.order === 'descend' ? 'desc' : 'asc' }
        : { sort: undefined, order: undefined };
    const status = oneOf(MEMBER_STATUSES, String(filters['status']?.[0] ?? ''));
    const gender = oneOf(GENDERS, String(filters['gender']?.[0] ?? ''));
    const pageSize = pagination.pageSize ?? state.pageSize;
    update({
      ...(sortPatch as Pick<ListState, 'sort' | 'order'>),
      status,
      gender,
      pageSize,
      // A new sort, filter or page size starts again from page 1.
      page: extra.action === 'paginate' && pageSize === state.pageSize ? (pagination.current ?? 1) : 1,
    });
  };

  const total = members.data?.total ?? 0;

  return (
    <Flex vertical gap={12}>
      <Flex gap={16} wrap align="center">
        <Input
          prefix={<SearchOutlined aria-hidden />}
          data-testid="member-search"
          aria-label="Tìm đảng viên"
          placeholder="Tìm theo họ tên, số CCCD (gõ không dấu cũng được)"
          allowClear
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          style={{ maxWidth: 420 }}
        />
        <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, cursor: 'pointer' }}>
          <Switch
            data-testid="member-subtree"
            checked={state.subtree ?? false}
            onChange={(checked) => update({ subtree: checked || undefined, page: 1 })}
            aria-label="Cả cây tổ chức"
          />
          <span>Cả cây tổ chức</span>
        </label>
        <Typography.Text type="secondary" aria-live="polite">
          {members.data ? `${total.toLocaleString('vi-VN')} đảng viên` : ''}
        </Typography.Text>
      </Flex>
      {members.isError && <QueryError error={members.error} onRetry={() => void members.refetch()} compact />}
      <div data-testid="member-table">
        <Table<MemberSummary>
          className="member-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={members.data?.items ?? []}
          loading={members.isFetching}
          onChange={onChange}
          scroll={{ x: state.subtree ? 980 : 800 }}
          locale={{
            emptyText:
              !state.subtree && !isCell && !state.q && !state.status && !state.gender
                ? 'Không có đảng viên sinh hoạt trực tiếp. Bật “Cả cây tổ chức” để xem đảng viên của các chi bộ trực thuộc.'
                : 'Không có đảng viên phù hợp',
          }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total,
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showTotal: (count, [from, to]) => `${from}–${to} / ${count.toLocaleString('vi-VN')} đảng viên`,
          }}
          onRow={(member) => ({
            onClick: () => void navigate(`/dang-vien/${member.id}`),
          })}
        />
      </div>
    </Flex>
  );
}
