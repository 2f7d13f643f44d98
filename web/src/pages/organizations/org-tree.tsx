import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Empty, Spin, Tag, Tree, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import type { TreeDataNode } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import {
  ancestorsTopDown,
  fetchOrganization,
  fetchOrganizationChildren,
  useOrganizationRoots,
  type OrgSummary,
} from '../../api/organizations.ts';
import { isApiError } from '../../api/client.ts';
import {
  STATUS_COLORS,
  STATUS_LABELS,
  STATUS_MARKS,
  useTreeStatuses,
  type TreeUnitStatus,
} from '../../api/campaign.ts';
import { OrgTypeIcon, OrgTypeTag } from '../../components/org-type-tag.tsx';
import { ORG_STATUS_LABELS } from '../../i18n/vi.ts';
import { QueryError } from '../../components/query-error.tsx';

interface Props {
  selectedId: number | undefined;
  onSelect: (org: OrgSummary) => void;
  height: number;
}

interface OrgNode extends TreeDataNode {
  key: string;
  org: OrgSummary;
  children?: OrgNode[];
}

type TreeHandle = { scrollTo: (options: { key: string; align?: 'top' | 'bottom' | 'auto' }) => void };

const keyOf = (id: number) => String(id);

/** The open campaign's state of each node shown (empty without a campaign). */
const CampaignStatuses = createContext<ReadonlyMap<number, TreeUnitStatus>>(new Map());

function buildNodes(orgs: OrgSummary[], childrenById: ReadonlyMap<number, OrgSummary[]>): OrgNode[] {
  return orgs.map((org) => {
    const children = childrenById.get(org.id);
    return {
      key: keyOf(org.id),
      org,
      isLeaf: org.childCount === 0,
      children: children ? buildNodes(children, childrenById) : undefined,
    };
  });
}

/** The organization tree, loaded one level at a time (a province holds thousands of chi bộ). */
export function OrgTree({ selectedId, onSelect, height }: Props) {
  const queryClient = useQueryClient();
  const roots = useOrganizationRoots();
  const [childrenById, setChildrenById] = useState<ReadonlyMap<number, OrgSummary[]>>(new Map());
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [revealError, setRevealError] = useState<string | null>(null);
  const [scrollTarget, setScrollTarget] = useState<string | null>(null);
  const treeRef = useRef<TreeHandle>(null);

  const treeData = useMemo(() => buildNodes(roots.data ?? [], childrenById), [roots.data, childrenById]);
  const levels = useMemo(
    () => [
      (roots.data ?? []).map((o) => o.id),
      ...[...childrenById.values()].map((children) => children.map((o) => o.id)),
    ],
    [roots.data, childrenById],
  );
  const statuses = useTreeStatuses(levels);

  const loadChildren = useCallback(
    async (id: number) => {
      const children = await fetchOrganizationChildren(queryClient, id);
      setChildrenById((previous) => new Map(previous).set(id, children));
      return children;
    },
    [queryClient],
  );

  // A scoped account sees one root: open it at once rather than make every user click it.
  const autoOpenedRef = useRef(false);
  useEffect(() => {
    const only = roots.data?.length === 1 ? roots.data[0] : undefined;
    if (!only || autoOpenedRef.current || only.childCount === 0) return;
    autoOpenedRef.current = true;
    void loadChildren(only.id)
      .then(() => setExpandedKeys((keys) => [...new Set([...keys, keyOf(only.id)])]))
      .catch(() => undefined);
  }, [roots.data, loadChildren]);

  // Open the path down to the selected organization (a search hit, a deep link, the back button).
  const revealedRef = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (selectedId === undefined || !roots.data || revealedRef.current === selectedId) return;
    revealedRef.current = selectedId;
    const rootIds = new Set(roots.data.map((org) => org.id));
    let cancelled = false;
    let isDone = false;
    const reveal = async () => {
      try {
        const target = await fetchOrganization(queryClient, selectedId);
        const path = [...ancestorsTopDown(target).map((a) => a.id), target.id];
        const start = path.findIndex((id) => rootIds.has(id));
        if (start < 0) {
          isDone = true;
          return;
        }
        const toOpen = path.slice(start, -1);
        for (const id of toOpen) {
          if (cancelled) return;
          await loadChildren(id);
        }
        if (cancelled) return;
        setRevealError(null);
        setExpandedKeys((keys) => [...new Set([...keys, ...toOpen.map(keyOf)])]);
        setScrollTarget(keyOf(selectedId));
        isDone = true;
      } catch (error) {
        isDone = true;
        if (!cancelled)
          setRevealError(isApiError(error) ? error.message : 'Không mở được tổ chức đã chọn trên cây.');
      }
    };
    void reveal();
    return () => {
      cancelled = true;
      // Interrupted by a re-render before the path was open: let the next run try again.
      if (!isDone) revealedRef.current = undefined;
    };
  }, [selectedId, roots.data, queryClient, loadChildren]);

  useEffect(() => {
    if (scrollTarget === null) return;
    const timer = window.setTimeout(
      () => treeRef.current?.scrollTo({ key: scrollTarget, align: 'auto' }),
      50,
    );
    return () => window.clearTimeout(timer);
  }, [scrollTarget, treeData]);

  if (roots.isPending) return <Spin description="Đang tải cây tổ chức…" />;
  if (roots.isError) return <QueryError error={roots.error} onRetry={() => void roots.refetch()} compact />;
  if (treeData.length === 0)
    return <Empty description="Không có tổ chức đảng nào trong phạm vi của tài khoản" />;

  return (
    <CampaignStatuses.Provider value={statuses}>
      <div data-testid="org-tree" className="org-tree">
        {revealError && <Alert type="warning" showIcon title={revealError} style={{ marginBottom: 8 }} />}
        <Tree<OrgNode>
          ref={treeRef as never}
          aria-label="Cây tổ chức đảng"
          treeData={treeData}
          height={height}
          blockNode
          // No expand animation: it is slow on large levels, and scrollTo cannot find a node mid-animation.
          motion={false}
          showLine={{ showLeafIcon: false }}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpandedKeys(keys.map(String))}
          selectedKeys={selectedId === undefined ? [] : [keyOf(selectedId)]}
          loadedKeys={[...childrenById.keys()].map(keyOf)}
          loadData={async (node) => {
            await loadChildren(node.org.id);
          }}
          onSelect={(_keys, info) => onSelect(info.node.org)}
          titleRender={(node) => <OrgTitle org={node.org} />}
        />
      </div>
    </CampaignStatuses.Provider>
  );
}

