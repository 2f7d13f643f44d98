import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Page } from './members.ts';

export const FINDING_GROUPS = [
  'ORG',
  'REQ',
  'ID',
  'TEXT',
  'CODE',
  'ADDR',
  'DATE',
  'LIVE',
  'DUP',
  'RECON',
] as const;
export type FindingGroup = (typeof FINDING_GROUPS)[number];
export type FindingSeverity = 'error' | 'warning' | 'fix';
export const FINDING_STATUSES = ['open', 'fixed', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A stored finding as the API returns it (src/db/repos/findings.ts StoredFinding). */
export interface Finding {
  id: number;
  provinceCode: string;
  recordType: 'organization' | 'member';
  recordId: number;
  orgId: number;
  orgName: string;
  legacyId: string | null;
  rule: string;
  group: FindingGroup;
  /** Canonical legacy column (HO_TEN, SO_CCCD…); '' when the rule is about the whole record. */
  field: string;
  severity: FindingSeverity;
  status: FindingStatus;
  value: string;
  suggested: string | null;
  oldValue: string | null;
  undo: Record<string, unknown> | null;
  batchId: string | null;
  resolvedBy: number | null;
  resolvedAt: string | null;
  dismissReason: string | null;
  firstSeenAt: string;
  checkedAt: string;
}

export interface RuleInfo {
  code: string;
  group: FindingGroup;
  severity: FindingSeverity;
  title: string;
  explanation: string;
  howToFix: string;
  fields: string[];
}

export interface FindingListParams {
  orgId: number;
  page: number;
  pageSize: number;
  group?: FindingGroup | undefined;
  rule?: string | undefined;
  status?: FindingStatus | undefined;
  severity?: FindingSeverity | undefined;
}

export interface FindingCounts {
  orgId: number;
  groups: Array<{ group: FindingGroup; open: number; fixed: number; dismissed: number }>;
  rules: Array<{
    group: FindingGroup;
    rule: string;
    severity: FindingSeverity;
    status: FindingStatus;
    count: number;
  }>;
}

export interface BulkPreview {
  orgId: number;
  rule: string;
  total: number;
  changes: Array<{
    findingId: number;
    recordType: 'organization' | 'member';
    recordId: number;
    legacyId: string | null;
    orgName: string;
    field: string;
    value: string;
    suggested: string;
  }>;
}

export interface BulkResult {
  batchId: string;
  rule: string;
  orgId: number;
  applied: number;
  skipped: number;
}

export interface BulkUndoResult {
  batchId: string;
  restored: number;
  skipped: number;
}

export const findingKeys = {
  all: ['findings'] as const,
  catalogue: ['findings', 'catalogue'] as const,
  member: (id: number) => ['findings', 'member', id] as const,
  org: (id: number) => ['findings', 'org', id] as const,
  list: (params: FindingListParams) => ['findings', 'list', params] as const,
  counts: (orgId: number) => ['findings', 'counts', orgId] as const,
};

/** The rule catalogue (titles, explanations, how to fix), by rule code. It does not change while running. */
export function useRuleCatalogue() {
  return useQuery({
    queryKey: findingKeys.catalogue,
    queryFn: async ({ signal }) => {
      const { items } = await api.get<{ items: RuleInfo[] }>('/api/quality/catalogue', undefined, signal);
      return new Map(items.map((r) => [r.code, r]));
    },
    staleTime: Infinity,
  });
}

export function useMemberFindings(memberId: number) {
  return useQuery({
    queryKey: findingKeys.member(memberId),
    queryFn: ({ signal }) =>
      api.get<{ items: Finding[] }>(`/api/members/${memberId}/findings`, undefined, signal),
    select: (data) => data.items,
  });
}

export function useOrganizationOwnFindings(orgId: number) {
  return useQuery({
    queryKey: findingKeys.org(orgId),
    queryFn: ({ signal }) =>
      api.get<{ items: Finding[] }>(`/api/organizations/${orgId}/own-findings`, undefined, signal),
    select: (data) => data.items,
  });
}

export function useOrganizationFindings(params: FindingListParams) {
  const { orgId, ...query } = params;
  return useQuery({
    queryKey: findingKeys.list(params),
    queryFn: ({ signal }) => api.get<Page<Finding>>(`/api/organizations/${orgId}/findings`, query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useFindingCounts(orgId: number) {
  return useQuery({
    queryKey: findingKeys.counts(orgId),
    queryFn: ({ signal }) =>
      api.get<FindingCounts>(`/api/organizations/${orgId}/findings/counts`, undefined, signal),
  });
}

/** Every finding action changes records: the finding lists and the records' caches are refreshed. */
function useFindingMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: findingKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
}

export function useAcceptFinding() {
  return useFindingMutation((input: { id: number; version?: number }) =>
    api.post<Finding>(
      `/api/findings/${input.id}/accept`,
      input.version === undefined ? {} : { version: input.version },
    ),
  );
}

export function useDismissFinding() {
  return useFindingMutation((input: { id: number; reason: string }) =>
    api.post<Finding>(`/api/findings/${input.id}/dismiss`, { reason: input.reason }),
  );
}

export function useUndoFinding() {
  return useFindingMutation((input: { id: number }) => api.post<Finding>(`/api/findings/${input.id}/undo`));
}

export function useBulkPreview() {
  return useMutation({
    mutationFn: (input: { orgId: number; rule: string; limit?: number }) =>
      api.post<BulkPreview>(`/api/organizations/${input.orgId}/findings/bulk-accept/preview`, {
        rule: input.rule,
        limit: input.limit ?? 20,
      }),
  });
}

export function useBulkAccept() {
  return useFindingMutation((input: { orgId: number; rule: string }) =>
    api.post<BulkResult>(`/api/organizations/${input.orgId}/findings/bulk-accept`, { rule: input.rule }),
  );
}

export function useUndoBulkAccept() {
  return useFindingMutation((input: { batchId: string }) =>
    api.post<BulkUndoResult>(`/api/findings/bulk-accept/${input.batchId}/undo`),
  );
}

/** The rules in force for every check (one global setting on the server: GET/PUT /api/quality/settings). */
export interface RuleSettings {
  referenceDate: string;
  disabledRules: string[];
  severityOverrides: Record<string, 'error' | 'warning'>;
  version: number;
  updatedBy: number | null;
  updatedAt: string | null;
}

export const ruleSettingsKey = ['findings', 'settings'] as const;

export function useRuleSettings() {
  return useQuery({
    queryKey: ruleSettingsKey,
    queryFn: ({ signal }) => api.get<RuleSettings>('/api/quality/settings', undefined, signal),
  });
}

export function useUpdateRuleSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<RuleSettings, 'updatedBy' | 'updatedAt'>) =>
      api.put<RuleSettings>('/api/quality/settings', input),
    onSuccess: (data) => queryClient.setQueryData(ruleSettingsKey, data),
    onError: () => void queryClient.invalidateQueries({ queryKey: ruleSettingsKey }),
  });
}
