import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiDownload } from './client.ts';

export type UnitStatus = 'not_started' | 'in_progress' | 'confirmed' | 'checked' | 'returned';
export type CampaignPart = 'organization' | 'members';
export type UnitAction = 'start' | 'confirm' | 'check' | 'return' | 'resume';

export interface Campaign {
  id: number;
  name: string;
  /** Calendar days, yyyy-mm-dd. */
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  /** ISO instant after which the data is frozen for the report, or null. */
  freezeAt: string | null;
  ruleSettingsId: number | null;
  /** Top-level committees (provinces, central committees) left out of the campaign. */
  excludedRootIds: number[];
  /** The same committees with their names (null when the organization no longer exists). */
  excludedRoots?: Array<{ id: number; name: string | null }>;
  /** The campaign's own rules: the codes switched off (the rules in force are the others). */
  disabledRules: string[];
  status: 'open' | 'closed';
  version: number;
  createdAt: string;
  closedAt: string | null;
}

/** The body of POST /api/campaigns and PUT /api/campaigns/:id (without the version). */
export interface CampaignInput {
  name: string;
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  freezeAt: string | null;
  excludedRootIds: number[];
  /** The rules switched off for this campaign (the rules in force are the others). */
  disabledRules: string[];
}

export interface Responsibility {
  orgId: number;
  personName: string;
  position: string | null;
  contact: string | null;
  accountIds: number[];
  accounts: Array<{ id: number; username: string; fullName: string }>;
  version: number;
  updatedAt: string | null;
}

export interface UnitRollup {
  orgId: number;
  name: string;
  type: string | null;
  childCount: number;
  members: number;
  membersWithErrors: number;
  openErrors: number;
  openWarnings: number;
  units: number;
  percentClean: number;
  statusCounts: Record<CampaignPart, Record<UnitStatus, number>>;
}

export interface Progress {
  campaign: Campaign;
  today: string;
  daysLeft: number;
  ancestors: Array<{ id: number; name: string }>;
  unit: UnitRollup;
  children: UnitRollup[];
  lagging: UnitRollup[];
  rules: Array<{ group: string; rule: string; severity: string; count: number }>;
}

export interface PartStatus {
  status: UnitStatus;
  version: number;
  openErrors: number;
  actions: UnitAction[];
  confirmedByName: string | null;
  confirmedAt: string | null;
  checkedByName: string | null;
  checkedAt: string | null;
  returnedByName: string | null;
  returnReason: string | null;
}

export interface UnitCampaign {
  campaign: Campaign;
  covered: boolean;
  organizationChainConfirmed: boolean;
  organization: PartStatus;
  members: PartStatus;
  responsibility: Responsibility | null;
  history: Array<{
    id: number;
    part: string;
    action: string;
    toStatus: string;
    reason: string | null;
    actorName: string | null;
    at: string;
  }>;
}

export const STATUS_LABELS: Record<UnitStatus, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang làm sạch',
  confirmed: 'Đã xác nhận',
  checked: 'Đã kiểm tra',
  returned: 'Trả lại',
};
export const STATUS_COLORS: Record<UnitStatus, string> = {
  not_started: 'default',
  in_progress: 'processing',
  confirmed: 'blue',
  checked: 'success',
  returned: 'error',
};
export const ACTION_LABELS: Record<UnitAction, string> = {
  start: 'Bắt đầu làm sạch',
  confirm: 'Xác nhận',
  check: 'Kiểm tra (đạt)',
  return: 'Trả lại',
  resume: 'Làm sạch lại',
};
/** Actions of the status history: the people's, and the system's reopening on new errors. */
export const HISTORY_ACTION_LABELS: Record<string, string> = {
  ...ACTION_LABELS,
  reopen: 'Hệ thống mở lại (có lỗi mới)',
};

export function useProgress(orgId: number | null) {
  return useQuery({
    queryKey: ['campaign', 'progress', orgId],
    queryFn: ({ signal }) => api.get<Progress>('/api/campaign/progress', { orgId }, signal),
    retry: false,
  });
}

export function useBurndown(orgId: number | null) {
  return useQuery({
    queryKey: ['campaign', 'burndown', orgId],
    queryFn: ({ signal }) =>
      api.get<{
        points: Array<{ day: string; openErrors: number }>;
        ideal: Array<{ day: string; value: number }>;
      }>('/api/campaign/burndown', { orgId }, signal),
    retry: false,
  });
}

export function useUnitCampaign(orgId: number) {
  return useQuery({
    queryKey: ['campaign', 'unit', orgId],
    queryFn: ({ signal }) => api.get<UnitCampaign>(`/api/campaign/units/${orgId}`, undefined, signal),
    retry: false,
    // The open-error counts change with every member edit, fix and merge made on other screens: a panel
    // shown again must not offer "Xác nhận" on a count from before the fix.
    staleTime: 0,
  });
}

