import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client.ts';
import type { Member, MemberEditableField, Page } from './members.ts';

export type PairStatus = 'pending' | 'merged' | 'different' | 'unsure';
export type PairBand = 'probable' | 'review';
export type Side = 'a' | 'b';

export interface PairSide {
  id: number;
  fullName: string;
  birthDate: string | null;
  gender: string | null;
  citizenId: string | null;
  partyCardNo: string | null;
  status: string | null;
  legacyId: string | null;
  orgId: number;
  orgName: string;
  provinceCode: string;
  mergedIntoId: number | null;
  version: number;
}

export interface DuplicatePair {
  id: number;
  score: number;
  band: PairBand;
  reasons: string[];
  status: PairStatus;
  escalatedToOrgId: number | null;
  escalatedToOrgName: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  note: string | null;
  mergeId: number | null;
  version: number;
  a: PairSide;
  b: PairSide;
}

export interface FieldChoice {
  field: MemberEditableField;
  a: string | null;
  b: string | null;
  differs: boolean;
  choice: Side;
}

export interface PairComparison {
  pair: DuplicatePair;
  a: Member;
  b: Member;
  survivor: Side;
  fields: FieldChoice[];
  canMerge: boolean;
  canDecide: boolean;
}

export interface PairListParams {
  page: number;
  pageSize: number;
  status?: PairStatus | undefined;
  band?: PairBand | undefined;
  escalatedToMe?: boolean | undefined;
}

export interface MemberMerge {
  id: number;
  pairId: number | null;
  survivorId: number;
  mergedId: number;
  mergedBy: string | null;
  mergedAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
}

export interface DuplicateRun {
  id: number;
  kind: 'detect' | 'reconcile';
  provinceCode: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: string;
  done: number;
  total: number;
  result: { pairs?: number; probable?: number; review?: number; members?: number; findings?: number } | null;
  error: string | null;
}

export const duplicateKeys = {
  all: ['duplicates'] as const,
  list: (params: PairListParams) => ['duplicates', 'list', params] as const,
  detail: (id: number) => ['duplicates', 'pair', id] as const,
  merges: (memberId: number) => ['duplicates', 'merges', memberId] as const,
  run: (id: number) => ['duplicates', 'run', id] as const,
};

export function useDuplicatePairs(params: PairListParams) {
  return useQuery({
    queryKey: duplicateKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<Page<DuplicatePair>>(
        '/api/duplicates',
        { ...params, escalatedToMe: params.escalatedToMe ? 'true' : undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function usePairComparison(id: number | undefined) {
  return useQuery({
    queryKey: duplicateKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<PairComparison>(`/api/duplicates/${id ?? 0}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useMemberMerges(memberId: number) {
  return useQuery({
    queryKey: duplicateKeys.merges(memberId),
    queryFn: ({ signal }) =>
      api.get<{ items: MemberMerge[] }>(`/api/members/${memberId}/merges`, undefined, signal),
  });
}

/** After any decision, every list, pair, member and merge view may have changed. */
function useInvalidateAfterDecision() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: duplicateKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['members'] });
  };
}

export interface MergeInput {
  versionA: number;
  versionB: number;
  pairVersion: number;
  survivor: Side;
  choices: Partial<Record<MemberEditableField, Side>>;
  note?: string | null;
}

export function useMergePair(pairId: number) {
  const invalidate = useInvalidateAfterDecision();
  return useMutation({
    mutationFn: (input: MergeInput) =>
      api.post<{ mergeId: number; survivor: Member; mergedId: number }>(
        `/api/duplicates/${pairId}/merge`,
        input,
      ),
    onSuccess: invalidate,
  });
}

export function useDecidePair(pairId: number, decision: 'different' | 'escalate') {
  const invalidate = useInvalidateAfterDecision();
  return useMutation({
    mutationFn: (input: { version: number; note?: string | null }) =>
      api.post<DuplicatePair>(`/api/duplicates/${pairId}/${decision}`, input),
    onSuccess: invalidate,
  });
}

export function useUndoMerge() {
  const invalidate = useInvalidateAfterDecision();
  return useMutation({
    mutationFn: (mergeId: number) => api.post<{ mergeId: number }>(`/api/duplicate-merges/${mergeId}/undo`),
    onSuccess: invalidate,
  });
}

export function useStartDuplicateRun() {
  return useMutation({
    mutationFn: (input: { kind: 'detect' | 'reconcile'; provinceCode?: string }) =>
      api.post<DuplicateRun>('/api/duplicate-runs', input),
  });
}

/** A run's progress, polled every second until it ends. */
export function useDuplicateRun(id: number | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: duplicateKeys.run(id ?? 0),
    queryFn: async ({ signal }) => {
      const run = await api.get<DuplicateRun>(`/api/duplicate-runs/${id ?? 0}`, undefined, signal);
      if (run.status === 'succeeded')
        void queryClient.invalidateQueries({ queryKey: ['duplicates', 'list'] });
      return run;
    },
    enabled: id !== undefined,
    refetchInterval: (query) =>
      query.state.data && (query.state.data.status === 'succeeded' || query.state.data.status === 'failed')
        ? false
        : 1000,
  });
}

export interface RegisterExtract {
  id: number;
  provinceCode: string;
  fileName: string;
  recordCount: number;
  uploadedBy: string | null;
  uploadedAt: string;
}

export function useRegisterExtracts() {
  return useQuery({
    queryKey: ['duplicates', 'register-extracts'] as const,
    queryFn: ({ signal }) =>
      api.get<{ items: RegisterExtract[] }>('/api/register-extracts', undefined, signal),
  });
}

/** Uploads a register extract (CSV) as multipart; errors come back as ApiError like every other call. */
export function useUploadRegisterExtract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { file: File; provinceCode?: string }) => {
      const form = new FormData();
      form.append('file', input.file, input.file.name);
      const query = input.provinceCode ? `?provinceCode=${encodeURIComponent(input.provinceCode)}` : '';
      const response = await fetch(`/api/register-extracts${query}`, {
        method: 'POST',
        body: form,
        credentials: 'include',
      });
      const payload = (await response.json().catch(() => undefined)) as
        | { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
        | RegisterExtract
        | undefined;
      if (!response.ok) {
        const error = (
          payload as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
        )?.error;
        throw new ApiError(
          error?.code ?? 'INTERNAL',
          error?.message ?? 'Không tải lên được tệp.',
          response.status,
          error?.details ?? {},
        );
      }
      return payload as RegisterExtract;
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['duplicates', 'register-extracts'] }),
  });
}