function OrgTitle({ org }: { org: OrgSummary }) {
  const inactive = org.status !== 'HOAT_DONG';
  return (
    <span
      className={inactive ? 'org-node org-node--inactive' : 'org-node'}
      data-testid="org-node"
      data-org-id={org.id}
      title={org.name}
    >
      <OrgTypeIcon type={org.type} />
      <span className="org-node__name">{org.name}</span>
      <span className="org-node__meta">
        <OrgTypeTag type={org.type} />
        {inactive && <Tag>{ORG_STATUS_LABELS[org.status]}</Tag>}
        {org.memberCount > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {org.memberCount.toLocaleString('vi-VN')} ĐV
          </Typography.Text>
        )}
        <CampaignBadges orgId={org.id} />
      </span>
    </span>
  );
}

/** The campaign on a node: organization data (TC) and members' data (ĐV) statuses, and who answers for it. */
function CampaignBadges({ orgId }: { orgId: number }) {
  const state = useContext(CampaignStatuses).get(orgId);
  if (!state) return null;
  return (
    <span className="org-node__meta" data-testid="org-node-campaign">
      <Tag
        color={STATUS_COLORS[state.organization]}
        title={`Dữ liệu tổ chức: ${STATUS_LABELS[state.organization]}`}
        aria-label={`Dữ liệu tổ chức: ${STATUS_LABELS[state.organization]}`}
      >
        TC {STATUS_MARKS[state.organization]}
      </Tag>
      <Tag
        color={STATUS_COLORS[state.members]}
        title={`Dữ liệu đảng viên: ${STATUS_LABELS[state.members]}`}
        aria-label={`Dữ liệu đảng viên: ${STATUS_LABELS[state.members]}`}
      >
        ĐV {STATUS_MARKS[state.members]}
      </Tag>
      {state.personName && (
        <UserOutlined
          title={`Người chịu trách nhiệm: ${state.personName}`}
          aria-label={`Người chịu trách nhiệm: ${state.personName}`}
        />
      )}
    </span>
  );
}