export function useUnitAction(orgId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { part: CampaignPart; action: UnitAction; reason?: string; version: number }) =>
      api.post<UnitCampaign>(`/api/campaign/units/${orgId}/actions`, body),
    onSuccess: (data) => {
      qc.setQueryData(['campaign', 'unit', orgId], data);
      void qc.invalidateQueries({ queryKey: ['campaign', 'progress'] });
      void qc.invalidateQueries({ queryKey: ['campaign', 'notifications'] });
      void qc.invalidateQueries({ queryKey: ['campaign', 'tree-statuses'] });
    },
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: ['campaign', 'notifications'],
    queryFn: ({ signal }) =>
      api.get<{ items: Array<{ kind: string; title: string; link: string; at: string | null }> }>(
        '/api/campaign/notifications',
        undefined,
        signal,
      ),
    refetchInterval: 60_000,
  });
}

export const campaignKeys = {
  all: ['campaign'] as const,
  list: ['campaign', 'list'] as const,
};

/** Every campaign, newest first: the open one (if any) and the history. */
export function useCampaigns() {
  return useQuery({
    queryKey: campaignKeys.list,
    queryFn: ({ signal }) => api.get<{ items: Campaign[] }>('/api/campaigns', undefined, signal),
    select: (data) => data.items,
  });
}

/** A campaign change touches every campaign screen: the dashboards, the unit panels and the bell. */
function useInvalidateCampaign() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: campaignKeys.all });
}

export function useCreateCampaign() {
  const invalidate = useInvalidateCampaign();
  return useMutation({
    mutationFn: (input: CampaignInput) => api.post<Campaign>('/api/campaigns', input),
    onSuccess: invalidate,
  });
}

export function useUpdateCampaign() {
  const invalidate = useInvalidateCampaign();
  return useMutation({
    mutationFn: ({ id, version, input }: { id: number; version: number; input: CampaignInput }) =>
      api.put<Campaign>(`/api/campaigns/${id}`, { ...input, version }),
    // A conflict also refreshes: the form then shows what the other administrator saved.
    onSettled: invalidate,
  });
}

export function useCloseCampaign() {
  const invalidate = useInvalidateCampaign();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) =>
      api.post<Campaign>(`/api/campaigns/${id}/close`, { version }),
    onSettled: invalidate,
  });
}

export interface ResponsibilityInput {
  personName: string;
  position: string | null;
  contact: string | null;
  accountIds: number[];
  /** The responsibility's version, 0 when none is recorded yet. */
  version: number;
}

export interface AssignableAccount {
  id: number;
  username: string;
  fullName: string;
  scopeOrgId: number | null;
  scopeOrgName: string | null;
}

/** Active accounts the caller may assign to the unit (the server keeps it to the caller's scope). */
export function useAssignableAccounts(orgId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['campaign', 'assignable-accounts', orgId],
    queryFn: () =>
      api.get<{ items: AssignableAccount[] }>(`/api/campaign/units/${orgId}/assignable-accounts`),
    enabled,
  });
}

export function useSetResponsibility(orgId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResponsibilityInput) =>
      api.put<UnitCampaign>(`/api/campaign/units/${orgId}/responsibility`, input),
    onSuccess: (data) => {
      qc.setQueryData(['campaign', 'unit', orgId], data);
      void qc.invalidateQueries({ queryKey: ['campaign', 'tree-statuses'] });
    },
    onError: () => void qc.invalidateQueries({ queryKey: ['campaign', 'unit', orgId] }),
  });
}

/** "Báo cáo kết quả" of one level as a PDF made by the server. */
export function downloadCampaignReportPdf(orgId: number | null): Promise<void> {
  return apiDownload('/api/campaign/report.pdf', { orgId }, 'bao-cao-ket-qua-lam-sach.pdf');
}

/** A tree node's campaign state: both parts and the responsible person (GET /api/campaign/tree-statuses). */
export interface TreeUnitStatus {
  orgId: number;
  organization: UnitStatus;
  members: UnitStatus;
  personName: string | null;
}

/** Status marks for the tree, where the name needs the space (the full label is the tag's title). */
export const STATUS_MARKS: Record<UnitStatus, string> = {
  not_started: '–',
  in_progress: '…',
  confirmed: '✓',
  checked: '✓✓',
  returned: '↩',
};

/**
 * The campaign state of the tree's nodes, one query per loaded level (the tree loads a level at a time), merged
 * by organization id. Empty while no campaign is open.
 */
export function useTreeStatuses(
  levels: ReadonlyArray<readonly number[]>,
): ReadonlyMap<number, TreeUnitStatus> {
  const results = useQueries({
    queries: levels
      .filter((ids) => ids.length > 0)
      .map((ids) => {
        const key = [...ids].sort((a, b) => a - b).join(',');
        return {
          queryKey: ['campaign', 'tree-statuses', key],
          queryFn: () => api.get<{ items: TreeUnitStatus[] }>('/api/campaign/tree-statuses', { orgIds: key }),
          staleTime: 30_000,
        };
      }),
  });
  const merged = new Map<number, TreeUnitStatus>();
  for (const r of results) for (const item of r.data?.items ?? []) merged.set(item.orgId, item);
  return merged;
}
