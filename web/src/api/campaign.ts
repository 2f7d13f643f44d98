import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export type UnitStatus = 'not_started' | 'in_progress' | 'confirmed' | 'checked' | 'returned';
export type CampaignPart = 'organization' | 'members';
export type UnitAction = 'start' | 'confirm' | 'check' | 'return' | 'resume';

export interface Campaign {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  status: 'open' | 'closed';
  version: number;
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
  responsibility: {
    personName: string;
    position: string | null;
    contact: string | null;
    version: number;
  } | null;
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

export interface ProblemReport {
  id: number;
  orgName: string;
  category: 'technical' | 'data' | 'access';
  title: string;
  body: string;
  level: 'province' | 'centre';
  status: 'open' | 'answered' | 'resolved';
  createdByName: string | null;
  createdAt: string;
  version: number;
}

export function useProblemReports() {
  return useQuery({
    queryKey: ['problem-reports'],
    queryFn: ({ signal }) =>
      api.get<{ items: ProblemReport[]; total: number }>('/api/problem-reports', undefined, signal),
  });
}

export function useCreateProblemReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { orgId: number; category: string; title: string; body: string }) =>
      api.post<ProblemReport>('/api/problem-reports', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['problem-reports'] }),
  });
}

export function useProblemAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: {
      id: number;
      action: 'reply' | 'escalate' | 'resolve';
      body: string;
      version: number;
    }) =>
      api.post<ProblemReport>(`/api/problem-reports/${v.id}/actions`, {
        action: v.action,
        body: v.body,
        version: v.version,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['problem-reports'] }),
  });
}
