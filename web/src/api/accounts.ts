import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, ApiError } from './client.ts';
import { meQueryKey } from './auth.ts';

export interface Account {
  id: number;
  username: string;
  fullName: string;
  roles: number[];
  scopeOrgId: number | null;
  scopeName: string;
  isActive: boolean;
  mustChangePassword: boolean;
  totpRequired: boolean;
  totpEnabled: boolean;
  lockedUntil: string | null;
  position: string | null;
  unitName: string | null;
  phone: string | null;
  createdAt: string;
  activationPending: boolean;
}

export interface Credential {
  accountId: number;
  username: string;
  fullName: string;
  scopeName: string;
  delivery: 'activation' | 'password';
  activationUrl?: string;
  activationExpiresAt?: string;
  initialPassword?: string;
}

export interface SealedFile {
  fileName: string;
  base64: string;
}

export interface AccountRequest {
  id: number;
  batchId: number;
  rowNumber: number;
  fullName: string;
  birthDate: string;
  citizenId: string;
  phone: string | null;
  position: string | null;
  unitName: string;
  provinceName: string | null;
  communeName: string | null;
  orgId: number;
  orgName: string;
  roles: number[];
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decisionReason: string | null;
  accountUsername: string | null;
  canApprove: boolean;
  refusal: string | null;
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface UploadResult {
  batchId: number;
  fileName: string;
  rowCount: number;
  requestCount: number;
  errors: RowError[];
}

export interface AccountFilters {
  q?: string;
  role?: number;
  active?: 'true' | 'false';
  orgId?: number;
  limit?: number;
  offset?: number;
}

export function useAccounts(filters: AccountFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['accounts', filters],
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) =>
      api.get<{ items: Account[]; total: number }>('/api/accounts', { ...filters }, signal),
  });
}

function useInvalidate(...keys: string[]) {
  const queryClient = useQueryClient();
  return () => Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
}

export function useAccountAction() {
  const invalidate = useInvalidate('accounts');
  return useMutation({
    mutationFn: (input: { id: number; action: 'deactivate' | 'reactivate' }) =>
      api.post<Account>(`/api/accounts/${input.id}/${input.action}`),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidate('accounts');
  return useMutation({
    mutationFn: (input: { id: number; delivery: 'activation' | 'password'; sealPassword?: string }) =>
      api.post<{ credential: Credential; sealed: SealedFile | null }>(
        `/api/accounts/${input.id}/reset-password`,
        {
          delivery: input.delivery,
          ...(input.sealPassword ? { sealPassword: input.sealPassword } : {}),
        },
      ),
    onSuccess: invalidate,
  });
}

export function useAccountRequests(status: 'pending' | 'approved' | 'rejected' | undefined) {
  return useQuery({
    queryKey: ['account-requests', status],
    queryFn: ({ signal }) =>
      api.get<{ items: AccountRequest[]; total: number }>(
        '/api/account-requests',
        { status, limit: 200 },
        signal,
      ),
  });
}

/** Multipart upload of a filled form (apiRequest sends JSON only). */
export function useUploadRequestForm() {
  const invalidate = useInvalidate('account-requests');
  return useMutation({
    mutationFn: async (file: File): Promise<UploadResult> => {
      const body = new FormData();
      body.append('file', file);
      const response = await fetch('/api/account-requests/upload', {
        method: 'POST',
        body,
        credentials: 'include',
      });
      const payload = (await response.json().catch(() => undefined)) as
        | (UploadResult & { error?: { code: string; message: string; details: Record<string, unknown> } })
        | undefined;
      if (!response.ok || !payload)
        throw new ApiError(
          payload?.error?.code ?? 'INTERNAL',
          payload?.error?.message ?? 'Không tải lên được tệp.',
          response.status,
          payload?.error?.details,
        );
      return payload;
    },
    onSuccess: invalidate,
  });
}

export function useDecideRequests() {
  const invalidate = useInvalidate('account-requests', 'accounts');
  return {
    approve: useMutation({
      mutationFn: (input: { ids: number[]; delivery: 'activation' | 'password'; sealPassword?: string }) =>
        api.post<{
          approved: Array<Credential & { requestId: number }>;
          refused: Array<{ requestId: number; reason: string; message: string }>;
          sealed: SealedFile | null;
        }>('/api/account-requests/approve', input),
      onSuccess: invalidate,
    }),
    reject: useMutation({
      mutationFn: (input: { ids: number[]; reason: string }) =>
        api.post<{ rejected: number[] }>('/api/account-requests/reject', input),
      onSuccess: invalidate,
    }),
  };
}

export function downloadBase64(file: SealedFile, type = 'application/zip') {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- own security (profile) ----

export interface OwnSession {
  id: number;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export function useOwnSessions(enabled: boolean) {
  return useQuery({
    queryKey: ['auth', 'sessions'],
    queryFn: ({ signal }) => api.get<{ items: OwnSession[] }>('/api/auth/sessions', undefined, signal),
    enabled,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<void>(`/api/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/auth/password', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useTwoFactor() {
  const queryClient = useQueryClient();
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: meQueryKey });
  return {
    setup: useMutation({
      mutationFn: () => api.post<{ secret: string; otpauthUri: string }>('/api/auth/totp/setup'),
    }),
    enable: useMutation({
      mutationFn: (input: { secret: string; code: string; password: string }) =>
        api.post<{ recoveryCodes: string[] }>('/api/auth/totp/enable', input),
      onSuccess: refreshMe,
    }),
    disable: useMutation({
      mutationFn: (input: { password: string; code: string }) =>
        api.post<void>('/api/auth/totp/disable', input),
      onSuccess: refreshMe,
    }),
  };
}

export function useActivate() {
  return useMutation({
    mutationFn: (input: { token: string; newPassword: string }) =>
      api.post<{ username: string }>('/api/auth/activate', input),
  });
}
